//! Problem codes: the table in docs/format.md is the program's list, each
//! code is unique, and mistakes get the code of their kind.

use crate::common;

use common::{EVENT, ISSUE, load, problems};
use dossier_core::content::Code;

#[test]
fn the_documented_table_is_the_list_of_codes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"))
        .expect("format.md");
    let table = doc
        .split("| code | the problem |")
        .nth(1)
        .expect("the table of codes");
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(documented, codes);
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "codes are unique");
}

fn codes(changes: &[(&str, Option<&str>)]) -> Vec<&'static str> {
    load(changes)
        .problems
        .iter()
        .map(|p| p.code().name())
        .collect()
}

#[test]
fn each_mistake_gets_the_code_of_its_kind() {
    let ev = |from: &str, to: &str| EVENT.replacen(from, to, 1);
    for (changes, expected) in [
        (
            vec![("events/e.toml", Some("title = \"E\nx\"\n".to_string()))],
            vec!["toml-syntax"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary = \"S\"", "summary = \"S\"\ntitle = \"F\"")),
            )],
            vec!["duplicate-key"],
        ),
        (
            vec![("events/e.toml", Some(ev("summary", "sumary")))],
            vec!["unknown-field"],
        ),
        (
            vec![("events/e.toml", Some(ev("title = \"E\"", "title = 1")))],
            vec!["invalid-type"],
        ),
        (
            vec![("events/e.toml", Some(ev("summary = \"S\"\n", "")))],
            vec!["missing-field"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary = \"S\"", "summary = \" \"")),
            )],
            vec!["empty-field"],
        ),
        (
            vec![("articles/a.txt", Some("no front matter".to_string()))],
            vec!["front-matter"],
        ),
        (
            vec![("events/e.toml", Some(ev("2024-05-10", "2024-13")))],
            vec!["bad-date"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary", "end = \"2024-04\"\nsummary")),
            )],
            vec!["end-before-date"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary", "kind = \"talk\"\nsummary")),
            )],
            vec!["unknown-kind"],
        ),
        (
            vec![("events/e.toml", Some(ev("[\"i\"]", "[\"j\"]")))],
            vec!["unknown-id"],
        ),
        (
            vec![("events/e.toml", Some(ev("met again", "met twice")))],
            vec!["quote-not-found"],
        ),
        (
            vec![("events/e.toml", Some(ev("met again", "The union")))],
            vec!["ambiguous-quote"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("met again\"", "met again\"\noccurrence = 2")),
            )],
            vec!["occurrence-out-of-range"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary", "after = \"e\"\nsummary")),
            )],
            vec!["bad-after"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary = \"S\"", "summary = \"[[nothing-here]]\"")),
            )],
            vec!["bad-link"],
        ),
        (
            vec![("events/e.toml", Some(ev("issues = [\"i\"]\n", "")))],
            vec!["event-without-issue", "issue-untouched"],
        ),
        (
            vec![("articles/b.txt", Some(common::ARTICLE.to_string()))],
            vec!["article-uncited"],
        ),
        (
            vec![("events/E.toml", Some(EVENT.to_string()))],
            vec!["bad-file-name"],
        ),
        (
            vec![("events/x.tml", Some(EVENT.to_string()))],
            vec!["file-not-read"],
        ),
        (vec![("dossier.toml", None)], vec!["not-a-dossier"]),
        (
            vec![("events/f.toml", Some(EVENT.to_string()))],
            vec!["copied-entry"],
        ),
        (
            vec![("issues/j.toml", Some(ISSUE.to_string()))],
            vec!["copied-entry", "issue-untouched"],
        ),
    ] {
        let changes: Vec<(&str, Option<&str>)> =
            changes.iter().map(|(p, t)| (*p, t.as_deref())).collect();
        assert_eq!(codes(&changes), expected, "{changes:?}");
    }
    let _ = ISSUE;
}

/// The problems of files given in memory, as printed, with their codes.
fn printed_with_codes(files: Vec<(String, Vec<u8>)>) -> Vec<(String, &'static str)> {
    dossier_core::content::load_files(files)
        .problems
        .iter()
        .map(|p| (p.to_string(), p.code().name()))
        .collect()
}

#[test]
fn a_file_that_is_not_utf8_is_placed_at_its_first_bad_byte() {
    let mut files = common::with(&[]);
    let mut bytes = b"title = \"E\"\ndate = \"2024-05-10\"\nsummary = \"caf".to_vec();
    bytes.extend_from_slice(&[0xe9, b'"', b'\n']);
    files.push(("events/bad.toml".to_string(), bytes));
    assert_eq!(
        printed_with_codes(files),
        [(
            "events/bad.toml:3:15: error: file is not valid UTF-8\n  help: save the file as UTF-8"
                .to_string(),
            "not-utf8"
        )]
    );
}

