//! Curating from the command line: `new` (a dossier folder, an event, an
//! issue) and `add article`. Files are written whole or not at all, and
//! never over an existing file.

use std::io;
use std::path::{Path, PathBuf};

use crate::content::position::locate_all;
use crate::content::quote::{self, Miss, toml_string};
use crate::content::{Article, Dossier, PartialDate, fixed_id, is_valid_id, suggest};

/// The nearest folder holding a `dossier.toml`, from `start` upwards.
pub fn find_dossier(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("dossier.toml").is_file())
        .map(Path::to_path_buf)
}

/// Why an id was refused, with the id it probably meant.
pub fn check_id(id: &str) -> Result<(), String> {
    if is_valid_id(id) {
        return Ok(());
    }
    let fixed = fixed_id(id)
        .map(|f| format!("; did you mean `{f}`?"))
        .unwrap_or_default();
    Err(format!(
        "`{}` is not a valid id: an id is lowercase letters, digits and hyphens, starting with a letter or digit{fixed}",
        crate::text::sanitize_line(id)
    ))
}

/// Writes `contents` to `path`, which must not exist, through the program's
/// one atomic writer ([`crate::system::atomic::create_new`]): whole or not at
/// all, and never over an existing file (`AlreadyExists`).
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    crate::system::atomic::create_new(path, contents)
}

/// `dossier.toml` for a new dossier.
pub fn dossier_toml(title: &str) -> String {
    format!(
        "# What this dossier is about. Every field is described in docs/format.md.\n\
         \n\
         # The dossier's title (required).\n\
         title = {}\n\
         # One line under the title.\n\
         # subtitle = \"\"\n\
         # What the dossier covers, where its sources come from, how dates were fixed.\n\
         # description = \"\"\"\n\
         # \"\"\"\n",
        toml_string(title)
    )
}

/// A new event file: every field, the required ones to fill in.
pub fn event_template(id: &str, title: Option<&str>) -> String {
    format!(
        "# The event `{id}`. Fill in the empty fields; `dossier check` lists what is left.\n\
         # Every field is described in docs/format.md.\n\
         \n\
         # What happened, in a few words (required).\n\
         title = {title}\n\
         # When: \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", as precise as the sources allow (required).\n\
         date = \"\"\n\
         # The last day, for an event of several days.\n\
         # end = \"\"\n\
         # The id of an event this one came after, when the dates cannot tell.\n\
         # after = \"\"\n\
         # talks, statement, deadline, agreement, vote, survey, rally, context or other.\n\
         kind = \"other\"\n\
         # The ids of the issues it touches.\n\
         issues = []\n\
         # What happened, in your words, drawn from the sources (required).\n\
         summary = \"\"\"\n\
         \"\"\"\n\
         # How the date was established, when it took reasoning.\n\
         # date_note = \"\"\n\
         # Where the sources disagree, and how.\n\
         # disputed = \"\"\n\
         {SOURCES}",
        title = toml_string(title.unwrap_or(""))
    )
}

/// A new issue file: every field, the required ones to fill in.
pub fn issue_template(id: &str, title: Option<&str>) -> String {
    format!(
        "# The issue `{id}`. Fill in the empty fields; `dossier check` lists what is left.\n\
         # Every field is described in docs/format.md.\n\
         \n\
         # The question, in a few words (required).\n\
         title = {title}\n\
         # What is at stake (required).\n\
         summary = \"\"\"\n\
         \"\"\"\n\
         # Where it stands, as of the latest source.\n\
         # status = \"\"\n\
         # The ids of other issues this one bears on (the link is shown both ways).\n\
         # related = []\n\
         \n\
         # What each side wants, in your words.\n\
         # [positions]\n\
         # union = \"\"\n\
         # studios = \"\"\n\
         {SOURCES}",
        title = toml_string(title.unwrap_or(""))
    )
}

