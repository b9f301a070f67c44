//! The command line, run as the built binary: exit codes and output.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        // From elsewhere than the crate, to prove the bundled copy is used.
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a fixture dossier to a fresh temporary folder.
fn fixture(name: &str, changes: &[(&str, Option<&str>)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in common::with(changes) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// The bundled dossier's own folder in the source tree.
const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

#[test]
fn check_passes_on_the_bundled_dossier() {
    let o = run(&["check", "--content", CONTENT]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    let last = out.lines().last().unwrap_or("");
    assert!(last.ends_with(": 0 errors, 0 warnings"), "{out}");
    assert!(last.contains(" events, "), "{out}");
}

#[test]
fn check_and_quote_outside_a_dossier_refuse_and_say_how_to_name_one() {
    for args in [
        &["check"][..],
        &["check", "--format", "json"],
        &["quote", "the"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout(&o), "", "{args:?}: nothing checked, nothing found");
        let err = stderr(&o);
        assert!(err.contains("no dossier here"), "{err}");
        assert!(err.contains("--content DIR"), "{err}");
        assert!(err.contains("`dossier new DIR`"), "{err}");
    }
}

#[test]
fn reading_commands_outside_a_dossier_read_the_bundled_one_and_say_so() {
    for args in [
        &["list", "events"][..],
        &["show", "asa-talks"],
        &["search", "union"],
        &["export", "--format", "markdown", "--output", "-"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.contains("reading the dossier bundled into the program"),
            "{args:?}: {err}"
        );
    }
    // Named, nothing is said.
    let o = run(&["list", "events", "--content", CONTENT]);
    assert_eq!(stderr(&o), "");
}

#[test]
fn check_fails_with_the_problem_and_a_summary() {
    let dir = fixture(
        "check",
        &[
            (
                "events/e.toml",
                Some(&common::EVENT.replace("met again", "met twice")),
            ),
            ("articles/extra.txt", Some(common::ARTICLE)),
        ],
    );
    // The folder as written (relative to where the binary runs, the
    // temporary folder) leads every path, so each can be opened from there.
    let name = dir.file_name().and_then(|n| n.to_str()).expect("name");
    let o = run(&["check", "--content", name]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{name}/articles/extra.txt:1:1: warning: nothing cites this article\n\
             {name}/events/e.toml:8:9: error: quote not found in article `a`\n  \
             help: closest passage at {name}/articles/a.txt:4:27: \"met again. The union\"; the quote stops matching at \"twice\"\n\
             0 events, 1 issue, 2 articles: 1 error, 1 warning\n"
        )
    );
}

#[test]
fn check_passes_with_warnings_only() {
    let dir = fixture("warn", &[("articles/extra.txt", Some(common::ARTICLE))]);
    let o = run(&["--content", s(&dir), "check"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).ends_with("1 event, 1 issue, 2 articles: 0 errors, 1 warning\n"));
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(run(&["bogus"]).status.code(), Some(2));
    assert_eq!(run(&["list"]).status.code(), Some(2));
    assert_eq!(run(&["list", "things"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--nope"]).status.code(), Some(2));
}

#[test]
fn help_and_version() {
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    for word in ["check", "list", "show", "--content"] {
        assert!(stdout(&o).contains(word), "{word}");
    }
    let o = run(&["--version"]);
    assert_eq!(
        stdout(&o).trim(),
        format!("dossier {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn list_prints_tab_separated_columns() {
    let dir = fixture(
        "list",
        &[(
            "events/e.toml",
            Some(&common::EVENT.replace("title = \"E\"", "title = \"E\\tvil\\u001b[2J\"")),
        )],
    );
    let list = |what| stdout(&run(&["list", what, "--content", s(&dir)]));
    let events = list("events");
    let issues = list("issues");
    let articles = list("articles");
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(events, "e\t2024-05-10\t\tother\ti\tE vil␛[2J\n");
    assert_eq!(issues, "i\t1\t\tI\n");
    assert_eq!(articles, "a\t\t\t2\tA\n");
}

#[test]
fn show_resolves_quotes_and_backlinks() {
    let dir = fixture("show", &[]);
    let o = run(&["show", "a", "--content", s(&dir)]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("article a\n  Title      A\n"), "{out}");
    assert!(
        out.contains("    event e, source 1: “met again”\n"),
        "{out}"
    );
    assert!(
        out.contains("    issue i, source 1: “talks went well”\n"),
        "{out}"
    );

    let o = run(&["show", "i", "--content", s(&dir)]);
    let out = stdout(&o);
    assert!(out.contains("  Events\n    10 May 2024  e  E\n"), "{out}");
    assert!(
        out.contains("    1. a (A)\n       “talks went well”\n"),
        "{out}"
    );

    let o = run(&["show", "x", "--content", s(&dir)]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "dossier: no event, issue or article with id `x`\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn show_an_id_shared_by_kinds() {
    let dir = fixture("shared", &[("issues/e.toml", Some(common::ISSUE))]);
    let both = stdout(&run(&["show", "e", "--content", s(&dir)]));
    let issue = stdout(&run(&["show", "issue:e", "--content", s(&dir)]));
    let event = stdout(&run(&["show", "event:e", "--content", s(&dir)]));
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        event.starts_with("event e\n") && !event.contains("issue e\n"),
        "{event}"
    );
    assert!(
        issue.starts_with("issue e\n") && !issue.contains("event e\n"),
        "{issue}"
    );
    assert_eq!(both, format!("{event}\n{issue}"));
}

#[test]
fn other_commands_refuse_a_dossier_with_errors() {
    let dir = fixture("broken", &[("events/e.toml", Some("title = 1\n"))]);
    let o = run(&["list", "events", "--content", s(&dir)]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).starts_with(&format!(
            "{}/events/e.toml:1:9: error: invalid type",
            s(&dir)
        )),
        "{}",
        stderr(&o)
    );
}

#[test]
fn reader_refuses_only_when_nothing_loads_and_says_why() {
    // On a real terminal, so that it is the dossier that is refused.
    if common::tmux::missing() {
        panic!("tmux is needed for this test");
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let missing = std::env::temp_dir().join(format!("dossier-cli-missing-{}", std::process::id()));
    // A folder of this run's own: one left by an earlier run whose process
    // had the same id would hold its exit code already.
    let scratch = tempfile::tempdir().expect("scratch folder");
    let (err, code) = (scratch.path().join("err"), scratch.path().join("code"));
    let script = format!(
        "{bin} --content {} 2>{}; echo $? >{}",
        s(&missing),
        s(&err),
        s(&code)
    );
    let t = common::tmux::Tmux::start("refuses", 80, 24, &script);
    assert_eq!(common::tmux::read_when_written(&code).trim(), "1");
    let err = std::fs::read_to_string(err).unwrap_or_default();
    assert!(err.contains("cannot open the dossier folder"), "{err}");
    assert!(err.contains("nothing could be loaded"), "{err}");
    // Nothing was drawn: the terminal was never taken.
    assert!(t.format("#{alternate_on}") != "1");
}

#[test]
fn the_reader_without_a_terminal_names_the_commands_for_scripts() {
    // Neither standard input nor output is a terminal here.
    let o = run(&[]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("the reader needs a terminal"), "{err}");
    for command in ["list", "show", "search", "check"] {
        assert!(err.contains(&format!("`dossier {command}`")), "{err}");
    }
    assert!(o.stdout.is_empty(), "{:?}", stdout(&o));
}

#[test]
fn the_reader_piped_into_another_program_says_it_needs_a_terminal() {
    // `dossier | cat` in a real terminal: input is one, output is not.
    if common::tmux::missing() {
        panic!("tmux is needed for this test");
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let scratch = tempfile::tempdir().expect("scratch folder");
    let (out, code) = (scratch.path().join("out"), scratch.path().join("code"));
    let script = format!(
        "{bin} 2>&1 | cat >{}; {bin} >/dev/null 2>&1; echo $? >{}",
        s(&out),
        s(&code)
    );
    let _t = common::tmux::Tmux::start("piped", 80, 24, &script);
    assert_eq!(common::tmux::read_when_written(&code).trim(), "2");
    let out = std::fs::read_to_string(out).unwrap_or_default();
    assert!(
        out.starts_with("dossier: the reader needs a terminal"),
        "{out:?}"
    );
    assert_eq!(out.lines().count(), 1, "{out:?}");
}

#[test]
fn search_prints_one_sanitised_line_per_hit() {
    let dir = fixture(
        "search",
        &[(
            "events/e.toml",
            Some(
                &common::EVENT.replace("summary = \"S\"", "summary = \"The Union \\u001b[2J met\""),
            ),
        )],
    );
    let o = run(&["--content", s(&dir), "search", "union"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines,
        [
            "event e: The Union ␛[2J met",
            "article a: The union and the studios met…",
            "article a: …studios met again. The union said talks went well.",
        ],
        "{out}"
    );
    assert!(!out.contains('\x1b'));

    // Smart case: an uppercase letter matches that case only.
    let o = run(&["--content", s(&dir), "search", "Union"]);
    assert_eq!(stdout(&o), "event e: The Union ␛[2J met\n");
    // Whole words: `stud` is inside "studios".
    let o = run(&["--content", s(&dir), "search", "stud"]);
    assert!(!stdout(&o).is_empty());
    for words in ["--words", "-w"] {
        let o = run(&["--content", s(&dir), "search", words, "stud"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert_eq!(stdout(&o), "");
        let o = run(&["--content", s(&dir), "search", words, "union said"]);
        assert_eq!(
            stdout(&o),
            "article a: …studios met again. The union said talks went well.\n"
        );
    }

    // No hit: nothing at all, and success.
    let o = run(&["--content", s(&dir), "search", "no such words"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    assert_eq!(stderr(&o), "");
}

#[test]
fn search_reads_the_bundled_dossier_by_default() {
    let o = run(&["search", "IATSE"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.lines().count() > 3, "{out}");
    // The dossier's own description is searched too, and comes first.
    assert!(out.starts_with("dossier description: "), "{out}");
    for line in out.lines() {
        let (head, snippet) = line.split_once(": ").expect("`kind id: snippet`");
        let kind = head.split(' ').next().unwrap_or("");
        assert!(
            ["dossier", "event", "issue", "article"].contains(&kind),
            "{line}"
        );
        assert!(snippet.to_lowercase().contains("iatse"), "{line}");
    }
}

#[test]
fn show_names_the_event_an_event_comes_after() {
    let later = common::EVENT
        .replace("title = \"E\"", "title = \"Later\"\nafter = \"e\"")
        .replace("2024-05-10", "2024");
    let dir = fixture("after", &[("events/later.toml", Some(&later))]);
    let out = stdout(&run(&["show", "later", "--content", s(&dir)]));
    assert!(
        out.contains("  Kind       other\n  After      E (e)\n"),
        "{out}"
    );
    let out = stdout(&run(&["show", "e", "--content", s(&dir)]));
    assert!(!out.contains("After"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_prints_json_and_github_annotations() {
    let dir = fixture(
        "formats",
        &[
            (
                "events/e.toml",
                Some(
                    &common::EVENT
                        .replace("kind", "knd")
                        .replace("summary = \"S\"", "summary = \"S\"\nkind = \"talk\""),
                ),
            ),
            ("articles/extra.txt", Some(common::ARTICLE)),
        ],
    );
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    let o = run(&["check", "--content", &name, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "{{\"path\":\"{name}/articles/extra.txt\",\"line\":1,\"column\":1,\"severity\":\"warning\",\"code\":\"article-uncited\",\"message\":\"nothing cites this article\",\"help\":null}}\n\
             {{\"path\":\"{name}/events/e.toml\",\"line\":5,\"column\":8,\"severity\":\"error\",\"code\":\"unknown-kind\",\"message\":\"unknown kind `talk`\",\"help\":\"did you mean `talks`? kinds are: talks, statement, deadline, agreement, vote, survey, rally, context, other\"}}\n"
        )
    );
    let o = run(&["check", "--content", &name, "--format", "github"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stdout(&o),
        format!(
            "::warning file={name}/articles/extra.txt,line=1,col=1,title=article-uncited::nothing cites this article\n\
             ::error file={name}/events/e.toml,line=5,col=8,title=unknown-kind::unknown kind `talk`%0Ahelp: did you mean `talks`? kinds are: talks, statement, deadline, agreement, vote, survey, rally, context, other\n\
             0 events, 1 issue, 2 articles: 1 error, 1 warning\n"
        )
    );
    assert_eq!(run(&["check", "--format", "xml"]).status.code(), Some(2));
    // `--content .` has no prefix.
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--content", "."])
        .current_dir(CONTENT)
        .output()
        .expect("the binary runs");
    assert_eq!(stdout(&o), "");
}
