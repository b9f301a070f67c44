//! Curating from the command line: `new` (a dossier folder, an event, an
//! issue) and `add article`. Files are written whole or not at all, and
//! never over an existing file.

use std::io;
use std::path::{Path, PathBuf};

use dossier_core::content::position::locate_all;
use dossier_core::content::quote::{self, Miss};
use dossier_core::content::{Article, Dossier, PartialDate, fixed_id, is_valid_id, suggest};
use dossier_core::escape::toml_string;

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
        dossier_core::text::sanitize_line(id)
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
                dossier_core::text::sanitize_line(p)
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
                    dossier_core::text::sanitize_line(id)
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
        out.push_str(&format!("  {}\n", dossier_core::text::sanitize_line(&text)));
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

/// Why a source was not added to a file (nothing was written).
#[derive(Debug)]
pub enum Refused {
    /// The file is not what the dossier shown was read from.
    Changed,
    /// The file cannot take the source as it is.
    Edit(AppendError),
    /// Reading or writing failed.
    Io(io::Error),
}

/// Adds the `[[sources]]` block to the file at `path` (see
/// [`append_source`]), only if the file still holds what was read (its
/// [`dossier_core::content::content_hash`] is `read_as`): compared before the edit,
/// and again once the new file is on disk, just before it is renamed over
/// the old one by the program's one atomic writer.
pub fn append_to_file(
    path: &Path,
    block: &str,
    side: Option<&str>,
    read_as: Option<u64>,
) -> Result<(), Refused> {
    use crate::system::atomic;
    use dossier_core::content::content_hash;
    let bytes = std::fs::read(path).map_err(Refused::Io)?;
    if read_as != Some(content_hash(&bytes)) {
        return Err(Refused::Changed);
    }
    let text = String::from_utf8(bytes).map_err(|_| Refused::Changed)?;
    let new = append_source(&text, block, side).map_err(Refused::Edit)?;
    let moved = std::cell::Cell::new(false);
    let unchanged = || match std::fs::read(path) {
        Ok(now) if Some(content_hash(&now)) == read_as => Ok(()),
        _ => {
            moved.set(true);
            Err(io::Error::other("the file changed on disk"))
        }
    };
    match atomic::replace_checked(path, new.as_bytes(), atomic::Access::Shared, unchanged) {
        Ok(()) => Ok(()),
        Err(_) if moved.get() => Err(Refused::Changed),
        Err(e) => Err(Refused::Io(e)),
    }
}

/// Why a source could not be added to a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppendError(pub String);

impl std::fmt::Display for AppendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text of an event or issue file with the `[[sources]]` block `block`
/// (as [`block_for`] makes it) added to its sources, or to those of its
/// position of `side`. The file is edited, not rewritten: every other byte
/// and comment stays as it was, whatever form its sources have (a list of
/// tables, an inline array), CRLF line ends are kept, and a file without a
/// final line end gets one before the block. The result is checked: it must
/// be the original with one insertion, parse, and hold one source more.
pub fn append_source(text: &str, block: &str, side: Option<&str>) -> Result<String, AppendError> {
    use toml_edit::{ArrayOfTables, DocumentMut, Item, Value};
    let err = |s: &str| AppendError(s.to_string());
    let parsed: DocumentMut = block
        .parse()
        .map_err(|_| err("the source block is not valid TOML"))?;
    let table = parsed
        .get("sources")
        .and_then(Item::as_array_of_tables)
        .and_then(|a| a.get(0))
        .cloned()
        .ok_or_else(|| err("the source block holds no [[sources]] table"))?;
    let crlf = text.contains("\r\n");
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e| AppendError(format!("the file is not valid TOML: {e}")))?;
    let container = match side {
        None => doc.as_table_mut(),
        Some(side) => doc
            .get_mut("positions")
            .and_then(|p| p.get_mut(side))
            .and_then(Item::as_table_mut)
            .ok_or_else(|| {
                AppendError(format!(
                    "the position of `{}` is not a table ([positions.{0}] with text and sources): add the source by hand",
                    dossier_core::text::sanitize_line(side)
                ))
            })?,
    };
    let before = count_sources(container.get("sources"));
    match container.get_mut("sources") {
        None => {
            let mut list = ArrayOfTables::new();
            let mut table = table;
            table.decor_mut().set_prefix("\n");
            list.push(table);
            container.insert("sources", Item::ArrayOfTables(list));
        }
        Some(Item::ArrayOfTables(list)) => {
            // A blank line before it, as between the others.
            let mut table = table;
            table.decor_mut().set_prefix("\n");
            list.push(table);
        }
        Some(Item::Value(Value::Array(list))) => {
            let mut inline = table.into_inline_table();
            inline.fmt();
            list.push(inline);
        }
        Some(_) => return Err(err("`sources` is neither [[sources]] tables nor an array")),
    }
    let mut out = doc.to_string();
    if crlf {
        // What was added gets the file's line ends; the rest has them already.
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    // Checked before anything is written.
    let again: DocumentMut = out
        .parse()
        .map_err(|_| err("the file would not be valid TOML after the addition"))?;
    let after = match side {
        None => count_sources(again.get("sources")),
        Some(side) => count_sources(
            again
                .get("positions")
                .and_then(|p| p.get(side))
                .and_then(|p| p.get("sources")),
        ),
    };
    if after != before + 1 {
        return Err(err("the file would not hold the new source"));
    }
    if !one_insertion(text, &out) {
        return Err(err(
            "adding the source would change other bytes of the file: add it by hand",
        ));
    }
    Ok(out)
}

fn count_sources(item: Option<&toml_edit::Item>) -> usize {
    match item {
        Some(toml_edit::Item::ArrayOfTables(a)) => a.len(),
        Some(toml_edit::Item::Value(toml_edit::Value::Array(a))) => a.len(),
        _ => 0,
    }
}

/// Whether `new` is `old` with bytes inserted at one place.
fn one_insertion(old: &str, new: &str) -> bool {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    prefix + suffix == a.len() && b.len() >= a.len()
}
