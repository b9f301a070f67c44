//! The fourth stage of a load: every reference between files and every
//! quote is resolved against what loaded, on two threads for a large dossier.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use toml::Spanned;

use super::super::code::Code;
use super::super::draft::{EventDraft, IssueDraft, SourceDraft};
use super::super::model::{Article, ArticleIx};
use super::super::names::Names;
use super::super::pending::Pending;
use super::super::position::locate_all;
use super::super::{quote, suggest};
use super::files::{Folder, PerFolder};
use super::read::PARALLEL_MIN_FILES;
use crate::canonical::Canonical;

/// Everything needed to resolve references, shared by the resolving threads.
pub(super) struct Context<'a> {
    /// Articles that loaded, by id.
    articles: crate::content::ids::IdMap<&'a str, ArticleIx>,
    texts: &'a [Article],
    /// Per article: its path and the line its text starts on.
    article_places: Vec<(String, usize)>,
    /// Every id that has a file, per folder, loaded or not (sorted, for suggestions).
    known: PerFolder<Vec<&'a str>>,
    known_sets: PerFolder<crate::content::ids::IdSet<&'a str>>,
    /// Files not read for their extension, per folder, as `(stem, name)`.
    unread: &'a PerFolder<Vec<(String, String)>>,
    /// Per article, its text as quotes are compared with it, made by the
    /// first quote of it (most are borrowed: only text that is not composed,
    /// or holds invisible characters, is copied).
    folded: Vec<OnceLock<Canonical<'a>>>,
}

impl<'a> Context<'a> {
    /// The context for `articles` (sorted by id, with each one's path and
    /// first line of text in `places`) and the ids of every file, per folder
    /// (sorted).
    pub(super) fn new(
        articles: &'a [Article],
        places: Vec<(String, usize)>,
        ids: &'a PerFolder<Names>,
        unread: &'a PerFolder<Vec<(String, String)>>,
    ) -> Self {
        Context {
            articles: articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), ArticleIx(i)))
                .collect(),
            texts: articles,
            article_places: places,
            known: PerFolder::from_fn(|f| ids[f].iter().collect()),
            known_sets: PerFolder::from_fn(|f| ids[f].iter().collect()),
            unread,
            folded: articles.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The article's text as quotes are compared with it.
    fn folded(&self, ix: ArticleIx) -> Option<&Canonical<'a>> {
        let text = &self.texts.get(ix.0)?.text;
        Some(self.folded.get(ix.0)?.get_or_init(|| Canonical::new(text)))
    }
}

