//! Builds the model from resolved drafts: the timeline order, ids to
//! indices, and every derived link (issue to events, article to citers,
//! related issues both ways), each computed once.

use std::collections::HashMap;

use super::draft::{EventDraft, IssueDraft, SourceDraft};
use super::model::{
    Article, Citer, Dossier, Event, EventIx, Issue, IssueIx, Meta, Position, Source,
};
use super::problem::Problem;

/// The dossier from what loaded. Drafts with an error of their own are left
/// out; a reference to something left out is dropped (its error is reported
/// where it belongs).
pub(crate) fn build(
    meta: Meta,
    mut articles: Vec<Article>,
    events: Vec<EventDraft>,
    issues: Vec<IssueDraft>,
    problems: Vec<Problem>,
) -> Dossier {
    let mut issues: Vec<IssueDraft> = issues.into_iter().filter(|i| i.ok).collect();
    issues.sort_by(|a, b| a.id.cmp(&b.id));
    let issue_ix: HashMap<&str, IssueIx> = issues
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), IssueIx(i)))
        .collect();

    let events: Vec<EventDraft> = events
        .into_iter()
        .filter(|e| e.ok && e.date.is_some())
        .collect();
    // The order as draft indices, then each draft moved once: drafts are large, and a
    // sort that moves them touches hundreds of bytes per step.
    let (order, anchors) = super::after::timeline(&events);
    let mut slots: Vec<Option<EventDraft>> = events.into_iter().map(Some).collect();

    let resolve_issues = |list: &[toml::Spanned<String>]| {
        let mut out: Vec<IssueIx> = Vec::with_capacity(list.len());
        for id in list {
            if let Some(&ix) = issue_ix.get(id.get_ref().as_str())
                && !out.contains(&ix)
            {
                out.push(ix);
            }
        }
        out
    };

    let mut event_list = Vec::with_capacity(order.len());
    let mut issue_events: Vec<Vec<EventIx>> = vec![Vec::new(); issues.len()];
    let citations = slots
        .iter()
        .flatten()
        .map(|e| e.sources.len())
        .sum::<usize>()
        + issues
            .iter()
            .map(|i| i.sources.len() + i.positions.iter().map(|p| p.sources.len()).sum::<usize>())
            .sum::<usize>();
    let mut cites: Vec<(usize, usize, Citer)> = Vec::with_capacity(citations);
    // Drafts are consumed, so their strings move into the model uncopied.
    // They are taken from their slots in timeline order, not gathered into a
    // sorted vector first: that would hold a second copy of every draft.
    // Anchors come before their followers, so their index is known in time.
    let mut placed: Vec<Option<EventIx>> = vec![None; order.len()];
    for &i in &order {
        let Some(e) = slots[i].take() else {
            continue;
        };
        let ix = EventIx(event_list.len());
        placed[i] = Some(ix);
        let touched = resolve_issues(&e.issues);
        for i in &touched {
            issue_events[i.0].push(ix);
        }
        let sources = sources(e.sources);
        for (k, s) in sources.iter().enumerate() {
            cites.push((s.article.0, s.span.start, Citer::Event(ix, k)));
        }
        event_list.push(Event {
            id: e.id,
            title: e.title,
            date: e.date.unwrap_or_else(|| super::date::PartialDate::year(0)),
            end: e.end,
            after: anchors[i].and_then(|a| placed[a]),
            kind: e.kind,
            issues: touched,
            summary: e.summary,
            date_note: e.date_note,
            disputed: e.disputed,
            sources,
        });
    }

    // Related both ways: every listed pair is added in both directions.
    let mut related: Vec<Vec<IssueIx>> = vec![Vec::new(); issues.len()];
    for (n, d) in issues.iter().enumerate() {
        for r in resolve_issues(&d.related) {
            if r.0 != n {
                related[n].push(r);
                related[r.0].push(IssueIx(n));
            }
        }
    }

    let mut issue_list = Vec::with_capacity(issues.len());
    for (n, (d, (events, mut related))) in issues
        .into_iter()
        .zip(issue_events.into_iter().zip(related))
        .enumerate()
    {
        related.sort();
        related.dedup();
        let positions: Vec<Position> = d
            .positions
            .into_iter()
            .map(|p| Position {
                side: p.side,
                text: p.text.into_inner(),
                sources: sources(p.sources),
            })
            .collect();
        let sources = sources(d.sources);
        for (k, s) in sources.iter().enumerate() {
            cites.push((s.article.0, s.span.start, Citer::Issue(IssueIx(n), k)));
        }
        for (p, position) in positions.iter().enumerate() {
            for (k, s) in position.sources.iter().enumerate() {
                cites.push((s.article.0, s.span.start, Citer::Position(IssueIx(n), p, k)));
            }
        }
        issue_list.push(Issue {
            id: d.id,
            title: d.title,
            summary: d.summary,
            status: d.status,
            positions,
            related,
            sources,
            events,
        });
    }

    cites.sort();
    for (article, _, citer) in cites {
        if let Some(a) = articles.get_mut(article) {
            a.cited_by.push(citer);
        }
    }

    let event_index = event_list
        .iter()
        .enumerate()
        .map(|(n, e)| (e.id.clone(), EventIx(n)))
        .collect();
    Dossier {
        meta,
        events: event_list,
        issues: issue_list,
        articles,
        problems,
        event_index,
    }
}

/// The sources that resolved to a passage.
fn sources(drafts: Vec<SourceDraft>) -> Vec<Source> {
    drafts
        .into_iter()
        .filter_map(|s| {
            let (article, span) = s.resolved?;
            Some(Source {
                article,
                quote: s.quote.into_inner(),
                span,
                note: s.note,
            })
        })
        .collect()
}
