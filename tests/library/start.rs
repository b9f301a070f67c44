//! What the program costs before its first frame: on Linux with glibc it
//! does not load `libgcc_s.so.1` at start (see `build.rs`), when the C
//! compiler that links it has GCC's static unwinder, and it is linked at a
//! fixed address, so that the loader has nothing of it to relocate. Whether panics still
//! unwind is tested in a real terminal (`restores_the_terminal_on_panic`).

use std::path::PathBuf;
use std::process::Command;

/// GCC's static unwinder, as `build.rs` looks for it.
fn static_unwinder() -> Option<PathBuf> {
    let out = Command::new("cc")
        .arg("-print-file-name=libgcc_eh.a")
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

/// The shared libraries the program names in its dynamic section, read
/// from its string table as the loader reads them: each name ends in a NUL.
fn names_library(bytes: &[u8], name: &str) -> bool {
    let wanted = format!("{name}\0");
    memchr::memmem::find_iter(bytes, wanted.as_bytes()).any(|at| at == 0 || bytes[at - 1] == 0)
}

#[test]
fn the_program_does_not_load_libgcc_s_at_start() {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) || static_unwinder().is_none() {
        eprintln!("skipped: not Linux with glibc, or no libgcc_eh.a to link");
        return;
    }
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_dossier")).expect("the program");
    assert!(
        names_library(&bytes, "libc.so.6"),
        "the search finds the libraries the program does load"
    );
    assert!(
        !names_library(&bytes, "libgcc_s.so.1"),
        "the program loads libgcc_s.so.1 at start: build.rs did not link the unwinder in"
    );
}

#[test]
fn a_library_name_is_found_only_whole() {
    let table = b"\0libgcc_s.so.1\0libc.so.6\0";
    assert!(names_library(table, "libc.so.6"));
    assert!(names_library(table, "libgcc_s.so.1"));
    assert!(!names_library(table, "c.so.6"));
    assert!(!names_library(b"\0libc.so.6.1\0", "libc.so.6"));
}

/// The ELF header's object type (`e_type`, at byte 16, little-endian on
/// the machines this runs on): 2 for an executable at a fixed address, 3
/// for a position-independent one (or a shared library).
fn elf_type(bytes: &[u8]) -> Option<u16> {
    let magic = bytes.get(..4)?;
    let at = bytes.get(16..18)?;
    (magic == b"\x7fELF").then(|| u16::from_le_bytes([at[0], at[1]]))
}

#[test]
fn the_program_is_linked_at_a_fixed_address() {
    if !cfg!(all(
        target_os = "linux",
        target_env = "gnu",
        target_endian = "little"
    )) {
        eprintln!("skipped: not Linux with glibc");
        return;
    }
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_dossier")).expect("the program");
    assert_eq!(
        elf_type(&bytes),
        Some(2),
        "the program is position-independent: build.rs did not link it with -no-pie"
    );
    // A test program is linked as Rust links by default.
    let own = std::fs::read(std::env::current_exe().expect("this test")).expect("this test");
    assert_eq!(elf_type(&own), Some(3), "the check tells the two apart");
}
