//! The commands of the command line, each run on its dossier: `check`
//! (and `--watch`), `list`, `show`, `search`, `export`, `new`, `add
//! article`, `quote` and `config`, with their exit codes and messages.
//! `main.rs` only parses the arguments and hands them here.

use std::io::{self, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use crate::cli;
use crate::curate;
use dossier_core::content::{self, Dossier};

/// The commands that read a dossier (the others return before it is read).
enum OnDossier {
    Check {
        format: CheckFormat,
        watch: bool,
    },
    List {
        what: What,
    },
    Show {
        id: String,
    },
    Search {
        query: String,
        words: bool,
    },
    Export {
        format: ExportFormat,
        output: PathBuf,
        flags: ExportFlags,
    },
}

/// Runs the command the arguments name, and says how it went.
pub fn run(args: Args) -> ExitCode {
    let command = match args.command {
        Some(Command::New { what, title }) => return finish(new(args.content, &what, title)),
        Some(Command::Add {
            what:
                AddWhat::Article {
                    file,
                    id,
                    title,
                    outlet,
                    published,
                    url,
                    byline,
                },
        }) => {
            let fields = curate::ArticleFields {
                title,
                outlet,
                published,
                url,
                byline,
            };
            return finish(add_article(args.content, &file, &id, &fields));
        }
        Some(Command::Quote { text, article }) => {
            return finish(quote(args.content, &text, article.as_deref()));
        }
        Some(Command::Config) => return finish(config()),
        Some(Command::Check { format, watch }) => Some(OnDossier::Check { format, watch }),
        Some(Command::List { what }) => Some(OnDossier::List { what }),
        Some(Command::Show { id }) => Some(OnDossier::Show { id }),
        Some(Command::Search { query, words }) => Some(OnDossier::Search { query, words }),
        Some(Command::Export {
            format,
            output,
            allow_errors,
            group,
            full_text,
            site_url,
        }) => Some(OnDossier::Export {
            format,
            output,
            flags: ExportFlags {
                allow_errors,
                group,
                full_text,
                site_url,
            },
        }),
        None => None,
    };
    let Some(command) = command else {
        // The reader draws on a terminal and reads keys from one; started
        // from a script or a pipe it says what to use instead.
        if !(io::stdin().is_terminal() && io::stdout().is_terminal()) {
            eprintln!(
                "dossier: the reader needs a terminal; in scripts and pipes use `dossier list`, `dossier show`, `dossier search` or `dossier check` (see `dossier --help`)"
            );
            return ExitCode::from(2);
        }
        // The reader opens on whatever loaded and lists the problems on a
        // key; it refuses (printing them) only when nothing could be loaded.
        let options = crate::reader::Options {
            top: args.top,
            dirs: None,
            watch: !args.no_watch,
        };
        let opened = match located(args.content.as_deref()) {
            Some((dir, _)) => crate::reader::open_dir(&dir, &options),
            None => crate::reader::open_bundled(&options),
        };
        return finish(opened.map(|()| ExitCode::SUCCESS).map_err(Failure::from));
    };
    // Never dropped on the way out: freeing tens of thousands of strings one
    // by one takes longer than the operating system takes to reclaim them.
    let found = located(args.content.as_deref());
    if found.is_none() {
        // `check` works only on a dossier the curator names or stands in;
        // the reading commands may read the bundled one, and say so.
        if let OnDossier::Check { .. } = command {
            return finish(Err(no_dossier_here()));
        }
        eprintln!("{}", bundled_notice());
    }
    let dossier = ManuallyDrop::new(match &found {
        Some((dir, _)) => content::load_dir(dir),
        None => crate::bundled::load_bundled(),
    });
    let prefix = found
        .as_ref()
        .map(|(_, prefix)| prefix.clone())
        .unwrap_or_default();
    finish(match command {
        OnDossier::Check {
            format,
            watch: true,
        } => match &found {
            Some((dir, _)) if !args.no_watch => check_watch(dir, format, &prefix),
            _ => Err(usage_error(
                "check",
                "--watch and --no-watch cannot be used together".to_string(),
            )),
        },
        OnDossier::Check { format, .. } => check(&dossier, format, &prefix),
        OnDossier::List { what } => usable(&dossier, &prefix).and_then(|()| list(&dossier, what)),
        OnDossier::Show { id } => usable(&dossier, &prefix).and_then(|()| show(&dossier, &id)),
        OnDossier::Search { query, words } => {
            usable(&dossier, &prefix).and_then(|()| search(&dossier, &query, words))
        }
        OnDossier::Export {
            format,
            output,
            flags,
        } => export(&dossier, args.content.as_deref(), format, output, flags),
    })
}

/// A keyboard-driven terminal reader for curated news dossiers.
///
/// With no command, opens the reader. Every command reads the dossier named
/// by --content; else the nearest folder holding a dossier.toml, from the
/// current one upwards; else (the reader, list, show, search and export
/// only, saying so) the dossier bundled into the program. check and quote
/// need a dossier of the curator's.
#[derive(Parser, Default)]
#[command(version, about)]
pub struct Args {
    /// Read the dossier in this folder (default: the nearest folder holding a
    /// dossier.toml from here upwards, else the bundled dossier).
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Open the reader at the top of the dossier, not where you left it.
    #[arg(long)]
    pub top: bool,

    /// Do not watch the dossier's folder: the reader reloads only on `R`,
    /// `check --watch` is refused.
    #[arg(long, global = true)]
    pub no_watch: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Args {
    /// The arguments of the command line. With none (the reader, on the
    /// nearest dossier or the bundled one) they are the defaults, without
    /// building clap's description of every command first (0.15 ms before
    /// the first frame).
    pub fn from_command_line() -> Args {
        if std::env::args_os().len() <= 1 {
            Args::default()
        } else {
            Args::parse()
        }
    }
}

#[derive(Subcommand)]
pub enum Command {
    /// Print the reader's configuration in effect, every setting with its
    /// value and default, ready to save as the configuration file.
    ///
    /// Problems in the configuration file are printed on stderr (exit 1).
    Config,
    /// Check the dossier: print every problem, then a summary line.
    ///
    /// Exits with 0 when there is no error (warnings allowed), 1 otherwise,
    /// 2 outside any dossier (no --content, no dossier.toml here or above):
    /// check never checks the bundled dossier in place of yours.
    Check {
        /// text: `path:line:col: error: message` and a summary. json: one
        /// object per line per problem (path, line, column, severity, code,
        /// message, help), nothing else. github: workflow annotations, then
        /// the summary.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        /// Check again on every change to the dossier's files, printing the
        /// whole result each time under the time it was made (on a terminal,
        /// on a cleared screen). Runs until interrupted (Ctrl-C).
        #[arg(long)]
        watch: bool,
    },
    /// One line per entity, tab-separated, id first, for scripts.
    ///
    /// Columns: events: id, date, end, kind, issues (comma-separated), title.
    /// issues: id, number of events, status, title.
    /// articles: id, published, outlet, number of citations, title.
    /// Empty fields are empty strings; tabs and control characters in text are
    /// replaced, so every line has the same number of columns.
    List {
        #[arg(value_enum)]
        what: What,
    },
    /// Show one event, issue or article: its fields, each citation with the
    /// passage it quotes, and what links to it.
    ///
    /// An id used by several kinds shows each of them; prefix it with
    /// `event:`, `issue:` or `article:` to choose one.
    Show {
        /// The id, optionally prefixed with its kind (`issue:ai`).
        id: String,
    },
    /// Search every text of the dossier: titles, summaries, statuses,
    /// positions, disputes, date notes, curators' notes, the dossier's
    /// description and the articles. Smart case: a query in lowercase
    /// ignores case, one with an uppercase letter matches that case. Any
    /// run of whitespace matches any other (as quotes are matched).
    ///
    /// Prints one hit per line: `kind id: snippet`, the dossier's description
    /// first (`dossier description: ...`), then events, issues and articles.
    /// Prints nothing (and exits with 0) when nothing matches.
    Search {
        /// The text to find.
        query: String,
        /// Whole words only: `ai` finds "AI" but not "said".
        #[arg(long, short = 'w')]
        words: bool,
    },
    /// Write the dossier out for readers outside the terminal.
    ///
    /// json: the whole dossier as data (docs/export.md gives the schema),
    /// also when it has errors. markdown: one document, sources as footnotes.
    /// timelinejs: the timeline as TimelineJS3 reads it. html: a static web
    /// dossier (index.html, a page per issue and per article) that reads from
    /// the file system, without a server or JavaScript.
    ///
    /// The output is a folder: a new one, an empty one (or one holding only
    /// `.git`, `CNAME`, `.nojekyll`), or one holding a previous export of
    /// the same format (its `.dossier-export` file lists what the export
    /// wrote, with hashes; only those files, unchanged, are replaced or
    /// removed). `--output -` writes a single-file format (not html) to
    /// standard output. Formats other than json refuse a dossier with errors
    /// unless given --allow-errors.
    ///
    /// html and json publish excerpts of the articles: each cited passage
    /// with at most a sentence of context on each side, at most a third of
    /// an article's words (the passages alone when they are more).
    Export {
        /// The format to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The output folder, or `-` for standard output.
        #[arg(long, value_name = "PATH")]
        output: PathBuf,
        /// markdown, html, timelinejs: export a dossier with errors (what
        /// loaded). json always does, with its problems listed.
        #[arg(long, alias = "force")]
        allow_errors: bool,
        /// timelinejs only: row the events by their kind (the default) or by
        /// their first issue.
        #[arg(long, value_enum)]
        group: Option<ExportGroup>,
        /// html and json only: publish each article's whole text. Without it
        /// an article shows its cited passages with a little context, at
        /// most a third of its words (news articles are copyrighted).
        #[arg(long)]
        full_text: bool,
        /// timelinejs only: the web dossier's published address (http or
        /// https), for a link from each slide to the passages it leaves out.
        #[arg(long, value_name = "URL")]
        site_url: Option<String>,
    },
    /// Start a dossier: `new DIR` makes a dossier folder; `new event ID` and
    /// `new issue ID` write a new file in the dossier, with every field
    /// present or commented and explained.
    ///
    /// The dossier is the one given by --content, or else the nearest folder
    /// holding a dossier.toml, from the current one upwards. Nothing that
    /// exists is overwritten: a non-empty folder or an existing file is
    /// refused.
    #[command(
        override_usage = "dossier new DIR [--title T]\n       dossier new event ID [--title T]\n       dossier new issue ID [--title T]"
    )]
    New {
        /// DIR, or `event ID`, or `issue ID`.
        #[arg(required = true, num_args = 1..=2, value_name = "DIR | event ID | issue ID")]
        what: Vec<String>,
        /// The title to write: the dossier's (by default the folder's name),
        /// or the event's or issue's.
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// Add to the dossier: `add article FILE --id ID` stores an article.
    Add {
        #[command(subcommand)]
        what: AddWhat,
    },
    /// Find a passage in the dossier's articles and print, for each place it
    /// occurs, `articles/ID.txt:LINE:COL` and a `[[sources]]` block citing it,
    /// ready to paste into an event or issue file.
    ///
    /// Whitespace is folded as quotes are matched: any run of whitespace in
    /// TEXT matches any run in the article, line breaks included. When the
    /// text does not occur exactly, the closest passages are shown with what
    /// differs; the exit status is then 1. Outside any dossier the status is 2.
    Quote {
        /// The passage; `-` reads it from standard input (for text with
        /// quotation marks or line breaks).
        #[arg(allow_hyphen_values = true)]
        text: String,
        /// Look in this article only.
        #[arg(long, value_name = "ID")]
        article: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum AddWhat {
    /// Store a text verbatim as articles/ID.txt, after front matter made from
    /// the options.
    ///
    /// Without --title, the text's first non-blank line (usually the
    /// headline) is the title. The text must be UTF-8; an existing id is
    /// refused.
    Article {
        /// The text's file; `-` reads it from standard input.
        #[arg(allow_hyphen_values = true)]
        file: String,
        /// The article's id: lowercase letters, digits and hyphens.
        #[arg(long)]
        id: String,
        /// The headline.
        #[arg(long)]
        title: Option<String>,
        /// Who published it.
        #[arg(long)]
        outlet: Option<String>,
        /// When: YYYY, YYYY-MM or YYYY-MM-DD.
        #[arg(long)]
        published: Option<String>,
        /// Where it was found.
        #[arg(long)]
        url: Option<String>,
        /// Who wrote it.
        #[arg(long)]
        byline: Option<String>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    Json,
    Markdown,
    Timelinejs,
    Html,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportGroup {
    Kind,
    Issue,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum What {
    Events,
    Issues,
    Articles,
}

/// `dossier config`: the configuration in effect on stdout, its problems on stderr.
pub fn config() -> Result<ExitCode, Failure> {
    let dirs = crate::xdg::Dirs::from_env();
    let settings = crate::settings::Settings::load(dirs.config_file().as_deref());
    io::stdout().lock().write_all(settings.print().as_bytes())?;
    let mut err = io::stderr().lock();
    for p in &settings.problems {
        writeln!(err, "{p}")?;
    }
    Ok(if settings.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The exit status of a command's result, printing its error if any.
pub fn finish(result: Result<ExitCode, Failure>) -> ExitCode {
    match result {
        Ok(code) => code,
        Err(Failure::Stop(code)) => code,
        // A closed pipe (`dossier list events | head`) is not a failure.
        Err(Failure::Io(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            eprintln!("dossier: {e}");
            ExitCode::FAILURE
        }
    }
}

pub enum Failure {
    Io(io::Error),
    Stop(ExitCode),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

pub fn check(d: &Dossier, format: CheckFormat, prefix: &str) -> Result<ExitCode, Failure> {
    let mut out = io::stdout().lock();
    for p in &d.problems {
        let p = cli::prefixed(p, prefix);
        match format {
            CheckFormat::Text => writeln!(out, "{p}")?,
            CheckFormat::Json => writeln!(out, "{}", cli::problem_json(&p))?,
            CheckFormat::Github => writeln!(out, "{}", cli::problem_github(&p))?,
        }
    }
    if !matches!(format, CheckFormat::Json) {
        writeln!(out, "{}", cli::summary(d))?;
    }
    Ok(if d.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `check --watch`: the whole result, under the time it was made, then again
/// on every change to the folder (a burst of writes counts once). On a
/// terminal each result replaces the last on a cleared screen; into a pipe or
/// a file the results follow each other.
pub fn check_watch(dir: &Path, format: CheckFormat, prefix: &str) -> Result<ExitCode, Failure> {
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watch = crate::watch::start(dir, move |_| {
        let _ = tx.send(());
    })
    .map_err(|why| {
        refuse(format!(
            "cannot watch `{}`: {why}",
            dossier_core::text::sanitize_line(&dir.display().to_string())
        ))
    })?;
    let clear = io::stdout().is_terminal();
    loop {
        // Dropped at the end of each round (a watch may run all day; only a
        // command that ends at once leaves its dossier to the system).
        let dossier = content::load_dir(dir);
        {
            let mut out = io::stdout().lock();
            if clear {
                write!(out, "\x1b[H\x1b[2J")?;
            }
            let at = now_utc();
            match format {
                CheckFormat::Json => writeln!(out, "{{\"checked_at\":\"{at}\"}}")?,
                _ => writeln!(out, "[{at}] dossier check")?,
            }
        }
        check(&dossier, format, prefix)?;
        io::stdout().lock().flush()?;
        // Wait for a change, then for the folder to be quiet again: the
        // last paths of a burst may be reported a moment after the first.
        if rx.recv().is_err() {
            return Ok(ExitCode::FAILURE);
        }
        while rx.recv_timeout(crate::watch::QUIET * 2).is_ok() {}
        watch.renew();
    }
}

/// The time now, in UTC, to the second: `2026-03-04 10:15:02 UTC`.
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    i64::try_from(secs)
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.format("%Y-%m-%d %H:%M:%S UTC").to_string())
        .unwrap_or_default()
}

/// Commands other than `check` refuse a dossier with errors: they print the
/// problems to stderr and stop with status 1.
pub fn usable(d: &Dossier, prefix: &str) -> Result<(), Failure> {
    if d.errors() == 0 {
        return Ok(());
    }
    let mut err = io::stderr().lock();
    for p in d.problems.iter().filter(|p| p.is_error()) {
        writeln!(err, "{}", cli::prefixed(p, prefix))?;
    }
    writeln!(err, "dossier: {}; nothing shown", cli::summary(d))?;
    Err(Failure::Stop(ExitCode::FAILURE))
}

pub fn list(d: &Dossier, what: What) -> Result<ExitCode, Failure> {
    let mut out = io::stdout().lock();
    let lines = match what {
        What::Events => cli::list_events(d),
        What::Issues => cli::list_issues(d),
        What::Articles => cli::list_articles(d),
    };
    for line in lines {
        writeln!(out, "{line}")?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(d: &Dossier, id: &str) -> Result<ExitCode, Failure> {
    match cli::show(d, id) {
        Ok(text) => {
            io::stdout().lock().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(message) => {
            eprintln!("dossier: {message}");
            Ok(ExitCode::FAILURE)
        }
    }
}

/// The export's switches, as given.
pub struct ExportFlags {
    allow_errors: bool,
    group: Option<ExportGroup>,
    full_text: bool,
    site_url: Option<String>,
}

/// A `--content` folder given to a command that writes what it read must
/// be there: a missing or unreadable one stops with status 1, whatever the
/// format (the JSON export would otherwise write an empty dossier).
pub fn readable_content(content: Option<&Path>) -> Result<(), Failure> {
    let Some(dir) = content else {
        return Ok(());
    };
    let shown = || dossier_core::text::sanitize_line(&dir.display().to_string()).into_owned();
    if let Err(e) = std::fs::read_dir(dir) {
        return Err(refuse(format!(
            "cannot read the dossier folder `{}`: {e}",
            shown()
        )));
    }
    if !dir.join("dossier.toml").is_file() {
        return Err(refuse(format!(
            "`{}` is not a dossier folder (it has no dossier.toml)",
            shown()
        )));
    }
    Ok(())
}

pub fn export(
    d: &Dossier,
    content: Option<&Path>,
    format: ExportFormat,
    output: PathBuf,
    flags: ExportFlags,
) -> Result<ExitCode, Failure> {
    use crate::export::{self, ExportError, Format, Group, Options, Output};
    let opts = Options {
        format: match format {
            ExportFormat::Json => Format::Json,
            ExportFormat::Markdown => Format::Markdown,
            ExportFormat::Timelinejs => Format::TimelineJs,
            ExportFormat::Html => Format::Html,
        },
        output: if output.as_os_str() == "-" {
            Output::Stdout
        } else {
            Output::Dir(output)
        },
        allow_errors: flags.allow_errors,
        full_text: flags.full_text,
        site_url: flags.site_url,
        group: flags.group.map(|g| match g {
            ExportGroup::Kind => Group::Kind,
            ExportGroup::Issue => Group::Issue,
        }),
        progress: io::stderr().is_terminal(),
    };
    // A usage error first, then the dossier folder, then the export.
    if let Some(problem) = opts.usage_problem() {
        return Err(usage_error("export", problem));
    }
    readable_content(content)?;
    match export::export(d, &opts) {
        Ok(report) => {
            let mut err = io::stderr().lock();
            for line in report.lines() {
                writeln!(err, "{line}")?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ExportError::Io(_, e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
        Err(ExportError::Usage(message)) => Err(usage_error("export", message)),
        Err(e) => {
            let mut err = io::stderr().lock();
            if matches!(e, ExportError::HasErrors(_)) {
                for p in d.problems.iter().filter(|p| p.is_error()) {
                    writeln!(err, "{p}")?;
                }
            }
            writeln!(err, "dossier: {e}")?;
            Ok(ExitCode::FAILURE)
        }
    }
}

pub fn search(d: &Dossier, query: &str, words: bool) -> Result<ExitCode, Failure> {
    let (lines, truncated) = cli::search(d, query, words);
    let mut out = io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    if truncated {
        eprintln!(
            "dossier: stopped after the first {}",
            dossier_core::text::count(dossier_core::search::MAX_HITS, "hit")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Stops with a usage error: the message, the usage line, status 2.
pub fn usage_error(command: &str, message: String) -> Failure {
    let mut args = Args::command();
    let e = match args.find_subcommand_mut(command) {
        Some(sub) => sub.error(clap::error::ErrorKind::ValueValidation, message),
        None => args.error(clap::error::ErrorKind::ValueValidation, message),
    };
    let _ = e.print();
    Failure::Stop(ExitCode::from(2))
}

/// Stops with a message and status 1.
pub fn refuse(message: String) -> Failure {
    eprintln!("dossier: {message}");
    Failure::Stop(ExitCode::FAILURE)
}

/// The dossier to add to: --content, or the nearest folder holding a
/// dossier.toml from the current one upwards.
pub fn dossier_dir(content: Option<PathBuf>) -> Result<PathBuf, Failure> {
    if let Some(dir) = content {
        if !dir.join("dossier.toml").is_file() {
            return Err(refuse(format!(
                "`{}` is not a dossier folder (it has no dossier.toml); `dossier new DIR` makes one",
                dossier_core::text::sanitize_line(&dir.display().to_string())
            )));
        }
        return Ok(dir);
    }
    let here = std::env::current_dir()?;
    curate::find_dossier(&here).ok_or_else(|| {
        refuse(format!(
            "no dossier here: neither `{}` nor a folder above it holds a dossier.toml; give one with --content DIR, or make one with `dossier new DIR`",
            dossier_core::text::sanitize_line(&here.display().to_string())
        ))
    })
}

pub fn new(
    content: Option<PathBuf>,
    what: &[String],
    title: Option<String>,
) -> Result<ExitCode, Failure> {
    match what {
        [kind, id] if kind == "event" || kind == "issue" => {
            curate::check_id(id).map_err(|m| usage_error("new", m))?;
            let dir = dossier_dir(content)?;
            let (folder, text) = if kind == "event" {
                ("events", curate::event_template(id, title.as_deref()))
            } else {
                ("issues", curate::issue_template(id, title.as_deref()))
            };
            std::fs::create_dir_all(dir.join(folder))?;
            let path = dir.join(folder).join(format!("{id}.toml"));
            write_new_file(&path, text.as_bytes())?;
            println!("created {}", path.display());
            println!("fill in its empty fields; `dossier check` lists what is left");
            Ok(ExitCode::SUCCESS)
        }
        [kind] if kind == "event" || kind == "issue" => Err(usage_error(
            "new",
            format!(
                "`dossier new {kind}` needs an id: `dossier new {kind} ID`; for a dossier folder named `{kind}`, write `dossier new ./{kind}`"
            ),
        )),
        [dir] => new_dossier(Path::new(dir), title),
        _ => Err(usage_error(
            "new",
            format!(
                "`dossier new {}`: expected one folder (DIR), or `event ID`, or `issue ID`",
                dossier_core::text::sanitize_line(&what.join(" "))
            ),
        )),
    }
}

pub fn write_new_file(path: &Path, contents: &[u8]) -> Result<(), Failure> {
    curate::write_new(path, contents).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            refuse(format!(
                "{} already exists; nothing was written",
                path.display()
            ))
        } else {
            refuse(format!("cannot write {}: {e}", path.display()))
        }
    })
}

pub fn new_dossier(dir: &Path, title: Option<String>) -> Result<ExitCode, Failure> {
    let shown = dir.display().to_string();
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none());
        match empty {
            Ok(true) => {}
            Ok(false) => {
                return Err(refuse(format!(
                    "`{shown}` already exists and is not empty; a new dossier needs a new or empty folder"
                )));
            }
            Err(e) => return Err(refuse(format!("`{shown}` cannot be used: {e}"))),
        }
    }
    let title = match title {
        Some(t) if t.trim().is_empty() => {
            return Err(usage_error("new", "--title is empty".to_string()));
        }
        Some(t) => t,
        None => {
            let name = std::path::absolute(dir)
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default();
            if name.trim().is_empty() {
                "A dossier".to_string()
            } else {
                name
            }
        }
    };
    for folder in ["articles", "events", "issues"] {
        std::fs::create_dir_all(dir.join(folder))
            .map_err(|e| refuse(format!("cannot create `{shown}/{folder}`: {e}")))?;
    }
    write_new_file(
        &dir.join("dossier.toml"),
        curate::dossier_toml(&title).as_bytes(),
    )?;
    println!("created {shown}/dossier.toml and the folders articles/, events/ and issues/");
    println!("next: dossier add article FILE --id ID --content {shown}");
    Ok(ExitCode::SUCCESS)
}

/// Standard input or a file, as bytes.
pub fn read_input(file: &str) -> Result<Vec<u8>, Failure> {
    if file == "-" {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes)?;
        Ok(bytes)
    } else {
        std::fs::read(file).map_err(|e| {
            refuse(format!(
                "cannot read `{}`: {e}",
                dossier_core::text::sanitize_line(file)
            ))
        })
    }
}

pub fn add_article(
    content: Option<PathBuf>,
    file: &str,
    id: &str,
    fields: &curate::ArticleFields,
) -> Result<ExitCode, Failure> {
    curate::check_id(id).map_err(|m| usage_error("add", m))?;
    let dir = dossier_dir(content)?;
    let path = dir.join("articles").join(format!("{id}.txt"));
    if path.exists() {
        return Err(refuse(format!(
            "{} already exists: the article `{id}` is in the dossier; choose another --id",
            path.display()
        )));
    }
    let bytes = read_input(file)?;
    let text = curate::article_file(&bytes, fields).map_err(|e| match e {
        curate::ArticleError::Usage(m) => usage_error("add", m),
        curate::ArticleError::Text(m) => refuse(m),
    })?;
    std::fs::create_dir_all(dir.join("articles"))?;
    write_new_file(&path, text.as_bytes())?;
    println!("created {}", path.display());
    println!(
        "next: dossier quote \"a passage\" --article {id}  (prints a [[sources]] block to paste)"
    );
    Ok(ExitCode::SUCCESS)
}

pub fn quote(
    content: Option<PathBuf>,
    text: &str,
    article: Option<&str>,
) -> Result<ExitCode, Failure> {
    let text = if text == "-" {
        let bytes = read_input("-")?;
        String::from_utf8(bytes)
            .map_err(|_| refuse("standard input is not valid UTF-8".to_string()))?
    } else {
        text.to_string()
    };
    if text.trim().is_empty() {
        return Err(usage_error(
            "quote",
            "the text to find is empty".to_string(),
        ));
    }
    let Some((dir, prefix)) = located(content.as_deref()) else {
        return Err(no_dossier_here());
    };
    let dossier = ManuallyDrop::new(content::load_dir(&dir));
    match curate::find_quote(&dossier, &text, article, &prefix) {
        Ok((out, found)) => {
            io::stdout().lock().write_all(out.as_bytes())?;
            Ok(if found {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Err(message) => Err(refuse(message)),
    }
}

/// Where the current folder is, as shown in messages.
pub fn here_shown() -> String {
    let here = std::env::current_dir().unwrap_or_default();
    dossier_core::text::sanitize_line(&here.display().to_string()).into_owned()
}

/// `check` and `quote` outside any dossier: they never stand in the bundled
/// one for the curator's. Status 2, with how to name or make one.
pub fn no_dossier_here() -> Failure {
    eprintln!(
        "dossier: no dossier here: neither `{}` nor a folder above it holds a dossier.toml; name one with --content DIR, or make one with `dossier new DIR`",
        here_shown()
    );
    Failure::Stop(ExitCode::from(2))
}

/// Said on stderr when a reading command falls back to the bundled dossier.
pub fn bundled_notice() -> String {
    format!(
        "dossier: no dossier.toml in `{}` or a folder above it: reading the dossier bundled into the program (name another with --content DIR)",
        here_shown()
    )
}

/// What goes before a path inside the dossier so that it can be used from
/// the current folder: the folder as the user wrote it, nothing for `.`.
/// The dossier folder a command reads, and the prefix that makes its paths
/// usable from the current folder: the one given by --content; else the
/// nearest folder holding a dossier.toml from the current one upwards (as
/// git finds its repository); `None` for the bundled dossier.
pub fn located(content: Option<&Path>) -> Option<(PathBuf, String)> {
    if let Some(dir) = content {
        return Some((dir.to_path_buf(), path_prefix(dir)));
    }
    let here = std::env::current_dir().ok()?;
    let found = curate::find_dossier(&here)?;
    let up = here
        .strip_prefix(&found)
        .map_or(0, |rest| rest.components().count());
    Some((found, "../".repeat(up)))
}

pub fn path_prefix(dir: &Path) -> String {
    let shown = dir.to_string_lossy();
    if shown == "." || shown == "./" || shown.is_empty() {
        String::new()
    } else if shown.ends_with('/') {
        shown.into_owned()
    } else {
        format!("{shown}/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_argument_parses_as_the_defaults() {
        let parsed = Args::try_parse_from(["dossier"]).unwrap();
        let default = Args::default();
        assert_eq!(parsed.content, default.content);
        assert_eq!(parsed.top, default.top);
        assert_eq!(parsed.no_watch, default.no_watch);
        assert!(parsed.command.is_none() && default.command.is_none());
    }
}
