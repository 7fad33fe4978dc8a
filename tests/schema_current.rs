//! The committed schema is what the generator makes of the structure file and the vocabularies,
//! it is valid JSON Schema 2020-12, and the vocabularies have the sizes of their sources.

use std::path::PathBuf;

use cardgen::schema::{self, generate};

fn schemas_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

fn first_difference(a: &str, b: &str) -> String {
    let line = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
    let show = |s: &str| s.lines().nth(line).unwrap_or("<end of file>").to_owned();
    format!(
        "line {}:\n  committed: {}\n  generated: {}",
        line + 1,
        show(a),
        show(b)
    )
}

#[test]
fn committed_schema_is_current() {
    let dir = schemas_dir();
    let fresh =
        generate::generate(&dir).unwrap_or_else(|e| panic!("cannot generate the schema: {e}"));
    let path = dir.join(generate::OUTPUT_FILE);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if fresh == committed {
        return;
    }
    if std::env::var("CARDGEN_BLESS").as_deref() == Ok("1") {
        std::fs::write(&path, fresh).expect("write schemas/modelcard.schema.json");
        return;
    }
    panic!(
        "schemas/modelcard.schema.json is out of date: it differs from what \
         schemas/modelcard.schema.in.json and schemas/vocab/*.json generate (first difference at {}).\n\
         Regenerate it with `CARDGEN_BLESS=1 cargo test --test schema_current` and commit it.",
        first_difference(&committed, &fresh)
    );
}

#[test]
fn committed_schema_is_valid_draft_2020_12() {
    let schema: serde_json::Value =
        serde_json::from_str(schema::SCHEMA_JSON).expect("the schema is JSON");
    assert_eq!(
        schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
        "the schema declares draft 2020-12"
    );
    if let Err(e) = jsonschema::draft202012::meta::validate(&schema) {
        panic!(
            "not a valid 2020-12 schema: {e} at {}",
            e.instance_path().as_str()
        );
    }
    let editor = jsonschema::draft202012::new(&schema).expect("the committed schema compiles");
    assert!(editor.is_valid(&serde_json::json!({"license": "mit", "language": ["en", "fr"]})));
    assert!(!editor.is_valid(&serde_json::json!({"license": "MIT"})));
    schema::MetadataSchema::load().expect("the runtime variant compiles");
}

#[test]
fn vocabularies_have_the_sizes_of_their_sources() {
    let s = schema::schema();
    let count = |name: &str| s.vocab(name).values().len();
    assert_eq!(count("licenses"), 83, "hub-docs license table");
    assert_eq!(
        count("pipeline_tags"),
        57,
        "@huggingface/tasks PIPELINE_TYPES"
    );
    assert_eq!(
        count("library_names"),
        257,
        "@huggingface/tasks MODEL_LIBRARIES_UI_ELEMENTS"
    );
    // 184 ISO 639-1 + 7,916 ISO 639-3 codes, plus `code` and `multilingual`.
    assert_eq!(count("languages"), 8_100 + 2, "@huggingface/languages");
    for (name, source) in [
        ("pipeline_tags", "npm:@huggingface/tasks@0.21.54"),
        ("library_names", "npm:@huggingface/tasks@0.21.54"),
        ("languages", "npm:@huggingface/languages@1.0.0"),
    ] {
        assert_eq!(s.vocab(name).source, source);
    }
    assert!(s
        .vocab("licenses")
        .source
        .starts_with("github:huggingface/hub-docs@"));
}
