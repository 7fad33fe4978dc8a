//! Applying edits to text, and mapping spans of the result back to the text before.

use crate::finding::{Edit, Span};

/// Apply non-conflicting edits (in any order) to `text`. Edits that fall outside the text or
/// off a character boundary are a bug in a fixer; they panic here rather than corrupt a card.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in sorted {
        assert!(
            e.span.start >= at && e.span.end <= text.len(),
            "conflicting or out-of-range edit {e:?}"
        );
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Map a span of `apply_edits(before, edits)` back to `before`: positions outside the edits
/// move by the length change of the edits before them; a position inside an edit's new text
/// widens to the whole edit.
pub fn original_span(edits: &[Edit], span: Span) -> Span {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let start = back(&sorted, span.start, false);
    let end = back(&sorted, span.end, true);
    Span::new(start, end.max(start))
}

/// One position of the edited text in the text before; `end` picks the far side of an edit.
fn back(edits: &[&Edit], pos: usize, end: bool) -> usize {
    // `shift`: how far the edited text has moved, up to the edit being looked at.
    let mut shift: isize = 0;
    for e in edits {
        let new_start = e.span.start.saturating_add_signed(shift);
        let new_end = new_start + e.text.len();
        if pos < new_start || (pos == new_start && !end) {
            break;
        }
        if pos <= new_end {
            return if pos == new_start {
                e.span.start
            } else if end || pos == new_end {
                e.span.end
            } else {
                e.span.start
            };
        }
        shift += e.text.len() as isize - e.span.len() as isize;
    }
    pos.saturating_add_signed(-shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_in_position_order() {
        let text = "abcdef";
        let edits = [
            Edit::new(Span::new(4, 5), "EE"),
            Edit::new(Span::new(0, 1), ""),
            Edit::new(Span::empty(3), "["),
        ];
        assert_eq!(apply_edits(text, &edits), "bc[dEEf");
    }

    #[test]
    fn spans_map_back_through_edits() {
        let edits = [
            Edit::new(Span::new(1, 2), "XYZ"),
            Edit::new(Span::new(4, 6), ""),
        ];
        assert_eq!(apply_edits("abcdef", &edits), "aXYZcd");
        // "cd" (4..6 after) is 2..4 before.
        assert_eq!(original_span(&edits, Span::new(4, 6)), Span::new(2, 4));
        // Inside "XYZ": the whole first edit.
        assert_eq!(original_span(&edits, Span::new(2, 3)), Span::new(1, 2));
        // The end of the text, where "ef" was deleted: before the deletion.
        assert_eq!(original_span(&edits, Span::new(6, 6)), Span::new(4, 4));
        // A span covering an edit's new text covers its old text.
        assert_eq!(original_span(&edits, Span::new(0, 4)), Span::new(0, 2));
    }

    #[test]
    #[should_panic(expected = "conflicting")]
    fn overlapping_edits_panic() {
        let edits = [
            Edit::new(Span::new(0, 3), "x"),
            Edit::new(Span::new(2, 4), "y"),
        ];
        apply_edits("abcdef", &edits);
    }
}
