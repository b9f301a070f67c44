//! Go to anything: fuzzy ranking of every event, issue and article by title
//! and id, with the matched characters for highlighting.
//!
//! Matching uses `nucleo-matcher` (the matcher of the Helix editor; MPL-2.0).
//! Haystacks are converted once in [`Picker::new`]; the matcher and its
//! buffers are reused across keystrokes.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization, Pattern};

use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};

use crate::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx};

/// Which string of an entity a pick matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PickField {
    /// The title (for an article, its headline).
    Title,
    /// The id.
    Id,
}

/// One ranked entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pick {
    /// The entity ranked.
    pub entity: EntityRef,
    /// Higher is better; an id equal to the query ranks above any fuzzy score.
    pub score: u32,
    /// The string the indices refer to.
    pub field: PickField,
    /// Sorted, distinct indices of the matched characters (`char`s, not
    /// bytes) in the title or the id; empty for an empty query.
    pub indices: Vec<u32>,
}

struct Item {
    entity: EntityRef,
    title: Utf32String,
    id: Utf32String,
    /// ASCII stand-ins of a non-ASCII title and id for ASCII queries, one
    /// character for one, so that the greedy pass takes nucleo's fast ASCII
    /// path (see [`ascii_shadow`]).
    title_ascii: Option<Utf32String>,
    id_ascii: Option<Utf32String>,
    /// The id as text, to recognise an exact id match cheaply.
    id_text: Box<str>,
    /// The ASCII letters and digits the title and the id can match (see
    /// [`letters`]): an item lacking one of the query's is skipped unscored.
    title_letters: u64,
    id_letters: u64,
}

/// Ranks the entities of one dossier. Keep it for the dossier's lifetime.
pub struct Picker {
    items: Vec<Item>,
    /// How many of the items are events, and issues.
    events: usize,
    issues: usize,
    matcher: Matcher,
    pattern: Pattern,
    picks: Vec<Pick>,
    /// Per atom: whether the matcher normalises accents for it.
    normalize: Vec<bool>,
    /// Every match of the current query as a [`rank_key`]: best first when
    /// sorted, and a plain integer sort is the fastest there is.
    ranked: Vec<u64>,
    /// The field each item matched by, for the items in `ranked`.
    fields: Vec<PickField>,
    /// Highlight indices of the rescored top, by slot in `ranked`.
    top_indices: Vec<Vec<u32>>,
    scratch: Vec<u32>,
    /// Whether items lacking a letter of the query are skipped unscored (off
    /// only in the test that checks the skipping changes nothing).
    skip_unmatchable: bool,
}

/// How many of the best greedy matches get the optimal score and indices.
pub const RESCORED: usize = 256;

/// Added to an exact id match's score so that it always comes first.
const EXACT_ID_BONUS: u32 = 1 << 24;

impl Picker {
    /// Prepares every event (timeline order), issue and article (by id).
    pub fn new(dossier: &Dossier) -> Picker {
        let mut items = Vec::with_capacity(
            dossier.events.len() + dossier.issues.len() + dossier.articles.len(),
        );
        let mut add = |entity, title: &str, id: &str| {
            items.push(Item {
                entity,
                title: Utf32String::from(title),
                id: Utf32String::from(id),
                title_ascii: ascii_shadow(title),
                id_ascii: ascii_shadow(id),
                id_text: id.into(),
                title_letters: letters(title),
                id_letters: letters(id),
            })
        };
        for (i, e) in dossier.events.iter().enumerate() {
            add(EntityRef::Event(EventIx(i)), &e.title, &e.id);
        }
        for (i, x) in dossier.issues.iter().enumerate() {
            add(EntityRef::Issue(IssueIx(i)), &x.title, &x.id);
        }
        for (i, a) in dossier.articles.iter().enumerate() {
            add(EntityRef::Article(ArticleIx(i)), &a.title, &a.id);
        }
        let items_len = items.len();
        Picker {
            items,
            events: dossier.events.len(),
            issues: dossier.issues.len(),
            matcher: Matcher::new(Config::DEFAULT),
            pattern: Pattern::default(),
            picks: Vec::new(),
            normalize: Vec::new(),
            ranked: Vec::new(),
            fields: vec![PickField::Title; items_len],
            top_indices: vec![Vec::new(); RESCORED],
            scratch: Vec::new(),
            skip_unmatchable: true,
        }
    }

