//! Embeds the sample council (`samples/`) so that `ipr init` works wherever the
//! binary is copied, and keeps working when the samples change.

use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let samples = root.join("samples");
    println!("cargo:rerun-if-changed=samples");
    let mut files = Vec::new();
    walk(&samples.join("returns"), &mut files);
    files.push(samples.join("register.xlsx"));
    let mut code = String::from("/// Sample files: (path relative to samples/, bytes).\npub const SAMPLE_FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&samples).expect("under samples");
        let rel = rel.to_string_lossy().replace('\\', "/");
        if rel
            .rsplit('/')
            .next()
            .is_some_and(|n| n.starts_with('.') || n.starts_with("~$"))
        {
            continue;
        }
        code.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
    let config = std::fs::read_to_string(samples.join("ipr.toml")).unwrap_or_default();
    code.push_str(&format!(
        "/// The sample settings file.\npub const SAMPLE_CONFIG: &str = {config:?};\n"
    ));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("samples.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
