//! Splitting a command line into words, as a POSIX shell does for simple cases: for
//! kubectl lines, the simulator's own lines and the commands a container runs.

/// Splits a command line as a POSIX shell would for simple cases: whitespace separates,
/// single and double quotes group, backslash escapes outside single quotes.
pub fn split(line: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => cur.push(x),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => cur.push(x),
                            Some(x) => {
                                cur.push('\\');
                                cur.push(x);
                            }
                            None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        },
                        Some(x) => cur.push(x),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(x) = chars.next() {
                    cur.push(x);
                }
            }
            '#' if !in_word => break,
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Ok(out)
}

/// The characters of `line` a shell reads as syntax, with their byte offsets: those
/// outside quotes and not escaped, up to a `#` comment.
pub fn unquoted(line: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let (mut quote, mut escaped) = (None, false);
    line.char_indices()
        .map(move |(i, c)| {
            let syntax = match (quote, c) {
                _ if escaped => {
                    escaped = false;
                    false
                }
                (Some('\''), '\'') | (Some('"'), '"') => {
                    quote = None;
                    false
                }
                (Some('"'), '\\') | (None, '\\') => {
                    escaped = true;
                    false
                }
                (Some(_), _) => false,
                (None, '\'' | '"') => {
                    quote = Some(c);
                    false
                }
                (None, _) => true,
            };
            (i, c, syntax)
        })
        .filter(|(_, _, syntax)| *syntax)
        .map(|(i, c, _)| (i, c))
        .take_while(move |(i, c)| !(*c == '#' && line[..*i].ends_with(char::is_whitespace)))
}

/// A line's `> FILE` or `>> FILE` at its end, as a shell reads it: where its standard
/// output goes instead of the terminal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub path: String,
    pub append: bool,
}

/// Splits `line` into the command and its trailing redirection of standard output, if it
/// has one outside quotes (`2>`, `&>` and a redirection followed by more words are left
/// to the command, which reads them as words, as before).
pub fn redirect(line: &str) -> Option<(String, Redirect)> {
    let at = unquoted(line).find(|(_, c)| *c == '>').map(|(i, _)| i)?;
    let before = &line[..at];
    // `2>FILE` and `&>FILE` redirect another stream.
    if before.ends_with(|c: char| c.is_ascii_digit() || c == '&') {
        return None;
    }
    let rest = &line[at + 1..];
    let (append, rest) = match rest.strip_prefix('>') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let words = split(rest).ok()?;
    match words.as_slice() {
        [path] if !path.starts_with('&') && !path.contains('>') => {
            Some((before.trim_end().to_string(), Redirect { path: path.clone(), append }))
        }
        _ => None,
    }
}

#[cfg(test)]
mod redirect_tests {
    use super::*;

    fn r(path: &str, append: bool) -> Redirect {
        Redirect { path: path.into(), append }
    }

    #[test]
    fn a_trailing_redirection_is_split_off() {
        let line = "kubectl create deployment web --image=nginx --dry-run=client -o yaml > web.yaml";
        assert_eq!(
            redirect(line),
            Some(("kubectl create deployment web --image=nginx --dry-run=client -o yaml".into(), r("web.yaml", false)))
        );
        assert_eq!(redirect("kubectl get pods >>pods.txt"), Some(("kubectl get pods".into(), r("pods.txt", true))));
        assert_eq!(redirect("kubectl get pods > 'my pods.txt'"), Some(("kubectl get pods".into(), r("my pods.txt", false))));
    }

    #[test]
    fn quoted_or_other_streams_are_not_redirections() {
        assert_eq!(redirect("kubectl get pods -o jsonpath='{.items[?(@.x>1)]}'"), None);
        assert_eq!(redirect("kubectl exec p -- sh -c \"echo hi > /tmp/x\""), None);
        assert_eq!(redirect("kubectl get pods 2> err.txt"), None);
        assert_eq!(redirect("kubectl get pods &> all.txt"), None);
        assert_eq!(redirect("kubectl get pods > a.txt -o wide"), None);
        assert_eq!(redirect("kubectl get pods >"), None);
        assert_eq!(redirect("kubectl get pods # > not.txt"), None);
        assert_eq!(redirect("echo a\\>b"), None);
    }
}
