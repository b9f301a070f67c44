//! Work split over two threads, for the loads and starts of large dossiers
//! on the two-core machines the project is measured on.

/// `f` of every item, in order: the second half on a thread of its own when
/// there are at least `min` items (below that, waking a second thread costs
/// more than it saves).
pub fn map_in_halves<T: Send, U: Send>(
    mut items: Vec<T>,
    min: usize,
    f: impl Fn(T) -> U + Sync,
) -> Vec<U> {
    if items.len() < min {
        return items.into_iter().map(f).collect();
    }
    let theirs = items.split_off(items.len() / 2);
    let (mut mine, rest) = both(items, theirs, |half| {
        half.into_iter().map(&f).collect::<Vec<U>>()
    });
    mine.extend(rest);
    mine
}

/// `f` of `mine` on this thread and of `theirs` on a thread of its own, at
/// the same time; a panic on the other thread goes on on this one.
pub fn both<T: Send, U: Send>(mine: T, theirs: T, f: impl Fn(T) -> U + Sync) -> (U, U) {
    let f = &f;
    std::thread::scope(|s| {
        let other = s.spawn(move || f(theirs));
        let mine = f(mine);
        match other.join() {
            Ok(theirs) => (mine, theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// [`both`], with neither half on this thread: each on a thread of its own,
/// which makes its memory in an arena of its own.
///
/// For work that makes much memory to keep, after this thread has freed
/// much (a large folder's listing): measured on the glance at 100,000
/// events, a half run on the thread that had listed the folder took 45 ms
/// longer than the same half on a thread of its own. Work whose results
/// this thread then frees is better done by [`both`]: a full load read this
/// way was 30 ms slower.
pub fn both_apart<T: Send, U: Send>(mine: T, theirs: T, f: impl Fn(T) -> U + Sync) -> (U, U) {
    let f = &f;
    std::thread::scope(|s| {
        let first = s.spawn(move || f(mine));
        let second = s.spawn(move || f(theirs));
        match (first.join(), second.join()) {
            (Ok(mine), Ok(theirs)) => (mine, theirs),
            (Err(panic), _) | (_, Err(panic)) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_on_one_thread_or_two() {
        for n in [0, 1, 5, 6, 101] {
            let items: Vec<usize> = (0..n).collect();
            let expected: Vec<usize> = items.iter().map(|i| i * 3).collect();
            assert_eq!(map_in_halves(items.clone(), 6, |i| i * 3), expected);
            assert_eq!(map_in_halves(items, 0, |i| i * 3), expected);
        }
    }

    #[test]
    fn both_gives_each_half_its_own_result_and_a_panic_on_the_other_thread_comes_back() {
        assert_eq!(both(2, 5, |n| n * 10), (20, 50));
        let caught = std::panic::catch_unwind(|| both(1, 0, |n: u32| 10 / n));
        assert!(caught.is_err());
    }

    #[test]
    fn both_apart_runs_each_half_on_a_thread_of_its_own() {
        let here = std::thread::current().id();
        let (a, b) = both_apart(2, 5, |n| (n * 10, std::thread::current().id()));
        assert_eq!((a.0, b.0), (20, 50));
        assert!(a.1 != here && b.1 != here && a.1 != b.1);
        for zero_at in [0, 1] {
            let caught =
                std::panic::catch_unwind(|| both_apart(zero_at, 1 - zero_at, |n: u32| 10 / n));
            assert!(caught.is_err());
        }
    }
}
