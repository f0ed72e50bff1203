//! The stages import one way, checked rather than promised: every `crate::`
//! and `super::` path in `src/` is read, and the test fails when a module
//! imports one in its own layer or a higher one, or when modules in two
//! folders import each other (directly or round a circle; a folder may use
//! what the folders it sits in share, as `super::` does).
//!
//! A new top-level module must be given a layer in [`LAYERS`]. Test code
//! (`#[cfg(test)]` items and `tests.rs` files) may reach anywhere.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules of the library, lowest first. A module may import
/// only modules in lower layers; the ground floor imports none.
const LAYERS: &[&[&str]] = &[
    // The ground floor: comparing text, writing numbers, A1 references,
    // periods, the folder walker, reading a user's file, and the contracts
    // of the ipr_metadata sheet and of the register's file.
    &[
        "text",
        "number",
        "cellref",
        "period",
        "discover",
        "metadata",
        "register_format",
        "infile",
    ],
    // The types every stage shares.
    &["model"],
    // The stages, in the order data flows through them.
    &["read"],
    &["register"],
    // The action plan (SPEC section 13), loaded as the register is.
    &["plan"],
    &["returns"],
    &["quality"],
    &["assess"],
    &["remedial"],
    &["report"],
    // What runs the stages.
    &["config"],
    &["workspace", "init"],
    &["pipeline"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{} cannot be read: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file under `src/`: `src/report/workbook/sheet.rs` is
/// `report::workbook::sheet`, `src/report/mod.rs` is `report`.
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The source without comments and without `#[cfg(test)]` items.
fn production_code(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let code = line.split("//").next().unwrap_or("");
        if line.trim_start().starts_with("#[cfg(test)]") {
            // Skip the item that follows: to its `;`, or to its closing brace.
            let mut depth = 0i32;
            let mut opened = false;
            for next in lines.by_ref() {
                let code = next.split("//").next().unwrap_or("");
                depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
                opened |= code.contains('{');
                if (opened && depth <= 0) || (!opened && code.trim_end().ends_with(';')) {
                    break;
                }
            }
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    out
}

/// Every path a file's code names that starts `crate::` or `super::`,
/// resolved to a path from the crate root: `use crate::{a::B, c}` gives
/// `a::B` and `c`; `super::x` in `report::workbook::sheet` gives `report::workbook::x`.
fn paths_named(code: &str, module: &[String], is_root_file: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (prefix, base) in [
        ("crate::", Vec::new()),
        ("super::", parent(module, is_root_file)),
    ] {
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + prefix.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            for tail in expand(rest) {
                let mut p = base.clone();
                p.extend(tail);
                out.push(p);
            }
        }
    }
    out
}

/// The module `super` names from `module`: its parent (for a folder's
/// `mod.rs` or root file, the folder's parent).
fn parent(module: &[String], _is_root_file: bool) -> Vec<String> {
    module[..module.len().saturating_sub(1)].to_vec()
}

/// The paths after a `crate::` or `super::`: `a::b::C` or a group `{a::B, c::{d, e}}`.
fn expand(text: &str) -> Vec<Vec<String>> {
    let ident = |s: &str| -> usize {
        s.find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    let mut path = Vec::new();
    let mut s = text;
    loop {
        if let Some(group) = s.strip_prefix('{') {
            return expand_group(&path, group);
        }
        let n = ident(s);
        if n == 0 {
            break;
        }
        path.push(s[..n].to_string());
        s = &s[n..];
        match s.strip_prefix("::") {
            Some(r) => s = r,
            None => break,
        }
    }
    if path.is_empty() {
        Vec::new()
    } else {
        vec![path]
    }
}

/// Each path of the group that starts `group` (after its `{`), after `path`.
fn expand_group(path: &[String], group: &str) -> Vec<Vec<String>> {
    let mut depth = 1;
    let end = group
        .char_indices()
        .find(|&(_, c)| {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            depth == 0
        })
        .map_or(group.len(), |(i, _)| i);
    let mut out = Vec::new();
    for part in split_top(&group[..end]) {
        for tail in expand(part.trim()) {
            let mut p = path.to_vec();
            p.extend(tail);
            out.push(p);
        }
    }
    out
}

/// `a, b::{c, d}, e` split at its top-level commas.
fn split_top(s: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// One file's module, the folder it belongs to and what it names.
struct File {
    shown: String,
    module: Vec<String>,
    folder: Vec<String>,
    named: Vec<Vec<String>>,
}

fn read_library() -> Vec<File> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out = Vec::new();
    for f in files {
        let module = module_path(&src, &f);
        let top = module.first().cloned().unwrap_or_default();
        // The binary (main.rs and cli/) reaches the library as `ipr::`, and the
        // crate root only declares the modules.
        if module.is_empty() || top == "main" || top == "lib" || top == "cli" {
            continue;
        }
        let name = f.file_stem().unwrap().to_string_lossy();
        if name == "tests" || name.ends_with("_tests") {
            continue;
        }
        let is_root_file = f.file_name().is_some_and(|n| n == "mod.rs")
            || f.with_extension("").is_dir()
            || module.len() == 1;
        // A folder of modules is one place: a file in it belongs to the folder.
        let folder = if is_root_file {
            module.clone()
        } else {
            module[..module.len() - 1].to_vec()
        };
        let text = std::fs::read_to_string(&f).unwrap();
        let code = production_code(&text);
        let named = paths_named(&code, &module, is_root_file);
        out.push(File {
            shown: f.strip_prefix(&src).unwrap().display().to_string(),
            module,
            folder,
            named,
        });
    }
    out
}

#[test]
fn no_module_imports_one_in_its_own_layer_or_above() {
    let mut wrong = Vec::new();
    for f in read_library() {
        let top = &f.module[0];
        let Some(mine) = layer_of(top) else {
            wrong.push(format!(
                "src/{}: the module `{top}` is in no layer: add it to LAYERS in tests/layering.rs where it belongs",
                f.shown
            ));
            continue;
        };
        let mut seen = BTreeSet::new();
        for p in &f.named {
            let Some(other) = p.first() else { continue };
            if other == top || other == "self" || !seen.insert(other.clone()) {
                continue;
            }
            match layer_of(other) {
                Some(theirs) if theirs < mine => {}
                Some(_) => wrong.push(format!(
                    "src/{}: `{top}` imports `{other}` ({}), which is not below it: stages import one way (tests/layering.rs, LAYERS)",
                    f.shown,
                    p.join("::")
                )),
                None => {}
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}\n", wrong.join("\n"));
}

#[test]
fn no_two_folders_import_each_other() {
    let files = read_library();
    let folders: BTreeSet<Vec<String>> = files.iter().map(|f| f.folder.clone()).collect();
    // The folder a named path lies in: its longest prefix that is a folder.
    let folder_of = |p: &[String]| -> Option<Vec<String>> {
        (1..=p.len())
            .rev()
            .map(|n| p[..n].to_vec())
            .find(|prefix| folders.contains(prefix))
    };
    let mut edges: BTreeMap<Vec<String>, BTreeMap<Vec<String>, String>> = BTreeMap::new();
    for f in &files {
        for p in &f.named {
            // A folder may use what its parent folders share (`super::`): a
            // folder holds its subfolders. Every other circle is one.
            let up = |to: &Vec<String>| f.folder.starts_with(to);
            if let Some(to) = folder_of(p).filter(|to| *to != f.folder && !up(to)) {
                edges
                    .entry(f.folder.clone())
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| format!("src/{} names {}", f.shown, p.join("::")));
            }
        }
    }
    // A circle is a path back to where it started.
    let mut circles = Vec::new();
    for start in edges.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut visited = BTreeSet::new();
        while let Some((at, path)) = stack.pop() {
            for to in edges.get(&at).map(|e| e.keys()).into_iter().flatten() {
                if to == start {
                    let mut names: Vec<String> = path.iter().map(|m| m.join("::")).collect();
                    names.push(start.join("::"));
                    let why: Vec<&str> = path
                        .iter()
                        .zip(path.iter().skip(1).chain([start]))
                        .map(|(a, b)| edges[a][b].as_str())
                        .collect();
                    circles.push(format!("{} ({})", names.join(" -> "), why.join("; ")));
                } else if visited.insert(to.clone()) {
                    let mut next = path.clone();
                    next.push(to.clone());
                    stack.push((to.clone(), next));
                }
            }
        }
    }
    assert!(
        circles.is_empty(),
        "folders that import each other:\n{}\n",
        circles.join("\n")
    );
}

#[test]
fn model_types_have_one_path() {
    let mut wrong = Vec::new();
    for f in read_library() {
        if f.module[0] == "model" {
            continue;
        }
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src")
            .join(&f.shown);
        let code = production_code(&std::fs::read_to_string(&src).unwrap());
        for line in code
            .lines()
            .filter(|l| l.trim_start().starts_with("pub use"))
        {
            if line.contains("crate::model") {
                wrong.push(format!("src/{}: {}", f.shown, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "the shared types are used from ipr::model, never through another module:\n{}\n",
        wrong.join("\n")
    );
}

#[test]
fn paths_are_read_as_the_compiler_reads_them() {
    let module = vec![
        "report".to_string(),
        "workbook".to_string(),
        "sheet".to_string(),
    ];
    let code = "use crate::{model::{Consolidation, Rag}, period::Period};\nuse super::styles::Styles;\nlet x = crate::number::up_to(1.0, 2);\nlet y = ipr_crate::nothing;";
    let named: Vec<String> = paths_named(code, &module, false)
        .iter()
        .map(|p| p.join("::"))
        .collect();
    assert_eq!(
        named,
        [
            "model::Consolidation",
            "model::Rag",
            "period::Period",
            "number::up_to",
            "report::workbook::styles::Styles",
        ]
    );
    let code = "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::report::x;\n}\n// crate::pipeline in a comment\nuse crate::b;";
    assert_eq!(production_code(code), "use crate::a;\n\nuse crate::b;\n");
}
