//! Files that are not model cards at all, though named like one: what a failed download or a
//! repository without the file leaves behind.

/// What a file is instead of a card, in words for a message ("a git-lfs pointer"), or `None`
/// for a file that may be a card.
pub fn detect(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.starts_with("version https://git-lfs.github.com/spec/") && t.contains("\noid sha256:") {
        return Some("a git-lfs pointer (the file itself was never downloaded)");
    }
    if t.len() <= 200 {
        for (body, what) in HUB_ERRORS {
            if t.eq_ignore_ascii_case(body) {
                return Some(what);
            }
        }
        if t.starts_with("{\"error\":") && t.ends_with('}') {
            return Some("an error message from the Hub's API");
        }
    }
    let head = t.get(..t.len().min(64)).unwrap_or(t).to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        return Some("an HTML page (a web page saved instead of the file)");
    }
    None
}

/// Bodies the Hub sends instead of a file, and what they mean.
const HUB_ERRORS: &[(&str, &str)] = &[
    (
        "Entry not found",
        "the Hub's \"Entry not found\" answer (the repository has no such file)",
    ),
    (
        "Repository not found",
        "the Hub's \"Repository not found\" answer",
    ),
    (
        "Invalid username or password.",
        "the Hub's answer to a request without a valid token",
    ),
];

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn pointers_error_pages_and_html_are_not_cards() {
        let lfs = "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 897\n";
        assert!(detect(lfs).unwrap().contains("git-lfs"));
        assert!(detect("Entry not found")
            .unwrap()
            .contains("Entry not found"));
        assert!(detect("<!DOCTYPE html>\n<html><body>502</body></html>").is_some());
        assert!(detect("{\"error\":\"Repository Not Found\"}").is_some());
        for card in [
            "---\nlicense: mit\n---\n# Model\n",
            "# Entry not found\n\nA model about missing entries.",
            "",
        ] {
            assert_eq!(detect(card), None, "{card}");
        }
    }
}