#[test]
fn a_file_over_the_limit_is_not_read() {
    let mut files = common::with(&[]);
    let big = vec![b'a'; dossier_core::content::MAX_FILE_BYTES + 1];
    files.push(("events/big.toml".to_string(), big));
    assert_eq!(
        printed_with_codes(files),
        [(
            "events/big.toml: error: file is too large (over 67108864 bytes; the limit is 64 MiB)"
                .to_string(),
            "file-too-large"
        )]
    );
}

#[test]
fn a_file_given_twice_is_named() {
    let mut files = common::with(&[]);
    files.push(("events/e.toml".to_string(), EVENT.as_bytes().to_vec()));
    assert_eq!(
        printed_with_codes(files),
        [(
            "events/e.toml: error: duplicate file".to_string(),
            "duplicate-file"
        )]
    );
}

/// `dossier check --format json --content DIR`, its lines and exit code.
fn check_json(dir: &std::path::Path) -> (Vec<String>, Option<i32>) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--content"])
        .arg(dir)
        .output()
        .expect("run dossier");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (
        stdout.lines().map(str::to_string).collect(),
        out.status.code(),
    )
}

#[test]
fn a_folder_that_cannot_be_opened_says_why() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let missing = tmp.path().join("nowhere");
    let (lines, code) = check_json(&missing);
    let shown = missing.display().to_string();
    assert_eq!(
        lines,
        [format!(
            "{{\"path\":\"{shown}\",\"line\":null,\"column\":null,\"severity\":\"error\",\"code\":\"cannot-read\",\"message\":\"cannot open the dossier folder: No such file or directory (os error 2)\",\"help\":null}}"
        )]
    );
    assert_eq!(code, Some(1));
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_folder_is_reported_and_not_followed() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("d");
    for (path, bytes) in common::with(&[]) {
        let full = dir.join(&path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("folder");
        std::fs::write(full, bytes).expect("write");
    }
    let secret = tmp.path().join("secret.toml");
    std::fs::write(&secret, EVENT).expect("write");
    std::os::unix::fs::symlink(&secret, dir.join("events/leak.toml")).expect("link");
    let (lines, code) = check_json(&dir);
    let shown = dir.display().to_string();
    assert_eq!(
        lines,
        [format!(
            "{{\"path\":\"{shown}/events/leak.toml\",\"line\":null,\"column\":null,\"severity\":\"warning\",\"code\":\"link-outside\",\"message\":\"links outside the dossier are not followed\",\"help\":null}}"
        )]
    );
    assert_eq!(code, Some(0));
}

#[test]
fn a_copied_entry_names_both_files_and_dates_compare_by_meaning() {
    let copy = |event: &str| {
        load(&[("events/f.toml", Some(event))])
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
    };
    // Copied unchanged, with its fields in another order and other spacing.
    let reordered = "date = \"2024-05-10\"\ntitle   =   \"E\"\nissues = [\"i\"]\nsummary = \"Other words\"\n[[sources]]\nquote = \"met  again\"\narticle = \"a\"\n";
    for event in [EVENT, reordered] {
        assert_eq!(
            copy(event),
            [
                "events/f.toml:1:1: warning: this event repeats `events/e.toml`: the same title, date and sources under another id\n  help: a copied file left unchanged shows the same event twice: change what differs, or delete one of `events/f.toml` and `events/e.toml`"
            ],
        );
    }
    // A date that means something else, another title, another passage: no warning.
    for (from, to) in [
        ("2024-05-10", "2024-05-10?"),
        ("2024-05-10", "2024-05"),
        ("title = \"E\"", "title = \"F\""),
        ("met again", "The union and the studios met again"),
    ] {
        assert_eq!(
            copy(&EVENT.replacen(from, to, 1)),
            Vec::<String>::new(),
            "{to}"
        );
    }
}

#[test]
fn a_copy_is_found_whatever_the_order_of_its_sources_and_the_spacing_of_its_title() {
    let two = "title = \"Talks  resume\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n";
    let swapped = "title = \" Talks resume \"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n";
    let copied = |files: &[(&str, Option<&str>)]| {
        problems(files)
            .into_iter()
            .filter(|p| p.contains("repeats"))
            .map(|p| p.lines().next().unwrap_or_default().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        copied(&[
            ("events/e.toml", Some(two)),
            ("events/f.toml", Some(swapped))
        ]),
        [
            "events/f.toml:1:1: warning: this event repeats `events/e.toml`: the same title, date and sources under another id"
        ]
    );
    // One source less is another event.
    let one = swapped.replacen(
        "\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n",
        "",
        1,
    );
    assert_eq!(
        copied(&[("events/e.toml", Some(two)), ("events/f.toml", Some(&one))]),
        Vec::<String>::new()
    );
    // Issues too, and a third copy names the first.
    assert_eq!(
        copied(&[
            ("issues/j.toml", Some(ISSUE)),
            ("issues/k.toml", Some(ISSUE))
        ]),
        [
            "issues/j.toml:1:1: warning: this issue repeats `issues/i.toml`: the same title and sources under another id",
            "issues/k.toml:1:1: warning: this issue repeats `issues/i.toml`: the same title and sources under another id"
        ]
    );
}
