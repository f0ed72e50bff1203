//! Embeds the sample council (`samples/`) so that `ipr init` works wherever the
//! binary is copied, and keeps working when the samples change.

use std::path::PathBuf;

// The walker the crate uses for returns and forms, shared as a file so the
// samples embedded are found by the same rules.
#[allow(dead_code)]
#[path = "src/discover.rs"]
mod discover;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let samples = root.join("samples");
    println!("cargo:rerun-if-changed=samples");
    println!("cargo:rerun-if-changed=src/discover.rs");
    let mut files = Vec::new();
    // Lock files and hidden files are skipped by the walker; an unreadable
    // folder in the samples simply embeds less.
    discover::Walker::new().walk(
        &samples.join("returns"),
        &|_| true,
        &mut files,
        &mut Vec::new(),
    );
    files.push(samples.join("register.xlsx"));
    let mut code = String::from("/// Sample files: (path relative to samples/, bytes).\npub const SAMPLE_FILES: &[(&str, &[u8])] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&samples).expect("under samples");
        let rel = rel.to_string_lossy().replace('\\', "/");
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
