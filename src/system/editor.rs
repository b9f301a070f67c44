//! The curator's editor (`e`): `$VISUAL`, else `$EDITOR`, else `vi`, split
//! into words as a shell would (`code --wait`, `'/opt/my editor/ed' -n`),
//! given the file and, where the editor is known to take one, the line:
//! `+LINE` for vi, vim, nvim, emacs, nano, micro and helix (`hx`), `--goto
//! FILE:LINE:COL` for VS Code (`code`); any other editor gets the file alone.
//!
//! The editor runs in the reader's terminal, in the foreground: the loop
//! hands the terminal over first ([`crate::terminal::Session::suspend`]) and
//! takes it back after.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use super::Env;

/// Editors that take `+LINE` before the file, by program name.
const PLUS_LINE: &[&str] = &["vi", "vim", "nvim", "emacs", "nano", "micro", "hx", "helix"];

/// Splits `s` into words as a POSIX shell would, without expanding anything:
/// blanks separate words; single quotes keep everything; double quotes keep
/// everything but `\` before `\`, `"`, `$` and `` ` ``; a backslash outside
/// quotes keeps the next character. An unclosed quote is an error.
pub fn split_words(s: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err("a single quote is not closed".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(c @ ('\\' | '"' | '$' | '`')) => word.push(c),
                            Some('\n') => {}
                            Some(c) => {
                                word.push('\\');
                                word.push(c);
                            }
                            None => return Err("a double quote is not closed".into()),
                        },
                        Some(c) => word.push(c),
                        None => return Err("a double quote is not closed".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') => {}
                    Some(c) => word.push(c),
                    None => word.push('\\'),
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

/// The editor's command line as the environment names it: the words of
/// `$VISUAL`, else of `$EDITOR`, else `vi`; and which variable it came from.
fn editor_words(env: &Env) -> Result<(Vec<String>, &'static str), String> {
    for name in ["VISUAL", "EDITOR"] {
        if let Some(v) = env.var(name) {
            let v = v.to_string_lossy();
            let words = split_words(&v).map_err(|e| format!("${name} cannot be read: {e}"))?;
            if !words.is_empty() {
                return Ok((words, name));
            }
        }
    }
    Ok((vec!["vi".to_string()], "the default"))
}

/// A program to run and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// The editor's name, for messages.
    pub name: String,
}

/// How to open `file` at `line` (counted from 1; `column` too, when known)
/// in the environment's editor.
pub fn invocation(
    env: &Env,
    file: &Path,
    line: usize,
    column: Option<usize>,
) -> Result<Invocation, String> {
    let (words, _) = editor_words(env)?;
    let mut words = words.into_iter();
    let first = words.next().unwrap_or_else(|| "vi".to_string());
    let name = Path::new(&first)
        .file_name()
        .map_or_else(|| first.clone(), |n| n.to_string_lossy().into_owned());
    // A bare name is looked up on the environment's PATH; a path is used as it is.
    let program = if first.contains('/') {
        PathBuf::from(&first)
    } else {
        env.find(&first)
            .ok_or_else(|| format!("the editor `{first}` is not on PATH"))?
    };
    let mut args: Vec<OsString> = words.map(OsString::from).collect();
    let line = line.max(1);
    if PLUS_LINE.contains(&name.as_str()) {
        args.push(format!("+{line}").into());
        args.push(file.as_os_str().to_owned());
    } else if name == "code" || name == "code-insiders" || name == "codium" {
        let mut at = file.as_os_str().to_owned();
        at.push(format!(":{line}"));
        if let Some(c) = column {
            at.push(format!(":{c}"));
        }
        args.push("--goto".into());
        args.push(at);
    } else {
        args.push(file.as_os_str().to_owned());
    }
    Ok(Invocation {
        program,
        args,
        name,
    })
}

/// Runs the editor in the foreground, in the reader's terminal and process
/// group, and waits for it. `Err` says why it did not run or how it ended.
pub fn run(env: &Env, file: &Path, line: usize, column: Option<usize>) -> Result<String, String> {
    let inv = invocation(env, file, line, column)?;
    let status = std::process::Command::new(&inv.program)
        .args(&inv.args)
        .envs(env.vars.iter())
        .status()
        .map_err(|e| format!("the editor `{}` could not start: {e}", inv.name))?;
    if status.success() {
        Ok(inv.name)
    } else {
        Err(match status.code() {
            Some(code) => format!("the editor `{}` exited with status {code}", inv.name),
            None => format!("the editor `{}` was stopped by a signal", inv.name),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        split_words(s).unwrap()
    }

    #[test]
    fn words_are_split_as_a_shell_splits_them() {
        assert_eq!(words("code --wait"), ["code", "--wait"]);
        assert_eq!(words("  vim  "), ["vim"]);
        assert_eq!(words("'/opt/my editor/ed' -n"), ["/opt/my editor/ed", "-n"]);
        assert_eq!(words(r#""a \"b\" \x" c\ d"#), [r#"a "b" \x"#, "c d"]);
        assert_eq!(words("x''y \"\""), ["xy", ""]);
        assert!(split_words("'open").is_err());
        assert!(split_words("\"open").is_err());
        assert!(words("").is_empty());
    }

    fn args(editor: &str) -> Vec<String> {
        let env = Env::new()
            .with("PATH", "/nonexistent")
            .with("EDITOR", format!("/bin/{editor}"));
        invocation(&env, Path::new("/d/events/x.toml"), 7, Some(3))
            .unwrap()
            .args
            .into_iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn the_line_is_given_only_to_editors_known_to_take_it() {
        for e in ["vi", "vim", "nvim", "emacs", "nano", "micro", "hx", "helix"] {
            assert_eq!(args(e), ["+7", "/d/events/x.toml"], "{e}");
        }
        assert_eq!(
            args("code --wait"),
            ["--wait", "--goto", "/d/events/x.toml:7:3"]
        );
        assert_eq!(args("kate"), ["/d/events/x.toml"]);
        assert_eq!(args("vimx"), ["/d/events/x.toml"]);
    }

    #[test]
    fn visual_first_then_editor_then_vi() {
        let env = Env::new().with("PATH", "/nonexistent");
        let name = |env: &Env| invocation(env, Path::new("f"), 1, None).map(|i| i.program);
        assert_eq!(
            name(&env),
            Err("the editor `vi` is not on PATH".to_string())
        );
        let env = env.with("EDITOR", "/e/ed");
        assert_eq!(name(&env), Ok(PathBuf::from("/e/ed")));
        let env = env.with("VISUAL", "/e/vis");
        assert_eq!(name(&env), Ok(PathBuf::from("/e/vis")));
        let env = env.with("VISUAL", "'unclosed");
        assert!(name(&env).is_err_and(|e| e.contains("$VISUAL")));
    }
}
