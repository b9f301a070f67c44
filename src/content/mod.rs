//! The dossier as data: the format's model, dates, loading, validation and
//! derived links. No terminal code lives here.

pub mod date;
pub mod model;
pub mod problem;

pub use date::{PartialDate, Precision};
pub use model::*;
pub use problem::{Problem, Severity};
