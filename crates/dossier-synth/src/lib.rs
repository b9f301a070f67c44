//! Synthetic dossiers of any size, valid by construction, for benchmarks and
//! tests at scale.
//!
//! Everything is derived from a seed through a small built-in PRNG, so the same
//! parameters always write the same bytes. The text is English-like (sentences
//! built from a fixed vocabulary, typographic quotes and dashes, a few
//! non-ASCII words); every citation copies a run of words that really occurs in
//! its article, sometimes across a line break, and carries `occurrence` when
//! the passage is not unique. Every article is cited and every issue touched,
//! so a generated dossier loads with zero problems. A few articles are saved
//! decomposed (Unicode NFD, as some systems write text) while their quotes
//! stay composed, so that loading compares them canonically.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate};
use dossier_core::escape::{TomlEscapes, toml_string_as};
use memchr::memmem;
use unicode_normalization::UnicodeNormalization;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Params {
    pub events: usize,
    pub issues: usize,
    pub articles: usize,
    /// Approximate length of each article's text, in words.
    pub words_per_article: usize,
    pub seed: u64,
}

impl Params {
    /// The size the project's speed target is stated for (about 24 MB in 12,500 files).
    pub const TARGET: Params = Params {
        events: 10_000,
        issues: 500,
        articles: 2_000,
        words_per_article: 1_200,
        seed: 1,
    };

    /// Why these parameters cannot give a dossier free of problems, if they cannot.
    pub fn check(&self) -> Result<(), String> {
        if self.events > 0 && self.issues == 0 {
            return Err("events need at least one issue to touch".into());
        }
        if self.issues > self.events {
            return Err(format!(
                "{} cannot all be touched by {}",
                count(self.issues, "issue"),
                count(self.events, "event")
            ));
        }
        if (self.events > 0 || self.issues > 0) && self.articles == 0 {
            return Err("events and issues need at least one article to cite".into());
        }
        if self.articles > self.events + self.issues {
            return Err(format!(
                "{} cannot all be cited by {} and {}",
                count(self.articles, "article"),
                count(self.events, "event"),
                count(self.issues, "issue")
            ));
        }
        if self.articles > 0 && self.words_per_article < 40 {
            return Err("articles need at least 40 words".into());
        }
        Ok(())
    }
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub files: usize,
    pub bytes: u64,
    pub events: usize,
    pub issues: usize,
    pub articles: usize,
    /// Citations written, in events and issues together.
    pub sources: usize,
    /// Citations whose passage occurs more than once, written with `occurrence`.
    pub with_occurrence: usize,
    /// Citations whose passage spans a line break of the article.
    pub across_lines: usize,
    /// Articles whose text is written decomposed (NFD).
    pub decomposed: usize,
}

/// splitmix64: tiny, fast, and good enough to vary synthetic text.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const DETERMINERS: &[&str] = &[
    "the", "the", "the", "a", "a", "this", "that", "every", "each", "some", "no", "their", "its",
    "our", "another", "most", "several", "many", "two", "three", "both",
];

const ADJECTIVES: &[&str] = &[
    "new",
    "final",
    "tentative",
    "early",
    "late",
    "long",
    "short",
    "strong",
    "weak",
    "major",
    "minor",
    "key",
    "central",
    "critical",
    "modest",
    "generous",
    "fair",
    "unfair",
    "formal",
    "informal",
    "public",
    "private",
    "joint",
    "separate",
    "basic",
    "general",
    "local",
    "national",
    "regional",
    "historic",
    "recent",
    "previous",
    "current",
    "future",
    "annual",
    "weekly",
    "daily",
    "overnight",
    "marathon",
    "productive",
    "difficult",
    "tense",
    "cordial",
    "firm",
    "vague",
    "detailed",
    "sweeping",
    "narrow",
    "broad",
    "costly",
    "cheap",
    "digital",
    "artificial",
    "automated",
    "human",
    "skilled",
    "veteran",
    "junior",
    "senior",
    "independent",
    "naïve",
    "unprecedented",
    "lengthy",
    "brief",
    "urgent",
    "routine",
    "surprising",
    "expected",
    "crucial",
    "legal",
    "financial",
    "medical",
    "retroactive",
    "flexible",
    "rigid",
    "binding",
    "voluntary",
];

