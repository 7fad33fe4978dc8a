//! Reading `train.toml` into [`Meta`]: the file is first walked against the JSON Schema generated
//! from the [`Meta`] types, so that one run reports every unknown key, wrong type, unknown value
//! and missing key, each at its line and column. Only a file with no such error is deserialized.
//!
//! The walk takes every key name, type and required key from the schema; it never lists them
//! itself, so it cannot drift from the types. It understands the subset of JSON Schema that
//! schemars emits for them: `$ref`, `anyOf`, `type`, `enum`, `properties`, `required`,
//! `additionalProperties` and `items`.

use std::ops::Range;
use std::sync::LazyLock;

use serde_json::Value as Schema;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::meta::{self, Meta};
use super::toml_error::{self, backticked, did_you_mean, key_help, MetaError};

/// Parse `train.toml` text; on failure, every error found, in file order (never empty).
pub fn parse_meta(text: &str) -> Result<Meta, Vec<MetaError>> {
    let errors = check(text);
    if !errors.is_empty() {
        return Err(errors);
    }
    // The schema check passed, so serde should too; its error is still reported if it does not.
    let mut meta: Meta = toml::from_str(text).map_err(|e| vec![toml_error::from_toml(text, &e)])?;
    meta.normalize();
    Ok(meta)
}

static SCHEMA: LazyLock<Schema> = LazyLock::new(meta::schema_value);

/// Every error in `text`: its TOML syntax errors if it has any, else every place where it breaks
/// the schema. Sorted by position.
pub fn check(text: &str) -> Vec<MetaError> {
    let (doc, syntax) = DeTable::parse_recoverable(text);
    let mut errors: Vec<MetaError> = if syntax.is_empty() {
        let mut walk = Walk {
            text,
            defs: &SCHEMA["$defs"],
            errors: Vec::new(),
        };
        walk.table(&SCHEMA, doc.get_ref(), doc.span(), &mut Vec::new());
        walk.errors
    } else {
        syntax
            .iter()
            .map(|e| toml_error::from_toml(text, e))
            .collect()
    };
    errors.sort_by_key(|e| e.span.as_ref().map(|s| s.start));
    errors
}

/// Where a value is: the keys from the top, and the entries of arrays (of tables) on the way.
#[derive(Clone, PartialEq)]
enum Step {
    Key(String),
    Entry,
}

struct Walk<'t, 's> {
    text: &'t str,
    defs: &'s Schema,
    errors: Vec<MetaError>,
}

