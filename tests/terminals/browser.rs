//! The exports in a real browser: headless Chromium from the distribution,
//! driven by the scripts in `tests/browser/` (node with playwright-core).
//! `.ci/run` installs what they need; where something is missing the tests
//! say so and pass, except in CI (`CI` set), where they fail.

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_dossier");
const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
const SCRIPTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser");

/// Whether the browser, node and the scripts' packages are all there.
fn ready() -> bool {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node").arg("--version").output().is_ok();
    let missing: Vec<&str> = [
        (!Path::new(&chromium).exists()).then_some("chromium"),
        (!node).then_some("node"),
        (!Path::new(SCRIPTS)
            .join("node_modules/playwright-core")
            .exists())
        .then_some("tests/browser/node_modules (npm ci --prefix tests/browser)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if missing.is_empty() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
    assert!(!ci, "browser tests cannot run in CI: missing {missing:?}");
    eprintln!("skipping the browser test: missing {missing:?}");
    false
}

fn temp(name: &str) -> PathBuf {
    crate::common::scratch("browser", name)
}

fn export(content: Option<&str>, args: &[&str], out: &Path) {
    let mut cmd = Command::new(BIN);
    if let Some(c) = content {
        cmd.args(["--content", c]);
    }
    let o = cmd
        .arg("export")
        .args(args)
        .arg("--output")
        .arg(out)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

fn node(script: &str, args: &[&str]) {
    let o = Command::new("node")
        .arg(Path::new(SCRIPTS).join(script))
        .args(args)
        .output()
        .expect("node runs");
    let out = String::from_utf8_lossy(&o.stdout);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "{script} {args:?} failed:\n{out}\n{err}"
    );
    eprintln!("{script}: {out}");
}

#[test]
fn timelinejs_shows_one_slide_per_event() {
    if !ready() {
        return;
    }
    let dir = temp("timelinejs");
    let bundled = dossier::bundled::load_bundled().events.len();
    let hostile = dossier_core::content::load_dir(Path::new(HOSTILE))
        .events
        .len();
    // Issue titles with markup, as group labels.
    let names = dir.join("content-names");
    for (path, text) in [
        ("dossier.toml", "title = \"Names\"\n"),
        (
            "articles/a.txt",
            "+++\ntitle = \"A\"\nurl = \"https://news.example/a\"\n+++\nSAG-AFTRA, the “union” & co said, again and again.\n",
        ),
        (
            "issues/i.toml",
            "title = \"<img src=x onerror=\\\"window.__pwned='group'\\\"> & <b>co</b>\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"co said\"\n",
        ),
        (
            "events/e.toml",
            "title = \"E\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"SAG-AFTRA, the “union”\"\n[[sources]]\narticle = \"a\"\nquote = \"& co said\"\n[[sources]]\narticle = \"a\"\nquote = \"again and\"\n[[sources]]\narticle = \"a\"\nquote = \"and again\"\n",
        ),
    ] {
        let full = names.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let names = names.to_str().expect("utf-8 path");
    let mut args = Vec::new();
    for (name, content, group, events) in [
        ("bundled", None, "kind", bundled),
        ("bundled-issue", None, "issue", bundled),
        ("hostile", Some(HOSTILE), "kind", hostile),
        ("hostile-issue", Some(HOSTILE), "issue", hostile),
        ("names", Some(names), "issue", 1),
    ] {
        let out = dir.join(name);
        export(
            content,
            &[
                "--format",
                "timelinejs",
                "--group",
                group,
                "--site-url",
                "https://example.org/dossier/",
            ],
            &out,
        );
        let file = out.join("timeline.json");
        args.push(file.to_str().expect("utf-8 path").to_string());
        args.push(events.to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    node("timelinejs.mjs", &args);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The web dossier read in Chromium: every link resolves, every source
/// followed lands on its highlighted passage (excerpts included), the share
/// of each article a page shows is within the cap (or only its passages),
/// the hostile fixture's markup stays text and runs nothing, pages fit a
/// phone. `SCREENSHOTS=DIR` saves pages at desktop and phone widths there,
/// to look at.
#[test]
fn web_dossier_links_resolve_and_sources_land_on_their_passages() {
    if !ready() {
        return;
    }
    let dir = temp("html");
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
    let markup = [
        "<script>window.__pwned = 'script'</script>",
        "<img src=x onerror=\"window.__pwned='summary'\">",
        "<b onmouseover=\"window.__pwned='outlet'\">Outlet</b>",
        "javascript:window.__pwned='url'",
    ];
    let full_only = "<svg onload=\"window.__pwned='svg'\"></svg>";
    // A dossier whose one passage leaves room for context, beside the
    // small one whose passages alone exceed the cap.
    let long = dir.join("content-long");
    let small = dir.join("content-small");
    let filler = "Filler sentence of words. ".repeat(30);
    for (folder, article) in [
        (&long, format!("+++\ntitle = \"A\"\n+++\n{filler}\n\nBefore it. The union and the studios met again. After it.\nThe union said talks went well.\n\n{filler}\n")),
        (&small, "+++\ntitle = \"A\"\n+++\nThe union and the studios met again.\nThe union said talks went well.\n".to_string()),
    ] {
        for (path, text) in [
            ("dossier.toml", "title = \"T\"\n".to_string()),
            ("articles/a.txt", article),
            ("events/e.toml", "title = \"E\"\ndate = \"2024-05-10\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n".to_string()),
            ("issues/i.toml", "title = \"I\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n".to_string()),
        ] {
            let full = folder.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
    }
    let (long, small) = (
        long.to_str().expect("utf-8"),
        small.to_str().expect("utf-8"),
    );
    for (name, content, full) in [
        ("bundled", None, false),
        ("reader", Some(reader), false),
        ("hostile", Some(HOSTILE), false),
        ("hostile-full", Some(HOSTILE), true),
        ("long", Some(long), false),
        ("small", Some(small), false),
    ] {
        let out = dir.join(name);
        let mut args = vec!["--format", "html"];
        if full {
            args.push("--full-text");
        }
        export(content, &args, &out);
        // The whole texts, to measure each page's share against.
        let json = dir.join(format!("{name}-json"));
        export(content, &["--format", "json", "--full-text"], &json);
        let mut check = vec![
            out.to_str().expect("utf-8 path").to_string(),
            "--articles".to_string(),
            json.join("dossier.json")
                .to_str()
                .expect("utf-8 path")
                .to_string(),
        ];
        if full {
            check.push("--full".to_string());
        }
        if content == Some(HOSTILE) {
            check.extend(markup.iter().map(|m| m.to_string()));
            if full {
                check.push(full_only.to_string());
            }
        }
        let check: Vec<&str> = check.iter().map(String::as_str).collect();
        node("html.mjs", &check);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Links to passages survive the curator's edits: every passage link of an
/// export still lands on its passage, whole and highlighted, in the export
/// made after a citation was added earlier in the article and another that
/// overlaps a cited passage (so that it is split around it).
#[test]
fn passage_links_made_before_an_edit_still_land() {
    if !ready() {
        return;
    }
    let dir = temp("links");
    let article = "+++\ntitle = \"A\"\n+++\nThe talks opened on Monday. Both sides met at noon.\n\nThe union asked for a raise of seven percent. The studios offered three percent and a bonus.\n\nTalks resume next week, the union said.\n";
    let event = |extra: &str| {
        format!(
            "title = \"E\"\ndate = \"2024-05-10\"\nsummary = \"S\"\n{extra}\n[[sources]]\narticle = \"a\"\nquote = \"asked for a raise of seven percent\"\n\n[[sources]]\narticle = \"a\"\nquote = \"Talks resume next week\"\n"
        )
    };
    let issue = |extra: &str| {
        format!(
            "title = \"I\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"The studios offered three percent\"\n{extra}"
        )
    };
    // After: a citation earlier in the article (first in the event's
    // list), and one crossing two cited passages.
    let earlier = "\n[[sources]]\narticle = \"a\"\nquote = \"Both sides met at noon.\"\n";
    let crossing =
        "\n[[sources]]\narticle = \"a\"\nquote = \"seven percent. The studios offered\"\n";
    for (name, e, i) in [
        ("before", event(""), issue("")),
        ("after", event(earlier), issue(crossing)),
    ] {
        let content = dir.join(format!("content-{name}"));
        for (path, text) in [
            ("dossier.toml", "title = \"T\"\n".to_string()),
            ("articles/a.txt", article.to_string()),
            ("events/e.toml", e),
            ("issues/i.toml", i),
        ] {
            let full = content.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
        export(
            Some(content.to_str().expect("utf-8")),
            &["--format", "html", "--full-text"],
            &dir.join(name),
        );
    }
    let (old, new) = (dir.join("before"), dir.join("after"));
    node(
        "links.mjs",
        &[old.to_str().expect("utf-8"), new.to_str().expect("utf-8")],
    );
    // And the edited export passes the whole web dossier check, every
    // piece of the split passage highlighted.
    node("html.mjs", &[new.to_str().expect("utf-8")]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The JSON export follows docs/export.schema.json, every field of it, on
/// the bundled dossier, the reader fixture, the hostile fixture (with and
/// without whole texts) and a dossier with errors (its problems listed).
/// Validated in node with ajv (JSON Schema 2020-12, strict).
#[test]
fn json_exports_follow_the_published_schema() {
    let has_node = Command::new("node").arg("--version").output().is_ok();
    let ajv = Path::new(SCRIPTS).join("node_modules/ajv").exists();
    if !(has_node && ajv) {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(!ci, "the schema test cannot run in CI: node or ajv missing");
        eprintln!("skipping the schema test: node or tests/browser/node_modules/ajv missing");
        return;
    }
    let dir = temp("schema");
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
    let broken = dir.join("content-broken");
    for (path, text) in [
        (
            "dossier.toml",
            "title = \"T\"\n\n[sides]\nunion = \"The union\"\n",
        ),
        (
            "articles/a.txt",
            "+++\ntitle = \"A\"\n+++\nThe “union” met.\n",
        ),
        (
            "events/e.toml",
            "title = \"E\"\ndate = \"2024-05-10?\"\nissues = [\"i\"]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met\"\n",
        ),
        (
            "issues/j.toml",
            "title = \"J\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"not there\"\n",
        ),
        (
            "events/f.toml",
            "title = \"F\"\ndate = \"[2024-05-14..2024-07-30]\"\nweekday = \"Tuesday\"\nafter = \"e\"\nissues = [\"i\"]\nend = \"2024-08\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"The\"\n",
        ),
        (
            "issues/i.toml",
            "title = \"I\"\nsummary = \"S\"\n\n[positions]\nunion = \"U\"\nstudios = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"“union”\"\n",
        ),
    ] {
        let full = broken.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }
    let broken = broken.to_str().expect("utf-8");
    let mut files =
        vec![concat!(env!("CARGO_MANIFEST_DIR"), "/docs/export.schema.json").to_string()];
    for (name, content, full) in [
        ("bundled", None, false),
        ("bundled-full", None, true),
        ("reader", Some(reader), false),
        ("hostile", Some(HOSTILE), false),
        ("hostile-full", Some(HOSTILE), true),
        ("broken", Some(broken), false),
    ] {
        let out = dir.join(name);
        let mut args = vec!["--format", "json"];
        if full {
            args.push("--full-text");
        }
        export(content, &args, &out);
        files.push(
            out.join("dossier.json")
                .to_str()
                .expect("utf-8")
                .to_string(),
        );
    }
    let files: Vec<&str> = files.iter().map(String::as_str).collect();
    node("schema.mjs", &files);
    let _ = std::fs::remove_dir_all(&dir);
}