/// Resolves every reference and quote of events and issues, on two threads.
/// Returns the problems found, each with the index of its file.
pub(super) fn resolve_all(
    ctx: &Context,
    events: &mut [EventDraft],
    issues: &mut [IssueDraft],
) -> (Vec<(usize, Pending)>, Unknown) {
    if events.len() + issues.len() < PARALLEL_MIN_FILES {
        return resolve(ctx, events, issues);
    }
    let mid = events.len() / 2;
    let (first, second) = events.split_at_mut(mid);
    std::thread::scope(|s| {
        let other = s.spawn(|| resolve(ctx, second, &mut []));
        let (mut found, mut unknown) = resolve(ctx, first, issues);
        match other.join() {
            Ok((more, u)) => {
                found.extend(more);
                unknown.issue_in_event |= u.issue_in_event;
                unknown.article |= u.article;
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
        (found, unknown)
    })
}

/// Resolves the references and quotes of some events and issues on this thread.
fn resolve(
    ctx: &Context,
    events: &mut [EventDraft],
    issues: &mut [IssueDraft],
) -> (Vec<(usize, Pending)>, Unknown) {
    let mut r = Resolver::new(ctx);
    for e in events.iter_mut() {
        r.event(e);
    }
    for i in issues.iter_mut() {
        r.issue(i);
    }
    (r.found, r.unknown)
}

/// Which kinds of unknown reference were found: they make the warnings about
/// untouched issues and uncited articles unreliable.
#[derive(Default)]
pub(super) struct Unknown {
    pub issue_in_event: bool,
    pub article: bool,
}

struct Resolver<'c, 'a> {
    ctx: &'c Context<'a>,
    found: Vec<(usize, Pending)>,
    unknown: Unknown,
    /// Suggestions already computed, per folder and unknown id.
    memo: HashMap<(Folder, String), Option<String>>,
}

impl<'c, 'a> Resolver<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        Resolver {
            ctx,
            found: Vec::new(),
            unknown: Unknown::default(),
            memo: HashMap::new(),
        }
    }

    fn event(&mut self, e: &mut EventDraft) {
        let mut ok = true;
        for issue in &e.issues {
            let known = self.reference(e.file, Folder::Issues, issue);
            self.unknown.issue_in_event |= !known;
            ok &= known;
        }
        for related in e.after.iter().chain(&e.before) {
            ok &= self.reference(e.file, Folder::Events, related);
        }
        ok &= self.sources(e.file, &mut e.sources);
        e.ok &= ok;
    }

    fn issue(&mut self, i: &mut IssueDraft) {
        let mut ok = true;
        for related in &i.related {
            ok &= self.reference(i.file, Folder::Issues, related);
        }
        ok &= self.sources(i.file, &mut i.sources);
        for p in &mut i.positions {
            ok &= self.sources(i.file, &mut p.sources);
        }
        i.ok &= ok;
    }

    /// Checks that `id` names a file of `folder`; false after reporting it otherwise.
    fn reference(&mut self, file: usize, folder: Folder, id: &Spanned<String>) -> bool {
        let name = id.get_ref().as_str();
        if self.ctx.known_sets[folder].contains(name) {
            return true;
        }
        let help = self.suggestion(folder, name);
        self.found.push((
            file,
            Pending::error(
                Code::UnknownId,
                Some(id.span().start),
                format!("unknown {} `{name}`", folder.noun()),
            )
            .help(help),
        ));
        false
    }

    fn suggestion(&mut self, folder: Folder, name: &str) -> Option<String> {
        let key = (folder, name.to_string());
        if let Some(s) = self.memo.get(&key) {
            return s.clone();
        }
        let ctx = self.ctx;
        // The same id in another folder is the likeliest mistake; then a typo.
        let help = match Folder::ALL
            .into_iter()
            .find(|f| ctx.known_sets[*f].contains(name))
        {
            Some(f) => Some(format!(
                "`{name}` is an {}, not an {}",
                f.noun(),
                folder.noun()
            )),
            None => {
                let unread = ctx.unread[folder].iter().find(|(stem, _)| stem == name);
                match (
                    unread,
                    suggest::closest(name, ctx.known[folder].iter().copied()),
                ) {
                    (Some((_, file)), _) => Some(format!(
                        "`{}/{file}` exists but is not read: an {}'s file must be `{name}{}`",
                        folder.dir(),
                        folder.noun(),
                        folder.ext()
                    )),
                    (None, Some(id)) => Some(format!("did you mean `{id}`?")),
                    (None, None) => known_list(folder, &ctx.known[folder]),
                }
            }
        };
        self.memo.insert(key, help.clone());
        help
    }

    fn sources(&mut self, file: usize, sources: &mut [SourceDraft]) -> bool {
        let mut ok = true;
        for s in sources.iter_mut() {
            let id = s.article.get_ref().as_str();
            let Some(&ix) = self.ctx.articles.get(id) else {
                // A known article that failed to load has its own error.
                let known = self.reference(file, Folder::Articles, &s.article);
                self.unknown.article |= !known;
                ok &= known;
                continue;
            };
            match self.quote(file, ix, s) {
                Some(span) => s.resolved = Some((ix, span)),
                None => ok = false,
            }
        }
        ok
    }

    /// The passage a source names, or `None` after reporting why there is none.
    fn quote(&mut self, file: usize, ix: ArticleIx, s: &SourceDraft) -> Option<Range<usize>> {
        // Indices come from `ctx.articles`, built from `texts` itself.
        let article = self.ctx.texts.get(ix.0)?;
        let folded = self.ctx.folded(ix)?;
        let quote = quote::quote_words(s.quote.get_ref());
        let words = quote::words(quote.as_str());
        let found = quote::find_in(folded, &words);
        let at = Some(s.quote.span().start);
        let count = found.len();
        if count == 0 {
            let help = self.closest_help(ix, s.quote.get_ref());
            self.found.push((
                file,
                Pending::error(
                    Code::QuoteNotFound,
                    at,
                    format!("quote not found in article `{}`", article.id),
                )
                .help(help),
            ));
            return None;
        }
        let times = if count == 1 {
            "once".to_string()
        } else {
            format!("{count} times")
        };
        match &s.occurrence {
            Some(n) => {
                let wanted = *n.get_ref();
                match usize::try_from(wanted) {
                    Ok(k) if (1..=count).contains(&k) => found.get(k - 1).cloned(),
                    _ => {
                        self.found.push((
                            file,
                            Pending::error(
                                Code::OccurrenceOutOfRange,
                                Some(n.span().start),
                                format!(
                                    "occurrence {wanted} is out of range: the quote occurs {times} in article `{}`",
                                    article.id
                                ),
                            )
                            .help(Some(format!("use a number from 1 to {count}"))),
                        ));
                        None
                    }
                }
            }
            None => {
                if count > 1 {
                    self.found.push((
                        file,
                        Pending::warning(
                            Code::AmbiguousQuote,
                            at,
                            format!(
                                "ambiguous quote: it occurs {times} in article `{}`; the first is used",
                                article.id
                            ),
                        )
                        .help(Some(format!(
                            "add `occurrence = N` (1 to {count}) to name one, or quote a longer passage"
                        ))),
                    ));
                }
                found.into_iter().next()
            }
        }
    }

    /// Why a quote is not in its article: the first step of the ladder
    /// that matches (compatibility forms, other marks or dashes, letter case, another article,
    /// the closest passage and its first differing word).
    fn closest_help(&self, ix: ArticleIx, quote_text: &str) -> Option<String> {
        let text = &self.ctx.texts.get(ix.0)?.text;
        let others: Vec<(&str, &str)> = self
            .ctx
            .texts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != ix.0)
            .map(|(_, a)| (a.id.as_str(), a.text.as_str()))
            .collect();
        let miss = quote::explain(text, quote_text, &others)?;
        let (path, text_line) = self.ctx.article_places.get(ix.0)?;
        let place = |at: usize| {
            let (line, col) = locate_all(text.as_bytes(), &[at])
                .first()
                .copied()
                .unwrap_or((1, 1));
            format!("{path}:{}:{col}", text_line + line - 1)
        };
        Some(quote::describe(&miss, text, quote_text, &place))
    }
}

/// The known ids of a folder, or the first few, for an unknown id with no
/// close match.
fn known_list(folder: Folder, known: &[&str]) -> Option<String> {
    const SHOWN: usize = 8;
    let plural = format!("{}s", folder.noun());
    match known.len() {
        0 => Some(format!("the dossier has no {plural} yet")),
        n if n <= SHOWN => Some(format!("known {plural}: {}", known.join(", "))),
        n => Some(format!(
            "known {plural} include: {}, and {} more",
            known
                .iter()
                .take(SHOWN)
                .copied()
                .collect::<Vec<_>>()
                .join(", "),
            n - SHOWN
        )),
    }
}