const NOUNS: &[&str] = &[
    "union",
    "studio",
    "studios",
    "contract",
    "agreement",
    "deal",
    "proposal",
    "offer",
    "counteroffer",
    "wage",
    "wages",
    "raise",
    "increase",
    "pension",
    "plan",
    "fund",
    "health",
    "benefit",
    "benefits",
    "crew",
    "crews",
    "member",
    "members",
    "worker",
    "workers",
    "employer",
    "employers",
    "producer",
    "producers",
    "negotiator",
    "negotiators",
    "committee",
    "board",
    "council",
    "delegate",
    "delegates",
    "vote",
    "ballot",
    "ratification",
    "strike",
    "walkout",
    "deadline",
    "extension",
    "session",
    "meeting",
    "round",
    "week",
    "month",
    "day",
    "hour",
    "night",
    "statement",
    "letter",
    "memo",
    "survey",
    "rally",
    "picket",
    "line",
    "set",
    "stage",
    "location",
    "production",
    "show",
    "series",
    "film",
    "season",
    "schedule",
    "turnaround",
    "rest",
    "period",
    "meal",
    "penalty",
    "overtime",
    "rate",
    "scale",
    "minimum",
    "floor",
    "ceiling",
    "cap",
    "fee",
    "residual",
    "residuals",
    "streaming",
    "platform",
    "audience",
    "budget",
    "cost",
    "revenue",
    "profit",
    "market",
    "industry",
    "economy",
    "inflation",
    "rent",
    "city",
    "state",
    "county",
    "region",
    "office",
    "headquarters",
    "table",
    "room",
    "question",
    "issue",
    "concern",
    "priority",
    "demand",
    "demands",
    "language",
    "clause",
    "provision",
    "protection",
    "protections",
    "safeguard",
    "technology",
    "tool",
    "software",
    "model",
    "system",
    "machine",
    "camera",
    "lighting",
    "sound",
    "editing",
    "makeup",
    "costume",
    "design",
    "grip",
    "electrician",
    "carpenter",
    "painter",
    "operator",
    "assistant",
    "coordinator",
    "supervisor",
    "spokesperson",
    "president",
    "leadership",
    "source",
    "report",
    "outlet",
    "reporter",
    "interview",
    "press",
    "release",
    "update",
    "timeline",
    "history",
    "precedent",
    "trend",
    "risk",
    "threat",
    "promise",
    "commitment",
    "compromise",
    "concession",
    "gap",
    "difference",
    "progress",
    "momentum",
    "pressure",
    "tension",
    "trust",
    "café",
    "résumé",
    "façade",
    "rôle",
    "fiancée",
    "crèche",
    "smörgåsbord",
    "jalapeño",
];

const PLACES: &[&str] = &[
    "Los Angeles",
    "Burbank",
    "Sherman Oaks",
    "Encino",
    "Atlanta",
    "New York",
    "Toronto",
    "Vancouver",
    "Albuquerque",
    "Montréal",
    "Zürich",
    "São Paulo",
    "Kraków",
    "Malmö",
    "Düsseldorf",
    "Ciudad Juárez",
];

const NAMES: &[&str] = &[
    "Matthew Loeb",
    "Carol Lombardini",
    "Mike Miller",
    "Chris Jones",
    "Ana Núñez",
    "Jürgen Weiß",
    "Zoë Brontë",
    "Renée Dubois",
    "Søren Kierkegård",
    "Dana Whitfield",
    "Priya Raman",
    "Tomás Ortega",
    "Hélène Marchand",
    "Kwame Mensah",
    "Lucía Ferrer",
];

