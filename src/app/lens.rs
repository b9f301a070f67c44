//! The timeline's filter ("issue lens"): the issues and the kind it keeps,
//! whether it keeps only disputed events, and the events left visible, computed once per change so that movement and
//! drawing only index into them.

use dossier_core::content::{Dossier, EventIx, IssueIx, Kind};

/// Which events the timeline shows. With no issue and no kind it shows all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lens {
    /// Events touching any of these issues are kept.
    pub issues: Vec<IssueIx>,
    /// Only events of this kind are kept.
    pub kind: Option<Kind>,
    /// Only events whose sources disagree (a `disputed` note) are kept.
    pub disputed: bool,
    /// The visible events, in timeline order, when a filter is on.
    rows: Vec<EventIx>,
}

impl Lens {
    pub fn is_active(&self) -> bool {
        !self.issues.is_empty() || self.kind.is_some() || self.disputed
    }

    /// How many rows the timeline has.
    pub fn len(&self, d: &Dossier) -> usize {
        if self.is_active() {
            self.rows.len()
        } else {
            d.events.len()
        }
    }

    pub fn is_empty(&self, d: &Dossier) -> bool {
        self.len(d) == 0
    }

    /// The event on a row of the timeline.
    pub fn event_at(&self, d: &Dossier, row: usize) -> Option<EventIx> {
        if self.is_active() {
            self.rows.get(row).copied()
        } else {
            (row < d.events.len()).then_some(EventIx(row))
        }
    }

    /// The row an event is on, if the filter lets it through.
    pub fn row_of(&self, event: EventIx) -> Option<usize> {
        if self.is_active() {
            self.rows.binary_search(&event).ok()
        } else {
            Some(event.0)
        }
    }

    /// The row of an event, or of the first shown event after it (else the last row).
    pub fn row_at_or_after(&self, event: EventIx) -> usize {
        if self.is_active() {
            self.rows
                .partition_point(|&r| r < event)
                .min(self.rows.len().saturating_sub(1))
        } else {
            event.0
        }
    }

    /// Adds an issue to the filter, or removes it if it is there already.
    pub fn toggle_issue(&mut self, d: &Dossier, issue: IssueIx) {
        if let Some(at) = self.issues.iter().position(|&i| i == issue) {
            self.issues.remove(at);
        } else {
            self.issues.push(issue);
        }
        self.recompute(d);
    }

    /// The next kind present in the dossier after the current one, then none.
    pub fn cycle_kind(&mut self, d: &Dossier) {
        let present: Vec<Kind> = Kind::ALL
            .into_iter()
            .filter(|k| d.events.iter().any(|e| e.kind == *k))
            .collect();
        self.kind = match self.kind {
            None => present.first().copied(),
            Some(k) => present
                .iter()
                .position(|&p| p == k)
                .and_then(|i| present.get(i + 1))
                .copied(),
        };
        self.recompute(d);
    }

    /// Keeps only disputed events, or stops doing so.
    pub fn toggle_disputed(&mut self, d: &Dossier) {
        self.disputed = !self.disputed;
        self.recompute(d);
    }

    /// Sets the whole filter at once.
    pub fn set(&mut self, d: &Dossier, issues: Vec<IssueIx>, kind: Option<Kind>) {
        self.issues = issues;
        self.kind = kind;
        self.recompute(d);
    }

    pub fn clear(&mut self) {
        self.issues.clear();
        self.kind = None;
        self.disputed = false;
        self.rows.clear();
    }

