//! Select and cite: the selection's keys in the real app, the block it
//! copies (made by the function `dossier quote` uses), and adding it to an
//! entry's file with every other byte kept, never over a file changed on
//! disk since it was read.

use crate::common;

use std::path::Path;

use common::{EVENT, Screen, fixture_copy};
use dossier::app::{Action, App, Effect, Overlay};
use dossier::curate::{Refused, append_source, append_to_file, block_for};
use dossier_core::content::{EntityRef, SourceRef, content_hash, load_dir};

const BLOCK: &str = "[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n";

fn appended(text: &str) -> String {
    append_source(text, BLOCK, None).expect("appended")
}

/// `new` is `old` with `added` inserted at one place.
fn only_added(old: &str, new: &str, added: &str) {
    let at = (0..=old.len())
        .find(|&i| new.get(..i) != old.get(..i))
        .map_or(old.len(), |i| i - 1);
    let rest = &old[at..];
    assert!(new.ends_with(rest), "{new:?}");
    assert_eq!(&new[at..new.len() - rest.len()], added, "{new:?}");
}

#[test]
fn a_source_is_added_whatever_form_the_sources_have() {
    // A list of tables, with comments: they stay.
    let text = format!("# why this event\n{EVENT}# the end\n");
    let out = appended(&text);
    only_added(
        &text,
        &out,
        "\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n",
    );
    // No final line end: one is added before the block.
    let text = EVENT.trim_end();
    let out = appended(text);
    assert!(out.starts_with(text), "{out}");
    assert!(
        out.ends_with("met again\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n"),
        "{out:?}"
    );
    // CRLF line ends are kept, and given to what is added.
    let text = EVENT.replace('\n', "\r\n");
    let out = appended(&text);
    assert!(out.starts_with(&text), "{out:?}");
    assert!(!out.replace("\r\n", "").contains('\n'), "{out:?}");
    // An inline array.
    let text = "title = \"E\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\nsources = [{ article = \"a\", quote = \"met again\" }] # kept\n";
    let out = appended(text);
    only_added(
        text,
        &out,
        ", { article = \"a\", quote = \"talks went well\" }",
    );
    // None yet.
    let text = "title = \"E\"\n";
    assert_eq!(
        appended(text),
        "title = \"E\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n"
    );
}

#[test]
fn a_source_goes_to_a_sides_position_when_it_is_a_table() {
    let text = "title = \"I\"\nsummary = \"S\"\n\n[positions.union]\ntext = \"More\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n";
    let out = append_source(text, BLOCK, Some("union")).expect("added");
    let doc: toml::Value = toml::from_str(&out).expect("parses");
    let sources = doc["positions"]["union"]["sources"]
        .as_array()
        .expect("the position's sources");
    assert_eq!(sources.len(), 1);
    assert_eq!(doc["sources"].as_array().map(Vec::len), Some(1));
    let plain = "title = \"I\"\nsummary = \"S\"\n[positions]\nunion = \"More\"\n";
    assert!(append_source(plain, BLOCK, Some("union")).is_err());
}

#[test]
fn the_added_source_passes_check_and_the_file_is_otherwise_unchanged() {
    let dir = fixture_copy("cite-check");
    let d = load_dir(&dir);
    let article = d
        .articles
        .iter()
        .find(|a| a.id == "variety-ai-deal")
        .expect("the article");
    // A passage that occurs more than once gets its occurrence.
    let word = "IATSE";
    let second = article.text.match_indices(word).nth(1).expect("twice").0;
    let block = block_for(article, second..second + word.len());
    assert!(block.contains("occurrence = 2"), "{block}");
    let path = dir.join("events/nrg-survey.toml");
    let before = std::fs::read_to_string(&path).expect("read");
    let read_as = d
        .find_event("nrg-survey")
        .and_then(|e| d.file_hash(EntityRef::Event(e)));
    assert_eq!(read_as, Some(content_hash(before.as_bytes())));
    append_to_file(&path, &block, None, read_as).expect("added");
    let after = std::fs::read_to_string(&path).expect("read");
    assert!(after.starts_with(&before), "every other byte kept");
    let d2 = load_dir(&dir);
    assert_eq!(d2.errors(), 0, "{:?}", d2.problems);
    let e = d2
        .events
        .iter()
        .find(|e| e.id == "nrg-survey")
        .expect("the event");
    assert_eq!(e.sources.len(), 2);
    assert_eq!(e.sources[1].span, second..second + word.len());
    // The file changed since the dossier shown was read: never overwritten.
    assert!(matches!(
        append_to_file(&path, &block, None, read_as),
        Err(Refused::Changed)
    ));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), after);
    let _ = std::fs::remove_dir_all(&dir);
}

