//! What was probably meant: the closest id to an unknown one, the closest
//! field name to an unknown field.

/// Edit distance (insertions, deletions, substitutions) between two strings,
/// in characters; gives up and returns `None` once it must exceed `limit`.
pub fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        let mut row_min = cur[0];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
            row_min = row_min.min(cur[j + 1]);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= limit).then_some(d)
}

/// The candidate closest to `target`, if one is close enough to be a likely
/// typo: a third of the length apart, or two edits, whichever is more, but
/// never the whole of it (no suggestion of `a` for `x`).
/// Ties go to the first candidate given.
pub fn closest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = target.chars().count();
    let limit = (len / 3).max(2).min(len.saturating_sub(1));
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance(target, c, bound)
            && best.is_none_or(|(bd, _)| d < bd)
        {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// For toml's "unknown field `x`, expected one of `a`, `b`" message, the
/// closest expected field, if one is close.
pub fn unknown_field_help(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let names: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    closest(field, names.iter().copied()).map(|n| format!("did you mean `{n}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("kitten", "sitting", 10), Some(3));
        assert_eq!(distance("", "abc", 10), Some(3));
        assert_eq!(distance("same", "same", 0), Some(0));
        assert_eq!(distance("kitten", "sitting", 2), None);
    }

    #[test]
    fn closest_picks_a_likely_typo_only() {
        let ids = ["wages", "ai", "job-security"];
        assert_eq!(closest("wgaes", ids), Some("wages"));
        assert_eq!(closest("job-securty", ids), Some("job-security"));
        assert_eq!(closest("residuals", ids), None);
        assert_eq!(closest("x", ["a", "i"]), None);
        assert_eq!(closest("al", ["ai"]), Some("ai"));
    }

    #[test]
    fn unknown_field_suggests_the_expected_name() {
        let m = "unknown field `titel`, expected one of `title`, `date`, `sources`";
        assert_eq!(
            unknown_field_help(m).as_deref(),
            Some("did you mean `title`?")
        );
        let m = "unknown field `qoute`, expected `article` or `quote`";
        assert_eq!(
            unknown_field_help(m).as_deref(),
            Some("did you mean `quote`?")
        );
        assert_eq!(unknown_field_help("invalid type"), None);
    }
}
