//! Emphasis: which `*` and `_` delimiters pair up, by pulldown-cmark 0.13's delimiter stack (its
//! `parse.rs` `handle_emphasis_and_hard_break` and `InlineStack`, MIT licence). Paired delimiters
//! become [`Kind::Emphasis`] items around their content; the others become text.

use std::cmp::min;

use super::inline::{Inline, Kind, NIL};

/// A run of delimiters that may still open.
#[derive(Clone, Copy)]
struct El {
    /// Index of the first delimiter item still available.
    start: usize,
    /// Delimiters available.
    count: usize,
    /// Length of the run they came from.
    run_length: usize,
    c: u8,
    /// Whether the run can both open and close.
    both: bool,
}

/// Openers waiting for a closer, with lower bounds below which no match can be found.
#[derive(Default)]
pub(super) struct Stack {
    stack: Vec<El>,
    lower_bounds: [usize; 9],
}

const UNDERSCORE_NOT_BOTH: usize = 0;
const ASTERISK_NOT_BOTH: usize = 1;
const ASTERISK_BASE: usize = 2;
const UNDERSCORE_BASE: usize = 6;

impl Stack {
    fn lower_bound(&self, c: u8, count: usize, both: bool) -> usize {
        let (base, not_both) = if c == b'_' {
            (UNDERSCORE_BASE, UNDERSCORE_NOT_BOTH)
        } else {
            (ASTERISK_BASE, ASTERISK_NOT_BOTH)
        };
        let mod3 = self.lower_bounds[base + count % 3];
        if both {
            mod3
        } else {
            min(mod3, self.lower_bounds[not_both])
        }
    }

    fn set_lower_bound(&mut self, c: u8, count: usize, both: bool, bound: usize) {
        let (base, not_both) = if c == b'_' {
            (UNDERSCORE_BASE, UNDERSCORE_NOT_BOTH)
        } else {
            (ASTERISK_BASE, ASTERISK_NOT_BOTH)
        };
        self.lower_bounds[base + count % 3] = bound;
        if !both {
            self.lower_bounds[not_both] = bound;
        }
    }

    fn truncate(&mut self, len: usize) {
        self.stack.truncate(len);
        for b in &mut self.lower_bounds {
            *b = (*b).min(len);
        }
    }
}

/// The opener that a closer run of `c` (`run_length` long, `both` if it can also open) pairs with;
/// openers above it become text.
fn find_match(inline: &mut Inline, c: u8, run_length: usize, both: bool) -> Option<El> {
    let st = &mut inline.stack;
    let lower = min(st.stack.len(), st.lower_bound(c, run_length, both));
    let found = st.stack[lower..].iter().rposition(|el| {
        el.c == c
            && ((!both && !el.both)
                || !(run_length + el.run_length).is_multiple_of(3)
                || run_length.is_multiple_of(3))
    });
    let Some(at) = found else {
        let len = st.stack.len();
        st.set_lower_bound(c, run_length, both, len);
        return None;
    };
    let at = at + lower;
    let el = st.stack[at];
    for above in &st.stack[at + 1..] {
        for i in 0..above.count {
            inline.items[above.start + i].kind = Kind::Text;
        }
    }
    inline.stack.truncate(at);
    Some(el)
}

/// Pair the delimiters of the chain that starts at `first`.
pub(super) fn resolve(inline: &mut Inline, first: usize, src: &[u8]) {
    inline.stack.stack.clear();
    inline.stack.lower_bounds = [0; 9];
    let mut prev = NIL;
    let mut cur = first;
    while cur != NIL {
        let Kind::MaybeEmphasis(mut count, can_open, can_close) = inline.items[cur].kind else {
            prev = cur;
            cur = inline.items[cur].next;
            continue;
        };
        let mut cur_ix = cur;
        let run_length = count;
        let c = src[inline.items[cur_ix].start];
        let both = can_open && can_close;
        if can_close {
            while let Some(el) = find_match(inline, c, run_length, both) {
                if prev != NIL {
                    inline.items[prev].next = NIL;
                }
                let match_count = min(count, el.count);
                let mut start = el.start + el.count;
                while start > el.start + el.count - match_count {
                    let inc = if start > el.start + el.count - match_count + 1 {
                        2
                    } else {
                        1
                    };
                    let root = start - inc;
                    let item = &mut inline.items[root];
                    item.kind = Kind::Emphasis;
                    item.child = start;
                    item.next = NIL;
                    start = root;
                }
                let top = el.start + el.count - match_count;
                prev = top;
                cur = inline.items[cur_ix + match_count - 1].next;
                inline.items[top].next = cur;
                if el.count > match_count {
                    inline.stack.stack.push(El {
                        count: el.count - match_count,
                        ..el
                    });
                }
                count -= match_count;
                if count > 0 {
                    cur_ix = cur;
                } else {
                    break;
                }
            }
        }
        if count > 0 {
            if can_open {
                inline.stack.stack.push(El {
                    start: cur_ix,
                    run_length,
                    count,
                    c,
                    both,
                });
            } else {
                for i in 0..count {
                    inline.items[cur_ix + i].kind = Kind::Text;
                }
            }
            let last = cur_ix + count - 1;
            prev = last;
            cur = inline.items[last].next;
        }
    }
    for el in inline.stack.stack.drain(..) {
        for i in 0..el.count {
            inline.items[el.start + i].kind = Kind::Text;
        }
    }
}
