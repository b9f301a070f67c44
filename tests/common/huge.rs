//! Huge dossiers written to disk at run time (never committed): one article of
//! many megabytes, one article that is a single long line, and many events.

use std::path::{Path, PathBuf};

/// The last words of every generated article, to check the end is reachable.
pub const END: &str = "This is where the long article ends.";

/// A fresh folder under the temp dir for one generated dossier.
pub fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-huge-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for sub in ["articles", "events", "issues"] {
        std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
    }
    std::fs::write(dir.join("dossier.toml"), "title = \"Huge\"\n").expect("write");
    std::fs::write(
        dir.join("issues/wages.toml"),
        format!("title = \"Wages\"\nsummary = \"Pay.\"\n\n[[sources]]\narticle = \"long\"\nquote = \"{END}\"\n"),
    )
    .expect("write");
    dir
}

fn event(dir: &Path, id: &str, day: usize, quote: &str) {
    let text = format!(
        "title = \"Event {id}\"\ndate = \"2024-{:02}-{:02}\"\nkind = \"talks\"\nissues = [\"wages\"]\nsummary = \"Talks.\"\n\n[[sources]]\narticle = \"long\"\nquote = \"{quote}\"\n",
        1 + day / 28 % 12,
        1 + day % 28
    );
    std::fs::write(dir.join(format!("events/{id}.toml")), text).expect("write");
}

/// An article of about `bytes` bytes in paragraphs of ordinary prose, cited
/// at its end by one event.
pub fn long_article(name: &str, bytes: usize) -> PathBuf {
    let para = "The union and the studios met again on Tuesday to discuss wages, health and pension contributions, and the use of artificial intelligence in production.";
    article_citing_its_end(name, "A very long article", bytes, |n| {
        format!("Paragraph {n}. {para} {para}\n\n")
    })
}

/// An article whose whole text is one line of about `bytes` bytes of words.
pub fn one_line_article(name: &str, bytes: usize) -> PathBuf {
    article_citing_its_end(name, "One line", bytes, |n| format!("word{n} "))
}

/// A dossier of one article of about `bytes` bytes, made of `piece(0)`,
/// `piece(1)`... then [`END`], which one event cites.
fn article_citing_its_end(
    name: &str,
    title: &str,
    bytes: usize,
    piece: impl Fn(usize) -> String,
) -> PathBuf {
    let dir = folder(name);
    let mut text = String::with_capacity(bytes + 1024);
    text.push_str(&format!("+++\ntitle = \"{title}\"\n+++\n"));
    let mut n = 0;
    while text.len() < bytes {
        text.push_str(&piece(n));
        n += 1;
    }
    text.push_str(END);
    text.push('\n');
    std::fs::write(dir.join("articles/long.txt"), text).expect("write");
    event(&dir, "cites-the-end", 0, END);
    dir
}

/// `events` events, each citing the same short article.
pub fn many_events(name: &str, events: usize) -> PathBuf {
    let dir = folder(name);
    std::fs::write(
        dir.join("articles/long.txt"),
        format!("+++\ntitle = \"Short\"\n+++\nThe talks went on. {END}\n"),
    )
    .expect("write");
    for i in 0..events {
        event(&dir, &format!("e{i:06}"), i, "The talks went on.");
    }
    dir
}
