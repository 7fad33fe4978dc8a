//! A unified diff of a card before and after fixing, for `cardgen lint --diff`.

use similar::TextDiff;

/// `--- a/PATH` / `+++ b/PATH` and the changed lines with three lines of context; empty when the
/// texts are equal. Line endings are kept as they are in the card.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    if before == after {
        return String::new();
    }
    TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_changed_line_with_context() {
        let diff = unified_diff(
            "README.md",
            "---\nlicense: MIT\n---\n",
            "---\nlicense: mit\n---\n",
        );
        assert_eq!(
            diff,
            "--- a/README.md\n+++ b/README.md\n@@ -1,3 +1,3 @@\n ---\n-license: MIT\n+license: mit\n ---\n"
        );
        assert_eq!(unified_diff("x", "same\n", "same\n"), "");
    }
}
