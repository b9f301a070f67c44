//! `y`: the highlighted passage and its source, as text for the clipboard.
//! The text is made here; the reader's loop hands it to the terminal.

use super::action::Effect;
use super::{App, Followed};
use crate::content::Article;
use crate::content::date::format_span;

/// The highlighted passage (a cited passage or a search match) with its
/// source, or the shown article's reference when nothing is highlighted, to
/// be put on the clipboard; says so on the status line.
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
    app.notice = Some(format!(
        "Copied {what} (by OSC 52: the terminal must allow it)"
    ));
    Some(Effect::Copy(text))
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
    crate::text::sanitize_line(&folded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::PartialDate;

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