impl<'t, 's> Walk<'t, 's> {
    /// `#/$defs/X` references followed.
    fn resolve(&self, mut schema: &'s Schema) -> &'s Schema {
        while let Some(name) = schema["$ref"].as_str() {
            match name.strip_prefix("#/$defs/") {
                Some(n) => schema = &self.defs[n],
                None => break,
            }
        }
        schema
    }

    /// The alternatives a value may take: the branches of `anyOf` (not `null`: TOML says "absent"
    /// by leaving the key out), else the schema itself.
    fn alternatives(&self, schema: &'s Schema) -> Vec<&'s Schema> {
        let schema = self.resolve(schema);
        match schema["anyOf"].as_array() {
            Some(alts) => alts
                .iter()
                .flat_map(|a| self.alternatives(a))
                .filter(|a| types(a) != Some(vec![]))
                .collect(),
            None => vec![schema],
        }
    }

    fn value(&mut self, schema: &'s Schema, v: &Spanned<DeValue<'_>>, path: &mut Vec<Step>) {
        let alts = self.alternatives(schema);
        match alts.iter().find(|a| admits(a, v.get_ref())) {
            Some(a) => self.inside(a, v, path),
            None => self.wrong_type(&alts, v, path),
        }
    }

    fn inside(&mut self, schema: &'s Schema, v: &Spanned<DeValue<'_>>, path: &mut Vec<Step>) {
        match v.get_ref() {
            DeValue::Table(t) => self.table(schema, t, v.span(), path),
            DeValue::Array(items) => {
                let Some(item_schema) = schema.get("items") else {
                    return;
                };
                for item in items.iter() {
                    path.push(Step::Entry);
                    self.value(item_schema, item, path);
                    path.pop();
                }
            }
            DeValue::String(s) => {
                let Some(allowed) = schema["enum"].as_array() else {
                    return;
                };
                let names: Vec<&str> = allowed.iter().filter_map(Schema::as_str).collect();
                if !names.contains(&s.as_ref()) {
                    let help = match did_you_mean(s, &names) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("expected one of {}", backticked(&names)),
                    };
                    let message = format!("unknown value `{s}` for {}", key_name(path));
                    self.push(v.span(), message, Some(help));
                }
            }
            _ => {}
        }
    }

    fn table(
        &mut self,
        schema: &'s Schema,
        t: &DeTable<'_>,
        span: Range<usize>,
        path: &mut Vec<Step>,
    ) {
        let schema = self.resolve(schema);
        let props = schema["properties"].as_object();
        let known: Vec<&str> = props
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        // Required keys that an unknown key is a likely misspelling of: that error says it.
        let mut misspelt = Vec::new();
        for (k, v) in t.iter() {
            let key: &str = k.get_ref();
            match (
                props.and_then(|p| p.get(key)),
                &schema["additionalProperties"],
            ) {
                (Some(prop), _) => {
                    path.push(Step::Key(key.to_owned()));
                    self.value(prop, v, path);
                    path.pop();
                }
                (None, Schema::Bool(false)) => {
                    let close = did_you_mean(key, &known);
                    misspelt.extend(close);
                    let mut help = key_help(key, &known);
                    if let Some(free) = close.is_none().then(|| self.free_form(props)).flatten() {
                        let mut names = keys(path);
                        names.push(free);
                        let table = names.join(".");
                        help.push_str(&format!("; settings of your own go in [{table}]"));
                    }
                    let message = format!("unknown key `{key}` {}", place(path));
                    self.push(k.span(), message, Some(help));
                }
                // Free-form (`[training] hyperparameters`): any key, any value.
                (None, _) => {}
            }
        }
        let required = schema["required"].as_array().into_iter().flatten();
        for r in required.filter_map(Schema::as_str) {
            if misspelt.contains(&r) || t.iter().any(|(k, _)| k.get_ref() == r) {
                continue;
            }
            let alts = props.map(|p| self.alternatives(&p[r])).unwrap_or_default();
            let help = if alts
                .iter()
                .any(|a| types(a).is_some_and(|t| t == ["object"]))
            {
                format!("add `{r} = {{ … }}`")
            } else {
                format!("add `{r} = …` ({})", self.expected(&alts))
            };
            let message = format!("missing key `{r}` {}", place(path));
            self.push(span.clone(), message, Some(help));
        }
    }

    /// The property of a table that takes any keys (`hyperparameters` of `[training]`).
    fn free_form(&self, props: Option<&'s serde_json::Map<String, Schema>>) -> Option<&'s str> {
        props?
            .iter()
            .find(|(_, p)| self.resolve(p)["additionalProperties"] == Schema::Bool(true))
            .map(|(name, _)| name.as_str())
    }

    fn wrong_type(&mut self, alts: &[&'s Schema], v: &Spanned<DeValue<'_>>, path: &[Step]) {
        let expected = self.expected(alts);
        let found = kind_phrase(v.get_ref());
        let message = format!("{} must be {expected}, not {found}", key_name(path));
        let raw = self.text.get(v.span()).unwrap_or("").trim();
        let wants = |ty: &str| {
            alts.iter()
                .any(|a| types(a).is_some_and(|t| t.contains(&ty)))
        };
        let key = path.iter().rev().find_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Entry => None,
        });
        let help = match (key, v.get_ref()) {
            (Some(k), DeValue::String(_)) if wants("array") => {
                Some(format!("write a list: `{k} = [{raw}]`"))
            }
            (Some(k), DeValue::Integer(_) | DeValue::Float(_) | DeValue::Boolean(_))
                if wants("string") =>
            {
                Some(format!("quote it: `{k} = \"{raw}\"`"))
            }
            _ => None,
        };
        self.push(v.span(), message, help);
    }

    /// "a string", "a string or an array of strings", …
    fn expected(&self, alts: &[&'s Schema]) -> String {
        let phrases: Vec<String> = alts.iter().map(|a| self.phrase(a, false)).collect();
        phrases.join(" or ")
    }

    fn phrase(&self, schema: &'s Schema, plural: bool) -> String {
        let schema = self.resolve(schema);
        let ty = types(schema)
            .and_then(|t| t.first().copied())
            .unwrap_or("any");
        let (one, many) = match ty {
            "string" => ("a string", "strings"),
            "number" => ("a number", "numbers"),
            "integer" => ("an integer", "integers"),
            "boolean" => ("true or false", "booleans"),
            "object" => ("a table", "tables"),
            "array" => {
                let items = schema
                    .get("items")
                    .map_or_else(|| "values".to_owned(), |i| self.phrase(i, true));
                return if plural {
                    format!("arrays of {items}")
                } else {
                    format!("an array of {items}")
                };
            }
            _ => ("a value", "values"),
        };
        if plural { many } else { one }.to_owned()
    }

    fn push(&mut self, span: Range<usize>, message: String, help: Option<String>) {
        self.errors
            .push(MetaError::at(self.text, span, message, help));
    }
}

/// The JSON types a schema allows, `null` left out; `None` when it does not say.
fn types(schema: &Schema) -> Option<Vec<&str>> {
    let ty = schema.get("type")?;
    let all: Vec<&str> = match ty {
        Schema::String(t) => vec![t.as_str()],
        Schema::Array(ts) => ts.iter().filter_map(Schema::as_str).collect(),
        _ => return None,
    };
    Some(all.into_iter().filter(|t| *t != "null").collect())
}

/// Whether a TOML value has a type the schema allows (serde reads a TOML integer as a float).
fn admits(schema: &Schema, v: &DeValue<'_>) -> bool {
    let Some(allowed) = types(schema) else {
        return true;
    };
    let ty = match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "number",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "datetime",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "object",
    };
    allowed
        .iter()
        .any(|a| *a == ty || (*a == "number" && ty == "integer"))
}

fn kind_phrase(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date-time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The table a key is in, as its TOML header: "at the top level", "in [model]",
/// "in [[evaluation]]", "in [evaluation.dataset]".
fn place(path: &[Step]) -> String {
    let names = keys(path).join(".");
    match path.last() {
        None => "at the top level".to_owned(),
        Some(Step::Entry) => format!("in [[{names}]]"),
        Some(Step::Key(_)) => format!("in [{names}]"),
    }
}

/// The keys of a path, without the array entries.
fn keys(path: &[Step]) -> Vec<&str> {
    path.iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Entry => None,
        })
        .collect()
}

/// A value's key as the user would look for it: "`datasets` in [model]", "`checkpoint` in
/// [[evaluation]]", "an entry of `tags` in [model]".
fn key_name(path: &[Step]) -> String {
    match path.split_last() {
        Some((Step::Key(k), rest)) => format!("`{k}` {}", place(rest)),
        Some((Step::Entry, rest)) => format!("an entry of {}", key_name(rest)),
        None => "the file".to_owned(),
    }
}

#[cfg(test)]
#[path = "train_toml_tests.rs"]
mod tests;
