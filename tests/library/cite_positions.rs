//! Extension: a side's position may cite its own passages. Each is checked
//! as an issue's sources are, with the same messages at the same places, and
//! a passage a position cites counts as cited by its issue.

use crate::common;

use common::{ARTICLE, load, problems};
use dossier_core::content::{IssueIx, SourceRef};

/// The base issue with positions: the union's as a table with one source,
/// the studios' as a plain string.
fn issue_with(position_sources: &str) -> String {
    format!(
        "title = \"I\"\nsummary = \"S\"\n\n[positions]\nstudios = \"Not stated.\"\n\n[positions.union]\ntext = \"\"\"\nThe union is pleased.\"\"\"\n{position_sources}\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n"
    )
}

const ONE_SOURCE: &str = "\n[[positions.union.sources]]\narticle = \"a\"\nquote = \"The union said\"\nnote = \"Its words.\"\n";

#[test]
fn a_position_with_sources_loads_and_its_passages_count_as_cited() {
    let issue = issue_with(ONE_SOURCE);
    let d = load(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    let i = &d.issues[0];
    let sides: Vec<&str> = i.positions.iter().map(|p| p.side.as_str()).collect();
    assert_eq!(sides, ["studios", "union"]);
    assert_eq!(i.positions[0].text, "Not stated.");
    assert!(i.positions[0].sources.is_empty());
    assert_eq!(i.positions[1].text, "The union is pleased.");
    let s = &i.positions[1].sources[0];
    assert_eq!(&d.articles[0].text[s.span.clone()], "The union said");
    assert_eq!(s.note.as_deref(), Some("Its words."));
    // Sorted by where the passage starts: the event's, the position's, the issue's.
    assert_eq!(
        d.articles[0].cited_by,
        [
            SourceRef::Event(dossier_core::content::EventIx(0), 0),
            SourceRef::Position(IssueIx(0), 1, 0),
            SourceRef::Issue(IssueIx(0), 0),
        ]
    );
    let c = SourceRef::Position(IssueIx(0), 1, 0);
    assert_eq!(d.source(c), s);
    assert_eq!(d.get_source(c), Some(s));
    assert_eq!(d.get_source(SourceRef::Position(IssueIx(0), 0, 0)), None);
    assert_eq!(c.number(), 1);
    assert_eq!(
        c.owner(),
        dossier_core::content::EntityRef::Issue(IssueIx(0))
    );
}

#[test]
fn an_article_cited_only_by_a_position_is_cited() {
    let issue =
        issue_with("\n[[positions.union.sources]]\narticle = \"b\"\nquote = \"Only here\"\n");
    let d = load(&[
        ("issues/i.toml", Some(&issue)),
        (
            "articles/b.txt",
            Some("+++\ntitle = \"B\"\n+++\nOnly here.\n"),
        ),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert_eq!(
        d.articles[1].cited_by,
        [SourceRef::Position(IssueIx(0), 1, 0)]
    );
}

#[test]
fn a_quote_not_in_the_article_is_reported_where_it_is_written() {
    let issue =
        issue_with("\n[[positions.union.sources]]\narticle = \"a\"\nquote = \"The union sang\"\n");
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(
        p,
        [
            "issues/i.toml:13:9: error: quote not found in article `a`\n  help: closest passage at articles/a.txt:4:1: \"The union and the studios\"; the quote stops matching at \"sang\""
        ]
    );
}

#[test]
fn an_unknown_article_suggests_the_closest_id() {
    let issue = issue_with("\n[[positions.union.sources]]\narticle = \"aa\"\nquote = \"x\"\n");
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(
        p,
        ["issues/i.toml:12:11: error: unknown article `aa`\n  help: did you mean `a`?"]
    );
}

#[test]
fn source_fields_are_checked_as_an_issues_are() {
    let issue = issue_with(
        "\n[[positions.union.sources]]\narticle = \"a\"\n\n[[positions.union.sources]]\narticle = \"a\"\nquote = \" \"\n\n[[positions.union.sources]]\narticle = \"a\"\nquote = \"The union\"\noccurrence = 3\n",
    );
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(
        p,
        [
            "issues/i.toml:11:1: error: source is missing required field `quote`",
            "issues/i.toml:16:9: error: quote is empty",
            "issues/i.toml:21:14: error: occurrence 3 is out of range: the quote occurs 2 times in article `a`\n  help: use a number from 1 to 2",
        ]
    );
}

#[test]
fn an_empty_source_list_is_refused_and_a_table_without_one_is_plain() {
    let issue = issue_with("sources = []\n");
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(
        p,
        ["issues/i.toml:10:11: error: source list is empty: at least one source is required"]
    );
    let d = load(&[("issues/i.toml", Some(&issue_with("")))]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert!(d.issues[0].positions[1].sources.is_empty());
}

#[test]
fn a_position_needs_a_text() {
    let issue = issue_with("").replace("text = \"\"\"\nThe union is pleased.\"\"\"\n", "");
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(
        p,
        ["issues/i.toml:7:1: error: position `union` is missing required field `text`"]
    );
    let issue = issue_with("").replace("The union is pleased.", "  ");
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(p, ["issues/i.toml:8:8: error: position `union` is empty"]);
    let p = problems(&[(
        "issues/i.toml",
        Some(
            "title = \"I\"\nsummary = \"S\"\n[positions]\nunion = \"\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n",
        ),
    )]);
    assert_eq!(p, ["issues/i.toml:4:9: error: position `union` is empty"]);
}

#[test]
fn a_position_table_refuses_unknown_fields_and_other_types() {
    let issue = issue_with("").replace("[positions.union]\n", "[positions.union]\ntexts = 1\n");
    let p = problems(&[("issues/i.toml", Some(&issue))]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("issues/i.toml:")
            && p[0].contains("unknown field `texts`, expected `text` or `sources`"),
        "{p:?}"
    );
    let p = problems(&[(
        "issues/i.toml",
        Some(
            "title = \"I\"\nsummary = \"S\"\n[positions]\nunion = 3\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n",
        ),
    )]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("issues/i.toml:4:9: error: invalid type: integer `3`, expected a string, or a table with `text` and `sources`"),
        "{p:?}"
    );
}

#[test]
fn the_base_article_is_unchanged() {
    // The fixtures above quote the base article; keep them honest.
    assert!(ARTICLE.contains("The union said talks went well."));
}

/// `dossier show` on the reader fixture, whose working-conditions issue has
/// a position with a passage of its own.
fn show(id: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["--content", common::FIXTURE, "show", id])
        .output()
        .expect("run dossier");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn show_prints_each_positions_passages_and_who_cites_them() {
    let issue = show("issue:working-conditions");
    assert!(
        issue.contains(
            "  Positions\n    union: The language in previous agreements no longer works for members.\n      1. thewrap-second-week (TheWrap)\n         “We are constructively engaging with employers to upgrade it”\n         note: The union's president, in its memo.\n  Events\n"
        ),
        "{issue}"
    );
    let article = show("article:thewrap-second-week");
    assert!(
        article.contains(
            "    issue working-conditions, position union, source 1: “We are constructively engaging with employers to upgrade it”\n"
        ),
        "{article}"
    );
}

#[test]
fn exports_carry_a_positions_passages() {
    let run = |format: &str| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["--content", common::FIXTURE, "export", "--format", format])
            .args(["--output", "-"])
            .output()
            .expect("run dossier");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("JSON");
    let issue = json["issues"]
        .as_array()
        .and_then(|l| l.iter().find(|i| i["id"] == "working-conditions"))
        .expect("the issue");
    let source = &issue["positions"][0]["sources"][0];
    assert_eq!(source["article"], "thewrap-second-week");
    assert_eq!(
        source["passage"],
        "We are constructively engaging with employers to upgrade it"
    );
    let article = json["articles"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["id"] == "thewrap-second-week"))
        .expect("the article");
    let by_position: Vec<&serde_json::Value> = article["cited_by"]
        .as_array()
        .expect("cited_by")
        .iter()
        .filter(|c| c.get("position").is_some())
        .collect();
    assert_eq!(by_position.len(), 1);
    assert_eq!(by_position[0]["id"], "working-conditions");
    assert_eq!(by_position[0]["position"], 0);
    assert_eq!(by_position[0]["source"], 0);

    let md = run("markdown");
    let line = md
        .lines()
        .find(|l| l.starts_with("- **Union:** The language in previous"))
        .expect("the position");
    let n = line
        .rsplit("[^")
        .next()
        .and_then(|r| r.strip_suffix(']'))
        .expect("a footnote");
    assert!(
        md.contains(&format!(
            "[^{n}]: “We are constructively engaging with employers to upgrade it”"
        )),
        "{md}"
    );
}
