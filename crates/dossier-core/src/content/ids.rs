//! The indices of entries in a loaded dossier, and a reference to any
//! entry: the names every other part uses to point at an event, an issue or
//! an article. It depends on nothing, so prose, the model and the loader can
//! all use it.

/// A map keyed by ids (or other keys a load makes by the thousand), with a
/// hasher quicker than the standard one's SipHash, seeded per process as
/// it is.
pub type IdMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A set of ids, hashed as [`IdMap`]'s keys are.
pub type IdSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// Index of an event in `Dossier::events` (timeline order).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct EventIx(pub usize);

/// Index of an issue in `Dossier::issues`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct IssueIx(pub usize);

/// Index of an article in `Dossier::articles`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ArticleIx(pub usize);

/// Something that can be addressed by id: used by lookups, links and history.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum EntityRef {
    /// An event of the timeline.
    Event(EventIx),
    /// An issue.
    Issue(IssueIx),
    /// A source article.
    Article(ArticleIx),
}
