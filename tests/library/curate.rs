//! Curating from an empty folder with the real binary: `new`, `add article`
//! and `quote`, their refusals and exit codes, and a whole curator's path to
//! a dossier that `check` passes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn run_in(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(bytes) = stdin {
        input.write_all(bytes).expect("write stdin");
    }
    drop(input);
    child.wait_with_output().expect("the binary ends")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh, empty working folder for one test.
fn workdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-curate-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    dir
}

/// A new dossier `d` in a fresh work folder, holding one article.
fn dossier_with(name: &str, id: &str, text: &str) -> PathBuf {
    let w = workdir(name);
    assert_eq!(run_in(&w, &["new", "d"], None).status.code(), Some(0));
    std::fs::write(w.join("text.txt"), text).expect("write");
    let o = run_in(
        &w,
        &["add", "article", "text.txt", "--id", id, "--content", "d"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    w
}

const TEXT: &str = "Animators ask for a four-day week\n\nThe union wants the four-day\nweek of 32 hours. The studios said “not now” — and the union said the four-day week\nwas not negotiable.\n";

#[test]
fn a_new_dossier_passes_check_and_a_used_folder_is_refused() {
    let w = workdir("new");
    let o = run_in(&w, &["new", "d"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "created d/dossier.toml and the folders articles/, events/ and issues/\nnext: dossier add article FILE --id ID --content d\n"
    );
    let toml = std::fs::read_to_string(w.join("d/dossier.toml")).expect("dossier.toml");
    assert!(toml.contains("title = \"d\"\n"), "{toml}");
    let o = run_in(&w, &["check", "--content", "d"], None);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        out(&o),
        "0 events, 0 issues, 0 articles: 0 errors, 0 warnings\n"
    );

    let o = run_in(&w, &["new", "d", "--title", "Other"], None);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        "dossier: `d` already exists and is not empty; a new dossier needs a new or empty folder\n"
    );
    assert_eq!(
        std::fs::read_to_string(w.join("d/dossier.toml")).ok(),
        Some(toml)
    );
    // An existing empty folder is fine, and --title is written escaped.
    std::fs::create_dir(w.join("e")).expect("mkdir");
    let o = run_in(&w, &["new", "e", "--title", "The \"talks\""], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let toml = std::fs::read_to_string(w.join("e/dossier.toml")).expect("dossier.toml");
    assert!(toml.contains("title = \"The \\\"talks\\\"\"\n"), "{toml}");
}

#[test]
fn new_event_and_issue_find_the_dossier_upwards_and_never_overwrite() {
    let w = workdir("entity");
    assert_eq!(run_in(&w, &["new", "d"], None).status.code(), Some(0));
    let events = w.join("d/events");
    // From inside the dossier, two levels down: found as git finds its repository.
    let o = run_in(
        &events,
        &["new", "event", "talks-end", "--title", "Talks end"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let file = std::fs::read_to_string(events.join("talks-end.toml")).expect("event file");
    for field in [
        "title = \"Talks end\"",
        "date = \"\"",
        "# end =",
        "# after =",
        "kind = \"other\"",
        "issues = []",
        "summary = \"\"\"",
        "# date_note =",
        "# disputed =",
        "# [[sources]]",
        "# article =",
        "# quote =",
        "# occurrence =",
        "# note =",
    ] {
        assert!(file.contains(field), "{field} missing from:\n{file}");
    }
    // Each field is explained on the line above it.
    assert!(file.contains("# What happened, in a few words (required).\ntitle ="));
    let o = run_in(&events, &["new", "event", "talks-end"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).ends_with("events/talks-end.toml already exists; nothing was written\n"),
        "{}",
        err(&o)
    );
    assert_eq!(
        std::fs::read_to_string(events.join("talks-end.toml")).ok(),
        Some(file)
    );

    let o = run_in(&w, &["new", "issue", "pay", "--content", "d"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let file = std::fs::read_to_string(w.join("d/issues/pay.toml")).expect("issue file");
    for field in [
        "title = \"\"",
        "summary = \"\"\"",
        "# status =",
        "# related =",
        "# [positions]",
        "# union =",
        "# studios =",
        "# [[sources]]",
    ] {
        assert!(file.contains(field), "{field} missing from:\n{file}");
    }
    // The template is TOML that check reads, and check names what is left to do.
    let o = run_in(&w, &["check", "--content", "d"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("events/talks-end.toml:7:8: error: bad date `` in `date`"),
        "{}",
        out(&o)
    );
    assert!(
        out(&o).contains("issues/pay.toml:1:1: error: missing required field `sources`"),
        "{}",
        out(&o)
    );
}

#[test]
fn new_refuses_usage_errors_with_status_2() {
    let w = workdir("usage");
    assert_eq!(run_in(&w, &["new", "d"], None).status.code(), Some(0));
    let d = w.join("d");
    let o = run_in(&d, &["new", "event", "Second Week"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("error: `Second Week` is not a valid id: an id is lowercase letters, digits and hyphens, starting with a letter or digit; did you mean `second-week`?\n"), "{}", err(&o));
    let o = run_in(&d, &["new", "event"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("`dossier new event` needs an id: `dossier new event ID`; for a dossier folder named `event`, write `dossier new ./event`"), "{}", err(&o));
    let o = run_in(&d, &["new", "thing", "x"], None);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(run_in(&d, &["new"], None).status.code(), Some(2));
    // Outside any dossier, new event has nowhere to go.
    let o = run_in(&w, &["new", "event", "x"], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains("no dossier here: neither `"),
        "{}",
        err(&o)
    );
    for cmd in [
        &["new", "--help"][..],
        &["add", "article", "--help"],
        &["quote", "--help"],
    ] {
        let o = run_in(&w, cmd, None);
        assert_eq!(o.status.code(), Some(0));
        assert!(out(&o).contains("Usage: dossier"), "{}", out(&o));
    }
}

#[test]
fn add_article_stores_the_text_verbatim_and_refuses_bad_input() {
    let w = workdir("add");
    assert_eq!(run_in(&w, &["new", "d"], None).status.code(), Some(0));
    std::fs::write(w.join("text.txt"), TEXT).expect("write");
    let o = run_in(
        &w,
        &[
            "add",
            "article",
            "text.txt",
            "--id",
            "courier",
            "--outlet",
            "Courier",
            "--published",
            "2025-03-04",
            "--content",
            "d",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let file = std::fs::read_to_string(w.join("d/articles/courier.txt")).expect("article");
    assert!(file.starts_with("+++\ntitle = \"Animators ask for a four-day week\"\noutlet = \"Courier\"\npublished = \"2025-03-04\"\n"), "{file}");
    assert!(file.ends_with(&format!("+++\n{TEXT}")), "{file}");

    // From standard input, with a title.
    let o = run_in(
        &w,
        &[
            "add",
            "article",
            "-",
            "--id",
            "gazette",
            "--title",
            "T",
            "--content",
            "d",
        ],
        Some(b"Line one\r\nline two"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let file = std::fs::read_to_string(w.join("d/articles/gazette.txt")).expect("article");
    assert!(file.ends_with("+++\nLine one\r\nline two\n"), "{file:?}");

    let o = run_in(
        &w,
        &[
            "add",
            "article",
            "text.txt",
            "--id",
            "courier",
            "--content",
            "d",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).ends_with("articles/courier.txt already exists: the article `courier` is in the dossier; choose another --id\n"), "{}", err(&o));
    let o = run_in(
        &w,
        &["add", "article", "-", "--id", "bad", "--content", "d"],
        Some(b"caf\xe9 au lait\n"),
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        "dossier: the text is not valid UTF-8 (first bad byte at line 1, column 4, byte 3); save it as UTF-8 first\n"
    );
    assert!(!w.join("d/articles/bad.txt").exists());
    let o = run_in(
        &w,
        &[
            "add",
            "article",
            "text.txt",
            "--id",
            "x",
            "--published",
            "4 March",
            "--content",
            "d",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).starts_with("error: bad --published `4 March`: expected a date as \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"\n"), "{}", err(&o));
    let o = run_in(&w, &["add", "article", "text.txt", "--content", "d"], None);
    assert_eq!(o.status.code(), Some(2), "--id is required");
}

#[test]
fn quote_prints_ready_blocks_and_explains_a_miss() {
    let w = dossier_with("quote", "courier", TEXT);

    // Across a line break, twice in the article: one block per place.
    let o = run_in(
        &w,
        &["quote", "the four-day\n week", "--content", "d"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "d/articles/courier.txt:11:17\n[[sources]]\narticle = \"courier\"\nquote = \"the four-day week\"\noccurrence = 1\n\n\
         d/articles/courier.txt:12:67\n[[sources]]\narticle = \"courier\"\nquote = \"the four-day week\"\noccurrence = 2\n\n"
    );
    // From standard input, found from inside the dossier: paths lead back to it.
    let o = run_in(
        &w.join("d/events"),
        &["quote", "-"],
        Some("said “not now” — and".as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "../articles/courier.txt:12:31\n[[sources]]\narticle = \"courier\"\nquote = \"said “not now” — and\"\n\n"
    );
    // Straight quotes for curly ones: the reason, and the article's passage to cite.
    let o = run_in(
        &w,
        &["quote", "said \"not now\" - and", "--content", "d"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "no exact match in any article\n  only the quotation marks and dashes differ: the article has \"said “not now” — and\" at d/articles/courier.txt:12:31\n  the article's passage, to cite it as it is:\n    [[sources]]\n    article = \"courier\"\n    quote = \"said “not now” — and\"\n"
    );
    let o = run_in(
        &w,
        &[
            "quote",
            "the union wants the five-day week",
            "--content",
            "d",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        out(&o),
        "no exact match in any article\n  closest passage at d/articles/courier.txt:11:1: \"The union wants the four-day week of 32 hours.\"; the quote has \"the\" where the article has \"The\", and the quote stops matching at \"five-day\"\n"
    );
    let o = run_in(
        &w,
        &["quote", "x", "--article", "courir", "--content", "d"],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        err(&o),
        "dossier: no article `courir` in the dossier; did you mean `courier`?\n"
    );
    let o = run_in(&w, &["quote", "  ", "--content", "d"], None);
    assert_eq!(o.status.code(), Some(2));
}

/// The path the README gives a new curator, from an empty folder to a
/// dossier that passes check, without typing a quote by hand.
#[test]
fn a_curator_goes_from_nothing_to_a_clean_dossier() {
    let w = workdir("path");
    std::fs::write(w.join("text.txt"), TEXT).expect("write");
    let ok = |dir: &Path, args: &[&str]| {
        let o = run_in(dir, args, None);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}{}", out(&o), err(&o));
        out(&o)
    };
    ok(&w, &["new", "d", "--title", "Animators"]);
    let d = w.join("d");
    ok(
        &d,
        &[
            "add",
            "article",
            "../text.txt",
            "--id",
            "courier",
            "--published",
            "2025-03",
        ],
    );
    ok(
        &d,
        &[
            "new",
            "issue",
            "four-day-week",
            "--title",
            "The four-day week",
        ],
    );
    ok(
        &d,
        &[
            "new",
            "event",
            "union-asks",
            "--title",
            "The union asks for a four-day week",
        ],
    );
    let event_block = ok(&d, &["quote", "wants the four-day week of"]);
    let issue_block = ok(&d, &["quote", "was not negotiable"]);
    let strip = |s: &str| s.lines().skip(1).collect::<Vec<_>>().join("\n");
    let fill = |path: &Path, pairs: &[(&str, &str)], block: &str| {
        let mut text = std::fs::read_to_string(path).expect("template");
        for (from, to) in pairs {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        text.push_str(&strip(block));
        std::fs::write(path, text).expect("write");
    };
    fill(
        &d.join("events/union-asks.toml"),
        &[
            ("date = \"\"", "date = \"2025-03\""),
            ("issues = []", "issues = [\"four-day-week\"]"),
            (
                "summary = \"\"\"\n",
                "summary = \"\"\"\nThe union asks for it.",
            ),
        ],
        &event_block,
    );
    fill(
        &d.join("issues/four-day-week.toml"),
        &[(
            "summary = \"\"\"\n",
            "summary = \"\"\"\nFour days of eight hours.",
        )],
        &issue_block,
    );
    let o = run_in(&d, &["check", "--content", "."], None);
    assert_eq!(
        out(&o),
        "1 event, 1 issue, 1 article: 0 errors, 0 warnings\n"
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn quote_names_a_compatibility_form_and_gives_the_articles_passage() {
    let w = dossier_with(
        "quote-compat",
        "memo",
        "They made the ﬁnal offer on Friday.\n",
    );
    let o = run_in(&w, &["quote", "the final offer", "--content", "d"], None);
    assert_eq!(o.status.code(), Some(1));
    let printed = out(&o);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.first(), Some(&"no exact match in any article"));
    assert!(
        lines.get(1).is_some_and(|l| l.starts_with(
            "  at d/articles/memo.txt:9:11 the quote has \"fi\" where the article has \"ﬁ\": they differ only as compatibility forms"
        )),
        "{printed}"
    );
    assert_eq!(
        lines.get(2..),
        Some(
            &[
                "  the article's passage, to cite it as it is:",
                "    [[sources]]",
                "    article = \"memo\"",
                "    quote = \"the ﬁnal offer\"",
            ][..]
        ),
        "{printed}"
    );
}

#[test]
fn commands_run_inside_a_dossier_work_on_it() {
    let w = workdir("inside");
    assert_eq!(run_in(&w, &["new", "d"], None).status.code(), Some(0));
    std::fs::write(w.join("text.txt"), TEXT).expect("write");
    let o = run_in(
        &w.join("d"),
        &["add", "article", "../text.txt", "--id", "courier"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    // In the dossier's folder: its own problems, paths from there.
    let o = run_in(&w.join("d"), &["check"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "articles/courier.txt:1:1: warning: nothing cites this article\n0 events, 0 issues, 1 article: 0 errors, 1 warning\n"
    );
    // Below it: paths lead back up.
    let o = run_in(&w.join("d/articles"), &["check", "--format", "json"], None);
    assert!(
        out(&o).starts_with("{\"path\":\"../articles/courier.txt\",\"line\":1,"),
        "{}",
        out(&o)
    );
    let o = run_in(&w.join("d/articles"), &["list", "articles"], None);
    assert!(out(&o).starts_with("courier\t"), "{}", out(&o));
    // Outside any dossier: the bundled one.
    let o = run_in(&w, &["list", "articles"], None);
    assert!(!out(&o).contains("courier"), "{}", out(&o));
    assert_eq!(out(&o).lines().count(), 5, "{}", out(&o));
}

// Stops the write halfway with a debug-only hook.
#[cfg(debug_assertions)]
#[test]
fn a_curator_killed_while_writing_leaves_no_partial_file() {
    let w = workdir("killed");
    assert_eq!(run_in(&w, &["new", "d"], None).status.code(), Some(0));
    let d = w.join("d");
    // Stopped halfway through its temporary file, then killed.
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["new", "event", "halfway", "--title", "Halfway"])
        .current_dir(&d)
        .env("DOSSIER_TEST_WRITE_DELAY_MS", "5000")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let events = d.join("events");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let temporary = || {
        std::fs::read_dir(&events)
            .map(|r| {
                r.flatten()
                    .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            })
            .unwrap_or(false)
    };
    while !temporary() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(temporary(), "the write began");
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert!(
        !events.join("halfway.toml").exists(),
        "no partial file under the entry's name"
    );
    // The dossier still checks; the next try writes the whole file.
    let o = run_in(&d, &["new", "event", "halfway", "--title", "Halfway"], None);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = std::fs::read_to_string(events.join("halfway.toml")).expect("written");
    assert_eq!(
        text,
        dossier::curate::event_template("halfway", Some("Halfway"))
    );
}
