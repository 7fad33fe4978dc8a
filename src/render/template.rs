//! Jinja2 templates, rendered with minijinja: the embedded ones in `templates/`, or a user's.
//!
//! Undefined variables are errors (`UndefinedBehavior::Strict`; `default(…)` and `is defined`
//! still work, as in Jinja2's `StrictUndefined`), and nothing is HTML-escaped: this is Markdown.
//! Besides `card` (the [`Body`]), templates get the variables of `huggingface_hub`'s
//! `ModelCard.from_template` (`card_data`, `model_id`, `model_description`, …), so a Hugging
//! Face template renders unchanged.

use std::collections::BTreeMap;

use minijinja::value::{Serde, Value};
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::body::Body;

/// The embedded templates: (name, source).
pub const EMBEDDED: &[(&str, &str)] = &[
    (
        "macros.md.jinja",
        include_str!("../../templates/macros.md.jinja"),
    ),
    (
        "base.md.jinja",
        include_str!("../../templates/base.md.jinja"),
    ),
    (
        "general.md.jinja",
        include_str!("../../templates/general.md.jinja"),
    ),
    (
        "adapter.md.jinja",
        include_str!("../../templates/adapter.md.jinja"),
    ),
    // A folder of GGUF files (render/quantized): its data is a `QuantBody`, not a `Body`.
    (
        "quantized.md.jinja",
        include_str!("../../templates/quantized.md.jinja"),
    ),
];

/// Names `[card] template` accepts for the embedded templates.
pub const EMBEDDED_NAMES: &[&str] = &["general", "adapter"];

/// A template error, with the template's name and line when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    pub template: Option<String>,
    pub line: Option<usize>,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.template, self.line) {
            (Some(t), Some(l)) => write!(f, "{t}:{l}: {}", self.message),
            (Some(t), None) => write!(f, "{t}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

impl From<minijinja::Error> for TemplateError {
    fn from(e: minijinja::Error) -> Self {
        let mut message = e.kind().to_string();
        if let Some(detail) = e.detail() {
            message = format!("{message}: {detail}");
        }
        TemplateError {
            message,
            template: e.name().map(str::to_owned),
            line: e.line(),
        }
    }
}

/// Which template to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// `general` or `adapter`.
    Embedded(&'static str),
    /// A user template: its display name and text.
    User { name: String, text: String },
}

/// The shared environment (built once: parsing the embedded templates is most of a render).
pub fn shared() -> &'static Environment<'static> {
    static ENV: std::sync::OnceLock<Environment<'static>> = std::sync::OnceLock::new();
    ENV.get_or_init(environment)
}

/// The work one render may do, in minijinja instructions ("fuel"). The embedded templates need
/// a small fraction of it even for a card with thousands of evaluation rows; a template that loops or recurses without end stops with
/// "engine ran out of fuel" instead of running forever. Recursion (macros, includes) is also
/// bounded by minijinja's own depth limit of 500.
pub const TEMPLATE_FUEL: u64 = 5_000_000;

/// The environment: embedded templates, strict undefined, no escaping, card filters, bounded work.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_fuel(Some(TEMPLATE_FUEL));
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    for (name, src) in EMBEDDED {
        // The embedded templates are tested; a syntax error in one fails every render test.
        if let Err(e) = env.add_template(name, src) {
            debug_assert!(false, "embedded template {name}: {e}");
        }
    }
    env.add_filter("cell", cell);
    env.add_filter("oneline", oneline);
    env.add_filter("fence", fence_filter);
    env.add_filter("number", |v: f64| super::format::number(v));
    env.add_filter("hub_link", hub_link);
    env
}

/// Render the body (or, for a template that writes its own front matter, the whole card).
/// `variables` are set beside `card` and `card_data` (`huggingface_hub`'s template variables).
pub fn render(
    env: &Environment<'_>,
    source: &Source,
    body: &Body,
    card_data: &str,
    variables: BTreeMap<&'static str, String>,
) -> Result<String, TemplateError> {
    let ctx = context(body, card_data, variables);
    let out = match source {
        Source::Embedded(name) => env
            .get_template(&format!("{name}.md.jinja"))?
            .render(&ctx)?,
        Source::User { name, text } if super::auto_regions::wanted(text) => {
            let marked = super::auto_regions::add(text);
            match env.render_named_str(name, &marked, &ctx) {
                Ok(out) => out,
                // Reported from the template as written, so that its line numbers are the user's.
                Err(e) => {
                    let original = env.render_named_str(name, text, &ctx).err();
                    return Err(original.unwrap_or(e).into());
                }
            }
        }
        Source::User { name, text } => env.render_named_str(name, text, &ctx)?,
    };
    Ok(out)
}

fn context(
    body: &Body,
    card_data: &str,
    variables: BTreeMap<&'static str, String>,
) -> BTreeMap<&'static str, Value> {
    let mut ctx: BTreeMap<&'static str, Value> = variables
        .into_iter()
        .map(|(k, v)| (k, Value::from(v)))
        .collect();
    ctx.insert("card", Value::from(Serde(body)));
    ctx.insert("card_data", Value::from(card_data.trim_end()));
    ctx
}

