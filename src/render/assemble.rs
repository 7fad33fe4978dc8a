//! Put front matter and body together, then read the result back the way the Hub does to prove
//! that the front matter holds exactly the data and that the body cannot open a second one.

use crate::card::{frontmatter, CardContext};
use crate::config::Config;

use super::yaml_emit::Yaml;

/// The assembled card does not read back as intended.
#[derive(Debug, Clone, PartialEq)]
pub enum FrontMatterError {
    /// The front matter reads back as something else (a user template that writes its own front
    /// matter without `{{ card_data }}`, or edits it).
    Mismatch {
        expected: serde_json::Value,
        found: Option<serde_json::Value>,
    },
    /// The body starts with something the Hub would take for front matter.
    SecondFrontMatter,
}

impl std::fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrontMatterError::Mismatch { found: None, .. } => f.write_str(
                "the rendered card's front matter does not parse; a template that writes its own \
                 front matter must put `{{ card_data }}` alone between the `---` lines",
            ),
            FrontMatterError::Mismatch { .. } => f.write_str(
                "the rendered card's front matter does not hold the metadata cardgen built; a \
                 template that writes its own front matter must put `{{ card_data }}` alone \
                 between the `---` lines",
            ),
            FrontMatterError::SecondFrontMatter => {
                f.write_str("the card body would start a second front matter block (`---`)")
            }
        }
    }
}

/// The card: the template's output if it wrote its own front matter (a Hugging Face template
/// with `{{ card_data }}`), otherwise `---`, the YAML, `---` and the body. Ends with one newline.
pub fn assemble(fm: &[(String, Yaml)], yaml: &str, out: &str) -> Result<String, FrontMatterError> {
    let text = if frontmatter::find(out).is_some() {
        one_final_newline(out)
    } else {
        // `---` directly followed by `---` is not front matter to the Hub: write `{}` instead.
        let yaml = if yaml.is_empty() { "{}\n" } else { yaml };
        let body = out.trim_start_matches(['\n', '\r']);
        one_final_newline(&format!("---\n{yaml}---\n\n{body}"))
    };
    verify(fm, &text)?;
    Ok(text)
}

fn one_final_newline(s: &str) -> String {
    format!("{}\n", s.trim_end())
}

/// Read `text` as the Hub does and compare.
pub fn verify(fm: &[(String, Yaml)], text: &str) -> Result<(), FrontMatterError> {
    let config = Config::default();
    let ctx = CardContext::new(text.as_bytes(), &config.limits.yaml);
    let expected = Yaml::Map(fm.to_vec()).to_json();
    let found = ctx.meta().map(|root| match root.to_json() {
        serde_json::Value::Null => serde_json::json!({}),
        other => other,
    });
    if found.as_ref() != Some(&expected) {
        return Err(FrontMatterError::Mismatch { expected, found });
    }
    if frontmatter::find(ctx.body_text()).is_some() {
        return Err(FrontMatterError::SecondFrontMatter);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm() -> Vec<(String, Yaml)> {
        vec![("license".into(), Yaml::str("mit"))]
    }

    #[test]
    fn prepends_front_matter_to_a_body() {
        let text = assemble(&fm(), "license: mit\n", "\n# T\n\nx\n\n\n").unwrap();
        assert_eq!(text, "---\nlicense: mit\n---\n\n# T\n\nx\n");
    }

    #[test]
    fn keeps_a_template_front_matter_that_holds_the_data() {
        let out = "---\n# comment\nlicense: mit\n---\n# T\n";
        assert_eq!(assemble(&fm(), "license: mit\n", out).unwrap(), out);
        let bad = "---\nlicense: apache-2.0\n---\n# T\n";
        assert!(matches!(
            assemble(&fm(), "license: mit\n", bad),
            Err(FrontMatterError::Mismatch { .. })
        ));
    }

    #[test]
    fn refuses_a_body_that_opens_front_matter() {
        let out = "---\nlicense: mit\n---\n---\na: b\n---\n";
        let err = assemble(&fm(), "license: mit\n", out).unwrap_err();
        assert_eq!(err, FrontMatterError::SecondFrontMatter);
    }

    #[test]
    fn empty_metadata_is_still_front_matter() {
        let text = assemble(&[], "", "# T\n").unwrap();
        assert!(text.starts_with("---\n{}\n---\n"));
    }
}
