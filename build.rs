//! Embeds the sample library (src/sample/*.md) so the binaries carry it.

use std::fmt::Write;

fn main() {
    let dir = std::path::Path::new("src/sample");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("[\n");
    // Paths relative to the crate, resolved when the library compiles: a
    // shared target dir serves clones at other paths without a stale path.
    for name in names {
        writeln!(
            code,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/src/sample/{name}\"))),"
        )
        .unwrap();
    }
    code.push(']');
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("sample_posts.rs");
    std::fs::write(out, code).unwrap();
}