    /// How many entities the picker ranks.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the picker has nothing to rank.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The entities matching `query`, best first; ties keep dossier order
    /// (events, issues, articles). Each word of the query must match the
    /// title, or each the id, as a fuzzy subsequence; case and accents are
    /// ignored. An id equal to the query comes first. An empty query lists
    /// everything in dossier order.
    ///
    /// Scores are nucleo's: every match is found and scored with its fast
    /// greedy matcher, then the best [`RESCORED`] are rescored with its
    /// optimal one (which never scores lower), and those picks also get their
    /// highlight `indices`. The optimal matcher on every title would cost
    /// several milliseconds per keystroke on a large dossier.
    pub fn rank(&mut self, query: &str) -> &[Pick] {
        self.picks.clear();
        let query = query.trim();
        self.pattern = Pattern::new(
            query,
            CaseMatching::Ignore,
            Normalization::Smart,
            AtomKind::Fuzzy,
        );
        if self.pattern.atoms.is_empty() {
            self.picks.extend(self.items.iter().map(|item| Pick {
                entity: item.entity,
                score: 0,
                field: PickField::Title,
                indices: Vec::new(),
            }));
            return &self.picks;
        }
        // Mirror the settings each atom would give the matcher itself.
        self.normalize.clear();
        self.normalize.extend(self.pattern.atoms.iter().map(|atom| {
            atom.needle_text()
                .chars()
                .all(|c| nucleo_matcher::chars::normalize(c) == c)
        }));

        self.ranked.clear();
        let (m, atoms, normalize) = (&mut self.matcher, &self.pattern.atoms, &self.normalize);
        let ascii_query = atoms
            .iter()
            .all(|a| matches!(a.needle_text(), Utf32Str::Ascii(_)));
        let needed = if self.skip_unmatchable {
            atoms
                .iter()
                .fold(0, |m, a| m | needle_letters(a.needle_text()))
        } else {
            0
        };
        for (at, item) in self.items.iter().enumerate() {
            let title_may = item.title_letters & needed == needed;
            let id_may = item.id_letters & needed == needed;
            if !(title_may || id_may) {
                continue;
            }
            let (title, id) = match (ascii_query, &item.title_ascii, &item.id_ascii) {
                (true, Some(t), _) => (t, item.id_ascii.as_ref().unwrap_or(&item.id)),
                (true, None, Some(i)) => (&item.title, i),
                _ => (&item.title, &item.id),
            };
            let title = title_may
                .then(|| greedy(m, atoms, normalize, title.slice(..)))
                .flatten();
            let id = id_may
                .then(|| greedy(m, atoms, normalize, id.slice(..)))
                .flatten();
            let (field, score) = match (title, id) {
                (None, None) => continue,
                (Some(t), Some(i)) if i > t => (PickField::Id, i),
                (Some(t), _) => (PickField::Title, t),
                (None, Some(i)) => (PickField::Id, i),
            };
            self.fields[at] = field;
            self.ranked
                .push(rank_key(boost(item, query, score), at as u32));
        }
        // Score, then dossier order: a total order, so the unstable sort is
        // deterministic.
        self.ranked.sort_unstable();

        let top = self.ranked.len().min(RESCORED);
        for slot in 0..top {
            let (_, at) = unkey(self.ranked[slot]);
            let item = &self.items[at as usize];
            let mut best: Option<(u32, PickField, Vec<u32>)> = None;
            // On a tie the first wins: the id when it is the query itself.
            let mut fields = [(PickField::Title, &item.title), (PickField::Id, &item.id)];
            if item.id_text.eq_ignore_ascii_case(query) {
                fields.swap(0, 1);
            }
            for (field, hay) in fields {
                self.scratch.clear();
                let Some(score) =
                    self.pattern
                        .indices(hay.slice(..), &mut self.matcher, &mut self.scratch)
                else {
                    continue;
                };
                if best.as_ref().is_none_or(|(b, _, _)| score > *b) {
                    self.scratch.sort_unstable();
                    self.scratch.dedup();
                    best = Some((score, field, self.scratch.clone()));
                }
            }
            if let Some((score, field, indices)) = best {
                self.ranked[slot] = rank_key(boost(item, query, score), at);
                self.fields[at as usize] = field;
                self.top_indices[slot] = indices;
            }
        }
        // The rescored scores are at least their greedy ones, which are at
        // least every later greedy score: only the top needs sorting again.
        let mut order: Vec<usize> = (0..top).collect();
        order.sort_unstable_by_key(|&slot| self.ranked[slot]);
        for &slot in &order {
            let (score, at) = unkey(self.ranked[slot]);
            self.picks.push(Pick {
                entity: self.items[at as usize].entity,
                score,
                field: self.fields[at as usize],
                indices: std::mem::take(&mut self.top_indices[slot]),
            });
        }
        for &key in &self.ranked[top..] {
            let (score, at) = unkey(key);
            self.picks.push(Pick {
                entity: self.items[at as usize].entity,
                score,
                field: self.fields[at as usize],
                indices: Vec::new(),
            });
        }
        &self.picks
    }

