//! The `after` extension: an event may name another that it happened after,
//! which places it right after that event in the timeline when its own date
//! is too vague to. Owns the checks of those links and the resulting order.

// Indexing is denied but allowed in the two graph walks below: their
// indices are draft indices, each below the length of the vectors they index
// (all sized to the drafts), as `anchors` only returns indices of `events`.
// Writing them with `get` would hide that proof behind fallbacks that cannot
// happen. The loader's fuzz target (fuzz/fuzz_targets/loader.rs, its corpus
// replayed by tests/fuzz_corpus.rs on every `cargo test`) and the mutation
// tests (tests/mutate.rs, tests/after.rs) guard them.
#![deny(clippy::indexing_slicing)]

use std::collections::HashMap;

use super::code::Code;
use super::draft::EventDraft;
use super::pending::Pending;

type Day = (i32, u8, u8);

/// The draft index each draft's `after` names, when that event has a draft.
/// Self-links are kept: they are reported as cycles.
fn anchors(events: &[EventDraft]) -> Vec<Option<usize>> {
    let ix: HashMap<&str, usize> = events
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    events
        .iter()
        .map(|e| {
            e.after
                .as_ref()
                .and_then(|a| ix.get(a.get_ref().as_str()).copied())
        })
        .collect()
}

/// Reports `after` links that form a cycle or that the dates contradict,
/// marking the events that carry them as failed. Unknown ids are reported
/// with the other references.
#[allow(clippy::indexing_slicing)]
pub(super) fn check(events: &mut [EventDraft]) -> Vec<(usize, Pending)> {
    let mut found = Vec::new();
    if events.iter().all(|e| e.after.is_none()) {
        return found;
    }
    let anchor = anchors(events);
    let n = events.len();

    // Each event has at most one anchor, so a walk from any event either
    // ends or comes back to an event it passed on this same walk.
    let mut walked = vec![0usize; n];
    let mut in_cycle = vec![false; n];
    let mut cycles = Vec::new();
    for start in 0..n {
        let stamp = start + 1;
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if walked[c] == stamp {
                let from = path.iter().position(|&p| p == c).unwrap_or(0);
                for &m in &path[from..] {
                    in_cycle[m] = true;
                }
                cycles.push(path[from..].to_vec());
                break;
            }
            if walked[c] != 0 {
                break;
            }
            walked[c] = stamp;
            path.push(c);
            cur = anchor[c];
        }
    }
    for cycle in cycles {
        for (k, &m) in cycle.iter().enumerate() {
            let message = if cycle.len() == 1 {
                "an event cannot come after itself".to_string()
            } else {
                let ids: Vec<&str> = cycle[k..]
                    .iter()
                    .chain(&cycle[..=k])
                    .map(|&c| events[c].id.as_str())
                    .collect();
                format!("`after` forms a cycle: {}", ids.join(" -> "))
            };
            error_at(events, m, message, None, &mut found);
        }
    }

    // The earliest day each event can be on, from its own date and every
    // event before it in its chain, and which event sets it. An event found
    // in conflict passes on only its own date, so its followers do not
    // repeat its error.
    let mut earliest: Vec<Option<Option<(Day, usize)>>> = vec![None; n];
    for start in 0..n {
        let mut chain = Vec::new();
        let mut cur = Some(start);
        while let Some(c) = cur {
            if earliest[c].is_some() || in_cycle[c] {
                break;
            }
            chain.push(c);
            cur = anchor[c];
        }
        let mut bound = match cur {
            Some(c) if !in_cycle[c] => earliest[c].flatten(),
            _ => None,
        };
        for &c in chain.iter().rev() {
            let own = events[c].date.map(|d| (d.first_day(), c));
            let next = match (bound, events[c].date) {
                (Some((day, by)), Some(date)) if day > date.last_day() => {
                    let via = anchor[c].filter(|&a| a != by);
                    let message = format!(
                        "this event, dated {}, cannot come after `{}`, dated {}",
                        date.iso(),
                        events[by].id,
                        events[by].date.map(|d| d.iso()).unwrap_or_default()
                    );
                    let help = match via {
                        Some(a) => format!(
                            "`{}` comes after `{}`; fix a date or an `after`",
                            events[a].id, events[by].id
                        ),
                        None => "fix a date, or remove `after`".to_string(),
                    };
                    error_at(events, c, message, Some(help), &mut found);
                    own
                }
                (Some(b), Some(_)) => own.filter(|o| o.0 >= b.0).or(Some(b)),
                (b, None) => b,
                (None, Some(_)) => own,
            };
            earliest[c] = Some(next);
            bound = next;
        }
    }
    found
}

fn error_at(
    events: &mut [EventDraft],
    c: usize,
    message: String,
    help: Option<String>,
    found: &mut Vec<(usize, Pending)>,
) {
    if let Some(e) = events.get_mut(c) {
        e.ok = false;
        let at = e.after.as_ref().map(|a| a.span().start);
        found.push((
            e.file,
            Pending::error(Code::BadAfter, at, message).help(help),
        ));
    }
}

/// The timeline order of loaded events, as draft indices, and each draft's
/// anchor among them. Without `after`, by date (the less precise first at
/// equal dates) then id; an event with `after` comes right after its
/// anchor, followers of one anchor by id, and chains resolve transitively.
#[allow(clippy::indexing_slicing)]
pub(super) fn timeline(events: &[EventDraft]) -> (Vec<usize>, Vec<Option<usize>>) {
    // Sort compact keys rather than the large drafts. Ids are unique, so an
    // unstable sort gives the same order as a stable one.
    let key = |i: usize| (events[i].date, events[i].id.as_str(), i);
    if events.iter().all(|e| e.after.is_none()) {
        let mut order: Vec<_> = (0..events.len()).map(key).collect();
        order.sort_unstable();
        return (
            order.into_iter().map(|(_, _, i)| i).collect(),
            vec![None; events.len()],
        );
    }
    // The loader reports cycles and drops the events in them; a cycle here
    // (from a hand-built list) is broken by treating its events as roots.
    let mut anchor = anchors(events);
    for (i, a) in anchor.iter_mut().enumerate() {
        if *a == Some(i) {
            *a = None;
        }
    }
    let mut roots = Vec::new();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); events.len()];
    for (i, a) in anchor.iter().enumerate() {
        match a {
            Some(a) => children[*a].push(i),
            None => roots.push(key(i)),
        }
    }
    roots.sort_unstable();
    for list in &mut children {
        list.sort_unstable_by(|&a, &b| events[a].id.cmp(&events[b].id));
    }
    let mut order = Vec::with_capacity(events.len());
    let mut placed = vec![false; events.len()];
    let mut stack = Vec::new();
    for (_, _, root) in roots {
        stack.push(root);
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut placed[n], true) {
                continue;
            }
            order.push(n);
            stack.extend(children[n].iter().rev());
        }
    }
    // Anything left is in a cycle: keep it, by its own date.
    let mut rest: Vec<_> = (0..events.len()).filter(|&i| !placed[i]).map(key).collect();
    rest.sort_unstable();
    for (_, _, i) in rest {
        anchor[i] = None;
        order.push(i);
    }
    (order, anchor)
}
