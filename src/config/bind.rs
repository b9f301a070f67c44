//! The keys of the configuration applied to the default bindings: each
//! action set in the file gets its new keys, each working where it should,
//! and a key bound to two actions where both work is a problem, after which
//! the action set later in the file keeps its default keys.

use std::collections::HashMap;
use std::path::Path;

use super::KeyCode;

use super::{Key, KeyOverride, KeyTable, problem};
use dossier_core::content::Problem;

/// Where a key works: the panes, the help and problems overlays, the prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Modes {
    pub panes: bool,
    pub overlays: bool,
    pub prompt: bool,
}

impl Modes {
    fn union(self, o: Modes) -> Modes {
        Modes {
            panes: self.panes || o.panes,
            overlays: self.overlays || o.overlays,
            prompt: self.prompt || o.prompt,
        }
    }

    fn each(self) -> impl Iterator<Item = &'static str> {
        [
            (self.panes, "the panes"),
            (self.overlays, "the overlays"),
            (self.prompt, "the prompts"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
    }
}

/// One default binding: an action of a section, a key, and where it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound<'a> {
    pub section: KeyTable,
    pub action: &'a str,
    pub key: Key,
    pub modes: Modes,
}

/// The new keys of each action the configuration sets, by section and name,
/// each with where it works; actions not in it keep their default keys.
pub type Replaced = HashMap<(KeyTable, String), Vec<(Key, Modes)>>;

/// A character typed as text in a prompt.
fn plain_char(k: Key) -> bool {
    matches!(k.code, KeyCode::Char(_)) && k.mods.is_empty()
}

/// Where the new keys of an override work: a key that was already the
/// action's keeps where it worked; another works wherever any of the
/// action's default keys did, except that a plain character never works
/// in a prompt, where it is typed.
fn modes_of(defaults: &[Bound], o: &KeyOverride, key: Key) -> Modes {
    let own = defaults
        .iter()
        .filter(|b| b.section == o.section && b.action == o.action);
    if let Some(b) = own.clone().find(|b| b.key == key) {
        return b.modes;
    }
    let mut modes = own.fold(Modes::default(), |m, b| m.union(b.modes));
    if modes == Modes::default() {
        // An action with no default key: where its section's keys work.
        modes = match o.section {
            KeyTable::Main => Modes {
                panes: true,
                overlays: false,
                prompt: false,
            },
            KeyTable::Prompt => Modes {
                panes: false,
                overlays: false,
                prompt: true,
            },
        };
    }
    if o.section == KeyTable::Main && plain_char(key) {
        modes.prompt = false;
    }
    modes
}

/// Applies `overrides` (each naming an action known in its section) to
/// `defaults`, adding a problem for each that cannot be applied.
pub fn apply(
    defaults: &[Bound],
    overrides: &[KeyOverride],
    path: &Path,
    problems: &mut Vec<Problem>,
) -> Replaced {
    let mut active: Vec<&KeyOverride> = Vec::new();
    for o in overrides {
        if o.section == KeyTable::Prompt
            && let Some((k, at)) = o.keys.iter().find(|(k, _)| plain_char(*k))
        {
            problems.push(problem(
                path,
                Some(*at),
                format!(
                    "`{}` would be typed into the query: a prompt's keys have Ctrl or Alt, or are named keys",
                    k.config_name()
                ),
                None,
            ));
            continue;
        }
        active.push(o);
    }
    loop {
        match conflict(defaults, &active) {
            None => break,
            Some((blamed, at, message)) => {
                active.remove(blamed);
                problems.push(problem(path, Some(at), message, None));
            }
        }
    }
    active
        .into_iter()
        .map(|o| {
            let mut keys: Vec<(Key, Modes)> = Vec::new();
            for (k, _) in &o.keys {
                if !keys.iter().any(|(have, _)| have == k) {
                    keys.push((*k, modes_of(defaults, o, *k)));
                }
            }
            ((o.section, o.action.clone()), keys)
        })
        .collect()
}