    /// Fills in `indices` for the picks in `range` of the last ranking (the
    /// rows on screen): computing them for every match would cost more than
    /// the ranking itself.
    pub fn highlight(&mut self, range: std::ops::Range<usize>) -> &[Pick] {
        let end = range.end.min(self.picks.len());
        let start = range.start.min(end);
        for pick in &mut self.picks[start..end] {
            if !pick.indices.is_empty() || self.pattern.atoms.is_empty() {
                continue;
            }
            // Items are events, then issues, then articles.
            let at = match pick.entity {
                EntityRef::Event(EventIx(i)) => i,
                EntityRef::Issue(IssueIx(i)) => self.events + i,
                EntityRef::Article(ArticleIx(i)) => self.events + self.issues + i,
            };
            let Some(item) = self.items.get(at) else {
                continue;
            };
            let hay = match pick.field {
                PickField::Title => &item.title,
                PickField::Id => &item.id,
            };
            self.scratch.clear();
            self.pattern
                .indices(hay.slice(..), &mut self.matcher, &mut self.scratch);
            self.scratch.sort_unstable();
            self.scratch.dedup();
            pick.indices.extend_from_slice(&self.scratch);
        }
        &self.picks[start..end]
    }

    /// The picks of the last ranking.
    pub fn picks(&self) -> &[Pick] {
        &self.picks
    }
}

/// The bit of an ASCII letter (either case) or digit, if `c` is one.
fn letter_bit(c: char) -> Option<u64> {
    match c {
        'a'..='z' => Some(1 << (c as u32 - 'a' as u32)),
        'A'..='Z' => Some(1 << (c as u32 - 'A' as u32)),
        '0'..='9' => Some(1 << (26 + c as u32 - '0' as u32)),
        _ => None,
    }
}

/// A set of the ASCII letters and digits a query character may match in `s`:
/// each character as it is, lowercased and normalised by nucleo in either
/// order. Every way nucleo compares characters is covered, so the set is
/// never missing a letter that nucleo would match; it may hold more.
fn letters(s: &str) -> u64 {
    use nucleo_matcher::chars::{normalize, to_lower_case};
    s.chars()
        .flat_map(|c| {
            [
                c,
                normalize(c),
                to_lower_case(c),
                to_lower_case(normalize(c)),
                normalize(to_lower_case(c)),
            ]
        })
        .filter_map(letter_bit)
        .fold(0, |m, b| m | b)
}

/// The ASCII letters and digits of a query atom: each must be in a
/// haystack's [`letters`] for the atom to match it.
fn needle_letters(needle: Utf32Str<'_>) -> u64 {
    needle.chars().filter_map(letter_bit).fold(0, |m, b| m | b)
}