const VERBS: &[&str] = &[
    "said",
    "says",
    "announced",
    "confirmed",
    "denied",
    "rejected",
    "accepted",
    "proposed",
    "offered",
    "demanded",
    "signed",
    "approved",
    "ratified",
    "extended",
    "resumed",
    "paused",
    "ended",
    "began",
    "reached",
    "missed",
    "set",
    "raised",
    "lowered",
    "questioned",
    "praised",
    "criticised",
    "welcomed",
    "warned",
    "argued",
    "insisted",
    "noted",
    "reported",
    "revealed",
    "described",
    "outlined",
    "discussed",
    "negotiated",
    "agreed",
    "disputed",
    "covered",
    "protected",
    "threatened",
    "replaced",
    "funded",
    "cut",
    "doubled",
    "tripled",
    "matched",
    "exceeded",
    "delayed",
    "accelerated",
    "shaped",
    "framed",
    "tabled",
    "withdrew",
    "revised",
    "clarified",
    "summarised",
    "restated",
    "reaffirmed",
    "improved",
    "weakened",
    "strengthened",
];

const PREPOSITIONS: &[&str] = &[
    "in",
    "on",
    "at",
    "for",
    "with",
    "without",
    "over",
    "under",
    "after",
    "before",
    "during",
    "across",
    "between",
    "against",
    "toward",
    "about",
    "around",
    "behind",
    "beyond",
    "within",
    "through",
    "despite",
    "amid",
    "ahead of",
    "along with",
    "because of",
];

const CONJUNCTIONS: &[&str] = &[
    "and", "but", "while", "although", "because", "since", "as", "so", "yet", "whereas",
];

const ADVERBS: &[&str] = &[
    "quickly",
    "slowly",
    "finally",
    "again",
    "already",
    "still",
    "only",
    "also",
    "reportedly",
    "publicly",
    "privately",
    "formally",
    "informally",
    "narrowly",
    "overwhelmingly",
    "largely",
    "partly",
    "briefly",
    "repeatedly",
    "openly",
    "quietly",
    "sharply",
    "gradually",
];

const OUTLETS: &[&str] = &[
    "Variety",
    "Deadline",
    "The Hollywood Reporter",
    "TheWrap",
    "Los Angeles Times",
    "IndieWire",
    "Below the Line",
    "Le Monde diplomatique",
    "Süddeutsche Zeitung",
];

/// Builds English-like sentences from the vocabulary above.
struct Writer<'r> {
    rng: &'r mut Rng,
}

impl Writer<'_> {
    fn noun_phrase(&mut self, out: &mut Vec<String>) {
        let r = self.rng.below(100);
        if r < 6 {
            push_words(out, self.rng.pick(NAMES));
            return;
        }
        if r < 10 {
            push_words(out, self.rng.pick(PLACES));
            return;
        }
        let det = self.rng.pick(DETERMINERS);
        let adj = self.rng.chance(45).then(|| self.rng.pick(ADJECTIVES));
        let noun = self.rng.pick(NOUNS);
        let next = adj.unwrap_or(noun);
        let det = if det == "a" && next.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            det
        };
        out.push(det.to_string());
        out.extend(adj.map(str::to_string));
        if self.rng.chance(5) {
            // Possessives use the typographic apostrophe, as edited copy does.
            let mark = if noun.ends_with('s') { "’" } else { "’s" };
            out.push(format!("{noun}{mark}"));
            out.push(self.rng.pick(NOUNS).to_string());
        } else {
            out.push(noun.to_string());
        }
    }

    fn clause(&mut self, out: &mut Vec<String>) {
        self.noun_phrase(out);
        if self.rng.chance(20) {
            out.push(self.rng.pick(ADVERBS).to_string());
        }
        out.push(self.rng.pick(VERBS).to_string());
        self.noun_phrase(out);
        if self.rng.chance(55) {
            push_words(out, self.rng.pick(PREPOSITIONS));
            self.noun_phrase(out);
        }
    }

    /// One sentence as words, punctuation attached to the words.
    fn sentence(&mut self) -> Vec<String> {
        let mut words = Vec::with_capacity(24);
        self.clause(&mut words);
        match self.rng.below(100) {
            0..=24 => {
                comma(&mut words);
                words.push(self.rng.pick(CONJUNCTIONS).to_string());
                self.clause(&mut words);
            }
            25..=34 => {
                words.push("—".to_string());
                self.noun_phrase(&mut words);
                words.push("—".to_string());
                push_words(&mut words, self.rng.pick(PREPOSITIONS));
                self.noun_phrase(&mut words);
            }
            35..=44 => {
                // A reported quotation in typographic quotes.
                comma(&mut words);
                let start = words.len();
                self.clause(&mut words);
                words[start] = format!("“{}", words[start]);
                if let Some(last) = words.last_mut() {
                    last.push_str(",”");
                }
                push_words(&mut words, self.rng.pick(NAMES));
                words.push(self.rng.pick(&["said", "added", "wrote"]).to_string());
            }
            _ => {}
        }
        if let Some(first) = words.first_mut() {
            *first = capitalise(first);
        }
        if let Some(last) = words.last_mut() {
            let end = match self.rng.below(20) {
                0 => "?",
                1 => ";",
                _ => ".",
            };
            last.push_str(end);
        }
        words
    }

    /// A sentence as one string, for titles, summaries and notes.
    fn line(&mut self) -> String {
        self.sentence().join(" ")
    }

    fn headline(&mut self) -> String {
        let mut words = Vec::new();
        self.clause(&mut words);
        let mut s = words.join(" ");
        s = capitalise(&s);
        s
    }
}

