//! Live differential tests against the real PyYAML / huggingface_hub (the venv made by
//! `scripts/setup-python`).
//!
//! - `yaml_snippets_read_like_pyyaml`: ~420 tricky YAML texts go through
//!   `scripts/pyyaml-canon.py` (PyYAML `safe_load`, as huggingface_hub calls it) and through
//!   cardgen's reader; parse success and the canonical value hash must agree.
//! - `committed_verdicts_are_current`: re-runs `scripts/hf-verdicts.py` on the corpus (~5 s) and
//!   requires `tests/data/hf-verdicts.tsv` to be identical.
//! - `fuzz_against_pyyaml` (ignored: exploratory, ~10 s per 20,000 inputs): random YAML built
//!   from fragments and from structural characters, compared the same way; `CARDGEN_FUZZ_N` and
//!   `CARDGEN_FUZZ_SEED` choose the amount and the seed.
//!
//! When `target/venv/bin/python` is missing these tests fail if `CI=true` and otherwise print
//! "skipped: … run scripts/setup-python" and pass.
//!
//! Documented exceptions:
//! - value hash only (parse success is still compared):
//!   - `!!set`, `!!omap` and `!!pairs`. PyYAML builds a Python set / a list of tuples; cardgen's
//!     tree has no set or tuple type and keeps them as what they look like in YAML (a mapping
//!     whose values are null, a list of one-entry mappings), which is also what JSON-schema
//!     checks see.
//!   - U+2028 / U+2029 (line and paragraph separators). Both read them as line breaks, but where
//!     a scalar folds such a break PyYAML keeps the separator character in the value and cardgen
//!     (which hands saphyr a `\n` in its place) gets a space or `\n`.
//! - [`KNOWN_DIFFERENCES`]: the few inputs where cardgen still reads something else than PyYAML,
//!   each with the reason. The test requires them to still differ, so the list stays honest.
//! - Not exercised here: cardgen's own limits (`yaml::Limits`: nesting deeper than 64, more than
//!   250,000 nodes after alias expansion, more than 1 MiB of front matter) refuse input that
//!   PyYAML would load.

mod interop;

use std::io::Write as _;
use std::process::{Command, Stdio};

use cardgen::card::yaml::{self, Limits};
use cardgen::Span;
use interop::{canonical_doc, corpus_dir, fnv1a64, repo_root, require, venv_python};

const SETUP_HINT: &str = "run scripts/setup-python";

