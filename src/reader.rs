//! Entry point of the interactive reader. Until the reader exists, it prints a
//! short summary of the loaded dossier.

use std::io::{self, Write};

use crate::content::Dossier;
use crate::text::sanitize_line;

/// Opens the reader on a loaded dossier and returns when the user quits.
pub fn open(dossier: Dossier) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", sanitize_line(&dossier.meta.title))?;
    writeln!(
        out,
        "{} events, {} issues, {} articles",
        dossier.events.len(),
        dossier.issues.len(),
        dossier.articles.len()
    )
}
