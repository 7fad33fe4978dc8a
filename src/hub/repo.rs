//! Repository ids, revisions and `hf://` references.

use std::fmt;

/// The branch used when no revision is given.
pub const DEFAULT_REVISION: &str = "main";

/// The longest repo id the Hub accepts (as checked by `huggingface_hub`).
const MAX_REPO_ID_LEN: usize = 96;

/// A model repository id: `name` or `namespace/name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoId {
    pub namespace: Option<String>,
    pub name: String,
}

impl RepoId {
    /// Parse and check an id the way `huggingface_hub`'s `validate_repo_id` does: one or two
    /// parts of ASCII letters, digits, `_`, `-` and `.`, starting and ending with a letter, digit
    /// or `_`, without `--` or `..`, at most 96 characters.
    pub fn parse(id: &str) -> Result<Self, String> {
        let bad = |why: &str| Err(format!("`{id}` is not a valid repo id: {why}"));
        if id.len() > MAX_REPO_ID_LEN {
            return bad("it is longer than 96 characters");
        }
        if id.contains("--") || id.contains("..") {
            return bad("`--` and `..` are not allowed");
        }
        let parts: Vec<&str> = id.split('/').collect();
        if parts.len() > 2 {
            return bad("expected `name` or `namespace/name`");
        }
        if let Some(part) = parts.iter().find(|p| !valid_part(p)) {
            return bad(&format!(
                "`{part}` must be letters, digits, `_`, `-` or `.`, starting and ending with a \
                 letter, digit or `_`"
            ));
        }
        Ok(match parts.as_slice() {
            [ns, name] => RepoId {
                namespace: Some((*ns).to_owned()),
                name: (*name).to_owned(),
            },
            _ => RepoId {
                namespace: None,
                name: id.to_owned(),
            },
        })
    }

    /// The id with its namespace required (pushing needs to know whose repo it is).
    pub fn parse_full(id: &str) -> Result<Self, String> {
        let repo = Self::parse(id)?;
        if repo.namespace.is_none() {
            return Err(format!(
                "`{id}` has no namespace: give the full id, e.g. `your-name/{id}` or `your-org/{id}`"
            ));
        }
        Ok(repo)
    }
}

fn valid_part(part: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    !part.is_empty()
        && part.chars().all(|c| word(c) || c == '-' || c == '.')
        && part.starts_with(word)
        && part.ends_with(word)
}

impl fmt::Display for RepoId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.namespace {
            Some(ns) => write!(f, "{ns}/{}", self.name),
            None => f.write_str(&self.name),
        }
    }
}

/// Percent-encode like Python's `urllib.parse.quote(s, safe="")`: everything but ASCII letters,
/// digits and `_.-~`, so `refs/pr/1` becomes `refs%2Fpr%2F1`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A card on the Hub: `hf://owner/name[@revision]` (a leading `models/` is accepted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HubRef {
    pub repo: RepoId,
    pub revision: String,
}

impl HubRef {
    pub const SCHEME: &'static str = "hf://";

    /// Parse `hf://owner/name[@revision]`; `None` if `s` does not start with `hf://`.
    pub fn parse(s: &str) -> Option<Result<Self, String>> {
        let rest = s.strip_prefix(Self::SCHEME)?;
        let rest = rest.strip_prefix("models/").unwrap_or(rest);
        let (id, revision) = match rest.split_once('@') {
            Some((id, rev)) if !rev.is_empty() => (id, rev),
            Some(_) => return Some(Err(format!("`{s}`: the revision after `@` is empty"))),
            None => (rest, DEFAULT_REVISION),
        };
        Some(RepoId::parse(id.trim_end_matches('/')).map(|repo| HubRef {
            repo,
            revision: revision.to_owned(),
        }))
    }
}

impl fmt::Display for HubRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}@{}", Self::SCHEME, self.repo, self.revision)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_ids() {
        let r = RepoId::parse("my-org/x.y_z").unwrap();
        assert_eq!(r.namespace.as_deref(), Some("my-org"));
        assert_eq!(r.name, "x.y_z");
        assert_eq!(RepoId::parse("gpt2").unwrap().namespace, None);
        for bad in [
            "", "a/b/c", "-a/b", "a/b-", "a--b/c", "a/b..c", "a b/c", "a/", "/b",
        ] {
            assert!(RepoId::parse(bad).is_err(), "{bad}");
        }
        assert!(RepoId::parse(&"a".repeat(97)).is_err());
        assert!(RepoId::parse_full("gpt2")
            .unwrap_err()
            .contains("namespace"));
    }

    #[test]
    fn quote_has_no_safe_characters() {
        assert_eq!(quote("refs/pr/1"), "refs%2Fpr%2F1");
        assert_eq!(quote("v1.0-rc_2~x"), "v1.0-rc_2~x");
        assert_eq!(quote("a b+é"), "a%20b%2B%C3%A9");
    }

    #[test]
    fn hub_refs() {
        let r = HubRef::parse("hf://alice/m@v1.0").unwrap().unwrap();
        assert_eq!(
            (r.repo.to_string(), r.revision.as_str()),
            ("alice/m".into(), "v1.0")
        );
        let r = HubRef::parse("hf://models/alice/m").unwrap().unwrap();
        assert_eq!(r.to_string(), "hf://alice/m@main");
        let r = HubRef::parse("hf://alice/m@refs/pr/3").unwrap().unwrap();
        assert_eq!(r.revision, "refs/pr/3");
        assert!(HubRef::parse("README.md").is_none());
        assert!(HubRef::parse("hf://alice/m@").unwrap().is_err());
        assert!(HubRef::parse("hf://a/b/c").unwrap().is_err());
    }
}
