//! The dossier that ships with the reader: it must load cleanly, and every
//! article and issue in it must be reachable from the timeline.

use dossier::bundled::load_bundled;
use dossier_core::content::Dossier;

fn bundled() -> Dossier {
    let dossier = load_bundled();
    let problems: Vec<String> = dossier.problems.iter().map(|p| p.to_string()).collect();
    assert!(
        problems.is_empty(),
        "the bundled dossier has {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    dossier
}

#[test]
fn loads_without_errors_or_warnings() {
    let dossier = bundled();
    assert!(!dossier.meta.title.trim().is_empty());
    assert_eq!(dossier.errors(), 0);
    assert_eq!(dossier.warnings(), 0);
}

#[test]
fn every_article_is_cited() {
    let dossier = bundled();
    assert_eq!(
        dossier.articles.len(),
        5,
        "all five source articles are bundled"
    );
    let uncited: Vec<&str> = dossier
        .articles
        .iter()
        .filter(|a| a.cited_by.is_empty())
        .map(|a| a.id.as_str())
        .collect();
    assert!(uncited.is_empty(), "articles nothing cites: {uncited:?}");
}

#[test]
fn every_issue_is_touched_by_an_event() {
    let dossier = bundled();
    let untouched: Vec<&str> = dossier
        .issues
        .iter()
        .filter(|i| i.events.is_empty())
        .map(|i| i.id.as_str())
        .collect();
    assert!(
        untouched.is_empty(),
        "issues no event touches: {untouched:?}"
    );
    // The derived list must agree with what the events themselves say.
    for (ix, issue) in dossier.issues.iter().enumerate() {
        for &e in &issue.events {
            assert!(
                dossier
                    .event(e)
                    .issues
                    .contains(&dossier_core::content::IssueIx(ix)),
                "{} lists {} but not the other way round",
                issue.id,
                dossier.event(e).id
            );
        }
    }
}

#[test]
fn covers_enough_of_the_story() {
    let dossier = bundled();
    assert!(
        dossier.events.len() >= 15,
        "only {} events",
        dossier.events.len()
    );
    assert!(
        dossier.issues.len() >= 7,
        "only {} issues",
        dossier.issues.len()
    );
    for event in &dossier.events {
        assert!(!event.issues.is_empty(), "{} touches no issue", event.id);
        assert!(!event.sources.is_empty(), "{} cites nothing", event.id);
    }
}

#[test]
fn every_quote_resolves_to_its_passage() {
    let dossier = bundled();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let sources = dossier
        .events
        .iter()
        .flat_map(|e| e.sources.iter().map(move |s| (e.id.as_str(), s)))
        .chain(
            dossier
                .issues
                .iter()
                .flat_map(|i| i.sources.iter().map(move |s| (i.id.as_str(), s))),
        );
    for (owner, source) in sources {
        let text = &dossier.article(source.article).text;
        let passage = text.get(source.span.clone()).unwrap_or_default();
        assert_eq!(
            fold(passage),
            fold(&source.quote),
            "{owner}: the quoted passage does not match its span"
        );
    }
}

#[test]
fn disagreement_on_the_year_is_recorded() {
    // One article dates the opening of formal talks to 2025, the others to 2024:
    // the event must say so rather than pick silently.
    let dossier = bundled();
    let ix = dossier
        .find_event("formal-talks-open")
        .unwrap_or_else(|| panic!("formal-talks-open is missing"));
    let disputed = dossier.event(ix).disputed.as_deref().unwrap_or_default();
    assert!(disputed.contains("2025") && disputed.contains("2024"));
}

#[test]
fn the_deal_is_a_tuesday_between_may_14_and_july_30_listed_after_the_talks_it_followed() {
    // The sources bound the deal's Tuesday to between mid-May and the end of
    // July: it is dated so, and listed after every event it is known to
    // follow, with the webinar of the same Tuesday before it and the memo and
    // the steps still to come after it.
    let dossier = bundled();
    let at = |id: &str| {
        dossier
            .find_event(id)
            .unwrap_or_else(|| panic!("the bundled dossier has event `{id}`"))
    };
    let webinar = at("variety-webinar");
    let deal = at("tentative-deal");
    let memo = at("deal-memo");
    let pending = at("ratification-pending");
    let d = dossier.event(deal);
    assert_eq!(d.date.edtf(), "[2024-05-14..2024-07-30]");
    assert_eq!(d.weekday, Some(chrono::Weekday::Tue));
    assert_eq!(d.dating().label(), "a Tue, 14 May–30 Jul 2024↔");
    assert!(webinar < deal && deal < memo && memo < pending);
    for before in ["formal-talks-open", "second-week-ends", "union-memo-may-10"] {
        assert!(at(before) < deal, "{before} is listed before the deal");
    }
    assert!(deal < at("contract-expires"));
}

#[test]
fn the_talks_open_on_the_only_day_an_article_gives() {
    // April 30 is the only start day any article gives; only its year is
    // disputed. The statements of that day come after the opening.
    let dossier = bundled();
    let open = dossier
        .find_event("formal-talks-open")
        .unwrap_or_else(|| panic!("formal-talks-open is missing"));
    assert_eq!(dossier.event(open).date.edtf(), "2024-04-30");
    let statements = dossier
        .find_event("first-day-statements")
        .unwrap_or_else(|| panic!("first-day-statements is missing"));
    assert_eq!(dossier.event(statements).after, vec![open]);
}

/// The headings of `content/AUDIT.md` that name an entry: `## event: ID` and
/// `## issue: ID`, as (kind, id).
fn audit_sections(audit: &str) -> Vec<(&str, &str)> {
    audit
        .lines()
        .filter_map(|line| line.strip_prefix("## "))
        .filter_map(|heading| heading.split_once(": "))
        .filter(|(kind, _)| matches!(*kind, "event" | "issue"))
        .map(|(kind, rest)| (kind, rest.split_whitespace().next().unwrap_or("")))
        .collect()
}

#[test]
fn the_audit_has_a_section_for_every_entry_and_none_for_an_unknown_one() {
    let dossier = bundled();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/content/AUDIT.md");
    let audit =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path} cannot be read: {e}"));
    let sections = audit_sections(&audit);
    let entries: Vec<(&str, &str)> = dossier
        .events
        .iter()
        .map(|e| ("event", e.id.as_str()))
        .chain(dossier.issues.iter().map(|i| ("issue", i.id.as_str())))
        .collect();
    let missing: Vec<String> = entries
        .iter()
        .filter(|e| !sections.contains(e))
        .map(|(kind, id)| format!("{kind}: {id}"))
        .collect();
    assert!(
        missing.is_empty(),
        "entries with no section in AUDIT.md: {missing:?}"
    );
    let unknown: Vec<String> = sections
        .iter()
        .filter(|s| !entries.contains(s))
        .map(|(kind, id)| format!("{kind}: {id}"))
        .collect();
    assert!(
        unknown.is_empty(),
        "AUDIT.md sections for no entry: {unknown:?}"
    );
    let mut seen = std::collections::HashSet::new();
    let twice: Vec<&(&str, &str)> = sections.iter().filter(|s| !seen.insert(**s)).collect();
    assert!(twice.is_empty(), "entries with two sections: {twice:?}");
    assert!(
        audit.lines().any(|l| l == "## dossier.toml"),
        "AUDIT.md has no section for dossier.toml"
    );
}

#[test]
fn audit_sections_are_read_from_their_headings_only() {
    let text = "# Audit\n## event: a-b\ntext ## event: no\n## issue: c (was d)\n## Decisions\n### event: e\n";
    assert_eq!(audit_sections(text), vec![("event", "a-b"), ("issue", "c")]);
}

#[test]
fn the_copy_loaded_at_build_time_is_the_dossier_its_files_make() {
    let built = dossier::bundled::load_bundled();
    let parsed = dossier::bundled::parse_bundled();
    assert!(!parsed.events.is_empty());
    assert_eq!(built, parsed);
}
