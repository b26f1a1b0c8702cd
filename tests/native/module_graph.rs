//! Dependencies point one way: no import cycle between the files under
//! `src/` (issue 19).
//!
//! Each file is a module (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`,
//! `src/lib.rs` the crate root; `src/main.rs` and `src/bin/` are left out).
//! Its edges are the paths its code names: `crate::…`, `super::…`,
//! `self::…` and paths that start with a child module's name
//! (`pub use clock::now_ms`), groups expanded (`use crate::a::{b, c::D}`),
//! each resolved to the longest prefix that is a module file. `mod x;` is
//! not an edge, so a child may use its parent. No strongly connected
//! component may hold more than one module.
//!
//! Limits: a text scan, not a compiler. Comments, string and char literals
//! are skipped (raw strings are not); paths made by macros or written in
//! strings are not seen, and a re-exported item counts as the module's
//! that re-exports it, not the one's that defines it.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::path::{Path, PathBuf};

type Module = Vec<String>;
type Graph = BTreeMap<Module, BTreeSet<Module>>;

fn name(m: &Module) -> String {
    Some(m.join("::"))
        .filter(|n| !n.is_empty())
        .unwrap_or("crate".into())
}

/// The `.rs` files under `dir` by module (`a/b.rs`, `a/b/mod.rs`: `a::b`;
/// `lib.rs`: the root), but for the binaries (`main.rs`, `bin/`).
fn modules_in(dir: &Path, parent: &Module, out: &mut BTreeMap<Module, PathBuf>) {
    for entry in fs::read_dir(dir).expect("read a folder under src/") {
        let path = entry.expect("a folder entry").path();
        let stem = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let module = [parent.clone(), vec![stem.clone()]].concat();
        if path.is_dir() && module != ["bin"] {
            modules_in(&path, &module, out);
        } else if path.extension().is_some_and(|e| e == "rs") && module != ["main"] {
            let root = stem == "mod" || module == ["lib"];
            out.insert(if root { parent.clone() } else { module }, path);
        }
    }
}

fn is_ident(token: &str) -> bool {
    token.starts_with(|c: char| c.is_alphanumeric() || c == '_')
}

/// The index after the first `end` from `i` on; `\` escapes a char if `escapes`.
fn after(c: &[char], mut i: usize, end: char, escapes: bool) -> usize {
    while i < c.len() && c[i] != end {
        i += if escapes && c[i] == '\\' { 2 } else { 1 };
    }
    i + 1
}

/// The code's identifiers, `::` and punctuation; comments and (non-raw)
/// string and char literals left out.
fn tokens(code: &str) -> Vec<String> {
    let c: Vec<char> = code.chars().collect();
    let at = |k: usize| c.get(k).copied().unwrap_or(' ');
    let (mut out, mut i) = (Vec::new(), 0);
    while i < c.len() {
        let (start, next) = (i, at(i + 1));
        i += 1;
        match c[start] {
            '/' if next == '/' => i = after(&c, i, '\n', false),
            '/' if next == '*' => {
                i = (i + 2..c.len())
                    .find(|&k| c[k - 1] == '*' && c[k] == '/')
                    .map_or(c.len(), |k| k + 1)
            }
            '"' => i = after(&c, i, '"', true),
            '\'' if next == '\\' || at(i + 1) == '\'' => i = after(&c, i, '\'', true),
            ':' if next == ':' => {
                out.push("::".to_string());
                i += 1;
            }
            ch if is_ident(&ch.to_string()) => {
                while is_ident(&at(i).to_string()) {
                    i += 1;
                }
                out.push(c[start..i].iter().collect());
            }
            ch if !ch.is_whitespace() => out.push(ch.to_string()),
            _ => {}
        }
    }
    out
}

/// The paths from `toks[*i]` on, groups expanded (`a::{b, c::D}` is `a::b`
/// and `a::c::D`); leaves `*i` after them.
fn paths(toks: &[String], i: &mut usize) -> Vec<Module> {
    let tok = |k: usize| toks.get(k).map_or("", String::as_str);
    let mut prefix = Vec::new();
    while is_ident(tok(*i)) {
        prefix.push(tok(*i).to_string());
        if tok(*i + 1) != "::" {
            *i += 1;
            return vec![prefix];
        }
        *i += 2;
    }
    if tok(*i) != "{" {
        return vec![prefix];
    }
    let mut out = Vec::new();
    *i += 1;
    while !matches!(tok(*i), "}" | "") {
        if tok(*i) == "as" {
            *i += 2;
        } else if is_ident(tok(*i)) {
            let items = paths(toks, i);
            out.extend(items.into_iter().map(|p| [prefix.clone(), p].concat()));
        } else {
            out.push(prefix.clone()); // `*`, or a harmless `,`
            *i += 1;
        }
    }
    *i += 1;
    out
}

