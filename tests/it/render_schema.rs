//! `schemas/train.schema.json` is generated from the train.toml types; it must be current
//! (refresh with `CARDGEN_BLESS=1 cargo test --test it render_schema`).

use std::path::Path;

#[test]
fn train_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/train.schema.json");
    let expected = cardgen::render::meta::schema();
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    if actual == expected {
        return;
    }
    if std::env::var_os("CARDGEN_BLESS").is_some() {
        std::fs::write(&path, expected).unwrap();
        return;
    }
    panic!(
        "schemas/train.schema.json is out of date: run `CARDGEN_BLESS=1 cargo test --test it render_schema`"
    );
}

#[test]
fn schema_rejects_unknown_keys_and_documents_every_model_key() {
    let schema: serde_json::Value = serde_json::from_str(&cardgen::render::meta::schema()).unwrap();
    let model = &schema["$defs"]["Model"];
    assert_eq!(model["additionalProperties"], false);
    for key in [
        "name",
        "license",
        "base_model",
        "datasets",
        "description",
        "limitations",
        "usage",
    ] {
        let prop = &model["properties"][key];
        assert!(prop.is_object(), "Model.{key} missing from the schema");
        assert!(
            prop["description"].as_str().is_some_and(|d| !d.is_empty()),
            "Model.{key} has no description"
        );
    }
}

#[test]
fn the_init_file_and_every_fixture_are_valid_train_toml() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    cardgen::render::parse_meta(cardgen::render::meta::INIT_TEMPLATE).unwrap();
    for f in [
        "train.toml",
        "train-full-finetune.toml",
        "train-minimal.toml",
    ] {
        let text = std::fs::read_to_string(root.join("fixtures").join(f)).unwrap();
        cardgen::render::parse_meta(&text).unwrap_or_else(|e| panic!("{f}: {e:?}"));
        // Editors validate with the schema: the fixtures must pass it too, and a typo must not.
        let value: toml::Value = toml::from_str(&text).unwrap();
        let instance = serde_json::to_value(&value).unwrap();
        assert!(validator().is_valid(&instance), "{f} fails the schema");
        let mut typo = instance.clone();
        typo["model"]["licence"] = "mit".into();
        assert!(!validator().is_valid(&typo));
    }
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&cardgen::render::meta::schema()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

#[test]
fn readme_documents_every_train_toml_key() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("## Rendering a card").expect("README section");
    let end = readme[start + 1..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + 1 + i);
    let section = &readme[start..end];
    let schema: serde_json::Value = serde_json::from_str(&cardgen::render::meta::schema()).unwrap();
    let mut objects = vec![&schema];
    objects.extend(schema["$defs"].as_object().unwrap().values());
    for object in objects {
        for key in object["properties"]
            .as_object()
            .into_iter()
            .flat_map(|p| p.keys())
        {
            let documented = [
                format!("`{key}`"),
                format!("`[{key}]`"),
                format!("`[[{key}]]`"),
            ]
            .iter()
            .any(|form| section.contains(form.as_str()));
            assert!(documented, "README does not document `{key}`");
        }
    }
}
