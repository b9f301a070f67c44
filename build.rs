//! Embeds every file under `content/` into the binary: generates a list of
//! `(relative path, include_bytes!(...))` in OUT_DIR for `src/bundled.rs`,
//! and the dossier those files make, loaded and checked here once, as the
//! bytes the reader decodes at start instead of parsing the files again
//! (`bundled.postcard`; empty if it cannot be made, and the reader then
//! parses the files).
//!
//! On Linux with glibc it also links the unwinder into the program instead
//! of loading `libgcc_s.so.1` at every start ([`unwinder_linked_in`]), and
//! links the program at a fixed address ([`fixed_address`]).

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=content");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let content = root.join("content");
    unwinder_linked_in();
    fixed_address();
    linked_statically();
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

/// Links GCC's unwinder (`libgcc_eh.a`) into the program in place of the
/// shared `libgcc_s.so.1`, which Rust's standard library asks for on
/// Linux with glibc (`-lgcc_s`) and only uses when a panic unwinds.
///
/// Loading that library costs every start about 0.2 ms on a 2-core
/// machine, a twentieth of the bundled dossier's first frame: the dynamic
/// loader maps and relocates it, and its constructor probes the processor
/// with `cpuid`, which traps to the hypervisor on a virtual machine. A
/// linker script named `libgcc_s.so` in a folder searched first stands for
/// the library and names the archive instead. Panics unwind as before (the
/// tests' own panics go through it), and nothing else loads `libgcc_s`.
///
/// Only when building for Linux with glibc on the machine itself, and only
/// when the C compiler that links says where `libgcc_eh.a` is; otherwise
/// the program links as Rust links it by default.
fn unwinder_linked_in() {
    if !for_linux_gnu_here() {
        return;
    }
    let Some(archive) = c_archive("libgcc_eh.a") else {
        return;
    };
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("unwinder");
    let script = format!("INPUT(\"{archive}\")\n");
    if fs::create_dir_all(&dir).is_ok() && fs::write(dir.join("libgcc_s.so"), script).is_ok() {
        println!("cargo:rustc-link-search=native={}", dir.display());
    }
}

/// Links the `dossier` program as a position-dependent executable
/// (`-no-pie`): the loader then has no relocations to apply to it at start.
///
/// As a position-independent executable, the program's start relocates
/// about 5,500 pointers (vtables, the tables of the bundled dossier and of
/// the keymap), which writes to 23 pages of its own: copies the kernel
/// makes page by page, about 0.07 ms of a 4.4 ms first frame on a 2-core
/// machine, 1.5% of the bundled dossier's time against `less`'s. The cost
/// is that the program's own code is not placed at a random address (its
/// libraries, stack and heap still are); it is memory-safe Rust reading
/// text, and docs/performance.md weighs the trade.
///
/// Only for the program (tests and benches link as Rust links them by
/// default), and only for Linux with glibc on the machine itself, whose C
/// compiler takes `-no-pie`.
fn fixed_address() {
    if for_linux_gnu_here() {
        println!("cargo:rustc-link-arg-bin=dossier=-no-pie");
    }
}

/// Links the `dossier` program statically: the C library goes into the
/// program, which then starts with no dynamic loader at all.
///
/// With the C library loaded from `libc.so.6`, every start has the loader
/// map it, resolve the program's symbols against it and relocate it: about
/// 0.25 ms of processor time on a 2-core machine, where the bundled
/// dossier's first frame is within a few tenths of a millisecond of
/// `less`'s.
///
/// Rust's own way (`-C target-feature=+crt-static`) cannot be asked of a
/// plain `cargo build`: without `--target` it reaches the procedural macros
/// too, which cannot be built so, and with it the program moves out of
/// `target/release/`. So the program alone is linked with `-static`, and a
/// folder that only its link searches holds linker scripts named like the
/// shared libraries Rust asks for (`-lc`, `-lm`, `-lpthread`, ...), each
/// naming the C compiler's static archive instead (the C library's with
/// GCC's support and unwinder archives, which it calls into).
///
/// Only for the program (tests and benches link as Rust links them by
/// default), only for Linux with glibc on the machine itself, and only when
/// the C compiler says where every one of those archives is; otherwise the
/// program links dynamically as before.
fn linked_statically() {
    if !for_linux_gnu_here() {
        return;
    }
    let Some(libc) = c_archive("libc.a") else {
        return;
    };
    let (Some(libgcc), Some(libgcc_eh)) = (c_archive("libgcc.a"), c_archive("libgcc_eh.a")) else {
        return;
    };
    let mut scripts = vec![(
        "c".to_string(),
        format!("GROUP(\"{libc}\" \"{libgcc}\" \"{libgcc_eh}\")\n"),
    )];
    for name in ["m", "dl", "rt", "util", "pthread"] {
        let Some(path) = c_archive(&format!("lib{name}.a")) else {
            return;
        };
        scripts.push((name.to_string(), format!("INPUT(\"{path}\")\n")));
    }
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("static");
    if fs::create_dir_all(&dir).is_err() {
        return;
    }
    for (name, script) in &scripts {
        if fs::write(dir.join(format!("lib{name}.so")), script).is_err() {
            return;
        }
    }
    println!("cargo:rustc-link-arg-bin=dossier=-L{}", dir.display());
    println!("cargo:rustc-link-arg-bin=dossier=-static");
}

/// Where the C compiler that links (`RUSTC_LINKER`, else `cc`) has the
/// static archive `name`: `None` when it does not say, or when the path
/// cannot be written in a linker script as it is.
fn c_archive(name: &str) -> Option<String> {
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_string());
    let out = std::process::Command::new(&linker)
        .arg(format!("-print-file-name={name}"))
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    // A compiler that does not have it prints the bare name back.
    if !out.status.success() || !path.is_absolute() || !path.is_file() {
        return None;
    }
    path.to_str()
        .filter(|p| !p.contains(['"', ')']))
        .map(str::to_string)
}

/// Whether the program is built for Linux with glibc on the machine
/// itself, whose C compiler links it: the linking choices above are made
/// only then.
fn for_linux_gnu_here() -> bool {
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("HOST") == var("TARGET")
}