/// The snippets. Each is loaded as a whole YAML text (what the front matter between the fences
/// would be).
const SNIPPETS: &[&str] = &[
    // YAML 1.1 booleans
    "a: yes\nb: No\nc: ON\nd: off\ne: y\nf: n\ng: True\nh: FALSE\ni: tRue\n",
    "[yes, no, on, off, Yes, NO, y, Y, n, N, YES, oN]",
    "yes: 1\nno: 2\non: 3\n",
    // integers: octal, hex, binary, underscores, sexagesimal, big
    "a: 0777\nb: 0o17\nc: 0x1F\nd: 0b1010\ne: 1_000\nf: -0x_1f\ng: +12\nh: 09\ni: 0\nj: -0\nk: 00\n",
    "a: 1:20\nb: 190:20:30\nc: -1:30\nd: 1:60\ne: 1:5\nf: 1_:2\ng: 0:30\n",
    "a: 9223372036854775807\nb: 9223372036854775808\nc: -9223372036854775809\n",
    "a: 0x_FFFF_FFFF_FFFF_FFFF_FF\nb: 123456789012345678901234567890123456789012345\n",
    "a: -9223372036854775808\nb: 0b1111111111111111111111111111111111111111111111111111111111111111\n",
    "a: 0b_\n",
    "a: 0x_\n",
    "a: 0_\nb: 0__7\nc: 0b1_0\nd: 1__0\n",
    "a: 0o\nb: 0x\nc: 0b\nd: 0B1\ne: 0X1\n",
    // floats
    "a: 1.0\nb: 1.\nc: .5\nd: -.5\ne: 1e5\nf: 1.0e5\ng: 1.0e+5\nh: 1.e-3\ni: 1_0.5_0\nj: +1.5\n",
    "a: .inf\nb: -.Inf\nc: +.INF\nd: .nan\ne: .NaN\nf: -.nan\ng: inf\nh: nan\ni: .Nan\n",
    "a: 1:30.5\nb: -0:0.5\nc: 0.0\nd: -0.0\ne: 1e400\nf: 1.0e+400\ng: 6.02e+23\n",
    "a: 0.1\nb: 0.30000000000000004\nc: 2.2250738585072014e-308\nd: 1.7976931348623157e+308\n",
    "a: 1.0E+5\nb: 1.0e5\nc: 1._\nd: 1.__e+5\ne: 12e03\nf: 1.5e-07\n",
    "1.5: a\n1.0: b\n1: c\n",
    "0.1: x\n.nan: y\n.nan: z\n",
    "[.inf, -.inf, .nan, 0.0, -0.0]",
    // null
    "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nUll\n~: g\n",
    "null: 1\n~: 2\n",
    // timestamps
    "a: 2024-01-01\nb: 2024-1-1\nc: 2001-12-14t21:59:43.10-05:00\nd: 2001-12-14 21:59:43.10 -5\n",
    "e: 2001-12-15T02:59:43.1Z\nf: 2002-12-14\ng: 2001-12-14 21:59:43\nh: 2001-12-14\t21:59:43\n",
    "a: 2024-02-30\n",
    "a: 2023-02-29\n",
    "a: 2024-02-29\nb: 2000-02-29\n",
    "a: 1900-02-29\n",
    "a: 2024-13-01\n",
    "a: 2024-00-10\n",
    "a: 2001-12-14 25:00:00\n",
    "a: 2001-12-14 23:60:00\n",
    "a: 2001-12-14 21:59:43 +24:00\n",
    "a: 2001-12-14 21:59:43 -23:99\n",
    "a: 2001-12-14 21:59:43 +23:59\n",
    "a: 0000-01-01\n",
    "a: 2001-12-14 21:59:43.1234567891\n",
    "2024-01-01: x\n2024-01-01: y\n",
    "a: '2024-01-01'\nb: 2024-01-01x\nc: 20240101\n",
    // merge keys
    "base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n",
    "a: &a {k: 1}\nb: &b {k: 2, j: 3}\nc:\n  <<: [*a, *b]\n  z: 0\n",
    "a:\n  <<: 3\n",
    "a: <<\n",
    "'<<': 1\n",
    "a: &a {x: 1}\nb:\n  <<: *a\n  <<: {y: 2}\n",
    "a: &a {x: 1}\nb:\n  x: 2\n  <<: *a\n",
    "a:\n  <<: [{x: 1}, 2]\n",
    "a: &a\n  <<: {m: 1}\n  n: 2\nb:\n  <<: *a\n",
    "- <<: {a: 1}\n  b: 2\n",
    "<<: {a: 1}\nb: 2\n",
    "a:\n  <<: ~\n",
    "a:\n  <<: []\n",
    "a: [<<]\n",
    "a: {<<: {b: 1}, c: 2}\n",
    "a: &a [{x: 1}, {y: 2}]\nb:\n  <<: *a\n",
    // the value key `=`
    "a: =\n",
    "=: 1\n",
    "a: '='\n",
    "[=]",
    "a: ==\n",
    // tags
    "a: !!str 12\nb: !!int '7'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null 'x'\n",
    "a: !!int 0o17\n",
    "a: !!int ' 12 '\n",
    "a: !!int 0x0x1F\n",
    "a: !!int --5\n",
    "a: !!int 1e3\n",
    "a: !!int '1:20'\n",
    "a: !!float 1e5\nb: !!float inf\nc: !!float nan\nd: !!float '-1_0'\ne: !!float ' 2.5 '\n",
    "a: !!float 'x'\n",
    "a: !!float 1:30\n",
    "a: !!bool maybe\n",
    "a: !!bool Yes\nb: !!bool oFF\n",
    "a: !!binary aGVsbG8=\n",
    "a: !!binary aGVsbG8\n",
    "a: !!binary |\n  aGVs\n  bG8=\n",
    "a: !!binary é\n",
    "a: !!binary a\n",
    "a: !!binary 'aGk=!!'\n",
    "a: !!binary 'a!@#b'\n",
    "a: !!binary 'aG=k'\n",
    "a: !!binary ''\n",
    "a: !!set {x, y}\n",
    "a: !!set {x: 1}\n",
    "a: !!omap [b: 1, c: 2]\n",
    "a: !!pairs [b: 1, b: 2]\n",
    "a: !!set [x]\n",
    "a: !!omap {b: 1}\n",
    "a: !!omap [b]\n",
    "a: !!omap [{b: 1, c: 2}]\n",
    "a: !custom x\n",
    "a: !custom [x]\n",
    "a: !<tag:yaml.org,2002:str> 5\n",
    "%TAG !e! tag:yaml.org,2002:\n---\na: !e!int '5'\n",
    "a: !!map {b: 1}\nc: !!seq [1]\n",
    "a: !!str [1]\n",
    "a: ! 12\nb: ! [1]\n",
    "a: !!timestamp 2024-1-1\n",
    "a: !!timestamp 'x'\n",
    "a: !!python/object:os.system x\n",
    "a: !!merge x\n",
    "a: !!int\n",
    "a: !!float ''\n",
    "a: !!bool\n",
    "a: !!str\n",
    "!!str : a\n",
    "a: !!null\n",
    // anchors and aliases
    "a: &x 1\nb: *x\n",
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "a: *nope\n",
    "a: &x 1\nb: &x 2\nc: *x\n",
    "a: &x [1, *x]\n",
    "a: &x {b: *x}\n",
    "a: &a.b 1\n",
    "a: &é 1\n",
    "a: &a_b-9 1\nb: *a_b-9\n",
    "- &a x\n- *a\n",
    "&a a: b\n*a : c\n",
    "a: !!str &x 5\nb: *x\n",
    "a: &x !!str 5\nb: *x\n",
    "a: &x\nb: *x\n",
    "a: [&x 1, *x]\n",
    "a: &anc\n  b: 1\nc: *anc\n",
    "a: [*x]\n",
    "a: &x [1]\nb: &x [2]\n",
    // duplicate keys
    "a: 1\na: 2\n",
    "{a: 1, a: 2}",
    "1: a\n'1': b\n1: c\n",
    "true: a\n1: b\n",
    "a: 1\nb: 2\na: 3\n",
    // tabs
    "a:\tb\n",
    "a: b\t\n",
    "a: \"b\"\t\n",
    "a: 'x\ty'\n",
    "a: x\ty\n",
    "a: b # c\td\n",
    "\ta: b\n",
    "a:\n\t- b\n",
    "a: |\n  x\ty\n",
    "a: |\n  \tx\n",
    "a: b\n\t\nc: d\n",
    "a: [b,\tc]\n",
    "a: \"x\n\ty\"\n",
    "# \tcomment\na: b\n",
    "a: |\n  x\n\t\n  y\n",
    "a: b\t# c\n",
    "a: >\n\tx\n",
    "a: |\t\n  x\n",
    "a: 'x'\t# c\n",
    "a: b\n  \t\nc: d\n",
    // flow and block mixes
    "a: {b: [1, {c: d}], e: f}\n",
    "[a, b, ]",
    "{a: 1,}",
    "[a,, b]",
    "a: [b\n  , c]\n",
    "- [a, b]\n- {c: d}\n-\n  - e\n",
    "a:\n- b\n- c\n",
    "a:\n  - b\n - c\n",
    "{a: b, c}",
    "[a: b]",
    "[a?b]",
    "{url: http://x.y/?q=1}",
    "[a:b]",
    "{\"a\":b}",
    "? a\n: b\n",
    "? [a]\n: b\n",
    ": b\n",
    "a\nb: c\n",
    "a: b: c\n",
    "key:    value   \n",
    "- - a\n  - b\n- c\n",
    "a: - b\n",
    "-a\n",
    "[a, [b, [c]]]",
    "{a: {b: {c: {}}}}",
    "a: b\n  c\n  d\n",
    "a: b\n\n  c\n",
    "? a\n",
    "{? a: b}",
    "[a, b]: c\n",
    "{a: [b, c]: d}",
    "- a\n-b\n",
    "a: {b: c}x\n",
    "a: \"x\"y\n",
    // quoted scalars
    "a: 'it''s'\nb: \"q\\\"x\\u00e9\\x41\\t\"\n",
    "a: \"\\/\"\n",
    "a: \"\\N\\_\\L\\P\\e\\a\\v\\0\\ \"\n",
    "a: \"\\q\"\n",
    "a: \"line1\n  line2\n\n  line3\"\n",
    "a: 'x\n\n  y'\n",
    "- text: \"a\nb\"\n",
    "a:\n  b: 'x\n y'\n",
    "a:\n  b: \"x\nsecond line\n  third\"\n",
    "a: \"\\U0001F600\"\n",
    "a: \"x\\\n  y\"\n",
    "a: \"x\n---\ny\"\n",
    "a: 'x\n...\n'\n",
    // block scalars
    "a: |\n  x\n  y\n",
    "a: >\n  x\n  y\n\n  z\n",
    "a: |-\n  x\n\n",
    "a: |+\n  x\n\n",
    "a: |2\n   x\n  y\n",
    "a: |\n  x \n  y ",
    "a: >-\n  x\n  y",
    "a: |+\n  x",
    "a: |",
    "a: >\n\n  x\n   more\n  y\n",
    "a: |\n    \n  x\n",
    "a: | # c\n  x\n",
    "a: >+\n  x\n\n  ",
    "a: |\n  x\n \n",
    "- |\n  a\n- >\n  b\n",
    // documents and directives
    "---\na: 1\n",
    "a: 1\n...",
    "a: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "%YAML 1.1\n---\na: 1\n",
    "%YAML 1.2\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n",
    "--- a\n",
    "--- |\n  x\n",
    "a: 1\n... # c\n",
    "---\n---\n",
    "...\na: 1\n",
    "--- # c\na: 1\n",
    // empty documents and scalar roots
    "",
    "# only a comment",
    "\n\n",
    "  ",
    "~",
    "---",
    "just text",
    "- a",
    "42",
    "'x'",
    // control characters, line breaks, BOM
    "a: b\u{7}\n",
    "a: \"\\x07\"\n",
    "a: \"\\x1f\\x7f\\u2028\\x85\"\n",
    "a: b\u{85}c\n",
    "a: b\u{2028}c\n",
    "a: b\r\nc: d\r\n",
    "a: b\rc: d\r",
    "a: \u{FEFF}b\n",
    "\u{FEFF}a: b\n",
    "a: b\u{FFFE}\n",
    "a: \u{1F600}\n",
    "a: \"\\0\"\n",
    "a: \u{a0}b\n",
    "a:\u{a0}b\n",
    // comments
    "a: b # c\n# d\ne: f #g\n",
    "a: b#c\n",
    "a: [b, # c\n c]\n",
    "a: 'x' # c\n",
    "a: 1\n  # indented comment\nb: 2\n",
    "a:\n  # c\n  b: 1\n",
    // indentation
    "a:\n    b: 1\n    c: 2\nd: 3\n",
    "a:\n  b: 1\n   c: 2\n",
    "a:\n   - 1\n   - 2\n",
    "  a: 1\n  b: 2\n",
    "a: 1\n b: 2\n",
    // indicators at the start of plain scalars
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: -x\nb: ?x\nc: :x\n",
    "[-x, :x]",
    "a: x:y\n",
    "a: 'x':y\n",
    "a: ,x\n",
    "a: x,y\n",
    "a: [x]y\n",
    "a: !x\n",
    "a: |x\n",
    "a: *\n",
    "a: &\n",
    // comments without a space before them (PyYAML: any `#` between tokens)
    "a: \"x\"#c\n",
    "a: 'x'#c\n",
    "[a,#b\n]",
    "{a: 1,#c\n b: 2}",
    "[#c\n a]",
    "a: [b]#c\n",
    "a: b#c #d\n",
    // aliases as keys, anchors in odd places
    "&a a: b\n*a: c\n",
    "!!str k: &a\n*a: ! 12",
    "  &a k : 3\n  *a: [x]\n",
    " \"q\":  &ab: x\n",
    "&a: x\n",
    "- &1?x\n",
    "k: &a\n  b: 1\nc: &d: e\n",
    "- key:  &a v\n  *a: 'x\ny'",
    "  a b: &a\n\n  - *a: [a,\n b]\n",
    "a: &x\n  <<: *x\n",
    "a: &x\n  b:\n    <<: *x\n",
    "a: &x\n  - *x\n",
    "a: &x\n  *x : 1\n",
    "a: &x\n  b: {*x : 1}\n",
    "a: &x {c: 1, <<: *x}\n",
    "-: &a\n >-\t\n 1: z\n",
    "k: &a\n  !!str\n  |\n  x\n",
    // a block scalar header on its own line
    "a:\n|\n  x\n",
    "  a:\n  |\n    x\n",
    "a:\n>-\n  x\nb: 1\n",
    "a: 1\n|\n  x\n",
    "b: &a # c\n>-\n  x\n",
    "    b: &a\n    |\n",
    "- !\n>\n x\n",
    "-\n|\n x\n",
    "-: &a\t\n>- \n    &a k\n",
    "-: &a\n>- \n    &a k\n",
    "a: |\n  &a |\n",
    "-: |+\n ? x\n\n    k: &a\n>- \n",
    "{a. }#[\t",
    "{a: }\t",
    "\u{feff}-\n|\n x\n",
    "- a, -\n>\n x\n",
    "? b -\n|\n",
    "x: &a a\ny:\n  *a: c\n",
    "x: &a a\ny: {*a: c}\n",
    "x: &a a\ny: [*a : c]\n",
    "a: &x |\n  text\nb: *x\n",
    "a: &x |\n  text\nb: &x |\n  other\n",
    "- &a\n  - 1\n- *a\n",
    // block scalars cut off by the end of the text (front matter never ends with a line break)
    "a: |\n  x\n  ",
    "a: |\n  x\n    ",
    "a: |\n  x\n ",
    "a: |+\n  x\n ",
    "a: |+\n  x\n    ",
    "a: |-\n  x\n  ",
    "a: |+\n\n   ",
    "a: |+\n ",
    "a: >\n  x\n  y",
    "a: >+\n  x\n\n  y",
    "a: |2\n    x\n  y",
    "a: |\n  x\n# c",
    "a: |\n  x\nb: c",
    "- |\n  a\n- >+\n  b\n\n ",
    "a:\n  b: |\n    x\n  c: |\n    y",
    // quoted scalars whose continuation lines are not indented (PyYAML does not check)
    "widget:\n- text: \"first line\nsecond line\n\n  third\"\n  output: x\n",
    "a:\n  b:\n    c: 'x\n  y\n z'\n",
    "a:\n  b: \"x\n\ty\"\n",
    "a:\n  b: \"x\n\t\ty\"\n",
    "a:\n  b: \"x\n---\ny\"\n",
    "a:\n  b: \"x\n...\ny\"\n",
    "a:\n  b: \"x\\\ny\"\n",
    // flow collections and `?`/`:`
    "{a: x?}",
    "[a, ? b : c]",
    "  - a b: 1\n  - [a,\n b]\n",
    "- [a,\nb]\n",
    "k: {a: 1,\nb: 2}\n",
    "k: [a]\n b\n",
    "{:x}",
    "[a:]",
    "[a :b]",
    "{a: :x}",
    "[http://x/?q=1]",
    "a: http://x/?q=1\n",
    "a: [\"http://x/?q=1\"]\n",
    "[?x]",
    "{?x: 1}",
    "[ ??>]",
    "{?x}",
    "[!] # c",
    "[!!str]",
    "{a: !!str}",
    "[!!str a, b]",
    "%- *\n---\n",
    ".: {\n...}\n",
    "a: b\r\r\u{85}c\n",
    "a: !é x\n",
    "\u{feff}? a\n",
    "[#c\n a?]",
    "! # c\t\n x\n",
    "&a # c\n[x]\n",
    "k: !!seq # c\n  [x]\n",
    "a?\n: b\n",
    "[a, ?\n  b]\n",
    "[?x: 1, ?y]",
    // keys left empty
    "{: b}",
    "[: b]",
    "{a: 1, : 2}",
    "? \n: b\n",
    "?\n: b\n",
    "- : b\n",
    // document markers and directives
    "...",
    "...\n",
    "... # c\na: 1\n",
    "# c\n...\n",
    "a: 1\n...\n...\n",
    "a: 1\n...\n# c\n",
    "a: 1\n... x\n",
    "a: b\n... \nc\n",
    "%YAML 1.1\n%YAML 1.1\n---\na\n",
    "%TAG !a! x\n%TAG !a! y\n---\na\n",
    "%YAML 1.1 #c\n---\na\n",
    "%FOO bar\n---\na: 1\n",
    "a: b\n%c\n",
    "a: \"x\n%y\"\n",
    "---a: 1\n",
    "--- a\n--- b\n",
    // NEL and other line breaks
    "a: \"x\u{85}y\"\n",
    "a: |\n  x\u{85}  y\n",
    "a: b # c\u{85}d: e\n",
    "a: b\u{85}d: e\n",
    "a: \"x\u{FEFF}y\"\n",
    "a: [x\u{FEFF}]\n",
    // the non-specific tag
    "a: ! '12'\nb: ! yes\nc: ! 2024-01-01\n",
    "a: ! =\n",
    "! <<: {b: 1}\n",
    "a: ! \"12\\n\"\nb: ! \"yes\\n\"\nc: ! \".inf\\n\"\nd: ! \"\\n\"\n",
    "a: !<!> 12\n",
];

