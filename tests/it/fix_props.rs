//! `--fix` on generated cards mixing fixable and unfixable front-matter lines, comments, LF or
//! CRLF and a byte-order mark: no new finding, no byte changed outside the reported spans or
//! outside the front matter, and a fixed card has nothing left to fix.

use crate::fixcheck;

use cardgen::config::Config;
use cardgen::fix::fix_bytes;
use cardgen::lint::lint_bytes;
use fixcheck::{find, new_findings, only_spans_changed};
use proptest::prelude::*;

/// Front-matter pieces (lines end in `\n`, replaced by the chosen line ending).
const PIECES: &[&str] = &[
    "license: MIT\n",
    "license: 'Apache-2.0'   # quoted\n",
    "license: \"CC-BY-4.0\" # dq\n",
    "license: [MIT, apache-2.0, GPL-3.0]\n",
    "license: apache2\n",
    "Licence: Apache-2.0\n",
    "licence: license\n",
    "licence: mit\n",
    "base-model: Qwen/Qwen2.5-0.5B\n",
    "Pipeline_Tag: Text-Generation\n",
    "library_name: Transformers\n",
    "library_name: PEFT  # case\n",
    "tags: [trl, sft, trl, 'sft', \"trl\"]\n",
    "tags:\n- a\n- b # keep\n- a\n-   a   \n- a # gone?\n",
    "tags:\n  - x\n  # between\n  - x\n",
    "tags: solo\n",
    "widget:\n  text: Hello\n  # inside\n  example_title: Hi\n",
    "widget: {text: Hello}\n",
    "widget: &w\n  text: Hello\n",
    "buckets: my-org/my-bucket\n",
    "buckets: \"my-org/b\"  # one\n",
    "model_index:\n- name: m\n",
    "model-index:\n  name: m\n",
    "language: en-US\n",
    "datasets: [imdb, imdb]\n",
    "# a comment line\n",
    "\n",
    "quantized_by: me\n",
];

fn card() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::subsequence((0..PIECES.len()).collect::<Vec<_>>(), 0..8),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_shuffle_pieces()
}

trait ShufflePieces {
    fn prop_shuffle_pieces(self) -> BoxedStrategy<Vec<u8>>;
}

impl<S: Strategy<Value = (Vec<usize>, bool, bool)> + 'static> ShufflePieces for S {
    fn prop_shuffle_pieces(self) -> BoxedStrategy<Vec<u8>> {
        self.prop_flat_map(|(picked, crlf, bom)| {
            Just(picked).prop_shuffle().prop_map(move |order| {
                let mut text = String::from("---\n");
                for i in order {
                    text.push_str(PIECES[i]);
                }
                text.push_str("---\n# Model\n\nSome text.\n");
                if crlf {
                    text = text.replace('\n', "\r\n");
                }
                let mut bytes = if bom {
                    b"\xEF\xBB\xBF".to_vec()
                } else {
                    Vec::new()
                };
                bytes.extend_from_slice(text.as_bytes());
                bytes
            })
        })
        .boxed()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn fixes_are_safe(bytes in card()) {
        let config = Config::default();
        let fixed = fix_bytes(&bytes, &config);
        let before = lint_bytes(&bytes, &config);
        let after = lint_bytes(&fixed.bytes, &config);
        prop_assert_eq!(&after, &fixed.remaining);
        let new = new_findings(&before, &after);
        prop_assert!(new.is_empty(), "new findings {:?}", new);
        let bom = usize::from(bytes.starts_with(b"\xEF\xBB\xBF")) * 3;
        prop_assert_eq!(&fixed.bytes[..bom], &bytes[..bom]);
        let spans: Vec<_> = fixed.applied.iter().map(|a| a.span).collect();
        prop_assert!(
            only_spans_changed(&bytes[bom..], &fixed.bytes[bom..], &spans),
            "changed outside {:?}:\n{}\n=>\n{}",
            spans,
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&fixed.bytes)
        );
        // The closing `---` line.
        let closing = find(&bytes[bom + 3..], b"\n---").unwrap() + 4;
        prop_assert!(spans.iter().all(|s| s.end <= closing));
        prop_assert_eq!(fixed.changed(), fixed.bytes != bytes);
        prop_assert!(!fix_bytes(&fixed.bytes, &config).changed(), "not a fixed point");
    }
}
