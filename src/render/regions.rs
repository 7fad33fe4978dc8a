//! Managed body regions: `<!-- cardgen:begin NAME -->` … `<!-- cardgen:end NAME -->`, each
//! marker alone on its line. `--update` replaces what is between a pair and keeps every other
//! byte.

use std::ops::Range;

/// Why a card cannot be updated in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateError {
    pub message: String,
}

impl UpdateError {
    pub fn new(message: impl Into<String>) -> Self {
        UpdateError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for UpdateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

const BEGIN: &str = "<!-- cardgen:begin ";
const END: &str = "<!-- cardgen:end ";
const CLOSE: &str = " -->";

/// One region, in byte offsets of the text it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub name: String,
    /// The begin marker line, with its line break.
    pub begin: Range<usize>,
    /// Between the markers.
    pub content: Range<usize>,
    /// The end marker line, with its line break (if any).
    pub end: Range<usize>,
}

/// Lines of `text` with their byte ranges, line breaks included.
fn lines(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let range = start..end;
        start = end;
        Some((range.clone(), &text[range]))
    })
}

fn marker<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    let name = line.trim().strip_prefix(prefix)?.strip_suffix(CLOSE)?;
    let ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    ok.then_some(name)
}

/// Does the text hold any region? (Cards cardgen rendered do.)
pub fn has_regions(text: &str) -> bool {
    lines(text).any(|(_, l)| marker(l, BEGIN).is_some())
}

/// Every region of `text`, in order. Unbalanced or nested markers are an error.
pub fn find(text: &str) -> Result<Vec<Region>, UpdateError> {
    let mut out = Vec::new();
    let mut open: Option<(String, Range<usize>, usize)> = None;
    for (n, (range, line)) in lines(text).enumerate() {
        let lineno = n + 1;
        if let Some(name) = marker(line, BEGIN) {
            if let Some((outer, _, at)) = &open {
                return Err(UpdateError::new(format!(
                    "cardgen:begin {name} on body line {lineno} is inside region `{outer}` \
                     (opened on body line {at})"
                )));
            }
            open = Some((name.to_owned(), range, lineno));
        } else if let Some(name) = marker(line, END) {
            match open.take() {
                Some((o, begin, _)) if o == name => out.push(Region {
                    name: o,
                    content: begin.end..range.start,
                    begin,
                    end: range,
                }),
                _ => {
                    return Err(UpdateError::new(format!(
                        "cardgen:end {name} on body line {lineno} has no matching cardgen:begin"
                    )))
                }
            }
        }
    }
    match open {
        Some((name, _, at)) => Err(UpdateError::new(format!(
            "cardgen:begin {name} on body line {at} is never closed"
        ))),
        None => Ok(out),
    }
}

/// Re-render the regions of `old` with the contents of the regions of `new`. Regions `new` no
/// longer has are removed; regions only `new` has are inserted after their predecessor.
/// Everything outside regions, and the marker lines themselves, keep their bytes.
pub fn merge(old: &str, new: &str, eol: &str) -> Result<String, UpdateError> {
    let old_regions = find(old)?;
    let new_regions = find(new)?;
    let new_text = |r: &Region| convert(&new[r.content.clone()], eol);
    let whole = |r: &Region| convert(&new[r.begin.start..r.end.end], eol);
    let present = |name: &str| old_regions.iter().any(|r| r.name == name);

    let mut out = String::with_capacity(old.len() + new.len() / 4);
    let mut pos = 0;
    let mut seen: Vec<&str> = Vec::new();
    // New regions placed before the first old one (they precede every region old has).
    let leading: Vec<&Region> = new_regions
        .iter()
        .take_while(|r| !present(&r.name))
        .collect();
    for (i, r) in old_regions.iter().enumerate() {
        out.push_str(&old[pos..r.begin.start]);
        pos = r.end.end;
        if i == 0 {
            for n in &leading {
                push_block(&mut out, &whole(n), eol);
            }
        }
        let Some(idx) = new_regions.iter().position(|n| n.name == r.name) else {
            pos = skip_blank_line(old, pos);
            continue;
        };
        if seen.contains(&r.name.as_str()) {
            pos = skip_blank_line(old, pos);
            continue;
        }
        seen.push(&r.name);
        out.push_str(&old[r.begin.clone()]);
        out.push_str(&new_text(&new_regions[idx]));
        out.push_str(&old[r.end.clone()]);
        for follower in new_regions[idx + 1..]
            .iter()
            .take_while(|n| !present(&n.name))
        {
            ensure_line_end(&mut out, eol);
            out.push_str(eol);
            out.push_str(&whole(follower));
        }
    }
    out.push_str(&old[pos..]);
    Ok(out)
}

fn push_block(out: &mut String, block: &str, eol: &str) {
    out.push_str(block);
    ensure_line_end(out, eol);
    out.push_str(eol);
}

fn ensure_line_end(out: &mut String, eol: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(eol);
    }
}

/// After a removed region, drop one blank line so no double gap is left.
fn skip_blank_line(text: &str, pos: usize) -> usize {
    for blank in ["\r\n", "\n"] {
        if text[pos..].starts_with(blank) {
            return pos + blank.len();
        }
    }
    pos
}

/// `\n` line breaks to `eol`.
pub fn convert(s: &str, eol: &str) -> String {
    if eol == "\n" {
        s.to_owned()
    } else {
        s.replace('\n', eol)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "intro\n<!-- cardgen:begin a -->\nold a\n<!-- cardgen:end a -->\n\nmine\n\n<!-- cardgen:begin b -->\nold b\n<!-- cardgen:end b -->\ntail\n";

    #[test]
    fn replaces_contents_and_keeps_the_rest() {
        let new = "<!-- cardgen:begin a -->\nnew a\n<!-- cardgen:end a -->\n<!-- cardgen:begin b -->\nnew b\n<!-- cardgen:end b -->\n";
        let merged = merge(OLD, new, "\n").unwrap();
        assert_eq!(
            merged,
            OLD.replace("old a", "new a").replace("old b", "new b")
        );
    }

    #[test]
    fn inserts_new_regions_after_their_predecessor_and_drops_stale_ones() {
        let new = "<!-- cardgen:begin a -->\nA\n<!-- cardgen:end a -->\n\n<!-- cardgen:begin c -->\nC\n<!-- cardgen:end c -->\n";
        let merged = merge(OLD, new, "\n").unwrap();
        assert_eq!(
            merged,
            "intro\n<!-- cardgen:begin a -->\nA\n<!-- cardgen:end a -->\n\n<!-- cardgen:begin c -->\nC\n<!-- cardgen:end c -->\n\nmine\n\ntail\n"
        );
    }

    #[test]
    fn unbalanced_markers_are_errors() {
        assert!(find("<!-- cardgen:begin a -->\n").is_err());
        assert!(find("<!-- cardgen:end a -->\n").is_err());
        assert!(find("<!-- cardgen:begin a -->\n<!-- cardgen:begin b -->\n").is_err());
    }
}
