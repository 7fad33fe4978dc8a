//! `cardgen server`: a language server over standard input and output (synchronous, on
//! lsp-server's message types, one thread for the work). It lints open model cards as they are
//! edited, offers the fixes and suppressions, completes and explains front-matter metadata.
//!
//! - [`transport`]: framing, and answers to input that is not a message.
//! - [`session`]: the state (documents, configuration) and the dispatch of each message.
//! - [`document`], [`position`]: the editor's text and LSP positions.
//! - [`diagnostics`], [`actions`], [`completion`], [`hover`] (with [`spot`]): the features.

mod actions;
mod completion;
mod diagnostics;
mod document;
mod hover;
mod position;
mod session;
mod spot;
mod transport;

use crate::args::ServerArgs;
use crate::exit;

pub fn run(args: ServerArgs) -> u8 {
    // Bad command-line choices (an unknown rule, a missing --config file) stop here, before the
    // client is told anything, as they would stop `cardgen lint`.
    if let Err(failure) = crate::setup::resolver(&args.config) {
        crate::setup::error(failure);
        return exit::USAGE;
    }
    let transport = match transport::Transport::stdio() {
        Ok(t) => t,
        Err(e) => {
            crate::setup::error(format!("cannot start the server's threads: {e}"));
            return exit::USAGE;
        }
    };
    let code = session::serve(&transport, args);
    transport.finish();
    code
}
