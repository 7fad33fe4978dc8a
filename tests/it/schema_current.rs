//! The committed schema is what the generator makes of the structure file and the vocabularies,
//! it is valid JSON Schema 2020-12, and the vocabularies have the sizes of their sources.

use crate::interop;

use std::path::PathBuf;

use cardgen::card::CardContext;
use cardgen::config::Config;
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
         Regenerate it with `CARDGEN_BLESS=1 cargo test --test it schema_current` and commit it.",
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
    let runtime = schema::MetadataSchema::load();
    runtime
        .check_compiles()
        .expect("the runtime variant compiles");
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

/// Keywords whose meaning is the same in JSON Schema draft 7 and 2020-12 (for the forms the
/// structure file uses: `items` with one schema, `$ref` to a `$defs` pointer with no sibling but a
/// `description`). The runtime validator compiles the structure file as draft 7, whose
/// meta-schema costs a quarter of 2020-12's to build at every start; this keeps that equivalent.
const SAME_IN_DRAFT_7: &[&str] = &[
    "$schema",
    "$id",
    "$defs",
    "$ref",
    "$vocab",
    "description",
    "title",
    "type",
    "properties",
    "additionalProperties",
    "items",
    "required",
    "anyOf",
    "oneOf",
    "allOf",
    "enum",
    "pattern",
    "minItems",
    "maxItems",
    "minLength",
    "minimum",
];

#[test]
fn structure_file_only_uses_keywords_that_mean_the_same_in_draft_7() {
    let text = std::fs::read_to_string(schemas_dir().join(generate::INPUT_FILE)).unwrap();
    let input: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut stack = vec![(input, false)];
    while let Some((node, in_properties)) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                if !in_properties {
                    for key in map.keys() {
                        assert!(
                            SAME_IN_DRAFT_7.contains(&key.as_str()),
                            "schema keyword `{key}` in {}: check that it means the same in \
                             draft 7 (the runtime validator) and 2020-12, then add it to \
                             SAME_IN_DRAFT_7",
                            generate::INPUT_FILE
                        );
                    }
                    if map.contains_key("$ref") {
                        assert!(
                            map.keys().all(|k| k == "$ref" || k == "description"),
                            "draft 7 ignores the siblings of `$ref`: {map:?}"
                        );
                    }
                    if let Some(items) = map.get("items") {
                        assert!(items.is_object(), "`items` must be one schema: {items}");
                    }
                }
                for (key, value) in map {
                    let is_map_of_schemas = matches!(key.as_str(), "properties" | "$defs");
                    stack.push((value, is_map_of_schemas && !in_properties));
                }
            }
            serde_json::Value::Array(items) => {
                stack.extend(items.into_iter().map(|v| (v, false)));
            }
            _ => {}
        }
    }
}

/// The runtime validator (structure file, draft 7, vocabularies as table lookups) and the
/// committed schema (2020-12, vocabularies as `enum`s) accept exactly the same front matter, on
/// every corpus card whose YAML is a mapping; and the quick validator (src/schema/quick.rs) and
/// jsonschema agree on the whole mapping and on each top-level entry.
#[test]
fn runtime_validator_agrees_with_the_committed_schema_on_the_corpus() {
    let corpus = interop::corpus_dir();
    if !interop::require(&corpus.join("MANIFEST.tsv"), "the shared model-card corpus") {
        return;
    }
    let committed: serde_json::Value = serde_json::from_str(schema::SCHEMA_JSON).unwrap();
    let editor = jsonschema::draft202012::new(&committed).expect("the committed schema compiles");
    let runtime = schema::schema();
    let config = Config::default();
    let (mut checked, mut invalid, mut entries, mut invalid_entries) = (0, 0, 0, 0);
    for row in interop::manifest(&corpus) {
        let bytes = std::fs::read(corpus.join(&row.path)).unwrap();
        let ctx = CardContext::new(&bytes, &config.limits.yaml);
        let Some(meta) = ctx.meta() else { continue };
        let json = meta.to_json();
        assert_eq!(
            runtime.is_valid(meta),
            editor.is_valid(&json),
            "{}: the validators disagree on {json}",
            row.path
        );
        // The quick validator and jsonschema, on the whole mapping and on each top-level entry.
        for (key, quick, jsonschema) in runtime.verdicts(meta) {
            assert_eq!(
                quick, jsonschema,
                "{}: quick and jsonschema disagree on {key:?}",
                row.path
            );
            entries += 1;
            invalid_entries += usize::from(!jsonschema);
        }
        checked += 1;
        invalid += usize::from(!editor.is_valid(&json));
    }
    assert!(
        entries > 8_000 && invalid_entries > 300,
        "{entries} entries, {invalid_entries} invalid"
    );
    // Both verdicts occur, so the comparison means something.
    assert!(
        checked > 1_500 && invalid > 50,
        "checked {checked}, invalid {invalid}"
    );
}
