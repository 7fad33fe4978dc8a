//! `cardgen push`, `pull` and `lint hf://…` end to end: the binary against a fake Hub on
//! 127.0.0.1 (see `support/`), and the official Python client against the same fake Hub.

mod support;

mod failures;
mod interop;
mod pull;
mod pull_writes;
mod push;
mod retries;
mod secrets;