    fn recompute(&mut self, d: &Dossier) {
        self.rows = d
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                (self.issues.is_empty() || e.issues.iter().any(|i| self.issues.contains(i)))
                    && self.kind.is_none_or(|k| e.kind == k)
                    && (!self.disputed || e.disputed.is_some())
            })
            .map(|(i, _)| EventIx(i))
            .collect();
    }

    /// What the filter keeps, in words: `AI protections, Wages · talks`.
    pub fn describe(&self, d: &Dossier) -> String {
        let mut parts: Vec<String> = Vec::new();
        let titles: Vec<&str> = self
            .issues
            .iter()
            .filter_map(|i| d.issues.get(i.0).map(|x| x.title.as_str()))
            .collect();
        if !titles.is_empty() {
            parts.push(titles.join(", "));
        }
        if let Some(k) = self.kind {
            parts.push(k.name().to_string());
        }
        if self.disputed {
            parts.push("disputed".to_string());
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::content::{Event, PartialDate};

    fn event(kind: Kind, issues: &[usize]) -> Event {
        disputed_event(kind, issues, false)
    }

    fn disputed_event(kind: Kind, issues: &[usize], disputed: bool) -> Event {
        Event {
            id: String::new(),
            title: String::new(),
            date: PartialDate::year(2024).into(),
            end: None,
            weekday: None,
            bounds: dossier_core::content::Dating::of(PartialDate::year(2024).into(), None).bounds,
            after: Vec::new(),
            before: Vec::new(),
            kind,
            issues: issues.iter().map(|&i| IssueIx(i)).collect(),
            summary: String::new().into(),
            date_note: None,
            disputed: disputed.then(|| "The sources disagree.".into()),
            sources: Vec::new(),
        }
    }

    #[test]
    fn issues_add_up_and_kinds_narrow() {
        let d = Dossier {
            events: vec![
                event(Kind::Talks, &[0]),
                event(Kind::Vote, &[1]),
                event(Kind::Talks, &[0, 1]),
                event(Kind::Talks, &[]),
            ],
            ..Dossier::default()
        };
        let mut lens = Lens::default();
        assert_eq!(lens.len(&d), 4);
        lens.toggle_issue(&d, IssueIx(0));
        assert_eq!(lens.rows, [EventIx(0), EventIx(2)]);
        lens.toggle_issue(&d, IssueIx(1));
        assert_eq!(lens.rows, [EventIx(0), EventIx(1), EventIx(2)]);
        assert_eq!(lens.row_of(EventIx(2)), Some(2));
        assert_eq!(lens.row_of(EventIx(3)), None);
        lens.cycle_kind(&d);
        assert_eq!(lens.kind, Some(Kind::Talks));
        assert_eq!(lens.rows, [EventIx(0), EventIx(2)]);
        lens.cycle_kind(&d);
        assert_eq!(lens.kind, Some(Kind::Vote));
        lens.cycle_kind(&d);
        assert_eq!(lens.kind, None);
        lens.toggle_issue(&d, IssueIx(0));
        assert_eq!(lens.rows, [EventIx(1), EventIx(2)]);
        assert_eq!(lens.event_at(&d, 1), Some(EventIx(2)));
        lens.clear();
        assert!(!lens.is_active());
        assert_eq!(lens.event_at(&d, 3), Some(EventIx(3)));
    }

    #[test]
    fn disputed_combines_with_the_other_filters_and_clears_with_them() {
        let d = Dossier {
            events: vec![
                disputed_event(Kind::Talks, &[0], true),
                disputed_event(Kind::Vote, &[0], true),
                disputed_event(Kind::Talks, &[1], false),
            ],
            ..Dossier::default()
        };
        let mut lens = Lens::default();
        lens.toggle_disputed(&d);
        assert!(lens.is_active());
        assert_eq!(lens.rows, [EventIx(0), EventIx(1)]);
        assert_eq!(lens.describe(&d), "disputed");
        lens.cycle_kind(&d);
        assert_eq!(lens.rows, [EventIx(0)]);
        assert_eq!(lens.describe(&d), "talks · disputed");
        lens.toggle_disputed(&d);
        assert_eq!(lens.rows, [EventIx(0), EventIx(2)]);
        lens.toggle_disputed(&d);
        lens.clear();
        assert!(!lens.is_active() && !lens.disputed);
        assert_eq!(lens.len(&d), 3);
    }
}
