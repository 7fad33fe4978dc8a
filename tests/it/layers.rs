//! Modules point one way: no module uses one that uses it back, neither between the top-level
//! modules of the library nor between the modules of one parent (of the library or of the
//! binary). Test code is left out: a `tests` module may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::support::root;

/// A module path below its crate root, e.g. `["render", "update"]`.
type Module = Vec<String>;

#[test]
fn library_modules_have_no_cycles() {
    let cycles = cycles_in(&root().join("src"), &["bin"]);
    assert!(
        cycles.is_empty(),
        "import cycles in the library: {cycles:#?}"
    );
}

#[test]
fn binary_modules_have_no_cycles() {
    let cycles = cycles_in(&root().join("src/bin/cardgen"), &[]);
    assert!(
        cycles.is_empty(),
        "import cycles in the binary: {cycles:#?}"
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
    let cycles = cycles_in(src, &[]);
    assert_eq!(
        cycles,
        vec![
            vec!["card".to_string(), "render".to_string()],
            vec!["render::a".to_string(), "render::b".to_string()],
        ]
    );
}

/// The groups of modules that use each other, each sorted, as `a::b` paths: at the top level,
/// and among the children of each module.
fn cycles_in(src: &Path, skip: &[&str]) -> Vec<Vec<String>> {
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for file in rust_files(src, skip) {
        let module = module_of(src, &file);
        let text = std::fs::read_to_string(&file).unwrap();
        for used in uses(&module, non_test_code(&text)) {
            // An edge between the two modules' children of their deepest common parent.
            let common = module.iter().zip(&used).take_while(|(a, b)| a == b).count();
            if common < module.len() && common < used.len() {
                let from = module[..=common].to_vec();
                let to = used[..=common].to_vec();
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    strongly_connected(&edges)
        .into_iter()
        .filter(|group| group.len() > 1)
        .map(|group| group.iter().map(|m| m.join("::")).collect())
        .collect()
}

fn rust_files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if skip.contains(&name.as_str()) || name == "tests" || name == "tests.rs" {
            continue;
        }
        if path.is_dir() {
            out.extend(rust_files(&path, &[]));
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// `src/render/update.rs` → `["render", "update"]`; `mod.rs`, `lib.rs` and `main.rs` stand for
/// their folder.
fn module_of(src: &Path, file: &Path) -> Module {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Module = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The text before the first `#[cfg(test)]`: test modules stand at the end of a file.
fn non_test_code(text: &str) -> &str {
    text.find("#[cfg(test)]").map_or(text, |at| &text[..at])
}

/// The modules `module`'s code names through `crate::…` or `super::…` paths, in `use`
/// declarations (braced lists too) or inline.
fn uses(module: &Module, code: &str) -> Vec<Module> {
    let path = Regex::new(
        r"\b(crate|(?:super::)*super)::(\{[^}]*\}|[a-z_][a-z0-9_]*(?:::[a-z_][a-z0-9_]*)*)",
    )
    .unwrap();
    let mut out = Vec::new();
    for c in path.captures_iter(code) {
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
        let items = c[2].trim_start_matches('{').trim_end_matches('}');
        for item in items.split(',') {
            let mut used = base.clone();
            used.extend(
                item.trim()
                    .split("::")
                    .take_while(|s| s.starts_with(|c: char| c.is_ascii_lowercase() || c == '_'))
                    .filter(|s| *s != "self")
                    .map(String::from),
            );
            if !used.is_empty() {
                out.push(used);
            }
        }
    }
    out
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
