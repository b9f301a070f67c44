//! A list of short strings (the ids that have a file) kept in one buffer.
//!
//! A load keeps every id of every folder to tell an unknown reference from
//! a known one. At 100,000 events, a string of its own for each is 100,000
//! allocations made and freed; here they are two.

/// Strings one after the other in one buffer, each ending where `ends`
/// says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Names {
    text: String,
    ends: Vec<usize>,
}

impl Names {
    /// Room for `n` names of about `bytes` bytes in all.
    pub(crate) fn with_capacity(n: usize, bytes: usize) -> Self {
        Names {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(n),
        }
    }

    pub(crate) fn push(&mut self, name: &str) {
        self.text.push_str(name);
        self.ends.push(self.text.len());
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// The bytes of every name together.
    pub(crate) fn bytes(&self) -> usize {
        self.text.len()
    }

    /// The name at `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&str> {
        let start = match i.checked_sub(1) {
            Some(before) => *self.ends.get(before)?,
            None => 0,
        };
        self.text.get(start..*self.ends.get(i)?)
    }

    /// Every name, in order.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Sorted (by bytes, as `str` compares), each name once.
    ///
    /// Each name is first compared by its first 16 bytes as one number: most
    /// ids differ there, and a number is compared faster than two strings
    /// through their indices.
    pub(crate) fn sort_dedup(&mut self) {
        let sorted_once = self.iter().zip(self.iter().skip(1)).all(|(a, b)| a < b);
        if sorted_once {
            return;
        }
        let mut order: Vec<(u128, usize)> = self.iter().map(prefix).zip(0..self.len()).collect();
        let name = |i: usize| self.get(i).unwrap_or_default();
        order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| name(a.1).cmp(name(b.1))));
        let mut sorted = Names::with_capacity(self.len(), self.text.len());
        for (_, i) in order {
            let n = name(i);
            if sorted.last() != Some(n) {
                sorted.push(n);
            }
        }
        *self = sorted;
    }

    fn last(&self) -> Option<&str> {
        self.get(self.len().checked_sub(1)?)
    }
}

/// The first 16 bytes of `name` as a big-endian number, zeros after its
/// end: two names compare as their prefixes do, when these differ.
fn prefix(name: &str) -> u128 {
    let mut key = [0u8; 16];
    for (k, b) in key.iter_mut().zip(name.bytes()) {
        *k = b;
    }
    u128::from_be_bytes(key)
}

impl<S: AsRef<str>> FromIterator<S> for Names {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut names = Names::default();
        names.extend(iter);
        names
    }
}

impl<S: AsRef<str>> Extend<S> for Names {
    fn extend<I: IntoIterator<Item = S>>(&mut self, iter: I) {
        for name in iter {
            self.push(name.as_ref());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_each_name_and_gives_it_back_by_index() {
        let names: Names = ["b", "", "é-ü", "a"].into_iter().collect();
        assert_eq!(names.len(), 4);
        assert_eq!(names.get(0), Some("b"));
        assert_eq!(names.get(1), Some(""));
        assert_eq!(names.get(2), Some("é-ü"));
        assert_eq!(names.get(3), Some("a"));
        assert_eq!(names.get(4), None);
        assert_eq!(names.iter().collect::<Vec<_>>(), ["b", "", "é-ü", "a"]);
        assert_eq!(Names::default().len(), 0);
    }

    #[test]
    fn sorts_as_strings_sort_and_keeps_each_name_once() {
        // Long names sharing their first 16 bytes, prefixes of each other,
        // bytes above 127, and duplicates.
        let given = [
            "event-000000000000-b",
            "event-000000000000-a",
            "event-000000000000",
            "event-00000000000",
            "zeta",
            "ab",
            "abc",
            "a",
            "ab",
            "ä",
            "event-000000000000-a",
            "",
        ];
        let mut names: Names = given.into_iter().collect();
        names.sort_dedup();
        let mut expected: Vec<&str> = given.to_vec();
        expected.sort_unstable();
        expected.dedup();
        assert_eq!(names.iter().collect::<Vec<_>>(), expected);
        // Sorting again changes nothing.
        let again = names.clone();
        names.sort_dedup();
        assert_eq!(names, again);
    }

    #[test]
    fn sorts_many_names_as_a_vector_of_strings_sorts_them() {
        let mut seed = 7u64;
        let mut given = Vec::new();
        for _ in 0..5_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize + 14;
            let id: String = (0..len)
                .map(|i| char::from(b'a' + ((seed >> (i % 50)) % 3) as u8))
                .collect();
            given.push(id);
        }
        let mut names: Names = given.iter().collect();
        names.sort_dedup();
        given.sort();
        given.dedup();
        assert_eq!(names.iter().collect::<Vec<_>>(), given);
    }
}
