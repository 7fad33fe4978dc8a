//! Paragraphs whose inline content is read later, on demand.
//!
//! The block structure of a body does not depend on what its paragraphs say (link reference
//! definitions aside, which the fast path leaves to pulldown-cmark), so a paragraph can be
//! skimmed: its lines found and its end decided as [`Blocks::paragraph`] would, without the
//! inline scan. What the paragraph holds is read when a rule asks, by the same code the full scan
//! runs, from where the paragraph starts and the containers open around it.

use super::line::{scan_eol, scan_setext_heading, LineStart};
use super::{interrupts, may_end_paragraph, Bail, Blocks, Cont, Inline, SCRATCH};
use crate::card::markdown::html;
use crate::card::markdown::sink::Sink;
use crate::finding::Span;
use std::cell::Cell;

/// The paragraphs of a body not read yet, in order.
#[derive(Debug, Default)]
pub(in crate::card::markdown) struct Deferred {
    list: Vec<Paragraph>,
    /// The container stacks open around the paragraphs; each paragraph names a range.
    spines: Vec<Cont>,
}

#[derive(Debug, Clone, Copy)]
struct Paragraph {
    /// In body coordinates: from the paragraph's first byte to the start of the line after it.
    start: usize,
    end: usize,
    /// `spines[spine.0..spine.1]`.
    spine: (usize, usize),
    /// Whether its first line has an ASCII letter or digit before any `<`, `!`, `]`, `\`, `$`:
    /// that is prose whatever the rest of the paragraph turns out to be.
    starts_with_text: bool,
}

impl Deferred {
    pub(super) fn with_capacity(paragraphs: usize) -> Self {
        Deferred {
            list: Vec::with_capacity(paragraphs),
            spines: Vec::new(),
        }
    }

    pub(in crate::card::markdown) fn len(&self) -> usize {
        self.list.len()
    }

    /// The paragraph `i`, in body coordinates.
    pub(in crate::card::markdown) fn span(&self, i: usize) -> Span {
        let p = &self.list[i];
        Span::new(p.start, p.end)
    }

    /// Whether paragraph `i` is outside any list or block quote.
    pub(in crate::card::markdown) fn is_top_level(&self, i: usize) -> bool {
        let (from, to) = self.list[i].spine;
        from == to
    }

    pub(in crate::card::markdown) fn starts_with_text(&self, i: usize) -> bool {
        self.list[i].starts_with_text
    }

    /// The index of the first paragraph that ends after `offset` (body coordinates).
    pub(in crate::card::markdown) fn first_ending_after(&self, offset: usize) -> usize {
        self.list.partition_point(|p| p.end <= offset)
    }

    /// The index of the first paragraph that ends at or after `offset` (body coordinates).
    pub(in crate::card::markdown) fn first_ending_from(&self, offset: usize) -> usize {
        self.list.partition_point(|p| p.end < offset)
    }

    /// The index of the first paragraph that starts at or after `offset` (body coordinates).
    pub(in crate::card::markdown) fn first_starting_from(&self, offset: usize) -> usize {
        self.list.partition_point(|p| p.start < offset)
    }

    /// The range of `spines` holding the containers `spine`: the end of the last one noted when
    /// it ends with them (most paragraphs in a list share its containers), else a new copy.
    fn note_spine(&mut self, spine: &[Cont]) -> (usize, usize) {
        let len = self.spines.len();
        if !self.spines.ends_with(spine) {
            self.spines.extend_from_slice(spine);
            return (len, self.spines.len());
        }
        (len - spine.len(), len)
    }

    /// Read paragraph `i` of `src` (the body; spans are offset by `base`) into `sink`. `Err` when
    /// it has something the fast path leaves to pulldown-cmark.
    pub(in crate::card::markdown) fn read<'a>(
        &self,
        i: usize,
        src: &'a str,
        sink: Sink<'a>,
    ) -> Result<Sink<'a>, Bail> {
        let p = self.list[i];
        let mut inline = SCRATCH.with(Cell::take).unwrap_or_default();
        inline.begin();
        let mut blocks = Blocks {
            src,
            bytes: src.as_bytes(),
            spine: self.spines[p.spine.0..p.spine.1].to_vec(),
            begin_list_item: None,
            last_line_blank: false,
            sink,
            inline,
            deferred: None,
        };
        let end = blocks.paragraph_lines(p.start);
        keep_scratch(blocks.inline);
        debug_assert!(end.as_ref().is_err() || end.as_ref().ok() == Some(&p.end));
        end.map(|_| blocks.sink)
    }
}

