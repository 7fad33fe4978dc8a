use super::*;

fn messages(text: &str) -> Vec<String> {
    check(text).into_iter().map(|e| e.message).collect()
}

#[test]
fn every_error_in_one_run_in_file_order() {
    let text = "\
evaluations = []
[model]
licence = \"mit\"
datasets = \"imdb\"
[training]
epocs = 3
[training.hyperparameters]
epocs = 3
[card]
not_provided = [\"usage\", \"limitatons\"]
[[evaluation]]
task = \"t\"
metrc = { type = \"accuracy\" }
dataset = { id = \"imdb\", name = \"IMDB\" }
checkpoint = \"bset\"
";
    let errors = check(text);
    let got: Vec<(&str, Option<usize>)> = errors
        .iter()
        .map(|e| (e.message.as_str(), e.line))
        .collect();
    assert_eq!(
        got,
        [
            ("unknown key `evaluations` at the top level", Some(1)),
            ("unknown key `licence` in [model]", Some(3)),
            (
                "`datasets` in [model] must be an array of strings, not a string",
                Some(4)
            ),
            ("unknown key `epocs` in [training]", Some(6)),
            (
                "unknown value `limitatons` for an entry of `not_provided` in [card]",
                Some(10)
            ),
            ("unknown key `metrc` in [[evaluation]]", Some(13)),
            (
                "unknown value `bset` for `checkpoint` in [[evaluation]]",
                Some(15)
            ),
        ]
    );
    let help: Vec<Option<&str>> = errors.iter().map(|e| e.help.as_deref()).collect();
    assert_eq!(help[0], Some("did you mean `evaluation`?"));
    assert_eq!(help[1], Some("did you mean `license`?"));
    assert_eq!(help[2], Some("write a list: `datasets = [\"imdb\"]`"));
    assert_eq!(help[4], Some("did you mean `limitations`?"));
    assert_eq!(help[5], Some("did you mean `metric`?"));
    assert_eq!(help[6], Some("did you mean `best`?"));
    assert!(parse_meta(text).is_err_and(|e| e.len() == 7));
}

#[test]
fn one_or_many_and_numbers_take_what_serde_takes() {
    let ok = "[model]\nlanguage = \"en\"\nbase_model = [\"a/b\", \"c/d\"]\n\
              [training]\nco2_eq_emissions = 12\n";
    assert_eq!(messages(ok), Vec::<String>::new());
    assert_eq!(
        messages("[model]\nlanguage = 1\n"),
        ["`language` in [model] must be a string or an array of strings, not an integer"]
    );
    assert_eq!(
        messages("[model]\ntags = [\"a\", 2]\n"),
        ["an entry of `tags` in [model] must be a string, not an integer"]
    );
    let e = &check("[model]\nname = 3\n")[0];
    assert_eq!(e.help.as_deref(), Some("quote it: `name = \"3\"`"));
    assert_eq!((e.line, e.column), (Some(2), Some(8)));
}

#[test]
fn a_missing_key_says_what_to_add() {
    let errors = check("[[evaluation]]\ndataset = { id = \"a\", name = \"A\" }\n");
    let got: Vec<(&str, Option<&str>)> = errors
        .iter()
        .map(|e| (e.message.as_str(), e.help.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "missing key `task` in [[evaluation]]",
                Some("add `task = …` (a string)")
            ),
            (
                "missing key `metric` in [[evaluation]]",
                Some("add `metric = { … }`")
            ),
        ]
    );
}

#[test]
fn nested_tables_are_named_by_their_header() {
    let text = "[[evaluation]]\ntask = \"t\"\nmetric = { type = \"f1\" }\n\
                [evaluation.dataset]\nid = \"x\"\nnam = \"X\"\n";
    // `name` is missing too, but the misspelling's "did you mean `name`?" says so.
    assert_eq!(
        messages(text),
        ["unknown key `nam` in [evaluation.dataset]"]
    );
    assert_eq!(
        messages("model = 1\n"),
        ["`model` at the top level must be a table, not an integer"]
    );
}

#[test]
fn an_unknown_training_key_points_at_the_hyperparameters() {
    let e = &check("[training]\nwarmup_steps = 10\n")[0];
    assert_eq!(e.message, "unknown key `warmup_steps` in [training]");
    let help = e.help.as_deref().unwrap();
    assert!(
        help.ends_with("; settings of your own go in [training.hyperparameters]"),
        "{help}"
    );
    // A likely typo gets the suggestion alone.
    let e = &check("[training]\nmethd = \"lora\"\n")[0];
    assert_eq!(e.help.as_deref(), Some("did you mean `method`?"));
}

#[test]
fn hyperparameters_are_free_form() {
    let text = "[training.hyperparameters]\nepocs = 3\nanything = { nested = [1, \"x\"] }\n";
    assert_eq!(messages(text), Vec::<String>::new());
}

#[test]
fn syntax_errors_are_reported_with_their_position() {
    let errors = check("[model]\nname = \"x\"\n[x\n");
    assert!(!errors.is_empty());
    assert!(errors.iter().all(|e| e.line.is_some()), "{errors:?}");
    assert_eq!(errors[0].line, Some(3));
}

/// The schema walk and serde must agree on which files are valid: the walk takes its key names
/// and types from the schema generated from the types, and this holds the two together.
#[test]
fn the_schema_check_accepts_exactly_what_serde_accepts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<String> = [
        "train.toml",
        "train-full-finetune.toml",
        "train-minimal.toml",
    ]
    .iter()
    .map(|f| std::fs::read_to_string(root.join("fixtures").join(f)).unwrap())
    .collect();
    texts.push(meta::INIT_TEMPLATE.to_owned());
    let bad = [
        "x = 1\n",
        "[model]\nlicence = \"mit\"\n",
        "[model]\ndatasets = \"x\"\n",
        "[model]\nlanguage = [1]\n",
        "[model]\nname = 1979-05-27\n",
        "[training]\nco2_eq_emissions = \"12\"\n",
        "[training]\nhyperparameters = 3\n",
        "[[evaluation]]\ntask = \"t\"\n",
        "[[evaluation]]\ntask = \"t\"\nmetric = { type = \"f1\" }\ndataset = { id = \"a\" }\n",
        "[[evaluation]]\ntask = \"t\"\nmetric = { type = \"f1\", nme = \"F1\" }\n\
         dataset = { id = \"a\", name = \"A\" }\n",
        "[card]\nnot_provided = [\"usage\", \"nope\"]\n",
        "[[evaluation]]\ntask = \"t\"\ncheckpoint = \"bset\"\n\
         metric = { type = \"f1\" }\ndataset = { id = \"a\", name = \"A\" }\n",
        "[training]\nartifacts = [\"out\"]\n",
        "[card]\nsections = [{ title = \"T\" }]\n",
        "[card]\nsections = { title = \"T\", body = \"B\" }\n",
        "evaluation = {}\n",
        "[model\n",
    ];
    texts.extend(bad.iter().map(|s| (*s).to_owned()));
    texts.push(
        "[[evaluation]]\ntask = \"t\"\nvalue = 3\ncheckpoint = \"best\"\n\
         metric = { type = \"f1\" }\ndataset = { id = \"a\", name = \"A\" }\n\
         [card]\nnot_provided = [\"training_data\"]\nsections = [{ title = \"T\", body = \"B\" }]\n"
            .to_owned(),
    );
    for text in &texts {
        let serde_ok = toml::from_str::<Meta>(text).is_ok();
        let errors = check(text);
        assert_eq!(errors.is_empty(), serde_ok, "{text}\n{errors:?}");
    }
    for text in bad {
        assert!(parse_meta(text).is_err(), "{text}");
    }
}
