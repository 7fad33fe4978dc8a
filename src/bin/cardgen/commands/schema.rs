//! `cardgen schema`: print one of the committed JSON Schemas, as committed.

use crate::args::SchemaKind;
use crate::exit;

const TRAIN: &str = include_str!("../../../../schemas/train.schema.json");
const CONFIG: &str = include_str!("../../../../schemas/cardgen.schema.json");

/// The schema text for `which`, byte for byte the file in `schemas/`.
pub fn text(which: SchemaKind) -> &'static str {
    match which {
        SchemaKind::Metadata => cardgen::schema::SCHEMA_JSON,
        SchemaKind::Train => TRAIN,
        SchemaKind::Config => CONFIG,
    }
}

pub fn run(which: SchemaKind) -> u8 {
    match super::print(text(which)) {
        Ok(()) => exit::OK,
        Err(e) => {
            super::error(format!("cannot write to standard output: {e}"));
            exit::USAGE
        }
    }
}
