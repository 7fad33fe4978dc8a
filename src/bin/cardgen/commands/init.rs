//! `cardgen init`: write a commented train.toml to start from.

use cardgen::render::meta::INIT_TEMPLATE;
use cardgen::write;

use crate::args::InitArgs;
use crate::exit;

pub fn run(args: InitArgs) -> u8 {
    let path = &args.path;
    if path.exists() && !args.force {
        super::error(format!(
            "{} already exists; pass --force to replace it",
            path.display()
        ));
        return exit::USAGE;
    }
    match write::atomic_write(path, INIT_TEMPLATE.as_bytes()) {
        Ok(written) => super::note_symlink(path, &written),
        Err(e) => {
            super::error(format!("cannot write {}: {e}", path.display()));
            return exit::USAGE;
        }
    }
    eprintln!(
        "Wrote {0}. Fill in [model] (at least name, description and limitations), then run \
         `cardgen render --meta {0}`.",
        path.display()
    );
    exit::OK
}
