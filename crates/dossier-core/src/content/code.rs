//! A stable code for each kind of problem, for editors and scripts
//! (`dossier check --format json`). `docs/format.md` lists every code; a
//! test holds that table against [`Code::ALL`].
//!
//! Each problem gets its code where it is found, from the one place that
//! makes that kind of problem; nothing reads a message to tell its kind.

/// The kinds of problem, one code each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Code {
    /// Not valid TOML (a string broken by a line break, a key with no value).
    TomlSyntax,
    /// The same key twice in one table.
    DuplicateKey,
    /// A field the format does not have.
    UnknownField,
    /// A value of the wrong type (a string where an array is needed).
    InvalidType,
    /// A required field is missing.
    MissingField,
    /// A required field, a quote, a list of sources or an article's text is empty.
    EmptyField,
    /// An article without front matter, or with front matter not closed.
    FrontMatter,
    /// A date that is malformed or does not exist.
    BadDate,
    /// An event that ends before it starts.
    EndBeforeDate,
    /// A `kind` that is not one of the kinds.
    UnknownKind,
    /// An id that names no event, issue or article.
    UnknownId,
    /// A quote that is not in its article.
    QuoteNotFound,
    /// A quote that occurs more than once, without `occurrence`.
    AmbiguousQuote,
    /// An `occurrence` beyond the number of occurrences.
    OccurrenceOutOfRange,
    /// An `after` or `before` that is part of a cycle, names the event
    /// itself, or that the dates contradict.
    BadAfter,
    /// A `weekday` that is not a day of the week, or that no day of the date has.
    BadWeekday,
    /// A prose link that is malformed, unknown or ambiguous.
    BadLink,
    /// An event that touches no issue.
    EventWithoutIssue,
    /// An issue that no event touches.
    IssueUntouched,
    /// An article that nothing cites.
    ArticleUncited,
    /// An event or issue that repeats another's title, date and sources
    /// under a new id (a copied file left unchanged).
    CopiedEntry,
    /// A content file whose name is not an id.
    BadFileName,
    /// A file in a content folder that is not read for its extension.
    FileNotRead,
    /// A file that is not UTF-8.
    NotUtf8,
    /// A file over the size limit.
    FileTooLarge,
    /// A file or folder that cannot be read.
    CannotRead,
    /// A position whose side `[sides]` in dossier.toml does not declare.
    UndeclaredSide,
    /// A symbolic link that leads out of the dossier folder.
    LinkOutside,
    /// A folder with no `dossier.toml`.
    NotADossier,
    /// The same file given twice (in-memory dossiers only).
    DuplicateFile,
    /// A mistake in the reader's configuration file (not in a dossier).
    BadConfig,
}

impl Code {
    /// Every code, in the order of the documented table.
    pub const ALL: [Code; 31] = [
        Code::TomlSyntax,
        Code::DuplicateKey,
        Code::UnknownField,
        Code::InvalidType,
        Code::MissingField,
        Code::EmptyField,
        Code::FrontMatter,
        Code::BadDate,
        Code::EndBeforeDate,
        Code::UnknownKind,
        Code::UnknownId,
        Code::QuoteNotFound,
        Code::AmbiguousQuote,
        Code::OccurrenceOutOfRange,
        Code::BadAfter,
        Code::BadWeekday,
        Code::BadLink,
        Code::EventWithoutIssue,
        Code::IssueUntouched,
        Code::ArticleUncited,
        Code::CopiedEntry,
        Code::UndeclaredSide,
        Code::BadFileName,
        Code::FileNotRead,
        Code::NotUtf8,
        Code::FileTooLarge,
        Code::CannotRead,
        Code::LinkOutside,
        Code::NotADossier,
        Code::DuplicateFile,
        Code::BadConfig,
    ];

    /// The stable code as printed: `quote-not-found`.
    pub fn name(self) -> &'static str {
        match self {
            Code::TomlSyntax => "toml-syntax",
            Code::DuplicateKey => "duplicate-key",
            Code::UnknownField => "unknown-field",
            Code::InvalidType => "invalid-type",
            Code::MissingField => "missing-field",
            Code::EmptyField => "empty-field",
            Code::FrontMatter => "front-matter",
            Code::BadDate => "bad-date",
            Code::EndBeforeDate => "end-before-date",
            Code::UnknownKind => "unknown-kind",
            Code::UnknownId => "unknown-id",
            Code::QuoteNotFound => "quote-not-found",
            Code::AmbiguousQuote => "ambiguous-quote",
            Code::OccurrenceOutOfRange => "occurrence-out-of-range",
            Code::BadAfter => "bad-after",
            Code::BadWeekday => "bad-weekday",
            Code::BadLink => "bad-link",
            Code::EventWithoutIssue => "event-without-issue",
            Code::IssueUntouched => "issue-untouched",
            Code::ArticleUncited => "article-uncited",
            Code::CopiedEntry => "copied-entry",
            Code::UndeclaredSide => "undeclared-side",
            Code::BadFileName => "bad-file-name",
            Code::FileNotRead => "file-not-read",
            Code::NotUtf8 => "not-utf8",
            Code::FileTooLarge => "file-too-large",
            Code::CannotRead => "cannot-read",
            Code::LinkOutside => "link-outside",
            Code::NotADossier => "not-a-dossier",
            Code::DuplicateFile => "duplicate-file",
            Code::BadConfig => "bad-config",
        }
    }
}
