//! Modules point one way: no module uses one that uses it back, neither between the top-level
//! modules of the library nor between the modules of one parent (of the library or of the
//! binary). Test code is left out: a `tests` module may reach anywhere.
//!
//! The checker follows `mod` declarations from `lib.rs` / `main.rs` and reads the `crate::…` and
//! `super::…` paths of each module's code, leaving out comments, string and character literals,
//! and every item marked `#[cfg(test)]` (with the module files such an item declares).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::support::root;

/// A module path below its crate root, e.g. `["render", "update"]`.
type Module = Vec<String>;

/// For each module, the sibling (or sibling's ancestor's sibling) modules it uses, each with the
/// first file and line that uses it.
type Edges = BTreeMap<Module, BTreeMap<Module, (PathBuf, usize)>>;

#[test]
fn library_modules_have_no_cycles() {
    let edges = edges_in(&root().join("src"));
    let cycles = cycles(&edges);
    assert!(
        cycles.is_empty(),
        "import cycles in the library:\n{}",
        explain(&edges, &cycles)
    );
}

#[test]
fn binary_modules_have_no_cycles() {
    let edges = edges_in(&root().join("src/bin/cardgen"));
    let cycles = cycles(&edges);
    assert!(
        cycles.is_empty(),
        "import cycles in the binary:\n{}",
        explain(&edges, &cycles)
    );
}

#[test]
fn a_cycle_is_found() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::create_dir_all(src.join("render")).unwrap();
    std::fs::write(src.join("lib.rs"), "pub mod card;\npub mod render;\n").unwrap();
    std::fs::write(src.join("card.rs"), "use crate::render::Options;\n").unwrap();
    std::fs::write(src.join("render/mod.rs"), "mod a;\nmod b;\n").unwrap();
    std::fs::write(src.join("render/a.rs"), "use super::b::X;\n").unwrap();
    std::fs::write(
        src.join("render/b.rs"),
        "fn f() { crate::card::read(); super::a::g(); }\n#[cfg(test)]\nmod tests { use crate::render::a; }\n",
    )
    .unwrap();
    let cycles = cycles_in(src);
    assert_eq!(
        cycles,
        vec![
            vec!["card".to_string(), "render".to_string()],
            vec!["render::a".to_string(), "render::b".to_string()],
        ]
    );
}

/// What only mentions a module is no use of it: comments (doc comments and doc links too),
/// strings, test items and test-only module files. Each file below would close a cycle with
/// `card` if the checker read it as code.
#[test]
fn mentions_are_not_uses() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    std::fs::write(
        src.join("lib.rs"),
        "pub mod card;\npub mod render;\n#[cfg(test)]\nmod checks;\n",
    )
    .unwrap();
    std::fs::write(
        src.join("card.rs"),
        "//! Read by [`crate::render`] and [crate::render::Options].\n\
         /// Like `super::render::write`.\n\
         pub fn read() -> &'static str { // crate::render::x\n\
         /* crate::render::y /* nested */ super::render::z */\n\
         let _c = '\"'; let _s = \"crate::render::a\"; let _r = r#\"super::render::b\"#;\n\
         \"see crate::render\" }\n\
         #[cfg(test)]\n\
         pub fn helper() { crate::render::c(); }\n\
         pub fn real() { crate::card::read(); }\n",
    )
    .unwrap();
    std::fs::write(src.join("render.rs"), "use crate::card::read;\n").unwrap();
    std::fs::write(src.join("checks.rs"), "use crate::render::Options;\n").unwrap();
    assert_eq!(cycles_in(src), Vec::<Vec<String>>::new());
    // The same use as code is one.
    std::fs::write(src.join("checks.rs"), "").unwrap();
    std::fs::write(
        src.join("card.rs"),
        "/// Doc.\npub fn f() { crate::render::c(); }\n",
    )
    .unwrap();
    assert_eq!(
        cycles_in(src),
        vec![vec!["card".to_string(), "render".to_string()]]
    );
}

/// The groups of modules that use each other, each sorted, as `a::b` paths: at the top level,
/// and among the children of each module.
fn cycles_in(src: &Path) -> Vec<Vec<String>> {
    cycles(&edges_in(src))
}

fn cycles(edges: &Edges) -> Vec<Vec<String>> {
    let graph: BTreeMap<Module, BTreeSet<Module>> = edges
        .iter()
        .map(|(from, to)| (from.clone(), to.keys().cloned().collect()))
        .collect();
    strongly_connected(&graph)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| group.iter().map(|m| m.join("::")).collect())
        .collect()
}

