//! Honest dates: the relations between events (`after`, `before`), the
//! earliest and latest day each event can be on, the checks that find a
//! contradiction, and the one timeline order every view and export uses.
//!
//! `after = X` says this event's day is on or after X's first day; `before
//! = Y` that it is on or before Y's. Both are non-strict: the same day
//! satisfies both. They form a graph of "no later than" edges. Bounds
//! travel along it both ways until nothing changes: a forward pass in
//! topological order raises each event's earliest day to the greatest
//! earliest day before it, and a backward pass lowers each latest day to the
//! least latest day after it; a known weekday moves each bound to the
//! nearest such day inward. With non-strict edges, the two passes reach the
//! fixed point.
//!
//! The order is a topological order of that graph which, among the events
//! free to come next, takes the smallest key: earliest day, then the events
//! whose day is not known at all (a year alone that nothing relates), then
//! the latest day with the widest first, then the id. Earliest days never
//! decrease along it, and an event is never listed before one it is known
//! to follow, nor before an event whose latest day is before its earliest.

// Indexing is denied but allowed in the graph walks below: their indices
// are draft indices, each below the length of the vectors they index (all
// sized to the drafts), as `edges` only returns indices of drafts. The
// loader's fuzz target, the mutation tests and the property test of the
// order guard them.
#![deny(clippy::indexing_slicing)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::NaiveDate;

use super::code::Code;
use super::date::{Bounds, on_weekday};
use super::draft::EventDraft;
use super::pending::Pending;
use super::position::locate_all;

/// Which relation an edge comes from: the event that wrote it, the field,
/// and where in its file the id was written.
#[derive(Clone, Copy)]
struct Written {
    by: usize,
    before: bool,
    at: usize,
}

/// "`from` is no later than `to`".
#[derive(Clone, Copy)]
struct Edge {
    from: usize,
    to: usize,
    written: Written,
}

/// Each draft's relations as edges between draft indices, for the drafts
/// `keep` accepts. Self-links are kept: they are reported as cycles.
fn edges(events: &[EventDraft], keep: &dyn Fn(usize) -> bool) -> Vec<Edge> {
    // Most dossiers relate no event: then no map of ids is needed.
    if events.iter().all(|e| !e.is_related()) {
        return Vec::new();
    }
    let ix: super::ids::IdMap<&str, usize> = events
        .iter()
        .enumerate()
        .filter(|&(i, _)| keep(i))
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut out = Vec::new();
    for (i, e) in events.iter().enumerate().filter(|&(i, _)| keep(i)) {
        for a in &e.after {
            if let Some(&j) = ix.get(a.get_ref().as_str()) {
                out.push(Edge {
                    from: j,
                    to: i,
                    written: Written {
                        by: i,
                        before: false,
                        at: a.span().start,
                    },
                });
            }
        }
        for b in &e.before {
            if let Some(&j) = ix.get(b.get_ref().as_str()) {
                out.push(Edge {
                    from: i,
                    to: j,
                    written: Written {
                        by: i,
                        before: true,
                        at: b.span().start,
                    },
                });
            }
        }
    }
    out
}

/// The bounds an event's own date and weekday give (a span starts no later
/// than it ends); a date no day of which is on its weekday (reported
/// separately) gives the date's bounds.
fn own_bounds(e: &EventDraft) -> Bounds {
    match e.date {
        Some(d) => {
            let mut b = Bounds::own(&d, e.weekday.map(|w| w.0)).unwrap_or(Bounds {
                earliest: d.first_date(),
                latest: d.last_date(),
                day_unknown: d.is_year_alone(),
            });
            if let Some(end) = e.end {
                b.latest = b.latest.min(end.last_date()).max(b.earliest);
            }
            b
        }
        None => Bounds {
            earliest: NaiveDate::MIN,
            latest: NaiveDate::MAX,
            day_unknown: false,
        },
    }
}

/// The result of relating the events: derived bounds, the order, and the
/// edges found in a cycle or in contradiction with the dates.
struct Derived {
    bounds: Vec<Bounds>,
    /// Draft indices in timeline order (drafts not kept are absent).
    order: Vec<usize>,
    /// Strongly connected groups of more than one draft, or with a self-link.
    cycles: Vec<Vec<usize>>,
    /// Edges whose ends' dates cannot both hold, with the earliest day that
    /// came to `from` (and the draft it came from).
    conflicts: Vec<(Edge, NaiveDate, usize)>,
}

