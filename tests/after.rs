//! The `after` extension: timeline order with and without it, chains, and
//! each of its errors with its exact position and message.

mod common;

use common::{EVENT, load, problems};
use dossier::content::Dossier;

/// The base event with another date and, optionally, `after` on line 1.
fn event(date: &str, after: Option<&str>) -> String {
    let body = EVENT.replace("2024-05-10", date);
    match after {
        Some(a) => format!("after = \"{a}\"\n{body}"),
        None => body,
    }
}

fn ids(d: &Dossier) -> Vec<&str> {
    d.events.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn without_after_the_vaguer_date_comes_first() {
    let (f, m, y) = (
        event("2024-05-10", None),
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
    assert!(d.events.iter().all(|e| e.after.is_none()));
}

#[test]
fn after_places_an_event_right_after_its_anchor() {
    let (f, m, y) = (
        event("2024-05-10", None),
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
    assert_eq!(y.after, d.find_event("e"));
    assert_eq!(y.date.iso(), "2024", "the event's own date is kept");
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
    assert_eq!(d.events[3].after, d.find_event("b"));
    assert_eq!(d.events[2].after, d.find_event("e"));
}

#[test]
fn unknown_anchor_suggests_the_closest_id() {
    let p = problems(&[
        ("events/deal.toml", Some(&event("2024", Some("memo-may-1")))),
        ("events/memo-may-10.toml", Some(EVENT)),
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
        ["events/y.toml:1:9: error: an event cannot come after itself"]
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
        ("events/d.toml", Some(&event("2024", Some("a")))),
    ]);
    assert_eq!(
        common::printed(&d),
        [
            "events/a.toml:1:9: error: `after` forms a cycle: a -> b -> c -> a",
            "events/b.toml:1:9: error: `after` forms a cycle: b -> c -> a -> b",
            "events/c.toml:1:9: error: `after` forms a cycle: c -> a -> b -> c",
        ]
    );
    assert_eq!(ids(&d), ["d", "e"]);
    assert_eq!(d.events[0].after, None, "its anchor was left out");
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
        event("2024-04-30", None).replacen("title = \"E\"\n", "", 1)
    );
    assert_eq!(
        problems(&[("events/m.toml", Some(&m))]),
        [
            "events/m.toml:2:13: error: this event, dated 2024-04-30, cannot come after `e`, dated 2024-05-10\n  help: fix a date, or remove `after`"
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
            "events/m.toml:1:9: error: this event, dated 2024-03, cannot come after `e`, dated 2024-05-10\n  help: `y` comes after `e`; fix a date or an `after`"
        ]
    );
}

#[test]
fn details_link_to_the_anchor() {
    use dossier::app::details::{Link, Row, build};
    use dossier::content::EntityRef;
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