/// Inputs where cardgen and PyYAML still disagree, and why (see also the report in
/// `tests/hf_interop.rs`'s module docs). Each is also run, and must still disagree.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "&-:- }",
        "an anchor name glued to `:` or `?` followed by text saphyr cannot scan: PyYAML ends \
         the name there, saphyr reads on and fails before cardgen can split the name (cardgen \
         does split it when saphyr's parse succeeds: `&a: x` reads as PyYAML reads it)",
    ),
    ("&1?*,.\nb>", "as above"),
    (
        "[ ?#b\n]",
        "`?` with no key after it inside [ ] (here a comment follows): PyYAML reads an explicit \
         empty key (`[{null: null}]`); saphyr cannot parse an explicit key with nothing after \
         it in a flow sequence and fails",
    ),
    ("[?\n]", "as above"),
    (
        "[ -]",
        "`-` alone before `]` or `}`: PyYAML reads the string `-`, saphyr fails",
    ),
    (
        "|1\n#",
        "a top-level block scalar followed by a comment at column 0: PyYAML ends the scalar \
         there (top-level content needs one space of indentation), saphyr fails",
    ),
];

/// Snippets built in code.
fn generated() -> Vec<String> {
    vec![
        format!("{}: 1\n", "k".repeat(1100)),
        format!("{}: 1\n", "k".repeat(1000)),
        format!("a: \"{}\"\n", "x".repeat(5000)),
        format!("{}1{}", "[".repeat(40), "]".repeat(40)),
        format!("a: {}\n", "x ".repeat(600)),
        format!("a: {}\n", "9".repeat(4301)),
        format!("a: {}\n", "9".repeat(4300)),
        format!("a: 0x{}\n", "f".repeat(5000)),
        format!("a: !!int '{}'\n", "1".repeat(4301)),
    ]
}