/// Each cycle with the uses that close it, one `a -> b (file:line)` a line.
fn explain(edges: &Edges, cycles: &[Vec<String>]) -> String {
    let mut out = String::new();
    for group in cycles {
        out.push_str(&format!("{}\n", group.join(", ")));
        for (from, to) in edges {
            for (used, (file, line)) in to {
                if group.contains(&from.join("::")) && group.contains(&used.join("::")) {
                    out.push_str(&format!(
                        "  {} -> {} ({}:{line})\n",
                        from.join("::"),
                        used.join("::"),
                        file.strip_prefix(root()).unwrap_or(file).display()
                    ));
                }
            }
        }
    }
    out
}

/// The uses between modules of the crate rooted at `src/lib.rs` or `src/main.rs`: an edge joins
/// the two modules' ancestors that are children of their deepest common parent.
fn edges_in(src: &Path) -> Edges {
    let top = ["lib.rs", "main.rs"]
        .iter()
        .map(|name| src.join(name))
        .find(|file| file.exists())
        .expect("lib.rs or main.rs");
    let mut modules = BTreeMap::new();
    read_module(&top, src, Vec::new(), &mut modules);
    let known: BTreeSet<&Module> = modules.keys().collect();
    let mut edges = Edges::new();
    for (module, (file, code)) in &modules {
        for (used, at) in uses(module, code) {
            // The longest prefix of the path that is a module: `crate::card::read` uses `card`.
            let used: Module = (0..=used.len())
                .rev()
                .map(|n| used[..n].to_vec())
                .find(|m| known.contains(m))
                .unwrap_or_default();
            let common = module.iter().zip(&used).take_while(|(a, b)| a == b).count();
            if common < module.len() && common < used.len() {
                let from = module[..=common].to_vec();
                let to = used[..=common].to_vec();
                let line = code[..at].matches('\n').count() + 1;
                edges
                    .entry(from)
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| (file.clone(), line));
            }
        }
    }
    edges
}

/// Reads `file`, the code of `module`, whose child modules' files sit in `dir`, then its
/// children. Test-only children (`#[cfg(test)] mod tests;`) are never read.
fn read_module(
    file: &Path,
    dir: &Path,
    module: Module,
    out: &mut BTreeMap<Module, (PathBuf, String)>,
) {
    let text = std::fs::read_to_string(file).unwrap();
    let code = non_test_code(&code_only(&text));
    let child = Regex::new(r"\bmod\s+([a-z_][a-z0-9_]*)\s*;").unwrap();
    for c in child.captures_iter(&code) {
        let name = &c[1];
        let flat = dir.join(format!("{name}.rs"));
        let nested = dir.join(name).join("mod.rs");
        let (child_file, child_dir) = if flat.exists() {
            (flat, dir.join(name))
        } else if nested.exists() {
            (nested, dir.join(name))
        } else {
            panic!("{}: no file for `mod {name};`", file.display());
        };
        let mut child_module = module.clone();
        child_module.push(name.to_string());
        read_module(&child_file, &child_dir, child_module, out);
    }
    out.insert(module, (file.to_path_buf(), code));
}