fn reader(dir: &Path) -> Screen {
    Screen::of(App::new(load_dir(dir), 120, 40).with_folder(dir))
}

#[test]
fn v_selects_from_the_highlighted_passage_and_the_keys_move_it() {
    let dir = fixture_copy("cite-keys");
    let mut s = reader(&dir);
    // The first event's source, followed into the article.
    s.keys("\n");
    let Some(SourceRef::Event(e, 0)) = s.app.article().passage() else {
        panic!("a followed passage");
    };
    let span = s.app.dossier().events[e.0].sources[0].span.clone();
    s.keys("v");
    assert_eq!(s.app.overlay(), Some(&Overlay::Select));
    assert_eq!(s.app.selection(), Some(span.clone()));
    let text = s.app.dossier().articles[s.app.article().shown.expect("shown").0]
        .text
        .clone();
    // A word further, and back.
    s.keys("w");
    let r = s.app.selection().expect("selected");
    assert_eq!(r.start, span.start);
    assert!(r.end > span.end);
    let added = &text[span.end..r.end];
    let words = added
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count();
    assert_eq!(words, 1, "one word: {added:?}");
    s.keys("W");
    assert_eq!(s.app.selection(), Some(span.clone()));
    // A sentence further ends at a sentence's end.
    s.keys(")");
    let r = s.app.selection().expect("selected");
    assert!(
        text[..r.end].ends_with(['.', '”', '"', '!', '?']),
        "{:?}",
        &text[r.clone()]
    );
    // Back past the anchor: the selection grows the other way, by words.
    s.keys("(((");
    let r = s.app.selection().expect("selected");
    assert!(r.start < span.start, "{r:?} {span:?}");
    // Drawn: the selected characters, and only they, have the selection's look.
    let selected = |s: &Screen| {
        let look = dossier::ui::theme::COLOR.selection;
        s.terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .filter(|c| c.fg == look.fg.unwrap_or_default() && c.bg == look.bg.unwrap_or_default())
            .count()
    };
    let r = s.app.selection().expect("selected");
    let chars = text[r].chars().filter(|c| !c.is_whitespace()).count();
    let drawn = selected(&s);
    assert!(drawn >= chars, "{drawn} cells for {chars} characters");
    s.keys("\x1b");
    assert_eq!(selected(&s), 0);
    assert_eq!(s.app.selection(), None);
    assert_eq!(s.app.overlay(), None);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn y_copies_the_block_quote_makes_and_shows_it() {
    let dir = fixture_copy("cite-copy");
    let mut s = reader(&dir);
    s.keys("\nv");
    let article = s.app.dossier().articles[s.app.article().shown.expect("shown").0].clone();
    let span = s.app.selection().expect("selected");
    s.keys("y");
    let block = block_for(&article, span);
    assert_eq!(s.clipboard(), Some(block.as_str()));
    assert!(matches!(s.app.overlay(), Some(Overlay::Cite { .. })));
    let screen = s.text();
    assert!(screen.contains("[[sources]]"), "{screen}");
    assert!(
        screen.contains(&format!("article = \"{}\"", article.id)),
        "{screen}"
    );
    // Any key closes the popup; the selection stays.
    s.keys("q");
    assert_eq!(s.app.overlay(), Some(&Overlay::Select));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_asks_which_entry_then_enter_adds_and_esc_cancels() {
    let dir = fixture_copy("cite-append");
    let mut s = reader(&dir);
    let first = s.app.dossier().events[0].id.clone();
    s.keys("\nv");
    s.keys("a");
    assert_eq!(s.app.overlay(), Some(&Overlay::Append));
    let notice = s.app.notice().unwrap_or_default().to_string();
    assert!(
        notice.contains(&format!("(events/{first}.toml)? Enter adds")),
        "{notice}"
    );
    // Esc goes back to the selection; a again, another entry, Enter.
    s.keys("\x1b");
    assert_eq!(s.app.overlay(), Some(&Overlay::Select));
    s.keys("aj");
    let second = s.app.dossier().events[1].id.clone();
    let notice = s.app.notice().unwrap_or_default().to_string();
    assert!(
        notice.contains(&format!("events/{second}.toml")),
        "{notice}"
    );
    s.effects.clear();
    s.keys("\n");
    let appends: Vec<_> = s
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Append(a) => Some(a.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(appends.len(), 1);
    assert_eq!(appends[0].file, format!("events/{second}.toml"));
    assert_eq!(
        appends[0].read_as,
        s.app.dossier().file_hash(EntityRef::Event(
            s.app
                .dossier()
                .find_event(&second)
                .expect("the second event")
        ))
    );
    assert_eq!(s.app.selection(), None);
    // From the articles list: the entry last shown in the details.
    let mut s = reader(&dir);
    s.keys("j");
    let shown = s.app.selected_entity();
    s.keys("a\n3v");
    s.keys("a");
    let Some(EntityRef::Event(e)) = shown else {
        panic!("an event");
    };
    let id = s.app.dossier().events[e.0].id.clone();
    let notice = s.app.notice().unwrap_or_default().to_string();
    assert!(notice.contains(&format!("events/{id}.toml")), "{notice}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_mouse_drag_selects_whole_words() {
    let dir = fixture_copy("cite-drag");
    let mut s = reader(&dir);
    s.keys("\n");
    let body = s.app.article_body();
    let (x, y) = (body.x + 2, body.y + 1);
    s.apply(Action::Click { column: x, row: y });
    s.apply(Action::Drag {
        column: x + 12,
        row: y,
    });
    let r = s.app.selection().expect("a drag selects");
    let article = s.app.dossier().articles[s.app.article().shown.expect("shown").0].clone();
    let passage = &article.text[r.clone()];
    assert!(
        !passage.starts_with(' ') && !passage.ends_with(' '),
        "{passage:?}"
    );
    assert_eq!(s.app.overlay(), Some(&Overlay::Select));
    let _ = std::fs::remove_dir_all(&dir);
}

/// While asking where the passage goes, Ctrl-p opens the go-to picker to
/// choose the entry: Enter takes the one chosen there (an event or an
/// issue) and asks again, naming it; Esc goes back to the question; the
/// panes do not move.
#[test]
fn the_go_to_picker_chooses_the_entry_that_takes_the_passage() {
    let dir = fixture_copy("cite-pick");
    let mut s = reader(&dir);
    s.keys("\nv");
    s.keys("a");
    assert_eq!(s.app.overlay(), Some(&Overlay::Append));
    let before = s.app.selected_entity();
    let notice = s.app.notice().unwrap_or_default().to_string();
    assert!(notice.contains("Ctrl-p picks one"), "{notice}");
    // An issue, by its title.
    let issue = s.app.dossier().issues[0].clone();
    s.events([common::ctrl('p')]);
    assert!(matches!(s.app.overlay(), Some(Overlay::GoTo(_))));
    s.keys(&issue.title);
    s.keys("\n");
    assert_eq!(s.app.overlay(), Some(&Overlay::Append));
    let notice = s.app.notice().unwrap_or_default().to_string();
    assert!(
        notice.contains(&format!("(issues/{}.toml)?", issue.id)),
        "{notice}"
    );
    assert_eq!(s.app.selected_entity(), before, "the panes did not move");
    // Esc in the picker: back to the same question.
    s.events([common::ctrl('p')]);
    s.keys("zzzz\x1b");
    assert_eq!(s.app.overlay(), Some(&Overlay::Append));
    let again = s.app.notice().unwrap_or_default().to_string();
    assert!(
        again.contains(&format!("(issues/{}.toml)?", issue.id)),
        "{again}"
    );
    // Enter adds to the entry picked.
    s.effects.clear();
    s.keys("\n");
    let files: Vec<String> = s
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Append(a) => Some(a.file.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(files, [format!("issues/{}.toml", issue.id)]);
    let _ = std::fs::remove_dir_all(&dir);
}