/// Each draft's place among the drafts sorted by id, the order's last
/// tie-break. Drafts come in the order of their files, nearly always that
/// of their ids: then it is their index, and no id is read again (a sort
/// comparing ids reads each from wherever it lies in memory).
fn id_ranks(events: &[EventDraft]) -> Vec<usize> {
    let mut by_id: Vec<usize> = (0..events.len()).collect();
    if !EventDraft::in_id_order(events) {
        by_id.sort_by(|&a, &b| {
            let id = |i: usize| events.get(i).map(|e| e.id.as_str());
            id(a).cmp(&id(b))
        });
        let mut rank = vec![0; events.len()];
        for (r, i) in by_id.into_iter().enumerate() {
            if let Some(slot) = rank.get_mut(i) {
                *slot = r;
            }
        }
        return rank;
    }
    by_id
}

#[allow(clippy::indexing_slicing)]
fn derive(events: &[EventDraft], keep: &dyn Fn(usize) -> bool) -> Derived {
    let n = events.len();
    let mut bounds: Vec<Bounds> = events.iter().map(own_bounds).collect();
    let edges = edges(events, keep);
    for e in &edges {
        bounds[e.from].day_unknown = false;
        bounds[e.to].day_unknown = false;
    }
    let rank = id_ranks(events);
    let key = |b: &[Bounds], i: usize| {
        (
            b[i].earliest,
            !b[i].day_unknown,
            Reverse(b[i].latest),
            rank.get(i).copied().unwrap_or(i),
            i,
        )
    };
    if edges.is_empty() {
        let mut order: Vec<_> = (0..n)
            .filter(|&i| keep(i))
            .map(|i| key(&bounds, i))
            .collect();
        order.sort_unstable();
        return Derived {
            order: order.into_iter().map(|k| k.4).collect(),
            bounds,
            cycles: Vec::new(),
            conflicts: Vec::new(),
        };
    }

    let mut earliest_by: Vec<usize> = (0..n).collect();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut into: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, e) in edges.iter().enumerate() {
        out[e.from].push(k);
        into[e.to].push(k);
    }

    // Cycles: the strongly connected groups (Tarjan's, without recursion).
    let cycles = strongly_connected(n, &edges, &out, keep);
    let mut in_cycle = vec![false; n];
    for c in &cycles {
        for &m in c {
            in_cycle[m] = true;
        }
    }
    let live = |e: &Edge| !in_cycle[e.from] && !in_cycle[e.to];

    // A topological order of the rest (Kahn's).
    let mut indegree = vec![0usize; n];
    for e in edges.iter().filter(|e| live(e)) {
        indegree[e.to] += 1;
    }
    let mut topo = Vec::with_capacity(n);
    let mut ready: Vec<usize> = (0..n)
        .filter(|&i| keep(i) && !in_cycle[i] && indegree[i] == 0)
        .collect();
    while let Some(i) = ready.pop() {
        topo.push(i);
        for &k in &out[i] {
            let e = &edges[k];
            if live(e) {
                indegree[e.to] -= 1;
                if indegree[e.to] == 0 {
                    ready.push(e.to);
                }
            }
        }
    }

    // Forward: earliest days. An edge whose earliest day cannot fit the
    // latest day of its end's own date is a conflict, and carries nothing.
    let own: Vec<Bounds> = bounds.clone();
    let mut broken = vec![false; edges.len()];
    let mut conflicts = Vec::new();
    for &i in &topo {
        let mut earliest = own[i].earliest;
        for &k in &into[i] {
            let e = &edges[k];
            if !live(e) {
                continue;
            }
            let came = bounds[e.from].earliest;
            if came > own[i].latest {
                broken[k] = true;
                conflicts.push((*e, came, earliest_by[e.from]));
            } else if came > earliest {
                earliest = came;
                earliest_by[i] = earliest_by[e.from];
            }
        }
        let weekday = events[i].weekday.map(|w| w.0);
        if let Some((first, _)) = on_weekday(earliest, own[i].latest, weekday) {
            earliest = first;
        }
        bounds[i].earliest = earliest;
    }
    // Backward: latest days, over the edges that hold.
    for &i in topo.iter().rev() {
        let mut latest = own[i].latest;
        for &k in &out[i] {
            let e = &edges[k];
            if live(e) && !broken[k] {
                latest = latest.min(bounds[e.to].latest);
            }
        }
        let weekday = events[i].weekday.map(|w| w.0);
        if let Some((_, last)) = on_weekday(bounds[i].earliest, latest, weekday) {
            latest = last;
        }
        bounds[i].latest = latest.max(bounds[i].earliest);
    }

    // The order: Kahn's again, taking the smallest key among the events
    // free to come next. Events in a cycle come by their own key.
    let mut indegree = vec![0usize; n];
    for (k, e) in edges.iter().enumerate() {
        if live(e) && !broken[k] {
            indegree[e.to] += 1;
        }
    }
    let mut heap: BinaryHeap<Reverse<_>> = (0..n)
        .filter(|&i| keep(i) && indegree[i] == 0)
        .map(|i| Reverse(key(&bounds, i)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(Reverse(k)) = heap.pop() {
        let i = k.4;
        order.push(i);
        for &k in &out[i] {
            let e = &edges[k];
            if live(e) && !broken[k] {
                indegree[e.to] -= 1;
                if indegree[e.to] == 0 {
                    heap.push(Reverse(key(&bounds, e.to)));
                }
            }
        }
    }
    Derived {
        bounds,
        order,
        cycles,
        conflicts,
    }
}

/// Tarjan's strongly connected components, iteratively; returns those of
/// more than one draft, and single drafts with an edge to themselves.
#[allow(clippy::indexing_slicing)]
fn strongly_connected(
    n: usize,
    edges: &[Edge],
    out: &[Vec<usize>],
    keep: &dyn Fn(usize) -> bool,
) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut found = Vec::new();
    for root in (0..n).filter(|&i| keep(i)) {
        if index[root] != UNSEEN || out[root].is_empty() {
            continue;
        }
        // (node, position in its out-list)
        let mut call: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut pos)) = call.last_mut() {
            if let Some(&k) = out[v].get(*pos) {
                *pos += 1;
                let w = edges[k].to;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    call.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                call.pop();
                if let Some(&(parent, _)) = call.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        group.push(w);
                        if w == v {
                            break;
                        }
                    }
                    let looped = group.len() > 1 || out[v].iter().any(|&k| edges[k].to == v);
                    if looped {
                        group.sort_unstable();
                        found.push(group);
                    }
                }
            }
        }
    }
    found
}

