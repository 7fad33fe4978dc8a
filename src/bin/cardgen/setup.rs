//! What every command does first, the language server's included: resolve the configuration the
//! command line asks for, and report to the user a problem they must act on.

use cardgen::config::{Failure, Level, Profile, ResolveOptions, Resolver};

use crate::args::{ConfigArgs, ProfileArg};

/// The configuration resolver for these command-line choices. `-A`, then `-W`, then `-D` are
/// applied, so the last wins for a rule named in several.
pub fn resolver(args: &ConfigArgs) -> Result<Resolver, Failure> {
    let levels = [
        (&args.allow, Level::Off),
        (&args.warn, Level::Warning),
        (&args.deny, Level::Error),
    ]
    .into_iter()
    .flat_map(|(rules, level)| rules.iter().map(move |r| (r.clone(), level)))
    .collect();
    Resolver::new(&ResolveOptions {
        config: args.config.clone(),
        isolated: args.isolated,
        profile: args.profile.map(|p| match p {
            ProfileArg::Hub => Profile::Hub,
            ProfileArg::Strict => Profile::Strict,
            ProfileArg::EuAiAct => Profile::EuAiAct,
        }),
        levels,
    })
}

/// Print an error the user must act on, to stderr.
pub fn error(message: impl std::fmt::Display) {
    eprintln!("error: {message}");
}