/// Escape a Markdown table cell: `|` and line breaks.
fn cell(v: Value) -> String {
    v.to_string()
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace(['\n', '\r'], "<br>")
}

/// Line breaks to spaces (titles, headings).
fn oneline(v: Value) -> String {
    v.to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn fence_filter(code: String, lang: Option<String>) -> String {
    fence(&code, &lang.unwrap_or_default())
}

/// A fenced code block whose fence is longer than any backtick run inside the code.
pub fn fence(code: &str, lang: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest.max(2) + 1);
    format!("{ticks}{lang}\n{}\n{ticks}", code.trim_end())
}

/// A Markdown table as the `table` macro of `macros.md.jinja` writes it (the one way cards
/// write tables), for values computed outside a template; without a trailing line break.
pub fn table(env: &Environment<'_>, header: &[&str], rows: &[Vec<String>]) -> Option<String> {
    let call = "{% from \"macros.md.jinja\" import table %}{{ table(header, rows) }}";
    let out = env
        .render_str(call, minijinja::context! { header => Value::from(Serde(header)), rows => Value::from(Serde(rows)) })
        .ok()?;
    Some(out.trim_end().to_owned())
}

/// `- **label:** value` lines as the `pairs` macro writes them; without a trailing line break.
pub fn pairs(env: &Environment<'_>, items: &[(String, String)]) -> Option<String> {
    let call = "{% from \"macros.md.jinja\" import pairs %}{{ pairs(items) }}";
    let out = env
        .render_str(
            call,
            minijinja::context! { items => Value::from(Serde(items)) },
        )
        .ok()?;
    Some(out.trim_end().to_owned())
}

/// `[id](https://huggingface.co/<kind>/id)`.
fn hub_link(id: String, kind: Option<String>) -> String {
    match kind.as_deref() {
        Some(k) if !k.is_empty() => format!("[{id}](https://huggingface.co/{k}/{id})"),
        _ => format!("[{id}](https://huggingface.co/{id})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_templates_parse() {
        let env = environment();
        for (name, _) in EMBEDDED {
            env.get_template(name).unwrap();
        }
    }

    #[test]
    fn strict_undefined_but_default_works() {
        let env = environment();
        let err = env.render_str("{{ nope }}", ()).unwrap_err();
        assert_eq!(err.kind(), minijinja::ErrorKind::UndefinedError);
        let ok = env
            .render_str("{{ nope | default(\"Model ID\", true) }}", ())
            .unwrap();
        assert_eq!(ok, "Model ID");
    }

    #[test]
    fn no_html_escaping_and_fences_outgrow_backticks() {
        let env = environment();
        let out =
            env.render_named_str("x.html", "{{ s }}", minijinja::context! { s => "<b>&</b>" });
        assert_eq!(out.unwrap(), "<b>&</b>");
        assert_eq!(
            fence_filter("a ``` b".into(), Some("py".into())),
            "````py\na ``` b\n````"
        );
        assert_eq!(cell(Value::from("a|b\nc")), "a\\|b<br>c");
    }
}
