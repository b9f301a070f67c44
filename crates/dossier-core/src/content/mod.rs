//! The dossier as data: the format's model, dates, loading, validation and
//! derived links. No terminal code lives here.

pub mod body;
pub mod boundary;
pub mod code;
pub mod date;
mod draft;
mod frontmatter;
pub mod ids;
mod index;
pub mod integrity;
mod links;
mod load;
pub mod model;
mod names;
mod order;
mod pending;
pub mod position;
pub mod problem;
pub mod prose;
pub mod quote;
mod raw;
pub mod stamp;
pub mod suggest;

/// Internal entry points for the fuzz targets and the corpus replay test; not
/// a stable API.
#[doc(hidden)]
pub mod fuzzing {
    pub use super::frontmatter::{FrontError, Split, split};
}

pub use body::Body;
pub use code::Code;
pub use date::{Bounds, Dating, EventDate, PartialDate, Precision, Qualifier};
pub use load::{
    Focus, Fronts, LaterFronts, List, MAX_FILE_BYTES, Patch, Preview, Progress, fixed_id,
    is_valid_id, load_dir, load_dir_counted, load_dir_stamped, load_files, preview_dir,
    preview_dir_first, read_whole, stamps_now,
};
pub use model::*;
pub use problem::{Problem, Severity};
pub use prose::{Prose, ProseLink, Segment};