/// A match as one integer that sorts best first: the score, highest first,
/// then the item's place in the dossier.
fn rank_key(score: u32, at: u32) -> u64 {
    (u64::from(u32::MAX - score) << 32) | u64::from(at)
}

/// The score and item index of a [`rank_key`].
fn unkey(key: u64) -> (u32, u32) {
    (u32::MAX - (key >> 32) as u32, key as u32)
}

/// Sum of the greedy scores of every atom on `hay`, if all match.
fn greedy(
    matcher: &mut Matcher,
    atoms: &[Atom],
    normalize: &[bool],
    hay: Utf32Str<'_>,
) -> Option<u32> {
    let mut total = 0u32;
    for (atom, &normalize) in atoms.iter().zip(normalize) {
        matcher.config.ignore_case = true;
        matcher.config.normalize = normalize;
        total += u32::from(matcher.fuzzy_match_greedy(hay, atom.needle_text())?);
    }
    Some(total)
}

/// The score with the exact-id bonus when the id is the query.
fn boost(item: &Item, query: &str, score: u32) -> u32 {
    if item.id_text.eq_ignore_ascii_case(query) {
        score.saturating_add(EXACT_ID_BONUS)
    } else {
        score
    }
}

/// For a non-ASCII string, the same number of ASCII characters matching an
/// ASCII query char for char as nucleo would: each character as nucleo
/// normalises and lowercases it when that is ASCII, whitespace as a space,
/// anything else as NUL (which no typed query contains).
fn ascii_shadow(s: &str) -> Option<Utf32String> {
    if s.is_ascii() {
        return None;
    }
    let shadow: String = s
        .chars()
        .map(|c| {
            let n = nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c));
            if n.is_ascii() {
                n
            } else if c.is_whitespace() {
                ' '
            } else {
                '\0'
            }
        })
        .collect();
    Some(Utf32String::from(shadow.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Article, Event, Issue, Kind, PartialDate, Prose};

    fn article(id: &str, title: &str) -> Article {
        Article::stub(id, title, "")
    }

    fn dossier() -> Dossier {
        let event = |id: &str, title: &str| Event {
            id: id.into(),
            title: title.into(),
            date: PartialDate::year(2024).into(),
            end: None,
            weekday: None,
            bounds: crate::content::Dating::of(PartialDate::year(2024).into(), None).bounds,
            after: Vec::new(),
            before: Vec::new(),
            kind: Kind::Talks,
            issues: Vec::new(),
            summary: Prose::default(),
            date_note: None,
            disputed: None,
            sources: Vec::new(),
        };
        let issue = |id: &str, title: &str| Issue {
            id: id.into(),
            title: title.into(),
            summary: Prose::default(),
            status: None,
            positions: Vec::new(),
            related: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
        };
        Dossier {
            events: vec![
                event("second-week", "Second week of general talks ends"),
                event("tentative-deal", "Tentative deal reached"),
                event("expiry", "Contract expires"),
            ],
            issues: vec![issue("ai", "AI protections"), issue("wages", "Wages")],
            articles: vec![
                article("thewrap-ai", "IATSE and Studios Talk AI Protections"),
                article("variety-deal", "Café owners and the “deal” — a side story"),
            ],
            ..Dossier::default()
        }
    }

    fn entities(picks: &[Pick]) -> Vec<EntityRef> {
        picks.iter().map(|p| p.entity).collect()
    }

    #[test]
    fn empty_query_lists_everything_in_dossier_order() {
        let d = dossier();
        let mut p = Picker::new(&d);
        let all = entities(p.rank("  "));
        assert_eq!(
            all,
            vec![
                EntityRef::Event(EventIx(0)),
                EntityRef::Event(EventIx(1)),
                EntityRef::Event(EventIx(2)),
                EntityRef::Issue(IssueIx(0)),
                EntityRef::Issue(IssueIx(1)),
                EntityRef::Article(ArticleIx(0)),
                EntityRef::Article(ArticleIx(1)),
            ]
        );
    }

    #[test]
    fn exact_id_comes_first() {
        let d = dossier();
        let mut p = Picker::new(&d);
        let picks = p.rank("ai");
        assert_eq!(picks[0].entity, EntityRef::Issue(IssueIx(0)));
        assert_eq!(picks[0].field, PickField::Id);
        assert!(picks[0].score > picks[1].score);
        let picks = p.rank("EXPIRY");
        assert_eq!(picks[0].entity, EntityRef::Event(EventIx(2)));
    }

    #[test]
    fn fuzzy_order_prefers_tight_word_start_matches() {
        let d = dossier();
        let mut p = Picker::new(&d);
        // "tentative-deal" and its title match contiguously at a word start;
        // "variety-deal" matches "deal" too but not "tent".
        let picks = p.rank("tent deal");
        assert_eq!(entities(picks), vec![EntityRef::Event(EventIx(1))]);
        let picks = p.rank("deal");
        assert_eq!(picks.len(), 3, "{picks:?}");
        // Scores never increase down the list.
        assert!(picks.windows(2).all(|w| w[0].score >= w[1].score));
        // A scattered subsequence ranks below contiguous matches.
        let picks = p.rank("wgs");
        assert_eq!(picks[0].entity, EntityRef::Issue(IssueIx(1)));
        assert!(p.rank("zzz").is_empty());
    }

    #[test]
    fn indices_mark_the_matched_characters() {
        let d = dossier();
        let mut p = Picker::new(&d);
        let picks = p.rank("prot");
        let top = &picks[0];
        assert_eq!(top.entity, EntityRef::Issue(IssueIx(0)));
        assert_eq!(top.field, PickField::Title);
        let title: Vec<char> = "AI protections".chars().collect();
        let marked: String = top.indices.iter().map(|&i| title[i as usize]).collect();
        assert_eq!(marked, "prot");
        assert_eq!(top.indices, vec![3, 4, 5, 6]);
    }

    #[test]
    fn non_ascii_titles_match_ascii_and_accented_queries() {
        let d = dossier();
        let mut p = Picker::new(&d);
        // Accents are ignored for a plain query; indices count characters.
        let picks = p.rank("cafe side");
        assert_eq!(entities(picks), vec![EntityRef::Article(ArticleIx(1))]);
        let title: Vec<char> = d.articles[1].title.chars().collect();
        let marked: String = picks[0]
            .indices
            .iter()
            .map(|&i| title[i as usize])
            .collect();
        assert_eq!(marked, "Caféside");
        let picks = p.rank("café");
        assert_eq!(entities(picks), vec![EntityRef::Article(ArticleIx(1))]);
        // Punctuation around a word does not stop it matching.
        assert_eq!(p.rank("deal story").len(), 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Skipping the items that lack a letter of the query never changes
        /// a ranking: titles and queries mix cases, accents, ligatures and
        /// characters whose lowercase or normal form is ASCII (Kelvin sign,
        /// dotted capital I, fullwidth letters).
        #[test]
        fn skipping_unmatchable_items_changes_nothing(
            titles in proptest::collection::vec("[aAeEéÉkKKİıßﬁＡａ0-9 -]{0,12}", 1..40),
            query in "[aAeEéÉkKKİıßﬁＡａ0-9 -]{1,4}",
        ) {
            let articles = titles
                .iter()
                .enumerate()
                .map(|(i, t)| article(&format!("a{i}"), t))
                .collect();
            let d = Dossier { articles, ..Dossier::default() };
            let mut fast = Picker::new(&d);
            let mut plain = Picker::new(&d);
            plain.skip_unmatchable = false;
            let n = d.articles.len();
            proptest::prop_assert_eq!(fast.rank(&query).to_vec(), plain.rank(&query).to_vec());
            proptest::prop_assert_eq!(fast.highlight(0..n).to_vec(), plain.highlight(0..n).to_vec());
        }
    }

    #[test]
    fn highlight_fills_indices_beyond_the_rescored_top() {
        let d = dossier();
        let mut p = Picker::new(&d);
        p.rank("a");
        let n = p.picks().len();
        let rows = p.highlight(0..n + 5);
        assert_eq!(rows.len(), n);
        assert!(rows.iter().all(|r| r.indices.len() == 1));
    }
}