const SOURCES: &str = "\n\
# The passages it rests on, at least one (required). `dossier quote \"TEXT\"`\n\
# prints a block ready to paste here, for each place the text occurs.\n\
# [[sources]]\n\
# article = \"\"     # the id of the article\n\
# quote = \"\"       # the passage, as in the article's text\n\
# occurrence = 2   # which occurrence, when the quote occurs more than once\n\
# note = \"\"        # a remark on this citation\n";

/// The front matter fields given to `add article`.
#[derive(Debug, Default, Clone)]
pub struct ArticleFields {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub byline: Option<String>,
}

/// Why `add article` refused its input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleError {
    /// A value given on the command line is wrong (a usage error).
    Usage(String),
    /// The text cannot be stored.
    Text(String),
}

/// The article file for `bytes`, kept verbatim after its front matter.
pub fn article_file(bytes: &[u8], fields: &ArticleFields) -> Result<String, ArticleError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            let col = 1 + String::from_utf8_lossy(
                &valid[valid.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1)..],
            )
            .chars()
            .count();
            return Err(ArticleError::Text(format!(
                "the text is not valid UTF-8 (first bad byte at line {line}, column {col}, byte {}); save it as UTF-8 first",
                e.valid_up_to()
            )));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ArticleError::Text("the text is empty".to_string()));
    }
    if text.lines().next().is_some_and(|l| l.trim_end() == "+++") {
        return Err(ArticleError::Text(
            "the text already starts with front matter (a line `+++`): copy the file into articles/ as it is, or give the text alone".to_string(),
        ));
    }
    if let Some(p) = &fields.published {
        PartialDate::parse(p).map_err(|e| {
            ArticleError::Usage(format!(
                "bad --published `{}`: {e}",
                crate::text::sanitize_line(p)
            ))
        })?;
    }
    let title = match &fields.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        Some(_) => return Err(ArticleError::Usage("--title is empty".to_string())),
        // The headline is usually the text's first line.
        None => text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_string(),
    };
    let mut out = String::from("+++\n");
    out.push_str(&format!("title = {}\n", toml_string(&title)));
    for (name, value, what) in [
        ("outlet", &fields.outlet, "who published it"),
        (
            "published",
            &fields.published,
            "when: \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"",
        ),
        ("byline", &fields.byline, "who wrote it"),
        ("url", &fields.url, "where it was found"),
    ] {
        match value {
            Some(v) => out.push_str(&format!("{name} = {}\n", toml_string(v))),
            None => out.push_str(&format!("# {name} = \"\"   # {what}\n")),
        }
    }
    out.push_str("# note = \"\"   # what was changed in the text (furniture removed), or could not be established\n");
    out.push_str("+++\n");
    out.push_str(text);
    if !text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