/// Keep the inline buffers for the next paragraph, unless a huge one made them big.
pub(super) fn keep_scratch(inline: Inline) {
    if inline.items.capacity() <= super::KEEP_ITEMS {
        SCRATCH.with(|cell| cell.set(Some(inline)));
    }
}

impl Blocks<'_> {
    /// Skim the paragraph at `start` and note it for later; its end. `None` if it turns out to
    /// be a setext heading (which is read now) or opens an inline code tag.
    pub(super) fn defer_paragraph(&mut self, start: usize) -> Option<usize> {
        // Its first run would merge with that text and not stand alone. No block reports text up
        // to the start of the next line (HTML block runs are trimmed, paragraph runs end before
        // their line break); the tests, run with debug assertions, check that it stays so.
        debug_assert!(!self.sink.text_ends_at(start), "text touches a paragraph");
        let end = self.skim(start)?;
        if opens_code_tag(&self.src[start..end]) {
            // An inline `<code>` left open runs on into the next paragraph in pulldown-cmark's
            // reading: read it now, so that every paragraph noted here stands alone.
            return None;
        }
        let starts_with_text = first_line_has_text(&self.bytes[start..end]);
        let deferred = self.deferred.as_mut()?;
        let spine = deferred.note_spine(&self.spine);
        deferred.list.push(Paragraph {
            start,
            end,
            spine,
            starts_with_text,
        });
        Some(end)
    }

    /// [`Blocks::paragraph_lines`] without the inline scan: where the paragraph at `start` ends,
    /// or `None` if it is a setext heading.
    fn skim(&mut self, start: usize) -> Option<usize> {
        let bytes = self.bytes;
        let mut ix = start;
        loop {
            let next_ix = match memchr::memchr2(b'\n', b'\r', &bytes[ix..]) {
                Some(at) => ix + at + scan_eol(&bytes[ix + at..]).unwrap_or(1),
                None => bytes.len(),
            };
            ix = next_ix;
            let mut ls = LineStart::new(&bytes[ix..]);
            let position = self.scan_containers(&mut ls, false);
            let current = position == self.spine.len();
            if !ls.scan_space(4) && may_end_paragraph(&bytes[ix + ls.ix..]) {
                let at = ix + ls.ix;
                if current && scan_setext_heading(&bytes[at..]).is_some() {
                    return None;
                }
                if interrupts(&bytes[at..], current) {
                    break;
                }
            }
            ls.scan_all_space();
            if ls.is_at_eol() {
                break;
            }
            ix = next_ix + ls.ix;
        }
        Some(ix)
    }
}

/// Whether `para` has an opening `<code>`, `<pre>`, `<kbd>` or `<samp>` tag (or something that
/// starts like one), whose text up to the closing tag is code.
fn opens_code_tag(para: &str) -> bool {
    memchr::memchr_iter(b'<', para.as_bytes()).any(|at| {
        let (name, closing) = html::tag_name(&para[at..]);
        !closing && html::is_inline_code(name)
    })
}

/// Whether the first line of `para` has an ASCII letter or digit before anything that could
/// hide it from the prose: a tag, comment or autolink (`<`), an image (`!`), a link destination
/// (`]`), an escape (`\`) or math (`$`). Emphasis, link text and code spans around it still
/// leave prose or code, which both count as content.
fn first_line_has_text(para: &[u8]) -> bool {
    for &b in para {
        match b {
            b'<' | b'!' | b']' | b'\\' | b'$' | b'\n' | b'\r' => return false,
            b if b.is_ascii_alphanumeric() => return true,
            _ => {}
        }
    }
    false
}
