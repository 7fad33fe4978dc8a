//! The integration tests, in one binary: every test drives the `cardgen` binary or the library
//! from outside, on real cards, real training artifacts and real tools.

mod cli;
mod corpus_cli;
mod fix;
mod fix_corpus;
mod fix_props;
mod fixcheck;
mod fuzz_props;
mod generated_cmds;
mod hf_interop;
mod hf_interop_live;
mod hostile;
#[cfg(feature = "hub")]
mod hub;
mod interop;
mod labels;
mod layers;
mod lsp_client;
mod nvim;
mod output_formats;
mod precommit;
mod quantized;
mod readme;
mod render_fixtures;
mod render_interop;
mod render_literal;
mod render_props;
mod render_runs;
mod render_schema;
mod render_workflows;
mod rule_docs;
mod schema_current;
mod sections;
mod server;
mod support;
mod task_table;
mod wheel;
mod wide_dirs;
mod writes;
mod yaml_fast;