/// `dossier quote`: every place `query` occurs in the dossier's articles
/// (or in one), each with a `[[sources]]` block citing it; when there is
/// none, the closest passages and why they differ. `prefix` goes before
/// each `articles/…` path. Returns the text to print and whether there was
/// an exact hit; `Err` for an unknown article.
pub fn find_quote(
    d: &Dossier,
    query: &str,
    article: Option<&str>,
    prefix: &str,
) -> Result<(String, bool), String> {
    let articles: Vec<&Article> = match article {
        Some(id) => match d.find_article(id) {
            Some(ix) => vec![d.article(ix)],
            None => {
                let hint = suggest::closest(id, d.articles.iter().map(|a| a.id.as_str()))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "no article `{}` in the dossier{hint}",
                    crate::text::sanitize_line(id)
                ));
            }
        },
        None => d.articles.iter().collect(),
    };
    let place = |a: &Article, at: usize| {
        let (line, col) = locate_all(a.text.as_bytes(), &[at])[0];
        format!(
            "{prefix}articles/{}.txt:{}:{col}",
            a.id,
            a.text_line + line - 1
        )
    };
    let mut out = String::new();
    let mut found = false;
    for a in &articles {
        let hits = quote::find_quote(&a.text, query);
        let many = hits.len() > 1;
        for (k, hit) in hits.iter().enumerate() {
            found = true;
            out.push_str(&format!("{}\n", place(a, hit.start)));
            out.push_str(&quote::source_block(
                &a.id,
                &a.text[hit.clone()],
                many.then_some(k + 1),
            ));
            out.push('\n');
        }
    }
    if found {
        return Ok((out, true));
    }
    // No exact hit: the closest passages, those that differ only by a
    // folding first, then the longest runs of the quote's words.
    let mut misses: Vec<(usize, usize, &Article, Miss)> = Vec::new();
    for a in &articles {
        let others: Vec<(&str, &str)> = match article {
            Some(_) => d
                .articles
                .iter()
                .filter(|o| o.id != a.id)
                .map(|o| (o.id.as_str(), o.text.as_str()))
                .collect(),
            None => Vec::new(),
        };
        if let Some(miss) = quote::explain(&a.text, query, &others) {
            let rank = match &miss {
                Miss::Compatibility(_) => (0, 0),
                Miss::Typographic { .. } => (1, 0),
                Miss::Case { .. } => (2, 0),
                Miss::OtherArticle { .. } => (3, 0),
                Miss::Closest(c) => (4, usize::MAX - c.matched),
            };
            misses.push((rank.0, rank.1, a, miss));
        }
    }
    misses.sort_by_key(|m| (m.0, m.1));
    out.push_str("no exact match in ");
    out.push_str(&match article {
        Some(id) => format!("article `{id}`\n"),
        None => "any article\n".to_string(),
    });
    for (_, _, a, miss) in misses.iter().take(3) {
        let text = quote::describe(miss, &a.text, query, &|at| place(a, at));
        out.push_str(&format!("  {}\n", crate::text::sanitize_line(&text)));
        let span = match miss {
            Miss::Typographic { span, .. } | Miss::Case { span } => Some(span.clone()),
            Miss::Compatibility(d) => Some(d.span.clone()),
            _ => None,
        };
        if let Some(span) = span {
            out.push_str("  the article's passage, to cite it as it is:\n");
            for line in block_for(a, span).lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    if misses.is_empty() {
        out.push_str("  no article holds any of its words\n");
    }
    Ok((out, false))
}

/// The `[[sources]]` block citing `span` of an article, with `occurrence`
/// when its words occur more than once there.
pub fn block_for(a: &Article, span: std::ops::Range<usize>) -> String {
    let passage = a.text.get(span.clone()).unwrap_or("");
    let hits = quote::find_quote(&a.text, passage);
    let occurrence = if hits.len() > 1 {
        hits.iter()
            .position(|h| h.start == span.start)
            .map(|k| k + 1)
    } else {
        None
    };
    quote::source_block(&a.id, passage, occurrence)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_with_a_suggestion() {
        assert_eq!(check_id("ok-1"), Ok(()));
        assert_eq!(
            check_id("Second Week"),
            Err("`Second Week` is not a valid id: an id is lowercase letters, digits and hyphens, starting with a letter or digit; did you mean `second-week`?".to_string())
        );
    }

    #[test]
    fn an_article_keeps_its_text_verbatim() {
        let f = ArticleFields {
            outlet: Some("The \"Courier\"".to_string()),
            ..ArticleFields::default()
        };
        let out = article_file(b"\n  Headline\nBody \\ text\n", &f).unwrap_or_default();
        assert!(
            out.starts_with("+++\ntitle = \"Headline\"\noutlet = \"The \\\"Courier\\\"\"\n"),
            "{out}"
        );
        assert!(out.ends_with("+++\n\n  Headline\nBody \\ text\n"), "{out}");
        assert!(matches!(
            article_file(b"ok\n\xff", &f),
            Err(ArticleError::Text(m)) if m.contains("line 2, column 1")
        ));
        assert!(matches!(
            article_file(b" \n", &f),
            Err(ArticleError::Text(_))
        ));
    }
}
