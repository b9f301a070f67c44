//! Honest dates: the EDTF forms of `date`, `weekday`, the relations `after`
//! and `before`, the bounds they derive, the timeline order, and each of
//! their errors with its exact position and message.

use crate::common;

use common::{EVENT, load, problems};
use dossier::app::App;
use dossier_core::content::Dossier;

/// The base event with another date and, optionally, `after` on line 1,
/// under a title of its own (two events alike in all else would be a copy).
fn event(date: &str, after: Option<&str>) -> String {
    static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let body = EVENT
        .replace("2024-05-10", date)
        .replace("title = \"E\"", &format!("title = \"E{n}\""));
    match after {
        Some(a) => format!("after = \"{a}\"\n{body}"),
        None => body,
    }
}

/// An event file with its own title: events that repeat another's title,
/// date and sources are copies, and warned about.
fn titled(event: &str, title: &str) -> String {
    event.replacen("title = \"E\"", &format!("title = \"{title}\""), 1)
}

fn ids(d: &Dossier) -> Vec<&str> {
    d.events.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn without_after_the_vaguer_date_comes_first() {
    let (f, m, y) = (
        titled(&event("2024-05-10", None), "F"),
        event("2024-03", None),
        event("2024", None),
    );
    let d = load(&[
        ("events/f.toml", Some(&f)),
        ("events/m.toml", Some(&m)),
        ("events/y.toml", Some(&y)),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert_eq!(ids(&d), ["y", "m", "e", "f"]);
    assert!(d.events.iter().all(|e| e.after.is_empty()));
}

#[test]
fn after_places_an_event_right_after_its_anchor() {
    let (f, m, y) = (
        titled(&event("2024-05-10", None), "F"),
        event("2024-03", None),
        event("2024", Some("e")),
    );
    let d = load(&[
        ("events/f.toml", Some(&f)),
        ("events/m.toml", Some(&m)),
        ("events/y.toml", Some(&y)),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    // Before `f`, which shares the anchor's date but sorts after it.
    assert_eq!(ids(&d), ["m", "e", "y", "f"]);
    let y = &d.events[2];
    assert_eq!(y.after, d.find_event("e").into_iter().collect::<Vec<_>>());
    assert_eq!(y.date.edtf(), "2024", "the event's own date is kept");
    // Issues list their events in the same order.
    let names: Vec<&str> = d.issues[0]
        .events
        .iter()
        .map(|&e| d.event(e).id.as_str())
        .collect();
    assert_eq!(names, ["m", "e", "y", "f"]);
}

#[test]
fn chains_resolve_transitively() {
    // By id alone `a` would come before `b`; the chain e <- b <- a decides.
    let (a, b, w) = (
        event("2024", Some("b")),
        event("2024", Some("e")),
        event("2024", None),
    );
    let d = load(&[
        ("events/a.toml", Some(&a)),
        ("events/b.toml", Some(&b)),
        ("events/w.toml", Some(&w)),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert_eq!(ids(&d), ["w", "e", "b", "a"]);
    assert_eq!(
        d.events[3].after,
        d.find_event("b").into_iter().collect::<Vec<_>>()
    );
    assert_eq!(
        d.events[2].after,
        d.find_event("e").into_iter().collect::<Vec<_>>()
    );
}

#[test]
fn unknown_anchor_suggests_the_closest_id() {
    let p = problems(&[
        ("events/deal.toml", Some(&event("2024", Some("memo-may-1")))),
        ("events/memo-may-10.toml", Some(&titled(EVENT, "Memo"))),
    ]);
    assert_eq!(
        p,
        [
            "events/deal.toml:1:9: error: unknown event `memo-may-1`\n  help: did you mean `memo-may-10`?"
        ]
    );
    let p = problems(&[("events/y.toml", Some(&event("2024", Some("i"))))]);
    assert_eq!(
        p,
        ["events/y.toml:1:9: error: unknown event `i`\n  help: `i` is an issue, not an event"]
    );
}

#[test]
fn an_event_after_itself_is_an_error() {
    let d = load(&[("events/y.toml", Some(&event("2024", Some("y"))))]);
    assert_eq!(
        common::printed(&d),
        [
            "events/y.toml:1:9: error: an event cannot come after or before itself\n  help: remove the `after` or `before` that does not hold"
        ]
    );
    assert_eq!(ids(&d), ["e"], "the event with the error is left out");
}

#[test]
fn a_cycle_is_reported_on_each_of_its_events() {
    let d = load(&[
        ("events/a.toml", Some(&event("2024", Some("b")))),
        ("events/b.toml", Some(&event("2024", Some("c")))),
        ("events/c.toml", Some(&event("2024", Some("a")))),
        // Leads into the cycle without being part of it.
        (
            "events/d.toml",
            Some(&titled(&event("2024", Some("a")), "D")),
        ),
    ]);
    assert_eq!(
        common::printed(&d),
        [
            "events/a.toml:1:9: error: `after` and `before` form a cycle among `a`, `b`, `c`: no order can hold them all\n  help: remove the `after` or `before` that does not hold",
            "events/b.toml:1:9: error: `after` and `before` form a cycle among `a`, `b`, `c`: no order can hold them all\n  help: remove the `after` or `before` that does not hold",
            "events/c.toml:1:9: error: `after` and `before` form a cycle among `a`, `b`, `c`: no order can hold them all\n  help: remove the `after` or `before` that does not hold",
        ]
    );
    assert_eq!(ids(&d), ["d", "e"]);
    assert!(d.events[0].after.is_empty(), "its anchor was left out");
}

#[test]
fn an_anchor_that_starts_after_the_event_ends_is_an_error() {
    // The same month can still come after the 10th.
    assert_eq!(
        problems(&[("events/m.toml", Some(&event("2024-05", Some("e"))))]),
        Vec::<String>::new()
    );
    // Not on line 1, to prove the position is the value's.
    let m = format!(
        "title = \"M\"\nafter   =   \"e\"\n{}",
        EVENT
            .replace("2024-05-10", "2024-04-30")
            .replacen("title = \"E\"\n", "", 1)
    );
    assert_eq!(
        problems(&[("events/m.toml", Some(&m))]),
        [
            "events/m.toml:2:13: error: this event, dated 2024-04-30, cannot come after `e`: `e` is on or after 10 May 2024 (its date 2024-05-10 is at events/e.toml:2:8)\n  help: fix a date, or remove this `after`"
        ]
    );
    // Through a vaguer event in between.
    let p = problems(&[
        ("events/m.toml", Some(&event("2024-03", Some("y")))),
        ("events/y.toml", Some(&event("2024", Some("e")))),
    ]);
    assert_eq!(
        p,
        [
            "events/m.toml:1:9: error: this event, dated 2024-03, cannot come after `y`: `y` is on or after 10 May 2024 (its date 2024 is at events/y.toml:3:8)\n  help: `y` comes after `e`, dated 2024-05-10 (at events/e.toml:2:8); fix a date, or remove this `after`"
        ]
    );
}

#[test]
fn details_link_to_the_anchor() {
    use dossier::app::details::{Link, Row, build};
    use dossier_core::content::EntityRef;
    let d = load(&[("events/y.toml", Some(&event("2024", Some("e"))))]);
    let (e, y) = (d.find_event("e"), d.find_event("y"));
    let (Some(e), Some(y)) = (e, y) else {
        panic!("both events load: {:?}", common::printed(&d));
    };
    let c = build(&d, EntityRef::Event(y), 60);
    let first = c.links.first().expect("a link");
    assert_eq!(first.link, Link::Event(e));
    assert!(matches!(
        c.rows[first.first_row],
        Row::Link {
            label: Some("After"),
            ..
        }
    ));
    let c = build(&d, EntityRef::Event(e), 60);
    assert!(c.links.iter().all(|l| !matches!(l.link, Link::Event(_))));
}

/// An event file with `date` (a TOML string as written) and extra lines
/// first (`after`, `before`, `weekday`).
fn dated(date: &str, extra: &str) -> String {
    let body = EVENT.replace("\"2024-05-10\"", date);
    format!("{extra}{body}")
}

#[test]
fn before_bounds_the_latest_day_and_lists_the_event_before() {
    // `z` is only known by its year, and happened on or before `e`.
    let d = load(&[
        (
            "events/z.toml",
            Some(&dated("\"2024\"", "before = \"e\"\n")),
        ),
        ("events/f.toml", Some(&dated("\"2024-03-01\"", ""))),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert_eq!(ids(&d), ["z", "f", "e"]);
    let z = &d.events[0];
    assert_eq!(z.bounds.earliest.to_string(), "2024-01-01");
    assert_eq!(z.bounds.latest.to_string(), "2024-05-10");
    assert!(
        !z.bounds.day_unknown,
        "a related event is placed by its bounds"
    );
    assert_eq!(z.dating().label(), "1 Jan–10 May 2024↔");
    assert_eq!(z.before, d.find_event("e").into_iter().collect::<Vec<_>>());
}

#[test]
fn a_chain_of_five_with_a_before_at_its_end_derives_every_bound() {
    // a (day) <= b (year) <= c (month) <= d (year) <= e's fixture day
    // (2024-05-10), written with `after` along the chain and a `before` at
    // its end, in files listed in shuffled order. Every bound comes from
    // both directions.
    let files = [
        (
            "events/d.toml",
            dated("\"2024\"", "after = \"c\"\nbefore = \"e\"\n"),
        ),
        ("events/b.toml", dated("\"2024\"", "after = \"a\"\n")),
        ("events/c.toml", dated("\"2024-04\"", "after = [\"b\"]\n")),
        ("events/a.toml", dated("\"2024-04-10\"", "")),
        ("events/x.toml", dated("\"2024-04-20\"", "")),
    ];
    let changes: Vec<(&str, Option<&str>)> =
        files.iter().map(|(p, t)| (*p, Some(t.as_str()))).collect();
    let d = load(&changes);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    let bounds: Vec<(&str, String, String)> = d
        .events
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.bounds.earliest.to_string(),
                e.bounds.latest.to_string(),
            )
        })
        .collect();
    fn b<'a>(id: &'a str, lo: &str, hi: &str) -> (&'a str, String, String) {
        (id, lo.to_string(), hi.to_string())
    }
    assert_eq!(
        bounds,
        [
            b("a", "2024-04-10", "2024-04-10"),
            b("b", "2024-04-10", "2024-04-30"),
            b("c", "2024-04-10", "2024-04-30"),
            b("d", "2024-04-10", "2024-05-10"),
            b("x", "2024-04-20", "2024-04-20"),
            b("e", "2024-05-10", "2024-05-10"),
        ]
    );
}

#[test]
fn a_range_of_one_day_with_a_weekday_narrows_to_that_weekday() {
    let d = load(&[(
        "events/t.toml",
        Some(&dated(
            "\"[2024-05-14..2024-07-31]\"",
            "weekday = \"Tuesday\"\n",
        )),
    )]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    let t = d.find_event("t").map(|t| d.event(t)).expect("t loads");
    assert_eq!(t.date.edtf(), "[2024-05-14..2024-07-31]");
    // 31 July 2024 is a Wednesday: the last Tuesday is the 30th.
    assert_eq!(t.bounds.latest.to_string(), "2024-07-30");
    assert_eq!(t.dating().label(), "a Tue, 14 May–30 Jul 2024↔");
    assert_eq!(
        t.dating().words(),
        "One day, not known exactly, between 14 May 2024 and 30 Jul 2024, a Tuesday. The date says between 14 May 2024 and 31 Jul 2024; the rest is derived from the weekday."
    );
    assert_eq!(
        t.dating().phrase(),
        "Between 14 May and 30 Jul 2024, a Tuesday"
    );
}

#[test]
fn a_weekday_no_day_of_the_date_has_is_an_error() {
    let p = problems(&[(
        "events/t.toml",
        Some(&dated("\"2024-05-10\"", "weekday = \"Tuesday\"\n")),
    )]);
    assert_eq!(
        p,
        [
            "events/t.toml:1:11: error: 2024-05-10 is a Friday, not a Tuesday\n  help: fix the date or the weekday"
        ]
    );
    let p = problems(&[(
        "events/t.toml",
        Some(&dated(
            "\"[2024-05-14..2024-05-15]\"",
            "weekday = \"fri\"\n",
        )),
    )]);
    assert_eq!(
        p,
        [
            "events/t.toml:1:11: error: no day of [2024-05-14..2024-05-15] is a Friday\n  help: fix the date or the weekday"
        ]
    );
    let p = problems(&[(
        "events/t.toml",
        Some(&dated("\"2024\"", "weekday = \"Tusday\"\n")),
    )]);
    assert_eq!(
        p,
        [
            "events/t.toml:1:11: error: unknown weekday `Tusday`\n  help: write a day of the week in English: \"Monday\" to \"Sunday\", or \"Mon\" to \"Sun\""
        ]
    );
}

#[test]
fn a_before_whose_event_cannot_come_later_names_both_files() {
    let p = problems(&[(
        "events/late.toml",
        Some(&dated("\"2024-06\"", "before = \"e\"\n")),
    )]);
    assert_eq!(
        p,
        [
            "events/late.toml:1:10: error: this event cannot come before `e`: this event is on or after 1 Jun 2024, and `e` is dated 2024-05-10 (at events/e.toml:2:8)\n  help: fix a date, or remove this `before`"
        ]
    );
}

#[test]
fn qualifiers_mark_the_date_without_moving_it() {
    let d = load(&[
        ("events/u.toml", Some(&dated("\"2024-05-09?\"", ""))),
        ("events/v.toml", Some(&dated("\"2024-05~\"", ""))),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert_eq!(ids(&d), ["v", "u", "e"]);
    let label = |id: &str| d.event(d.find_event(id).unwrap()).dating().label();
    assert_eq!(label("u"), "9 May 2024?");
    assert_eq!(label("v"), "May 2024~");
    assert_eq!(
        d.event(d.find_event("u").unwrap()).date.edtf(),
        "2024-05-09?"
    );
}

#[test]
fn edtf_forms_outside_the_format_are_refused_by_name() {
    let cases = [
        ("2024-21", "seasons and quarters"),
        (
            "[2024-05-01,2024-06-01]",
            "a set of several dates or ranges",
        ),
        ("{2024-05-01..2024-06-01}", "a set of several dates (`{…}`)"),
        ("[..2024-06-01]", "an open range is not supported"),
        ("[2024-06-01..]", "an open range is not supported"),
        (
            "2024-05-01/2024-06-01",
            "an interval `A/B` is not supported",
        ),
        (
            "[2024-06-01..2024-05-01]",
            "the range's bounds are reversed",
        ),
        (
            "[2024-05?..2024-06]",
            "a qualifier (`?`, `~`, `%`) goes after a single date",
        ),
        ("?2024-05", "a qualifier (`?`, `~`, `%`) is written once"),
        ("202X", "unspecified digits"),
        ("Y20240", "only years of four digits"),
        ("2024-02-30", "in `date`: no such date"),
        ("May 2024", "expected a date; write"),
    ];
    for (date, says) in cases {
        let p = problems(&[("events/t.toml", Some(&dated(&format!("\"{date}\""), "")))]);
        assert_eq!(p.len(), 1, "{date}: {p:?}");
        let p = &p[0];
        assert!(p.starts_with("events/t.toml:2:8: error: bad date"), "{p}");
        assert!(p.contains(says), "{date}: {p}");
        // Never a parser's own words.
        assert!(
            !p.contains("TOML parse") && !p.contains("invalid type"),
            "{p}"
        );
    }
    // A span's start cannot be a range.
    let p = problems(&[(
        "events/t.toml",
        Some(&dated(
            "\"[2024-05-01..2024-05-20]\"\nend = \"2024-06-01\"",
            "",
        )),
    )]);
    assert_eq!(
        p,
        [
            "events/t.toml:3:7: error: an event with `end` starts on a day, a month or a year, not within a range\n  help: write the start as a day, a month or a year, and say what is uncertain in `date_note`"
        ]
    );
}

#[test]
fn relations_take_one_id_or_a_list_and_unknown_ids_are_placed_in_the_list() {
    let d = load(&[
        ("events/m.toml", Some(&dated("\"2024-06\"", ""))),
        (
            "events/y.toml",
            Some(&dated("\"2024\"", "after = [\"e\", \"m\"]\n")),
        ),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    let y = d.event(d.find_event("y").unwrap());
    assert_eq!(y.after.len(), 2);
    assert_eq!(y.bounds.earliest.to_string(), "2024-06-01");
    let p = problems(&[(
        "events/y.toml",
        Some(&dated("\"2024\"", "after = [\"e\", \"nope\"]\n")),
    )]);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("events/y.toml:1:15: error: unknown event `nope`"),
        "{p:?}"
    );
}

#[test]
fn a_year_alone_that_nothing_relates_is_day_not_known() {
    let d = load(&[("events/y.toml", Some(&dated("\"2024\"", "")))]);
    let y = d.event(d.find_event("y").unwrap());
    assert!(y.bounds.day_unknown);
    assert_eq!(y.dating().label(), "2024, day not known");
    assert_eq!(y.dating().phrase(), "2024, day not known");
    let e = d.event(d.find_event("e").unwrap());
    assert!(!e.bounds.day_unknown);
}

mod order_property {
    use super::*;
    use proptest::prelude::*;

    /// A random event: a date of any form, and relations to earlier-listed
    /// ids (so most are satisfiable) or to any id.
    fn date_strategy() -> impl Strategy<Value = String> {
        prop_oneof![
            (1u32..=12, 1u32..=28).prop_map(|(m, d)| format!("2024-{m:02}-{d:02}")),
            (1u32..=12).prop_map(|m| format!("2024-{m:02}")),
            Just("2024".to_string()),
            (1u32..=12, 1u32..=28, 0u32..90).prop_map(|(m, d, len)| {
                let lo = chrono::NaiveDate::from_ymd_opt(2024, m, d).unwrap();
                let hi = lo + chrono::Days::new(u64::from(len));
                format!("[{lo}..{hi}]")
            }),
            (1u32..=12, 1u32..=28, 0usize..3)
                .prop_map(|(m, d, q)| format!("2024-{m:02}-{d:02}{}", ["?", "~", "%"][q])),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn the_order_respects_every_relation_and_every_bound(
            events in prop::collection::vec(
                (date_strategy(), prop::collection::vec((0usize..12, any::<bool>()), 0..3)),
                1..12,
            )
        ) {
            let mut files = Vec::new();
            for (k, (date, rels)) in events.iter().enumerate() {
                let mut extra = String::new();
                let after: Vec<String> = rels.iter().filter(|r| !r.1).map(|r| format!("\"n{}\"", r.0 % events.len())).collect();
                let before: Vec<String> = rels.iter().filter(|r| r.1).map(|r| format!("\"n{}\"", r.0 % events.len())).collect();
                if !after.is_empty() {
                    extra.push_str(&format!("after = [{}]\n", after.join(", ")));
                }
                if !before.is_empty() {
                    extra.push_str(&format!("before = [{}]\n", before.join(", ")));
                }
                files.push((format!("events/n{k}.toml"), dated(&format!("\"{date}\""), &extra)));
            }
            let changes: Vec<(&str, Option<&str>)> =
                files.iter().map(|(p, t)| (p.as_str(), Some(t.as_str()))).collect();
            let d = load(&changes);
            let pos: std::collections::HashMap<_, _> =
                d.events.iter().enumerate().map(|(i, e)| (e.id.clone(), i)).collect();
            for (i, e) in d.events.iter().enumerate() {
                prop_assert!(e.bounds.earliest <= e.bounds.latest, "{}", e.id);
                for &a in &e.after {
                    prop_assert!(a.0 < i, "{} is listed before {} it follows", e.id, d.event(a).id);
                    prop_assert!(d.event(a).bounds.earliest <= e.bounds.earliest);
                }
                for &b in &e.before {
                    prop_assert!(i < b.0, "{} is listed after {} it precedes", e.id, d.event(b).id);
                    prop_assert!(e.bounds.latest <= d.event(b).bounds.latest);
                }
                for later in &d.events[i + 1..] {
                    prop_assert!(
                        e.bounds.earliest <= later.bounds.latest,
                        "{} (from {}) is listed before {} (until {})",
                        e.id, e.bounds.earliest, later.id, later.bounds.latest
                    );
                }
                // Every loaded event keeps its own date's bounds.
                prop_assert!(e.date.first_date() <= e.bounds.earliest || e.bounds.day_unknown);
                prop_assert!(e.bounds.latest <= e.date.last_date());
            }
            prop_assert_eq!(pos.len(), d.events.len());
        }
    }
}

#[test]
fn dossiers_that_loaded_before_keep_their_order() {
    // Only events known by a year or a month alone may move; these
    // dossiers keep the order the previous release gave them.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let order = |dir: &str| -> Vec<String> {
        dossier_core::content::load_dir(&root.join(dir))
            .events
            .iter()
            .map(|e| e.id.clone())
            .collect()
    };
    assert_eq!(
        order("docs/example"),
        [
            "last-contract",
            "union-vote",
            "studios-reply",
            "first-talks",
            "contract-expires"
        ]
    );
    assert_eq!(
        order("tests/fixtures/reader"),
        [
            "nrg-survey",
            "general-talks",
            "second-week-ends",
            "asa-talks",
            "tentative-deal",
            "contract-expires"
        ]
    );
    assert_eq!(
        order("tests/fixtures/hostile"),
        ["hostile-event", "wide-event", "markup-event"]
    );
}

#[test]
fn the_bundled_timeline_reads_as_a_chronology_at_80x24_and_120x40() {
    use common::Screen;
    let d = dossier::bundled::load_bundled();
    let deal = d.find_event("tentative-deal").expect("the deal").0;
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys(&format!("g{}", "j".repeat(deal)));
        let text = s.text();
        // The deal's row reads as a range, never as a day.
        let list_w = usize::from(s.app.areas().list.width);
        let rows: Vec<String> = text
            .lines()
            .map(|l| l.chars().take(list_w).collect())
            .collect();
        let row = rows
            .iter()
            .find(|l| l.contains("Tentative deal"))
            .unwrap_or_else(|| panic!("{w}x{h}: the deal's row\n{text}"));
        assert!(row.contains('↔'), "{w}x{h}: {row}");
        assert!(row.contains("May") && row.contains("Jul"), "{w}x{h}: {row}");
        // The date column is at most 11 cells at 80 columns, and every title
        // keeps at least 13.
        let area = dossier::app::layout::inner(s.app.areas().list);
        let dw = s
            .app
            .date_column(0..d.events.len(), usize::from(area.width) - 1);
        if w == 80 {
            assert!(dw <= 11, "{dw}");
        }
        for ix in 0..d.events.len() {
            let room = s.app.title_room(
                dossier::app::ListKind::Timeline,
                ix,
                usize::from(area.width),
                0..d.events.len(),
            );
            assert!(room >= 13, "{w}x{h}: row {ix} keeps {room} cells");
        }
        insta::assert_snapshot!(format!("timeline_deal_{w}x{h}"), s.terminal.backend());
    }
    // Every event whose day is not known says so, in words.
    let mut s = Screen::new(d.clone(), 80, 24);
    s.keys("g");
    for e in &d.events {
        if e.bounds.day_unknown {
            assert!(
                App::fit_date(e, None, 11).contains("day"),
                "{}: {}",
                e.id,
                App::fit_date(e, None, 11)
            );
        }
    }
    assert!(s.text().contains("2023, day ?"), "{}", s.text());
}

#[test]
fn the_first_form_alone_is_the_widest_of_the_forms() {
    let mut dossiers = vec![
        dossier::bundled::load_bundled(),
        dossier_core::content::load_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/example"),
        ),
    ];
    // Every form a date can take, alone and with its weekday and relations.
    for date in [
        "2024",
        "2024-05",
        "2024-05-10",
        "2024?",
        "2024-05~",
        "2024-05-10%",
        "[2024-05-14..2024-07-30]",
        "[2024-05..2024-07]",
    ] {
        dossiers.push(load(&[("events/e.toml", Some(&event(date, None)))]));
    }
    let mut seen = 0;
    for d in &dossiers {
        for e in &d.events {
            for common in [None, Some(e.date.from.get_year()), Some(1999)] {
                let dating = e.dating();
                assert_eq!(
                    Some(dating.first_form(common)),
                    dating.forms(common).into_iter().next(),
                    "{} {common:?}",
                    e.id
                );
                seen += 1;
            }
        }
    }
    assert!(seen > 40, "{seen}");
}
