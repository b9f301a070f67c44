//! Embeds every file under `content/` into the binary: generates a list of
//! `(relative path, include_bytes!(...))` in OUT_DIR for `src/bundled.rs`,
//! and the dossier those files make, loaded and checked here once, as the
//! bytes the reader decodes at start instead of parsing the files again
//! (`bundled.postcard`; empty if it cannot be made, and the reader then
//! parses the files).

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=content");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let content = root.join("content");
    let mut files = Vec::new();
    collect(&content, "", &mut files);
    files.sort();

    let mut code = String::from(
        "/// Every file under `content/`: path relative to it (with `/`), and its bytes.\n\
         static BUNDLED: &[(&str, &[u8])] = &[\n",
    );
    for (rel, full) in &files {
        code.push_str(&format!("    ({rel:?}, include_bytes!({full:?})),\n"));
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let out = out_dir.join("bundled.rs");
    if let Err(e) = fs::write(&out, code) {
        panic!("cannot write {}: {e}", out.display());
    }
    let loaded: Vec<(String, Vec<u8>)> = files
        .iter()
        .filter_map(|(rel, full)| Some((rel.clone(), fs::read(full).ok()?)))
        .collect();
    let dossier = dossier_core::content::load_files(loaded);
    let bytes = postcard::to_stdvec(&dossier).unwrap_or_default();
    let out = out_dir.join("bundled.postcard");
    if let Err(e) = fs::write(&out, bytes) {
        panic!("cannot write {}: {e}", out.display());
    }
}

/// Every regular file under `dir`, as (path relative to `content/`, absolute path).
fn collect(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            println!("cargo:warning=skipping a file name that is not UTF-8 under content/");
            continue;
        };
        let rel = format!("{prefix}{name}");
        if path.is_dir() {
            collect(&path, &format!("{rel}/"), out);
        } else if let Some(full) = path.to_str() {
            out.push((rel, full.to_string()));
        }
    }
}
