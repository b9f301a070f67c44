//! What the program costs before its first frame: on Linux with glibc it
//! is linked statically when the C compiler that links it has the static
//! archives (see `build.rs`), so that no loader runs before it; it does not
//! load `libgcc_s.so.1` at start, and it is linked at a fixed address, so
//! that nothing of it is relocated. Whether panics still unwind is tested in
//! a real terminal (`restores_the_terminal_on_panic`).

use std::path::PathBuf;
use std::process::Command;

/// A static archive of the C compiler that links, as `build.rs` looks for it.
fn archive(name: &str) -> Option<PathBuf> {
    let out = Command::new("cc")
        .arg(format!("-print-file-name={name}"))
        .output()
        .ok()?;
    let path = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    (out.status.success() && path.is_absolute() && path.is_file()).then_some(path)
}

/// Whether `build.rs` finds every archive it links the program statically with.
fn static_archives() -> bool {
    [
        "libc.a",
        "libgcc.a",
        "libgcc_eh.a",
        "libm.a",
        "libdl.a",
        "librt.a",
        "libutil.a",
        "libpthread.a",
    ]
    .iter()
    .all(|name| archive(name).is_some())
}

/// The types of an ELF file's program headers (64-bit, little-endian):
/// `e_phoff` at byte 32, `e_phentsize` at 54, `e_phnum` at 56, and each
/// header's type in its first four bytes.
fn program_headers(bytes: &[u8]) -> Option<Vec<u32>> {
    let field = |at: usize, len: usize| -> Option<u64> {
        let raw = bytes.get(at..at + len)?;
        Some(raw.iter().rev().fold(0, |n, b| n << 8 | u64::from(*b)))
    };
    (bytes.get(..5)? == b"\x7fELF\x02").then_some(())?;
    let offset = usize::try_from(field(32, 8)?).ok()?;
    let size = usize::try_from(field(54, 2)?).ok()?;
    let count = usize::try_from(field(56, 2)?).ok()?;
    (0..count)
        .map(|i| field(offset + i * size, 4).and_then(|t| u32::try_from(t).ok()))
        .collect()
}

/// `PT_INTERP`: the header that names the dynamic loader to run first.
const PT_INTERP: u32 = 3;

#[test]
fn the_program_starts_with_no_dynamic_loader() {
    if !cfg!(all(
        target_os = "linux",
        target_env = "gnu",
        target_arch = "x86_64"
    )) || !static_archives()
    {
        eprintln!("skipped: not Linux with glibc on x86-64, or no static archives to link");
        return;
    }
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_dossier")).expect("the program");
    let headers = program_headers(&bytes).expect("the program is a 64-bit ELF file");
    assert!(
        !headers.contains(&PT_INTERP),
        "the program names a dynamic loader: build.rs did not link it statically"
    );
    // A test program is linked as Rust links by default.
    let own = std::fs::read(std::env::current_exe().expect("this test")).expect("this test");
    let own = program_headers(&own).expect("this test is a 64-bit ELF file");
    assert!(own.contains(&PT_INTERP), "the check tells the two apart");
}

/// The shared libraries the program names in its dynamic section, read
/// from its string table as the loader reads them: each name ends in a NUL.
fn names_library(bytes: &[u8], name: &str) -> bool {
    let wanted = format!("{name}\0");
    memchr::memmem::find_iter(bytes, wanted.as_bytes()).any(|at| at == 0 || bytes[at - 1] == 0)
}

#[test]
fn the_program_does_not_load_libgcc_s_at_start() {
    if !cfg!(all(target_os = "linux", target_env = "gnu")) || archive("libgcc_eh.a").is_none() {
        eprintln!("skipped: not Linux with glibc, or no libgcc_eh.a to link");
        return;
    }
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_dossier")).expect("the program");
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