/// Why the value hash of a snippet is not compared (parse success still is).
fn value_exception(src: &str) -> Option<&'static str> {
    if ["!!set", "!!omap", "!!pairs"]
        .iter()
        .any(|t| src.contains(t))
    {
        return Some("cardgen keeps !!set / !!omap / !!pairs as a mapping / list of mappings");
    }
    src.contains(['\u{2028}', '\u{2029}']).then_some(
        "PyYAML keeps U+2028/U+2029 in a value where it folds a line; cardgen folds them like \
         line feeds",
    )
}

struct Py {
    yaml: String,
    error: Option<String>,
    value_fnv: String,
    canonical: Option<String>,
}

fn run_pyyaml(python: &std::path::Path, snippets: &[String]) -> Vec<Py> {
    let mut child = Command::new(python)
        .arg(repo_root().join("scripts").join("pyyaml-canon.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start scripts/pyyaml-canon.py");
    let mut input = String::new();
    for s in snippets {
        input.push_str(&serde_json::to_string(s).unwrap());
        input.push('\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success(), "pyyaml-canon.py failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Py> = text
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            let s = |k: &str| v[k].as_str().map(str::to_owned);
            Py {
                yaml: s("yaml").unwrap(),
                error: s("error"),
                value_fnv: s("value_fnv").unwrap(),
                canonical: s("canonical"),
            }
        })
        .collect();
    assert_eq!(rows.len(), snippets.len(), "one answer per snippet");
    rows
}

/// How cardgen's reading of one snippet differs from PyYAML's, if it does.
fn difference(src: &str, py: &Py, limits: &Limits) -> Option<String> {
    let ours = yaml::parse(src, Span::new(0, src.len()), limits);
    let py_ok = py.yaml == "ok";
    match (&ours, py_ok) {
        (Ok(_), true) | (Err(_), false) => {}
        (Ok(_), false) => {
            return Some(format!(
                "parse: PyYAML={} ({}) cardgen=ok",
                py.yaml,
                py.error.as_deref().unwrap_or("")
            ))
        }
        (Err(e), true) => return Some(format!("parse: PyYAML=ok cardgen=error ({})", e.message)),
    }
    let doc = ours.ok()?;
    if value_exception(src).is_some() {
        return None;
    }
    let (rs_fnv, rs_canon) = match canonical_doc(&doc) {
        Ok(c) => {
            let j = c.to_json();
            (fnv1a64(j.as_bytes()), Some(j))
        }
        Err(e) => (e.to_owned(), None),
    };
    (rs_fnv != py.value_fnv).then(|| {
        format!(
            "value: PyYAML={} cardgen={}",
            py.canonical.as_deref().unwrap_or(&py.value_fnv),
            rs_canon.as_deref().unwrap_or(&rs_fnv),
        )
    })
}

#[test]
fn yaml_snippets_read_like_pyyaml() {
    let python = venv_python();
    if !require(&python, SETUP_HINT) {
        return;
    }
    let mut snippets: Vec<String> = SNIPPETS.iter().map(|s| (*s).to_owned()).collect();
    snippets.extend(generated());
    snippets.extend(KNOWN_DIFFERENCES.iter().map(|(s, _)| (*s).to_owned()));
    let py = run_pyyaml(&python, &snippets);

    let limits = Limits::default();
    let mut report = String::new();
    let (mut agree, mut known, mut value_skipped) = (0, 0, 0);
    for (src, py) in snippets.iter().zip(&py) {
        let shown: String = format!("{src:?}").chars().take(160).collect();
        let diff = difference(src, py, &limits);
        let is_known = KNOWN_DIFFERENCES.iter().any(|(k, _)| k == src);
        match (diff, is_known) {
            (None, false) => {
                agree += 1;
                value_skipped += usize::from(value_exception(src).is_some());
            }
            (Some(d), false) => report.push_str(&format!("\n{shown}\n    {d}")),
            (Some(_), true) => known += 1,
            (None, true) => report.push_str(&format!(
                "\n{shown}\n    now agrees with PyYAML: remove it from KNOWN_DIFFERENCES"
            )),
        }
    }
    let n = snippets.len();
    let summary = format!(
        "{n} snippets: {agree} agree with PyYAML (parse verdict and value hash; for \
         {value_skipped} of them, tagged !!set/!!omap/!!pairs, the parse verdict only), \
         {known} known differences"
    );
    eprintln!("{summary}");
    assert!(
        report.is_empty(),
        "cardgen disagrees with PyYAML:{report}\n{summary}"
    );
}

#[test]
fn committed_verdicts_are_current() {
    let python = venv_python();
    if !require(&python, SETUP_HINT) {
        return;
    }
    let corpus = corpus_dir();
    if !require(
        &corpus.join("MANIFEST.tsv"),
        "clone the corpus beside the repository (../shared/corpus) or set CARDGEN_CORPUS",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let fresh = dir.path().join("hf-verdicts.tsv");
    let status = Command::new(&python)
        .arg(repo_root().join("scripts").join("hf-verdicts.py"))
        .arg("--corpus")
        .arg(&corpus)
        .arg("--out")
        .arg(&fresh)
        .status()
        .expect("run scripts/hf-verdicts.py");
    assert!(status.success(), "scripts/hf-verdicts.py failed");
    let fresh = std::fs::read_to_string(&fresh).unwrap();
    let committed = std::fs::read_to_string(
        repo_root()
            .join("tests")
            .join("data")
            .join("hf-verdicts.tsv"),
    )
    .unwrap();
    // The header names the versions; only the Python version may differ (it does not change
    // any verdict, and CI may run another Python).
    let versions = |t: &str| -> String {
        let head = t.lines().next().unwrap_or("");
        head.split(';')
            .next()
            .unwrap_or("")
            .split(", ")
            .filter(|p| !p.starts_with("Python "))
            .collect::<Vec<_>>()
            .join(", ")
    };
    assert_eq!(
        versions(&fresh),
        versions(&committed),
        "huggingface_hub / PyYAML versions changed; regenerate tests/data/hf-verdicts.tsv"
    );
    let data = |t: &str| -> Vec<String> {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .map(str::to_owned)
            .collect()
    };
    let (f, c) = (data(&fresh), data(&committed));
    let diff: Vec<String> = c
        .iter()
        .zip(&f)
        .filter(|(a, b)| a != b)
        .map(|(a, b)| format!("\n  committed: {a}\n  fresh:     {b}"))
        .take(20)
        .collect();
    assert!(
        f.len() == c.len() && diff.is_empty(),
        "tests/data/hf-verdicts.tsv is stale ({} vs {} rows); regenerate it with \
         target/venv/bin/python scripts/hf-verdicts.py{}",
        c.len(),
        f.len(),
        diff.concat()
    );
}

/// `&name` directly followed by `:` or `?` (a documented difference).
fn glued_anchor(src: &str) -> bool {
    src.match_indices('&').any(|(i, _)| {
        let rest = &src[i + 1..];
        let n = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .unwrap_or(rest.len());
        n > 0 && matches!(rest[n..].chars().next(), Some(':' | '?'))
    })
}

/// A tiny deterministic generator (xorshift64*), so the fuzz inputs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Random front-matter-like YAML built from fragments that stress the differences between
/// YAML 1.1/PyYAML and YAML 1.2/saphyr.
fn fuzz_snippet(rng: &mut Rng) -> String {
    const INDENT: &[&str] = &["", "", "", "  ", "  ", "    ", " ", "\t", "- ", "  - "];
    const KEY: &[&str] = &[
        "a", "b", "key", "\"q\"", "'q'", "? x", "&a k", "*a", "!!str k", "<<", "=", "1", "yes", "",
        "a b", "-", "url",
    ];
    const SEP: &[&str] = &[": ", ": ", ":", " : ", ":\t", ": ", ":  "];
    const VALUE: &[&str] = &[
        "x",
        "1",
        "yes",
        "0x1F",
        "1:20",
        "2024-01-01",
        "1.5",
        ".inf",
        "~",
        "\"x y\"",
        "'it''s'",
        "[a, b]",
        "{a: 1}",
        "|",
        ">-",
        "|+",
        "&a v",
        "*a",
        "!!int '3'",
        "! 12",
        "http://x/?q=1",
        "[u?v]",
        "{k: :x}",
        "a#b",
        "\"x\"#c",
        "'x\ny'",
        "\"x\n y\"",
        "",
        "- z",
        "[a,\n b]",
        "{a: [b, {c: d}]}",
        "!!binary aGk=",
        "\"\\t\\u00e9\"",
        "...",
        "---",
        "%x",
        "@x",
        "`x",
        "x\u{2028}y",
        "\u{FEFF}x",
        "!custom x",
        "&a",
        "[*a]",
        "<<",
    ];
    const END: &[&str] = &[
        "\n", "\n", "\n", "\r\n", " \n", "\t\n", " # c\n", "#c\n", "", "\n\n",
    ];
    // Half of the inputs: short runs of YAML's structural characters.
    const SOUP: &[&str] = &[
        " ", " ", " ", "\n", "\n", "a", "b", "1", ":", ": ", "-", "- ", "?", "[", "]", "{", "}",
        ",", "#", " #", "\"", "'", "|", ">", "&", "*", "!", "\t", ".", "...", "---", "%", "@",
        "\\", "=", "<<", "~", "\r", "é", "\u{85}", "\u{2028}", "\u{FEFF}", "😀",
    ];
    if rng.next().is_multiple_of(2) {
        let n = 1 + rng.next() % 14;
        return (0..n).map(|_| rng.pick(SOUP)).collect();
    }
    let lines = 1 + rng.next() % 5;
    let mut out = String::new();
    for _ in 0..lines {
        out.push_str(rng.pick(INDENT));
        out.push_str(rng.pick(KEY));
        out.push_str(rng.pick(SEP));
        out.push_str(rng.pick(VALUE));
        out.push_str(rng.pick(END));
        if rng.next().is_multiple_of(4) {
            out.push_str(rng.pick(INDENT));
            out.push_str(rng.pick(VALUE));
            out.push_str(rng.pick(END));
        }
    }
    out
}

/// Exploration, not a gate: compares cardgen with PyYAML on random fragment-built YAML and
/// prints every disagreement (`cargo test --test hf_interop_live -- --ignored --nocapture`;
/// `CARDGEN_FUZZ_N` sets the count, `CARDGEN_FUZZ_SEED` the seed). It fails when some input
/// disagrees outside the documented classes (the known differences and tagged sets).
#[test]
#[ignore = "exploratory; slow-ish, run on demand"]
fn fuzz_against_pyyaml() {
    let python = venv_python();
    if !require(&python, SETUP_HINT) {
        return;
    }
    let env = |k: &str, d: u64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let mut rng = Rng(env("CARDGEN_FUZZ_SEED", 0x5eed_cafe) | 1);
    let snippets: Vec<String> = (0..env("CARDGEN_FUZZ_N", 20_000))
        .map(|_| fuzz_snippet(&mut rng))
        .collect();
    let py = run_pyyaml(&python, &snippets);
    let limits = Limits::default();
    let mut report = String::new();
    let mut n_diff = 0;
    for (src, py) in snippets.iter().zip(&py) {
        // The documented classes (see KNOWN_DIFFERENCES): anchors glued to `:` or `?`, `-`
        // or `?` with nothing after it in a flow collection, top-level block scalars followed
        // by comments.
        if glued_anchor(src)
            || ["-]", "-}", "?]", "?}", "?#", "?\n]", "?\u{2028}]"]
                .iter()
                .any(|p| src.contains(p))
            || (src
                .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
                .starts_with(['|', '>'])
                && src.contains(['#']))
        {
            continue;
        }
        if let Some(d) = difference(src, py, &limits) {
            n_diff += 1;
            report.push_str(&format!("\n{src:?}\n    {d}"));
        }
    }
    eprintln!("{} inputs, {n_diff} disagreements{report}", snippets.len());
    assert_eq!(
        n_diff, 0,
        "cardgen disagrees with PyYAML on {n_diff} inputs"
    );
}