/// Where an event's date is written, as `path:line:col`, for messages
/// that name a second entry.
fn place(events: &[EventDraft], i: usize, files: (&[String], &[String])) -> String {
    let Some(e) = events.get(i) else {
        return String::new();
    };
    let (paths, texts) = files;
    let path = paths.get(e.file).map_or("", String::as_str);
    let text = texts.get(e.file).map_or("", String::as_str);
    let (line, col) = locate_all(text.as_bytes(), &[e.date_at])
        .first()
        .copied()
        .unwrap_or((1, 1));
    format!("{path}:{line}:{col}")
}

/// Reports every contradiction among the events' dates and relations: a
/// weekday no day of the date has, a cycle, and a relation whose ends'
/// dates cannot both hold (with the file and line of both entries). The
/// event that wrote a faulty relation, and every event of a cycle, is
/// marked as failed. Unknown ids are reported with the other references.
#[allow(clippy::indexing_slicing)]
pub(super) fn check(
    events: &mut [EventDraft],
    paths: &[String],
    texts: &[String],
) -> Vec<(usize, Pending)> {
    let mut found = Vec::new();
    for e in events.iter_mut() {
        let (Some(date), Some((w, at))) = (e.date, e.weekday) else {
            continue;
        };
        if Bounds::own(&date, Some(w)).is_none() {
            let name = super::date::weekday_name(w);
            let message = if date.first_date() == date.last_date() {
                format!(
                    "{} is a {}, not a {name}",
                    date.from.iso(),
                    super::date::weekday_name(chrono::Datelike::weekday(&date.first_date()))
                )
            } else {
                format!("no day of {} is a {name}", date.edtf())
            };
            e.ok = false;
            found.push((
                e.file,
                Pending::error(Code::BadWeekday, Some(at), message)
                    .help(Some("fix the date or the weekday".to_string())),
            ));
        }
    }
    if events.iter().all(|e| !e.is_related()) {
        return found;
    }
    let dated: Vec<bool> = events.iter().map(|e| e.date.is_some()).collect();
    let d = derive(events, &|i| dated[i]);
    let files = (paths, texts);

    for cycle in &d.cycles {
        let ids: Vec<&str> = cycle.iter().map(|&c| events[c].id.as_str()).collect();
        for &m in cycle {
            let e = &events[m];
            let at = e
                .after
                .iter()
                .chain(&e.before)
                .find(|r| ids.contains(&r.get_ref().as_str()))
                .map(|r| r.span().start);
            let message = if cycle.len() == 1 {
                "an event cannot come after or before itself".to_string()
            } else {
                format!(
                    "`after` and `before` form a cycle among {}: no order can hold them all",
                    ids.iter()
                        .map(|i| format!("`{i}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            found.push((
                e.file,
                Pending::error(Code::BadAfter, at, message).help(Some(
                    "remove the `after` or `before` that does not hold".to_string(),
                )),
            ));
        }
    }
    for &m in d.cycles.iter().flatten() {
        events[m].ok = false;
    }

    for &(edge, came, origin) in &d.conflicts {
        let w = edge.written;
        let (other, field) = if w.before {
            (edge.to, "before")
        } else {
            (edge.from, "after")
        };
        let me = &events[w.by];
        let them = &events[other];
        let my_date = me.date.map(|x| x.edtf()).unwrap_or_default();
        let their_date = them.date.map(|x| x.edtf()).unwrap_or_default();
        let message = if w.before {
            // `from` (this event) is on or after `came`, later than `to` can be.
            format!(
                "this event cannot come before `{}`: this event is on or after {}, and `{}` is dated {their_date} (at {})",
                them.id,
                super::date::format_day(came),
                them.id,
                place(events, other, files)
            )
        } else {
            format!(
                "this event, dated {my_date}, cannot come after `{}`: `{}` is on or after {} (its date {their_date} is at {})",
                them.id,
                them.id,
                super::date::format_day(came),
                place(events, other, files)
            )
        };
        let via = (origin != edge.from).then(|| {
            format!(
                "`{}` comes after `{}`, dated {} (at {}); fix a date, or remove this `{field}`",
                events[edge.from].id,
                events[origin].id,
                events[origin].date.map(|x| x.edtf()).unwrap_or_default(),
                place(events, origin, files)
            )
        });
        let help = via.unwrap_or_else(|| format!("fix a date, or remove this `{field}`"));
        found.push((
            me.file,
            Pending::error(Code::BadAfter, Some(w.at), message).help(Some(help)),
        ));
    }
    for &(edge, _, _) in &d.conflicts {
        events[edge.written.by].ok = false;
    }
    found
}

/// The timeline order of loaded events, as draft indices, with each
/// draft's derived bounds (indexed by draft).
pub(super) fn timeline(events: &[EventDraft]) -> (Vec<usize>, Vec<Bounds>) {
    let d = derive(events, &|_| true);
    // The loader reports cycles and leaves their events out; one here (from
    // a hand-built list) is kept, after the rest, by each event's own key.
    let mut order = d.order;
    if order.len() < events.len() {
        let mut placed = vec![false; events.len()];
        for &i in &order {
            if let Some(p) = placed.get_mut(i) {
                *p = true;
            }
        }
        let mut rest: Vec<usize> = (0..events.len())
            .filter(|&i| !placed.get(i).copied().unwrap_or(true))
            .collect();
        rest.sort_by_key(|&i| {
            d.bounds
                .get(i)
                .map(|b| (b.earliest, Reverse(b.latest)))
                .unwrap_or((NaiveDate::MIN, Reverse(NaiveDate::MAX)))
        });
        order.extend(rest);
    }
    (order, d.bounds)
}
