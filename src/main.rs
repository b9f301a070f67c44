//! Command line: parses arguments and dispatches to the content layer or the reader.

// Shipped code handles every failure; tests may assert with unwrap and panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::io::{self, IsTerminal, Write};
use std::mem::ManuallyDrop;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use dossier::cli;
use dossier::content::{self, Dossier};

/// A keyboard-driven terminal reader for curated news dossiers.
///
/// With no command, opens the reader on the dossier bundled into the program
/// (or the one named by --content).
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Read the dossier from this folder instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR")]
    content: Option<PathBuf>,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check the dossier: print every problem, then a summary line.
    ///
    /// Exits with 0 when there is no error (warnings allowed), 1 otherwise.
    Check,
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
    /// Search the text of every event, issue and article, case-insensitively.
    ///
    /// Prints one hit per line: `kind id: snippet`, events first, then issues,
    /// then articles. Prints nothing (and exits with 0) when nothing matches.
    Search {
        /// The text to find.
        query: String,
    },
    /// Write the dossier out for readers outside the terminal.
    ///
    /// json: the whole dossier as data (docs/export.md gives the schema),
    /// also when it has errors. markdown: one document, sources as footnotes.
    /// timelinejs: the timeline as TimelineJS3 reads it.
    ///
    /// The output is a folder: a new one, an empty one, or one holding a
    /// previous export (it has a `.dossier-export` file listing what the
    /// export wrote; only those files are replaced or removed). `--output -`
    /// writes a single-file format to standard output. Formats other than
    /// json refuse a dossier with errors unless given --allow-errors.
    Export {
        /// The format to write.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The output folder, or `-` for standard output.
        #[arg(long, value_name = "PATH")]
        output: PathBuf,
        /// Export a dossier with errors (what loaded), whatever the format.
        #[arg(long, alias = "force")]
        allow_errors: bool,
        /// timelinejs: row the events by their kind or by their first issue.
        #[arg(long, value_enum, default_value = "kind")]
        group: ExportGroup,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Markdown,
    Timelinejs,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportGroup {
    Kind,
    Issue,
}

#[derive(Clone, Copy, ValueEnum)]
enum What {
    Events,
    Issues,
    Articles,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let Some(command) = args.command else {
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
        let opened = match &args.content {
            Some(dir) => dossier::reader::open_dir(dir),
            None => dossier::reader::open(content::load_bundled()),
        };
        return finish(opened.map(|()| ExitCode::SUCCESS).map_err(Failure::from));
    };
    // Never dropped on the way out: freeing tens of thousands of strings one
    // by one takes longer than the operating system takes to reclaim them.
    let dossier = ManuallyDrop::new(match &args.content {
        Some(dir) => content::load_dir(dir),
        None => content::load_bundled(),
    });
    finish(match command {
        Command::Check => check(&dossier),
        Command::List { what } => usable(&dossier).and_then(|()| list(&dossier, what)),
        Command::Show { id } => usable(&dossier).and_then(|()| show(&dossier, &id)),
        Command::Search { query } => usable(&dossier).and_then(|()| search(&dossier, &query)),
        Command::Export {
            format,
            output,
            allow_errors,
            group,
        } => export(&dossier, format, output, allow_errors, group),
    })
}

/// The exit status of a command's result, printing its error if any.
fn finish(result: Result<ExitCode, Failure>) -> ExitCode {
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

enum Failure {
    Io(io::Error),
    Stop(ExitCode),
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Io(e)
    }
}

fn check(d: &Dossier) -> Result<ExitCode, Failure> {
    let mut out = io::stdout().lock();
    for p in &d.problems {
        writeln!(out, "{p}")?;
    }
    writeln!(out, "{}", cli::summary(d))?;
    Ok(if d.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Commands other than `check` refuse a dossier with errors: they print the
/// problems to stderr and stop with status 1.
fn usable(d: &Dossier) -> Result<(), Failure> {
    if d.errors() == 0 {
        return Ok(());
    }
    let mut err = io::stderr().lock();
    for p in d.problems.iter().filter(|p| p.is_error()) {
        writeln!(err, "{p}")?;
    }
    writeln!(err, "dossier: {}; nothing shown", cli::summary(d))?;
    Err(Failure::Stop(ExitCode::FAILURE))
}

fn list(d: &Dossier, what: What) -> Result<ExitCode, Failure> {
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

fn show(d: &Dossier, id: &str) -> Result<ExitCode, Failure> {
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

fn export(
    d: &Dossier,
    format: ExportFormat,
    output: PathBuf,
    allow_errors: bool,
    group: ExportGroup,
) -> Result<ExitCode, Failure> {
    use dossier::export::{self, ExportError, Format, Group, Options, Output};
    let opts = Options {
        format: match format {
            ExportFormat::Json => Format::Json,
            ExportFormat::Markdown => Format::Markdown,
            ExportFormat::Timelinejs => Format::TimelineJs,
        },
        output: if output.as_os_str() == "-" {
            Output::Stdout
        } else {
            Output::Dir(output)
        },
        allow_errors,
        group: match group {
            ExportGroup::Kind => Group::Kind,
            ExportGroup::Issue => Group::Issue,
        },
        progress: io::stderr().is_terminal(),
    };
    match export::export(d, &opts) {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(ExportError::Io(_, e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitCode::SUCCESS)
        }
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

fn search(d: &Dossier, query: &str) -> Result<ExitCode, Failure> {
    let (lines, truncated) = cli::search(d, query);
    let mut out = io::stdout().lock();
    for line in lines {
        writeln!(out, "{line}")?;
    }
    if truncated {
        eprintln!(
            "dossier: stopped after the first {} hits",
            dossier::search::MAX_HITS
        );
    }
    Ok(ExitCode::SUCCESS)
}