fn push_words(out: &mut Vec<String>, phrase: &str) {
    out.extend(phrase.split(' ').map(str::to_string));
}

fn comma(words: &mut [String]) {
    if let Some(last) = words.last_mut() {
        last.push(',');
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An article's text kept as paragraphs of words, with the line each word is on,
/// so citations can copy runs of words and know when they cross a line break.
struct ArticleText {
    /// Per paragraph: the words, and for each word whether a line break precedes it.
    paragraphs: Vec<Vec<(String, bool)>>,
    /// The whole text with every whitespace run folded to one space, to count matches.
    folded: String,
}

fn article_text(rng: &mut Rng, words: usize) -> ArticleText {
    let mut w = Writer { rng };
    let mut paragraphs = Vec::new();
    let mut total = 0;
    // Some articles are wrapped at a fixed width, as copied from print or e-mail.
    let wrap = if w.rng.chance(50) {
        Some(w.rng.range(60, 80))
    } else {
        None
    };
    while total < words {
        let sentences = w.rng.range(2, 6);
        let mut para: Vec<(String, bool)> = Vec::new();
        let mut col = 0;
        for _ in 0..sentences {
            for word in w.sentence() {
                let width = word.chars().count();
                let brk = match wrap {
                    Some(max) => !para.is_empty() && col + 1 + width > max,
                    None => false,
                };
                col = if brk || para.is_empty() {
                    width
                } else {
                    col + 1 + width
                };
                para.push((word, brk));
            }
        }
        total += para.len();
        paragraphs.push(para);
    }
    let mut folded = String::with_capacity(words * 8);
    for para in &paragraphs {
        for (word, _) in para {
            if !folded.is_empty() {
                folded.push(' ');
            }
            folded.push_str(word);
        }
    }
    ArticleText { paragraphs, folded }
}

impl ArticleText {
    fn render(&self, crlf: bool) -> String {
        let nl = if crlf { "\r\n" } else { "\n" };
        let mut out = String::with_capacity(self.folded.len() + self.paragraphs.len() * 4);
        for (p, para) in self.paragraphs.iter().enumerate() {
            if p > 0 {
                out.push_str(nl);
                out.push_str(nl);
            }
            for (i, (word, brk)) in para.iter().enumerate() {
                if i > 0 {
                    out.push_str(if *brk { nl } else { " " });
                }
                out.push_str(word);
            }
        }
        out.push_str(nl);
        out
    }
}

/// A citation picked from an article: the quote and, when needed, its occurrence.
struct Cite {
    quote: String,
    occurrence: Option<usize>,
    across_lines: bool,
}

/// Copies a run of words from one paragraph. Short runs are often not unique;
/// they get an `occurrence` naming the copied one.
fn cite(rng: &mut Rng, text: &ArticleText) -> Cite {
    for _ in 0..16 {
        let para = &text.paragraphs[rng.below(text.paragraphs.len())];
        let len = if rng.chance(10) {
            rng.range(1, 2)
        } else {
            rng.range(5, 14)
        }
        .min(para.len());
        let start = rng.below(para.len() - len + 1);
        let run = &para[start..start + len];
        let quote = run
            .iter()
            .map(|(w, _)| w.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let across_lines = run.iter().skip(1).any(|(_, brk)| *brk);
        // Where the copied run sits in the folded text: count the bytes before it.
        let before: usize = text
            .paragraphs
            .iter()
            .take_while(|p| !std::ptr::eq(*p, para))
            .flat_map(|p| p.iter())
            .chain(para[..start].iter())
            .map(|(w, _)| w.len() + 1)
            .sum();
        let hits = overlapping_matches(&text.folded, &quote);
        // A quote that overlaps itself would make "occurrence" depend on how
        // matches are counted: skip those rather than guess.
        if hits.len() != memmem::find_iter(text.folded.as_bytes(), quote.as_bytes()).count() {
            continue;
        }
        let Some(nth) = hits.iter().position(|&h| h == before) else {
            continue;
        };
        let occurrence = (hits.len() > 1).then_some(nth + 1);
        return Cite {
            quote,
            occurrence,
            across_lines,
        };
    }
    // Sixteen unlucky draws in a row: the article's first words, at their
    // first occurrence, are always a valid citation.
    let para = &text.paragraphs[0];
    let quote = para
        .iter()
        .take(3)
        .map(|(w, _)| w.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let hits = overlapping_matches(&text.folded, &quote).len();
    Cite {
        occurrence: (hits > 1).then_some(1),
        across_lines: para.iter().take(3).skip(1).any(|(_, b)| *b),
        quote,
    }
}

fn overlapping_matches(hay: &str, needle: &str) -> Vec<usize> {
    let finder = memmem::Finder::new(needle.as_bytes());
    let mut hits = Vec::new();
    let mut from = 0;
    while let Some(i) = finder.find(&hay.as_bytes()[from..]) {
        hits.push(from + i);
        from += i + 1;
    }
    hits
}

/// A TOML basic string, escaped by the project's TOML escaper with only the
/// escapes TOML requires ([`TomlEscapes::Required`]): the generated dossiers'
/// bytes stay what they have always been (a no-break space or a bidi mark in
/// a generated text is written as itself, as a curator would).
fn toml_str(s: &str) -> String {
    toml_string_as(s, TomlEscapes::Required)
}

/// A TOML multi-line basic string holding several sentences, wrapped like a curator would.
fn toml_long(sentences: &[String]) -> String {
    let mut out = String::from("\"\"\"\n");
    let mut col = 0;
    for s in sentences {
        for word in s.split(' ') {
            let escaped = toml_str(word);
            let word = &escaped[1..escaped.len() - 1];
            if col > 0 && col + word.len() > 76 {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(word);
            col += word.len();
        }
    }
    out.push_str("\"\"\"");
    out
}

fn random_date(rng: &mut Rng) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default();
    start + Days::new(rng.below(3 * 365) as u64)
}

/// A date of the given precision (0 day, 1 month, 2 year), formatted as the format writes it.
fn format_date(d: NaiveDate, precision: u8) -> String {
    match precision {
        0 => d.format("%Y-%m-%d").to_string(),
        1 => d.format("%Y-%m").to_string(),
        _ => d.year().to_string(),
    }
}

fn event_dates(rng: &mut Rng) -> (String, Option<String>) {
    let date = random_date(rng);
    let precision = match rng.below(100) {
        0..=84 => 0,
        85..=94 => 1,
        _ => 2,
    };
    let end = rng.chance(10).then(|| match precision {
        0 => date + Days::new(rng.range(1, 20) as u64),
        1 => date + Months::new(rng.range(1, 3) as u32),
        _ => date + Months::new(12),
    });
    (
        format_date(date, precision),
        end.map(|e| format_date(e, precision)),
    )
}

fn write_sources(out: &mut String, sources: &[(usize, Cite, Option<String>)], stats: &mut Stats) {
    for (article, cite, note) in sources {
        out.push_str("\n[[sources]]\n");
        let _ = writeln!(out, "article = \"{}\"", article_id(*article));
        let _ = writeln!(out, "quote = {}", toml_str(&cite.quote));
        if let Some(n) = cite.occurrence {
            let _ = writeln!(out, "occurrence = {n}");
            stats.with_occurrence += 1;
        }
        if let Some(note) = note {
            let _ = writeln!(out, "note = {}", toml_str(note));
        }
        stats.sources += 1;
        stats.across_lines += usize::from(cite.across_lines);
    }
}

pub fn article_id(i: usize) -> String {
    format!("article-{i:05}")
}

pub fn event_id(i: usize) -> String {
    format!("event-{i:05}")
}

pub fn issue_id(i: usize) -> String {
    format!("issue-{i:04}")
}

fn put(dir: &Path, name: &str, body: &str, stats: &mut Stats) -> io::Result<()> {
    fs::write(dir.join(name), body)?;
    stats.files += 1;
    stats.bytes += body.len() as u64;
    Ok(())
}

const KINDS: &[&str] = &[
    "talks",
    "statement",
    "deadline",
    "agreement",
    "vote",
    "survey",
    "rally",
    "context",
    "other",
];

/// Writes a dossier into `dir` (created if missing; files of the same names are
/// overwritten, others left alone).
pub fn write(p: &Params, dir: &Path) -> io::Result<Stats> {
    p.check()
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let mut rng = Rng::new(p.seed);
    let mut stats = Stats::default();
    for sub in ["articles", "events", "issues"] {
        fs::create_dir_all(dir.join(sub))?;
    }

    let mut top = String::from("title = \"A synthetic dossier\"\n");
    let _ = writeln!(
        top,
        "subtitle = {}",
        toml_str(&format!(
            "{}, {}, {}, seed {}",
            count(p.events, "event"),
            count(p.issues, "issue"),
            count(p.articles, "article"),
            p.seed
        ))
    );
    {
        let mut w = Writer { rng: &mut rng };
        let desc: Vec<String> = (0..3).map(|_| w.line()).collect();
        let _ = writeln!(top, "description = {}", toml_long(&desc));
    }
    put(dir, "dossier.toml", &top, &mut stats)?;

    // Articles first: their texts are kept so citations can copy from them.
    let mut texts = Vec::with_capacity(p.articles);
    let articles_dir = dir.join("articles");
    for i in 0..p.articles {
        let text = article_text(&mut rng, p.words_per_article);
        let mut w = Writer { rng: &mut rng };
        let mut fm = String::from("+++\n");
        let _ = writeln!(fm, "title = {}", toml_str(&w.headline()));
        if w.rng.chance(90) {
            let _ = writeln!(fm, "outlet = {}", toml_str(w.rng.pick(OUTLETS)));
        }
        if w.rng.chance(90) {
            let d = random_date(w.rng);
            let _ = writeln!(fm, "published = \"{}\"", format_date(d, 0));
        }
        if w.rng.chance(70) {
            let _ = writeln!(fm, "byline = {}", toml_str(w.rng.pick(NAMES)));
        }
        if w.rng.chance(80) {
            let _ = writeln!(fm, "url = \"https://news.example/{}/{i}\"", 2023 + i % 3);
        }
        if w.rng.chance(20) {
            let _ = writeln!(fm, "note = {}", toml_str(&w.line()));
        }
        fm.push_str("+++\n");
        // A few articles keep the CRLF line ends of the system they came from.
        let crlf = i % 37 == 5;
        if crlf {
            fm = fm.replace('\n', "\r\n");
        }
        // And a few were saved decomposed: `ë` as `e` and a combining mark.
        if i % 23 == 7 {
            fm.extend(text.render(crlf).nfd());
            stats.decomposed += 1;
        } else {
            fm.push_str(&text.render(crlf));
        }
        put(
            &articles_dir,
            &format!("{}.txt", article_id(i)),
            &fm,
            &mut stats,
        )?;
        texts.push(text);
        stats.articles += 1;
    }

    // The n-th citation overall cites article n for the first `articles`
    // citations, so every article is cited; later ones pick at random.
    let mut next_article = 0;
    let mut pick_article = |rng: &mut Rng| {
        let a = if next_article < p.articles {
            next_article
        } else {
            rng.below(p.articles)
        };
        next_article += 1;
        a
    };

    let events_dir = dir.join("events");
    for i in 0..p.events {
        let mut out = String::with_capacity(1024);
        let mut w = Writer { rng: &mut rng };
        let _ = writeln!(out, "title = {}", toml_str(&w.headline()));
        let (date, end) = event_dates(w.rng);
        let _ = writeln!(out, "date = \"{date}\"");
        if let Some(end) = end {
            let _ = writeln!(out, "end = \"{end}\"");
        }
        if w.rng.chance(90) {
            let _ = writeln!(out, "kind = \"{}\"", w.rng.pick(KINDS));
        }
        // Event i touches issue i first, so every issue is touched.
        let mut issues = vec![i % p.issues];
        for _ in 0..w.rng.below(3) {
            let extra = w.rng.below(p.issues);
            if !issues.contains(&extra) {
                issues.push(extra);
            }
        }
        let list: Vec<String> = issues
            .iter()
            .map(|&j| format!("\"{}\"", issue_id(j)))
            .collect();
        let _ = writeln!(out, "issues = [{}]", list.join(", "));
        let summary: Vec<String> = (0..w.rng.range(2, 5)).map(|_| w.line()).collect();
        let _ = writeln!(out, "summary = {}", toml_long(&summary));
        if w.rng.chance(15) {
            let _ = writeln!(out, "date_note = {}", toml_str(&w.line()));
        }
        if w.rng.chance(5) {
            let _ = writeln!(out, "disputed = {}", toml_str(&w.line()));
        }
        let mut sources = Vec::new();
        for _ in 0..rng.range(1, 2) {
            let a = pick_article(&mut rng);
            let c = cite(&mut rng, &texts[a]);
            let note = rng.chance(20).then(|| Writer { rng: &mut rng }.line());
            sources.push((a, c, note));
        }
        write_sources(&mut out, &sources, &mut stats);
        put(
            &events_dir,
            &format!("{}.toml", event_id(i)),
            &out,
            &mut stats,
        )?;
        stats.events += 1;
    }

    let issues_dir = dir.join("issues");
    for i in 0..p.issues {
        let mut out = String::with_capacity(1024);
        let mut w = Writer { rng: &mut rng };
        let _ = writeln!(out, "title = {}", toml_str(&w.headline()));
        let summary: Vec<String> = (0..w.rng.range(2, 4)).map(|_| w.line()).collect();
        let _ = writeln!(out, "summary = {}", toml_long(&summary));
        if w.rng.chance(60) {
            let _ = writeln!(out, "status = {}", toml_str(&w.headline()));
        }
        // Related issues point forward only: the reverse link is derived.
        if i + 1 < p.issues && w.rng.chance(40) {
            let mut rel = vec![w.rng.range(i + 1, p.issues - 1)];
            let other = w.rng.range(i + 1, p.issues - 1);
            if !rel.contains(&other) {
                rel.push(other);
            }
            let list: Vec<String> = rel
                .iter()
                .map(|&j| format!("\"{}\"", issue_id(j)))
                .collect();
            let _ = writeln!(out, "related = [{}]", list.join(", "));
        }
        if w.rng.chance(70) {
            out.push_str("\n[positions]\n");
            let _ = writeln!(out, "union = {}", toml_str(&w.line()));
            let _ = writeln!(out, "studios = {}", toml_str(&w.line()));
        }
        let mut sources = Vec::new();
        for _ in 0..rng.range(1, 3) {
            let a = pick_article(&mut rng);
            let c = cite(&mut rng, &texts[a]);
            sources.push((a, c, None));
        }
        write_sources(&mut out, &sources, &mut stats);
        put(
            &issues_dir,
            &format!("{}.toml", issue_id(i)),
            &out,
            &mut stats,
        )?;
        stats.issues += 1;
    }
    Ok(stats)
}

/// The dossier of `p` under `base`, generated once and reused: a marker file
/// is written last, so an interrupted generation is redone. Returns the
/// folder, and the generation's stats when it was generated now.
pub fn cached(p: &Params, base: &Path) -> io::Result<(PathBuf, Option<Stats>)> {
    let name = format!(
        "synth-{}e-{}i-{}a-{}w-s{}",
        p.events, p.issues, p.articles, p.words_per_article, p.seed
    );
    let dir = base.join(&name);
    let done = base.join(format!("{name}.done"));
    if done.exists() {
        return Ok((dir, None));
    }
    let _ = fs::remove_dir_all(&dir);
    let stats = write(p, &dir)?;
    fs::write(&done, format!("{stats:?}\n"))?;
    Ok((dir, Some(stats)))
}

/// A count with its noun, singular for one (this crate stands alone, so it
/// keeps its own copy of `dossier_core::text::count`).
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic_and_varied() {
        let a: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..4).map(|_| r.next_u64()).collect()
        };
        let b: Vec<u64> = {
            let mut r = Rng::new(7);
            (0..4).map(|_| r.next_u64()).collect()
        };
        assert_eq!(a, b);
        assert_ne!(a[0], a[1]);
        let mut r = Rng::new(8);
        assert_ne!(a[0], r.next_u64());
    }

    #[test]
    fn citations_occur_in_the_folded_text_at_their_occurrence() {
        let mut rng = Rng::new(3);
        let text = article_text(&mut rng, 300);
        let rendered = text.render(false);
        let refolded = rendered.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(refolded, text.folded);
        let mut occ = 0;
        for _ in 0..200 {
            let c = cite(&mut rng, &text);
            let hits = overlapping_matches(&text.folded, &c.quote);
            assert!(!hits.is_empty(), "quote not found: {}", c.quote);
            match c.occurrence {
                None => assert_eq!(hits.len(), 1, "ambiguous without occurrence"),
                Some(n) => {
                    assert!(n >= 1 && n <= hits.len());
                    occ += 1;
                }
            }
        }
        // Short quotes of common words must sometimes need `occurrence`.
        assert!(occ > 0);
    }

    #[test]
    fn inconsistent_params_are_refused() {
        let mut p = Params::TARGET;
        p.issues = p.events + 1;
        assert!(p.check().is_err());
        p = Params::TARGET;
        p.articles = p.events + p.issues + 1;
        assert!(p.check().is_err());
        assert!(Params::TARGET.check().is_ok());
    }

    #[test]
    fn same_seed_same_bytes() {
        let base = std::env::temp_dir().join(format!("dossier-synth-unit-{}", std::process::id()));
        let p = Params {
            events: 12,
            issues: 3,
            articles: 5,
            words_per_article: 80,
            seed: 42,
        };
        let a = write(&p, &base.join("a")).expect("write a");
        let b = write(&p, &base.join("b")).expect("write b");
        assert_eq!(a, b);
        assert_eq!(a.files, 1 + 12 + 3 + 5);
        for f in [
            "dossier.toml",
            "events/event-00007.toml",
            "articles/article-00004.txt",
        ] {
            let x = fs::read(base.join("a").join(f)).expect("read a");
            let y = fs::read(base.join("b").join(f)).expect("read b");
            assert_eq!(x, y, "{f} differs");
        }
        let _ = fs::remove_dir_all(&base);
    }
}
