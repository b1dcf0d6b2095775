//! The editor `kubectl edit` runs (`KUBE_EDITOR`, else `EDITOR`): kubectl writes the
//! object to a file, runs `EDITOR FILE` and reads the file back. A script has no terminal,
//! so only editors that need none are run here, as they would be on a real cluster:
//! `cp EDITED` (the file becomes another one) and `sed -i 's/OLD/NEW/[g]' [-e …]`. The
//! page has its own editor pane and saves through `cp`.

use crate::files::Files;

/// Runs `editor` (its command line, without the file) over `text`.
pub fn run(editor: &str, text: &str, files: &dyn Files) -> Result<String, String> {
    let words = crate::words::split(editor).map_err(|e| format!("error: {e}"))?;
    match words.first().map(String::as_str) {
        Some("cp") if words.len() == 2 => files.read(&words[1]).map_err(|e| e.to_string()),
        Some("sed") => sed(&words[1..], text),
        _ => Err(format!(
            "kubeplay: the editor \"{editor}\" needs a terminal, which a script does not have; use one that runs without it, as on a real cluster: KUBE_EDITOR=\"sed -i 's/OLD/NEW/'\" or KUBE_EDITOR=\"cp EDITED.yaml\" (the page opens kubectl edit in its editor)."
        )),
    }
}

/// `sed -i` with `s` commands: basic regular expressions with `.`, `*`, `^`, `$` and `\`
/// escapes, `&` in the replacement, and the `g` flag.
fn sed(args: &[String], text: &str) -> Result<String, String> {
    let mut scripts = Vec::new();
    let mut in_place = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "-i" => in_place = true,
            "-e" => {
                i += 1;
                scripts.extend(args.get(i).cloned());
            }
            s if s.starts_with('-') => return Err(format!("kubeplay: sed option {s} is not simulated (-i, -e and s/OLD/NEW/[g] are).")),
            s => scripts.push(s.to_string()),
        }
        i += 1;
    }
    if !in_place {
        return Err("kubeplay: sed without -i prints the file and leaves it as it was: the edit would change nothing.".into());
    }
    let mut commands = Vec::new();
    for s in scripts.iter().flat_map(|s| s.split(';')).map(str::trim).filter(|s| !s.is_empty()) {
        commands
            .push(Substitute::parse(s).ok_or_else(|| format!("kubeplay: sed command {s:?} is not simulated (only s/OLD/NEW/[g] is)."))?);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let mut body = body.to_string();
        for c in &commands {
            body = c.apply(&body);
        }
        out.push_str(&body);
        out.push_str(nl);
    }
    Ok(out)
}

struct Substitute {
    pattern: Vec<Atom>,
    anchored: bool,
    replacement: String,
    global: bool,
}

#[derive(Clone, Debug)]
enum Piece {
    Char(char),
    Any,
    End,
}

#[derive(Clone, Debug)]
struct Atom {
    piece: Piece,
    star: bool,
}

impl Substitute {
    fn parse(s: &str) -> Option<Substitute> {
        let mut chars = s.chars();
        if chars.next()? != 's' {
            return None;
        }
        let delim = chars.next()?;
        let mut parts = vec![String::new()];
        let mut escaped = false;
        for c in chars {
            if escaped {
                if c != delim {
                    parts.last_mut()?.push('\\');
                }
                parts.last_mut()?.push(c);
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == delim {
                parts.push(String::new());
            } else {
                parts.last_mut()?.push(c);
            }
        }
        if parts.len() != 3 || !parts[2].chars().all(|f| f == 'g') {
            return None;
        }
        let (anchored, pattern) = match parts[0].strip_prefix('^') {
            Some(rest) => (true, atoms(rest)?),
            None => (false, atoms(&parts[0])?),
        };
        Some(Substitute { pattern, anchored, replacement: parts[1].clone(), global: parts[2] == "g" })
    }

    fn apply(&self, line: &str) -> String {
        let chars: Vec<char> = line.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let mut replaced = false;
        while i <= chars.len() {
            let allowed = (!replaced || self.global) && (!self.anchored || i == 0);
            match allowed.then(|| matches(&self.pattern, &chars, i)).flatten() {
                Some(end) => {
                    let matched: String = chars[i..end].iter().collect();
                    out.push_str(&replacement(&self.replacement, &matched));
                    replaced = true;
                    if end == i {
                        if let Some(c) = chars.get(i) {
                            out.push(*c);
                        }
                        i += 1;
                    } else {
                        i = end;
                    }
                }
                None => {
                    if let Some(c) = chars.get(i) {
                        out.push(*c);
                    }
                    i += 1;
                }
            }
        }
        out
    }
}

fn atoms(p: &str) -> Option<Vec<Atom>> {
    let mut out: Vec<Atom> = Vec::new();
    let mut chars = p.chars().peekable();
    while let Some(c) = chars.next() {
        let piece = match c {
            '\\' => Piece::Char(match chars.next()? {
                'n' => '\n',
                't' => '\t',
                x => x,
            }),
            '.' => Piece::Any,
            '$' if chars.peek().is_none() => Piece::End,
            '*' if !out.is_empty() => {
                out.last_mut()?.star = true;
                continue;
            }
            '[' => return None,
            x => Piece::Char(x),
        };
        out.push(Atom { piece, star: false });
    }
    Some(out)
}

/// Where the longest match of `pattern` starting at `at` ends (sed's leftmost-longest).
fn matches(pattern: &[Atom], s: &[char], at: usize) -> Option<usize> {
    let Some((first, rest)) = pattern.split_first() else { return Some(at) };
    let one = |i: usize| match first.piece {
        Piece::Char(c) => s.get(i) == Some(&c),
        Piece::Any => i < s.len(),
        Piece::End => false,
    };
    if let Piece::End = first.piece {
        return (at == s.len()).then_some(at);
    }
    if first.star {
        let mut n = 0;
        while one(at + n) {
            n += 1;
        }
        (0..=n).rev().find_map(|k| matches(rest, s, at + k))
    } else if one(at) {
        matches(rest, s, at + 1)
    } else {
        None
    }
}

fn replacement(r: &str, matched: &str) -> String {
    let mut out = String::new();
    let mut chars = r.chars();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str(matched),
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some(x) => out.push(x),
                None => {}
            },
            x => out.push(x),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::NoFiles;

    fn sed_i(script: &str, text: &str) -> String {
        run(&format!("sed -i '{script}'"), text, &NoFiles).unwrap()
    }

    #[test]
    fn sed_substitutes_like_sed() {
        assert_eq!(sed_i("s/replicas: 1/replicas: 3/", "spec:\n  replicas: 1\n"), "spec:\n  replicas: 3\n");
        assert_eq!(sed_i("s/a/b/", "aaa\n"), "baa\n");
        assert_eq!(sed_i("s/a/b/g", "aaa\n"), "bbb\n");
        assert_eq!(sed_i("s|image: nginx.*|image: nginx:1.28|", "  image: nginx:1.27\n"), "  image: nginx:1.28\n");
        assert_eq!(sed_i("s/^  //", "  a: 1\n    b\n"), "a: 1\n  b\n");
        assert_eq!(sed_i("s/1$/[&]/", "x: 1\nx: 12\n"), "x: [1]\nx: 12\n");
        assert_eq!(sed_i("s/\\./-/g", "a.b.c"), "a-b-c");
        assert!(run("vim", "x", &NoFiles).unwrap_err().contains("needs a terminal"));
        assert!(run("sed 's/a/b/'", "x", &NoFiles).is_err(), "without -i the file is unchanged");
    }
}
