//! `y` and `o`: the highlighted passage and its source, as text for the
//! clipboard, and the article's URL for the system's opener. The text and
//! the URL are chosen here; the reader's loop hands them to the programs of
//! [`crate::system`] and reports back what became of them.

use super::action::{Effect, Pane};
use super::details::Link;
use super::{App, Followed};
use dossier_core::content::date::format_span;
use dossier_core::content::{Article, ArticleIx, EntityRef};

/// The highlighted passage (a cited passage or a search match) with its
/// source, or the shown article's reference when nothing is highlighted, to
/// be put on the clipboard. Says only that it is being copied: where it went
/// is for the loop to say, once it knows.
pub(super) fn copy(app: &mut App) -> Option<Effect> {
    let Some(article) = app
        .article
        .shown
        .and_then(|a| app.dossier.articles.get(a.0))
    else {
        app.notice = Some("Nothing to copy: no article is shown".into());
        return None;
    };
    let span = match app.article.followed {
        Some(Followed::Passage(c)) => app.source(c).map(|s| s.span.clone()),
        Some(Followed::Match { start, end }) => Some(start..end),
        None => None,
    };
    let passage = span.and_then(|s| article.text.get(s));
    let what = if passage.is_some() {
        "the passage and its source"
    } else {
        "the article's reference"
    };
    let text = clip_text(article, passage);
    app.notice = Some(format!("Copying {what}…"));
    Some(Effect::Copy { text, what })
}

/// The article `o` opens: in the article pane, the one shown; in the
/// details, the article of the selected source or article link (or the
/// article the details are about); in the list, the selected article, or
/// the article of the source Enter would follow. Else the article shown.
fn url_article(app: &App) -> Option<ArticleIx> {
    let of_source = |c| app.source(c).map(|s| s.article);
    let chosen = match app.focus {
        Pane::Article => None,
        Pane::Details => match app.details.selected_link().map(|l| l.link) {
            Some(Link::Source(c)) => of_source(c),
            Some(Link::Article(a)) => Some(a),
            _ => match app.details.shown {
                Some(EntityRef::Article(a)) => Some(a),
                _ => None,
            },
        },
        Pane::List => match app.selected_entity() {
            Some(EntityRef::Article(a)) => Some(a),
            _ => match super::navigate::follow_target(app) {
                Some(super::Target::Passage(c)) => of_source(c),
                _ => None,
            },
        },
    };
    chosen.or(app.article.shown)
}

/// `o`: the URL of the article in view, for the system's opener, when it is
/// an `http` or `https` one; else says why not.
pub(super) fn open_url(app: &mut App) -> Option<Effect> {
    let Some(article) = url_article(app).and_then(|a| app.dossier.articles.get(a.0)) else {
        app.notice = Some("No article to open: none is selected or shown".into());
        return None;
    };
    let title = dossier_core::text::sanitize_line(&article.title).into_owned();
    let Some(url) = article.url.as_deref().map(str::trim) else {
        app.notice = Some(format!("No URL for this article (“{title}”)"));
        return None;
    };
    if !crate::system::opener::openable(url) {
        app.notice = Some(format!(
            "Not opened: only http and https URLs are opened, and this one is {}",
            dossier_core::text::sanitize_line(url)
        ));
        return None;
    }
    Some(Effect::Open(url.to_string()))
}

/// `“passage” — Outlet, “Title”, date, url`, or the reference alone; one
/// line, whitespace folded, every character as the screen shows it (no
/// control character from the content reaches the clipboard).
pub fn clip_text(article: &Article, passage: Option<&str>) -> String {
    let mut parts = Vec::new();
    if let Some(outlet) = &article.outlet {
        parts.push(outlet.clone());
    }
    parts.push(format!("“{}”", article.title));
    if let Some(date) = article.published {
        parts.push(format_span(date, None));
    }
    if let Some(url) = &article.url {
        parts.push(url.clone());
    }
    let reference = parts.join(", ");
    let text = match passage {
        Some(p) => format!("“{p}” — {reference}"),
        None => reference,
    };
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    dossier_core::text::sanitize_line(&folded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::content::PartialDate;

    fn article() -> Article {
        Article {
            outlet: Some("Variety".into()),
            published: Some(PartialDate::year(2024)),
            url: Some("https://example.org/a".into()),
            ..Article::stub("a", "Talks \u{1b}]0;owned\u{7} resume", "")
        }
    }

    #[test]
    fn passage_then_reference_on_one_line_without_control_characters() {
        let text = clip_text(&article(), Some("the  deal\nis   near"));
        assert!(
            text.starts_with("“the deal is near” — Variety, “Talks "),
            "{text}"
        );
        assert!(
            text.ends_with("resume”, 2024, https://example.org/a"),
            "{text}"
        );
        assert!(!text.chars().any(char::is_control), "{text:?}");
        let reference = clip_text(&article(), None);
        assert!(reference.starts_with("Variety, “Talks "), "{reference}");
    }
}