/// The first key bound to two actions in one mode: the override to blame
/// (the one later in the file, or the only one), where, and what to say.
fn conflict(defaults: &[Bound], active: &[&KeyOverride]) -> Option<(usize, super::Pos, String)> {
    // Every binding in effect: action, key, where it works, and the
    // override it comes from.
    let mut all: Vec<(&str, Key, Modes, Option<usize>)> = defaults
        .iter()
        .filter(|b| {
            !active
                .iter()
                .any(|o| o.section == b.section && o.action == b.action)
        })
        .map(|b| (b.action, b.key, b.modes, None))
        .collect();
    for (i, o) in active.iter().enumerate() {
        for (k, _) in &o.keys {
            all.push((o.action.as_str(), *k, modes_of(defaults, o, *k), Some(i)));
        }
    }
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            if a.1 != b.1 || a.0 == b.0 {
                continue;
            }
            let both = Modes {
                panes: a.2.panes && b.2.panes,
                overlays: a.2.overlays && b.2.overlays,
                prompt: a.2.prompt && b.2.prompt,
            };
            let Some(mode) = both.each().next() else {
                continue;
            };
            // Blame the override later in the file, or the only one.
            let (blamed, other) = match (a.3, b.3) {
                (Some(x), Some(y)) if active[x].at > active[y].at => (x, b.0),
                (Some(_), Some(y)) => (y, a.0),
                (Some(x), None) => (x, b.0),
                (None, Some(y)) => (y, a.0),
                (None, None) => continue,
            };
            let o = active[blamed];
            let at = o
                .keys
                .iter()
                .find(|(k, _)| *k == a.1)
                .map_or(o.at, |(_, at)| *at);
            return Some((
                blamed,
                at,
                format!(
                    "`{}` is bound twice in {mode}: to `{}` and to `{other}`; `{}` keeps its default keys",
                    a.1.config_name(),
                    o.action,
                    o.action
                ),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, Schema};

    const PANES: Modes = Modes {
        panes: true,
        overlays: false,
        prompt: false,
    };
    const BOTH: Modes = Modes {
        panes: true,
        overlays: true,
        prompt: false,
    };
    const EVERYWHERE: Modes = Modes {
        panes: true,
        overlays: true,
        prompt: true,
    };
    const PROMPT: Modes = Modes {
        panes: false,
        overlays: false,
        prompt: true,
    };
    const OVERLAYS: Modes = Modes {
        panes: false,
        overlays: true,
        prompt: false,
    };

    fn key(s: &str) -> Key {
        Key::parse(s).unwrap()
    }

    fn defaults() -> Vec<Bound<'static>> {
        let b = |section, action, k: &str, modes| Bound {
            section,
            action,
            key: key(k),
            modes,
        };
        vec![
            b(KeyTable::Main, "down", "j", BOTH),
            b(KeyTable::Main, "quit", "q", PANES),
            b(KeyTable::Main, "quit", "Ctrl-c", EVERYWHERE),
            b(KeyTable::Main, "close", "q", OVERLAYS),
            b(KeyTable::Main, "close", "Esc", OVERLAYS),
            b(KeyTable::Prompt, "erase-all", "Ctrl-u", PROMPT),
            b(KeyTable::Prompt, "close", "Esc", PROMPT),
        ]
    }

    const SCHEMA: Schema = Schema {
        actions: &["down", "quit", "close"],
        prompt_actions: &["erase-all", "close"],
        styles: &[],
    };

    fn applied(text: &str) -> (Replaced, Vec<String>) {
        let path = Path::new("/c/config.toml");
        let mut c = Config::parse(text, path, &SCHEMA);
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let r = apply(&defaults(), &c.keys, path, &mut c.problems);
        (r, c.problems.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn new_keys_work_where_the_action_did_and_old_ones_where_they_were() {
        let (r, p) = applied("[keys]\nquit = [\"Q\", \"q\", \"Ctrl-c\", \"F2\"]\n");
        assert!(p.is_empty(), "{p:?}");
        let quit = &r[&(KeyTable::Main, "quit".to_string())];
        assert_eq!(
            quit,
            &vec![
                (key("Q"), BOTH),
                (key("q"), PANES),
                (key("Ctrl-c"), EVERYWHERE),
                (key("F2"), EVERYWHERE),
            ]
        );
        let (r, p) = applied("[keys.prompt]\nerase-all = [\"Ctrl-w\"]\n[keys]\nclose = [\"x\"]\n");
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(
            r[&(KeyTable::Prompt, "erase-all".to_string())],
            vec![(key("Ctrl-w"), PROMPT)]
        );
        assert_eq!(
            r[&(KeyTable::Main, "close".to_string())],
            vec![(key("x"), OVERLAYS)]
        );
        // An empty list unbinds.
        let (r, _) = applied("[keys]\ndown = []\n");
        assert!(r[&(KeyTable::Main, "down".to_string())].is_empty());
    }

    #[test]
    fn a_key_bound_twice_is_a_problem_and_the_later_action_keeps_its_defaults() {
        let (r, p) = applied("[keys]\nquit = [\"j\"]\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].starts_with("/c/config.toml:2:9: error: `j` is bound twice in the panes: to `quit` and to `down`"),
            "{}",
            p[0]
        );
        assert!(r.is_empty());
        // Two overrides: the later one loses.
        let (r, p) = applied("[keys]\nquit = [\"x\"]\ndown = [\"x\", \"j\"]\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(
            p[0].contains("3:9: error: `x` is bound twice in the panes: to `down` and to `quit`"),
            "{}",
            p[0]
        );
        assert!(r.contains_key(&(KeyTable::Main, "quit".to_string())));
        assert!(!r.contains_key(&(KeyTable::Main, "down".to_string())));
        // q closes an overlay and quits the panes: no conflict.
        let (_, p) = applied("[keys]\nquit = [\"q\"]\n");
        assert!(p.is_empty(), "{p:?}");
        // Ctrl-c quits everywhere, so a prompt cannot take it.
        let (_, p) = applied("[keys.prompt]\nerase-all = [\"Ctrl-c\"]\n");
        assert!(p[0].contains("bound twice in the prompts"), "{p:?}");
    }

    #[test]
    fn a_prompt_cannot_bind_a_character_it_types() {
        let (r, p) = applied("[keys.prompt]\nerase-all = [\"w\"]\n");
        assert!(
            p[0].contains("2:14: error: `w` would be typed into the query"),
            "{p:?}"
        );
        assert!(r.is_empty());
    }
}