/// The other modules that module `m`'s code names.
fn edges(m: &Module, code: &str, modules: &BTreeSet<Module>) -> BTreeSet<Module> {
    let toks = tokens(code);
    let (mut out, mut i) = (BTreeSet::new(), 0);
    while i < toks.len() {
        if !is_ident(&toks[i]) || (i > 0 && toks[i - 1] == "::") {
            i += 1;
            continue;
        }
        for p in paths(&toks, &mut i).into_iter().filter(|p| p.len() > 1) {
            let (mut target, rest) = match p[0].as_str() {
                "crate" => (Vec::new(), &p[1..]),
                "self" => (m.clone(), &p[1..]),
                "super" => (m.clone(), &p[..]),
                _ if modules.contains(&[m, &p[..1]].concat()) => (m.clone(), &p[..]),
                _ => continue,
            };
            for s in rest {
                match s.as_str() {
                    "super" => drop(target.pop()),
                    "self" => {}
                    _ => target.push(s.clone()),
                }
            }
            while !modules.contains(&target) {
                target.pop();
            }
            if &target != m {
                out.insert(target);
            }
        }
    }
    out
}

/// Each module reached from `from`, with the module it was first reached from.
fn reach(graph: &Graph, from: &Module) -> BTreeMap<Module, Module> {
    let (mut parent, mut queue) = (BTreeMap::new(), VecDeque::from([from.clone()]));
    while let Some(v) = queue.pop_front() {
        for w in &graph[&v] {
            if !parent.contains_key(w) {
                parent.insert(w.clone(), v.clone());
                queue.push_back(w.clone());
            }
        }
    }
    parent
}

#[test]
fn no_import_cycle_between_the_files_under_src() {
    let mut files = BTreeMap::new();
    modules_in(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &vec![],
        &mut files,
    );
    let modules: BTreeSet<Module> = files.keys().cloned().collect();
    let mut graph = Graph::new();
    for (m, file) in &files {
        let code = fs::read_to_string(file).expect("read a file under src/");
        graph.insert(m.clone(), edges(m, &code, &modules));
    }
    let edge_count: usize = graph.values().map(BTreeSet::len).sum();
    // 53 modules and 142 edges when this was written: a scanner that finds
    // nothing must not pass.
    let figures = format!("{} modules, {edge_count} edges", modules.len());
    println!("module graph: {figures}");
    assert!(
        modules.len() >= 45 && edge_count >= 120,
        "the scan found too little: {figures}"
    );

    // Strongly connected components by reachability: v and w are in one
    // when each reaches the other; v is in a cycle when it reaches itself.
    let reached: BTreeMap<&Module, _> = modules.iter().map(|m| (m, reach(&graph, m))).collect();
    let (mut seen, mut cycles) = (BTreeSet::new(), Vec::new());
    for v in modules.iter().filter(|v| reached[v].contains_key(*v)) {
        if seen.contains(v) {
            continue;
        }
        let component: Vec<&Module> = modules
            .iter()
            .filter(|w| reached[v].contains_key(*w) && reached[w].contains_key(v))
            .collect();
        seen.extend(component.iter().cloned());
        let mut cycle = vec![v];
        while cycle.len() == 1 || cycle.last() != Some(&v) {
            cycle.push(&reached[v][*cycle.last().unwrap()]);
        }
        let cycle: Vec<String> = cycle.into_iter().rev().map(name).collect();
        let names: Vec<String> = component.into_iter().map(name).collect();
        cycles.push(format!(
            "{}  (all of: {})",
            cycle.join(" -> "),
            names.join(", ")
        ));
    }
    assert!(
        cycles.is_empty(),
        "import cycles between files under src/ (issue 19), {figures}:\n{}",
        cycles.join("\n")
    );
}
