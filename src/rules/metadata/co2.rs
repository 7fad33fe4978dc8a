//! CG112: `co2_eq_emissions` must give the emissions as a number of grams.

use super::{generic_finding, issues, type_message, Owner};
use crate::finding::Finding;
use crate::rules::declare_rule;
use crate::rules::Context;
use crate::schema::{Issue, IssueKind, JsonKind};

declare_rule! {
    /// `co2_eq_emissions` does not give the emissions as a number.
    ///
    /// ## What it checks
    /// `co2_eq_emissions` is a number, or a mapping whose `emissions` is a number (grams of CO2)
    /// and whose `source`, `training_type`, `geographical_location` and `hardware_used` are
    /// strings. A value with a unit (`"12 kg"`) gets a suggestion in grams.
    ///
    /// ## Why
    /// The Hub shows and filters models by their emissions (https://huggingface.co/docs/hub/model-cards-co2),
    /// which needs a number in grams. Whether the Hub rejects a wrong type is not documented, so
    /// this is a warning.
    ///
    /// ## Example
    /// Bad: `co2_eq_emissions: {emissions: 1.2 kg}` — Good: `co2_eq_emissions: {emissions: 1200}`
    pub const CO2_EMISSIONS_INVALID = {
        code: "CG112",
        name: "co2-emissions-invalid",
        severity: Warning,
        check: check,
    }
}

fn check(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    for issue in issues(ctx, Owner::Co2) {
        let f = match &issue.kind {
            IssueKind::Type { expected } if expected.contains(&JsonKind::Number) => {
                not_a_number(&issue, expected)
            }
            IssueKind::Required { .. } => generic_finding(&CO2_EMISSIONS_INVALID, &issue)
                .help("add the emissions in grams, e.g. `emissions: 1200`"),
            _ => generic_finding(&CO2_EMISSIONS_INVALID, &issue),
        };
        out.push(f);
    }
}

fn not_a_number(issue: &Issue<'_>, expected: &[JsonKind]) -> Finding {
    let f = CO2_EMISSIONS_INVALID
        .finding(type_message(issue, expected))
        .at(issue.span)
        .label("not a number of grams");
    let key = if issue.pointer.ends_with("/emissions") {
        "emissions"
    } else {
        "co2_eq_emissions"
    };
    match issue.node.as_str().and_then(grams) {
        Some(g) => f.help(format!("write the number of grams alone: `{key}: {g}`")),
        None => f.help(format!(
            "write the emissions as a number of grams, e.g. `{key}: 1200`"
        )),
    }
}

/// Grams in a value with a unit: `12.5 g`, `0.3kg`, `1 t`, `5 grams`.
fn grams(text: &str) -> Option<String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+' || c == 'e'))
        .unwrap_or(text.len());
    let number: f64 = text[..split].trim().parse().ok()?;
    let unit = text[split..].trim().to_ascii_lowercase();
    let unit = unit
        .trim_end_matches("co2")
        .trim_end_matches("co2eq")
        .trim();
    let factor = match unit {
        "" | "g" | "gram" | "grams" => 1.0,
        "kg" | "kilogram" | "kilograms" => 1e3,
        "t" | "ton" | "tons" | "tonne" | "tonnes" => 1e6,
        _ => return None,
    };
    let g = number * factor;
    Some(if g.fract() == 0.0 && g.abs() < 1e15 {
        format!("{}", g as i64)
    } else {
        format!("{g}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::metadata::testing::run_yaml;

    #[test]
    fn units_are_converted_to_grams() {
        assert_eq!(grams("12.5 g").as_deref(), Some("12.5"));
        assert_eq!(grams("0.3kg").as_deref(), Some("300"));
        assert_eq!(grams("2 tonnes").as_deref(), Some("2000000"));
        assert_eq!(grams("lots"), None);
        assert_eq!(grams("5 lbs"), None);
    }

    #[test]
    fn a_string_emission_is_reported_with_grams() {
        let got = run_yaml(
            &CO2_EMISSIONS_INVALID,
            "co2_eq_emissions:\n  emissions: 1.2 kg\n  source: x\n",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, "1.2 kg");
        assert_eq!(
            got[0].0.message,
            "`co2_eq_emissions.emissions` must be a number, not a string"
        );
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("write the number of grams alone: `emissions: 1200`")
        );
    }

    #[test]
    fn the_whole_value_must_be_a_number_or_a_mapping() {
        let got = run_yaml(&CO2_EMISSIONS_INVALID, "co2_eq_emissions: 30 g\n");
        assert_eq!(
            got[0].0.message,
            "`co2_eq_emissions` must be a number or a mapping, not a string"
        );
        assert_eq!(
            got[0].0.help.as_deref(),
            Some("write the number of grams alone: `co2_eq_emissions: 30`")
        );
        let missing = run_yaml(&CO2_EMISSIONS_INVALID, "co2_eq_emissions: {source: x}\n");
        assert_eq!(
            missing[0].0.message,
            "`co2_eq_emissions` has no `emissions`"
        );
    }

    #[test]
    fn numbers_pass() {
        for yaml in [
            "co2_eq_emissions: 12.3\n",
            "co2_eq_emissions: {emissions: 5, training_type: fine-tuning}\n",
        ] {
            assert!(run_yaml(&CO2_EMISSIONS_INVALID, yaml).is_empty(), "{yaml}");
        }
    }
}