/// `text` with comments, string literals and character literals blanked out (newlines kept, so
/// that lines still count the same).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after_ident = i > 0 && ident(chars[i - 1]);
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if !after_ident && (c == 'r' || (c == 'b' && next == Some('r'))) && {
            // A raw string: `r"…"`, `r#"…"#`, `br"…"`.
            let start = if c == 'r' { i + 1 } else { i + 2 };
            let hashes = chars[start..].iter().take_while(|&&h| h == '#').count();
            chars.get(start + hashes) == Some(&'"')
        } {
            let start = if c == 'r' { i + 1 } else { i + 2 };
            let hashes = chars[start..].iter().take_while(|&&h| h == '#').count();
            let body = start + hashes + 1;
            let closing: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let rest: String = chars[body..].iter().collect();
            let len = rest
                .find(&closing)
                .map_or(rest.len(), |at| rest[..at].chars().count());
            out.extend(std::iter::repeat_n(' ', body - i));
            out.extend(chars[body..body + len].iter().map(|&c| blank(c)));
            out.extend(std::iter::repeat_n(
                ' ',
                closing.len().min(chars.len() - body - len),
            ));
            i = body + len + closing.len();
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && (next == Some('\\') || chars.get(i + 2) == Some(&'\'')) {
            // A character literal (`'x'`, `'\n'`, `'\u{1F600}'`), not a lifetime (`'a`).
            let end = (i + 2..chars.len())
                .find(|&j| chars[j] == '\'')
                .unwrap_or(chars.len() - 1);
            out.extend(std::iter::repeat_n(' ', end + 1 - i));
            i = end + 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// `code` without the items marked `#[cfg(test)]`: each such attribute, the attributes after it
/// and the item up to its `;` or the end of its `{ … }` body are blanked out.
fn non_test_code(code: &str) -> String {
    let attribute = Regex::new(r"#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\]").unwrap();
    let mut out = code.to_string();
    let mut from = 0;
    while let Some(m) = attribute.find_at(&out, from) {
        let bytes = out.as_bytes();
        let mut depth = 0i32;
        let mut end = out.len();
        for (j, &b) in bytes.iter().enumerate().skip(m.end()) {
            match b {
                b'(' | b'[' => depth += 1,
                b')' | b']' => depth -= 1,
                b';' if depth == 0 => {
                    end = j + 1;
                    break;
                }
                b'{' if depth == 0 => {
                    let mut braces = 0;
                    end = bytes[j..]
                        .iter()
                        .position(|&b| {
                            braces += match b {
                                b'{' => 1,
                                b'}' => -1,
                                _ => 0,
                            };
                            braces == 0
                        })
                        .map_or(out.len(), |k| j + k + 1);
                    break;
                }
                _ => {}
            }
        }
        let blanked: String = out[m.start()..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(m.start()..end, &blanked);
        from = end;
    }
    out
}

/// The module paths `module`'s code names through `crate::…` or `super::…` paths, in `use`
/// declarations (nested braced lists too) or inline, each with its byte offset.
fn uses(module: &Module, code: &str) -> Vec<(Module, usize)> {
    let start = Regex::new(r"\b(crate|(?:super\s*::\s*)*super)\s*::").unwrap();
    let mut out = Vec::new();
    for c in start.captures_iter(code) {
        let base: Module = if &c[1] == "crate" {
            Vec::new()
        } else {
            let ups = c[1].matches("super").count();
            // `super` in `a/b.rs` (module `a::b`) is `a`.
            match module.len().checked_sub(ups) {
                Some(n) => module[..n].to_vec(),
                None => continue,
            }
        };
        let at = c.get(0).unwrap().start();
        let rest = &code[c.get(0).unwrap().end()..];
        for used in use_tree(base, rest) {
            out.push((used, at));
        }
    }
    out
}

/// The module paths of the use tree at the start of `text` (after a `::`), below `base`:
/// `a::b::Item` → `base::a::b`; `{a::{b, c}, d::E}` → `base::a::b`, `base::a::c`, `base::d`.
/// Segments stop at the first that is not a lowercase name (a type, `*`, `self`).
fn use_tree(base: Module, text: &str) -> Vec<Module> {
    let text = text.trim_start();
    if let Some(inner) = text.strip_prefix('{') {
        let mut out = Vec::new();
        let mut depth = 0;
        let mut part = 0;
        for (j, b) in inner.bytes().enumerate() {
            match b {
                b'{' => depth += 1,
                b'}' if depth == 0 => {
                    out.extend(use_tree(base.clone(), &inner[part..j]));
                    break;
                }
                b'}' => depth -= 1,
                b',' if depth == 0 => {
                    out.extend(use_tree(base.clone(), &inner[part..j]));
                    part = j + 1;
                }
                _ => {}
            }
        }
        return out;
    }
    let name: String = text
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_')
        .collect();
    if name.is_empty() || name == "self" || name.starts_with(|c: char| c.is_ascii_digit()) {
        return if base.is_empty() { vec![] } else { vec![base] };
    }
    let mut path = base;
    path.push(name.clone());
    let rest = text[name.len()..].trim_start();
    match rest.strip_prefix("::") {
        Some(rest) => use_tree(path, rest),
        None => vec![path],
    }
}

/// Tarjan's strongly connected components of the graph.
fn strongly_connected(edges: &BTreeMap<Module, BTreeSet<Module>>) -> Vec<Vec<Module>> {
    struct State<'g> {
        edges: &'g BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<&'g Module, usize>,
        low: BTreeMap<&'g Module, usize>,
        stack: Vec<&'g Module>,
        on_stack: BTreeSet<&'g Module>,
        out: Vec<Vec<Module>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g Module) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on_stack.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut group = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                group.push(w.clone());
                if w == v {
                    break;
                }
            }
            group.sort();
            s.out.push(group);
        }
    }
    let mut s = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    let nodes: BTreeSet<&Module> = edges.keys().chain(edges.values().flatten()).collect();
    for v in nodes {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out.sort();
    s.out
}
