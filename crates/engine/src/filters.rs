//! A terminal's pipeline after a command (`kubectl get pods -A | grep coredns`): the text
//! filters people put there, run on the command's standard output. `grep` (`-i -v -c -E
//! -e`, a fixed string or `|` alternatives), `head` and `tail` (`-n N`, `-N`), `wc`
//! (`-l -w -c`), `sort` (`-r -n`), `uniq`; a pager (`less`, `more`) or `cat` shows the
//! text as it is. Any other program is said to be not run, in one sentence, and the text
//! before it is shown. Standard error is not piped, as in a shell.

use crate::kubectl::Output;

/// The pipeline's words after the command: `line`'s command and each filter's argv, or
/// `None` when no `|` stands outside quotes (`||` is not a pipe).
pub fn split(line: &str) -> Option<(String, Vec<Vec<String>>)> {
    let b = line.as_bytes();
    let cuts: Vec<usize> = crate::words::unquoted(line)
        .filter(|&(i, c)| c == '|' && b.get(i + 1) != Some(&b'|') && (i == 0 || b[i - 1] != b'|'))
        .map(|(i, _)| i)
        .collect();
    let first = *cuts.first()?;
    let mut filters = Vec::new();
    for (k, at) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).copied().unwrap_or(line.len());
        filters.push(crate::words::split(&line[at + 1..end]).unwrap_or_default());
    }
    Some((line[..first].trim_end().to_string(), filters))
}

/// Runs `filters` over `out`'s standard output. The exit code is the last filter's
/// (`grep` that matches nothing: 1), as a shell's without `pipefail`.
pub fn apply(mut out: Output, filters: &[Vec<String>]) -> Output {
    let mut text = std::mem::take(&mut out.stdout);
    let mut code = out.code;
    for argv in filters {
        let Some(prog) = argv.first() else {
            out.stderr.push_str("kubeplay: syntax error near unexpected token `|'\n");
            out.code = 2;
            out.stdout = text;
            return out;
        };
        let args = &argv[1..];
        let result = match prog.as_str() {
            "grep" | "egrep" => grep(&text, args, prog == "egrep"),
            "head" => ends(&text, args, true),
            "tail" => ends(&text, args, false),
            "wc" => wc(&text, args),
            "sort" => sort(&text, args),
            "uniq" => Ok((uniq(&text), 0)),
            "cat" | "less" | "more" => Ok((text.clone(), 0)),
            other => {
                out.stderr
                    .push_str(&format!("kubeplay: the console does not run '{other}' in a pipeline yet; the output before it is shown\n"));
                out.stdout = text;
                return out;
            }
        };
        match result {
            Ok((t, c)) => {
                text = t;
                code = c;
            }
            Err(e) => {
                out.stderr.push_str(&format!("{prog}: {e}\n"));
                out.stdout = String::new();
                out.code = 2;
                return out;
            }
        }
    }
    out.stdout = text;
    out.code = code;
    out
}

fn joined<'a>(lines: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

fn grep(text: &str, args: &[String], extended: bool) -> Result<(String, i32), String> {
    let (mut ignore, mut invert, mut count, mut extended) = (false, false, false, extended);
    let mut patterns: Vec<String> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if a == "-e" {
            i += 1;
            patterns.push(args.get(i).ok_or("option requires an argument -- 'e'")?.clone());
        } else if a.starts_with('-') && a.len() > 1 && patterns.is_empty() {
            for f in a[1..].chars() {
                match f {
                    'i' => ignore = true,
                    'v' => invert = true,
                    'c' => count = true,
                    'E' => extended = true,
                    'F' => extended = false,
                    _ => return Err(format!("kubeplay runs grep with -i, -v, -c, -E and -e only, not -{f}")),
                }
            }
        } else if patterns.is_empty() {
            patterns.push(a.clone());
        } else {
            return Err(format!("{a}: files are not read here; grep reads the command's output"));
        }
        i += 1;
    }
    if patterns.is_empty() {
        return Err("usage: grep [-ivcE] PATTERN".into());
    }
    // `-E 'a|b'`: alternatives; other regular-expression syntax is matched as written.
    let alternatives: Vec<String> = patterns
        .iter()
        .flat_map(|p| if extended { p.split('|').map(String::from).collect() } else { vec![p.clone()] })
        .map(|p| if ignore { p.to_lowercase() } else { p })
        .collect();
    let hit = |l: &str| {
        let l = if ignore { l.to_lowercase() } else { l.to_string() };
        alternatives.iter().any(|p| l.contains(p.as_str())) != invert
    };
    let kept: Vec<&str> = text.lines().filter(|l| hit(l)).collect();
    let code = i32::from(kept.is_empty());
    if count {
        return Ok((format!("{}\n", kept.len()), code));
    }
    Ok((joined(kept.into_iter()), code))
}

/// `head` (`first`) or `tail`: `-n N`, `-nN`, `-N`; 10 by default.
fn ends(text: &str, args: &[String], first: bool) -> Result<(String, i32), String> {
    let mut n: usize = 10;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let value = if a == "-n" {
            i += 1;
            args.get(i).cloned().ok_or("option requires an argument -- 'n'")?
        } else if let Some(v) = a.strip_prefix("-n") {
            v.to_string()
        } else if let Some(v) = a.strip_prefix('-').filter(|v| v.chars().all(|c| c.is_ascii_digit())) {
            v.to_string()
        } else {
            return Err(format!("{a}: files are not read here; it reads the command's output"));
        };
        n = value.parse().map_err(|_| format!("invalid number of lines: '{value}'"))?;
        i += 1;
    }
    let all: Vec<&str> = text.lines().collect();
    let kept = if first { &all[..n.min(all.len())] } else { &all[all.len().saturating_sub(n)..] };
    Ok((joined(kept.iter().copied()), 0))
}

fn wc(text: &str, args: &[String]) -> Result<(String, i32), String> {
    let counts = [text.lines().count(), text.split_whitespace().count(), text.len()];
    let wanted: Vec<usize> = if args.is_empty() {
        vec![0, 1, 2]
    } else {
        let mut w = Vec::new();
        for a in args {
            for f in a.strip_prefix('-').ok_or_else(|| format!("{a}: files are not read here; wc reads the command's output"))?.chars() {
                w.push(match f {
                    'l' => 0,
                    'w' => 1,
                    'c' => 2,
                    _ => return Err(format!("kubeplay runs wc with -l, -w and -c only, not -{f}")),
                });
            }
        }
        w.sort_unstable();
        w.dedup();
        w
    };
    // One count alone is printed bare; several are right-aligned in columns, as coreutils'.
    let shown = if wanted.len() == 1 {
        counts[wanted[0]].to_string()
    } else {
        wanted.iter().map(|&k| format!("{:>7}", counts[k])).collect::<Vec<_>>().join(" ")
    };
    Ok((format!("{shown}\n"), 0))
}

fn sort(text: &str, args: &[String]) -> Result<(String, i32), String> {
    let (mut reverse, mut numeric) = (false, false);
    for a in args {
        for f in a.strip_prefix('-').ok_or_else(|| format!("{a}: files are not read here; sort reads the command's output"))?.chars() {
            match f {
                'r' => reverse = true,
                'n' => numeric = true,
                _ => return Err(format!("kubeplay runs sort with -r and -n only, not -{f}")),
            }
        }
    }
    let mut all: Vec<&str> = text.lines().collect();
    let leading = |l: &str| -> f64 {
        let t = l.trim_start();
        let end = t.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-')).unwrap_or(t.len());
        t[..end].parse().unwrap_or(0.0)
    };
    if numeric {
        all.sort_by(|a, b| leading(a).total_cmp(&leading(b)).then_with(|| a.cmp(b)));
    } else {
        all.sort_unstable();
    }
    if reverse {
        all.reverse();
    }
    Ok((joined(all.into_iter()), 0))
}

fn uniq(text: &str) -> String {
    let mut all: Vec<&str> = text.lines().collect();
    all.dedup();
    joined(all.into_iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PODS: &str = "NAMESPACE     NAME                      READY   STATUS\nkube-system   coredns-1                 1/1     Running\nkube-system   coredns-2                 1/1     Running\ndefault       web-1                     0/1     Pending\n";

    fn run(line: &str) -> Output {
        let (command, filters) = split(line).expect("a pipeline");
        assert_eq!(command, "kubectl get pods -A");
        apply(Output { stdout: PODS.into(), ..Output::default() }, &filters)
    }

    #[test]
    fn a_pipeline_is_split_outside_quotes_and_not_at_or() {
        assert_eq!(split("kubectl get pods"), None);
        assert_eq!(split("kubectl get pods || echo no"), None);
        assert_eq!(split("kubectl get pods -o jsonpath='{.a|b}'"), None);
        let (cmd, f) = split("kubectl get pods -A | grep -i 'core dns' | wc -l").unwrap();
        assert_eq!(cmd, "kubectl get pods -A");
        assert_eq!(f, [vec!["grep", "-i", "core dns"], vec!["wc", "-l"]]);
    }

    #[test]
    fn grep_head_tail_wc_sort_as_a_terminal_prints_them() {
        assert_eq!(
            run("kubectl get pods -A | grep coredns").stdout,
            "kube-system   coredns-1                 1/1     Running\nkube-system   coredns-2                 1/1     Running\n"
        );
        assert_eq!(run("kubectl get pods -A | grep -v Running | wc -l").stdout, "2\n");
        assert_eq!(run("kubectl get pods -A | grep -c -i PENDING").stdout, "1\n");
        assert_eq!(run("kubectl get pods -A | grep -E 'web|coredns-2' | wc -l").stdout, "2\n");
        assert_eq!(run("kubectl get pods -A | head -n 2").stdout.lines().count(), 2);
        assert_eq!(run("kubectl get pods -A | tail -1").stdout, "default       web-1                     0/1     Pending\n");
        assert_eq!(run("kubectl get pods -A | wc").stdout, "      4      16     223\n");
        assert_eq!(
            run("kubectl get pods -A | tail -n 3 | sort -r | head -1").stdout,
            "kube-system   coredns-2                 1/1     Running\n"
        );
        assert_eq!(run("kubectl get pods -A | less").stdout, PODS);
        let none = run("kubectl get pods -A | grep nothing");
        assert_eq!((none.stdout.as_str(), none.code), ("", 1));
    }

    #[test]
    fn the_console_and_the_command_line_pipe_a_line_through_them() {
        let mut c = crate::Cluster::new(crate::Preset::DockerDesktop, None, 1);
        let out = c.run("kubectl get pods -A | grep coredns | wc -l", &crate::files::NoFiles);
        assert_eq!((out.stdout.as_str(), out.stderr.as_str(), out.code), ("2\n", "", 0));
        // A redirection after the pipeline takes the filtered text.
        let out = c.run("kubectl get pods -A --no-headers | grep -c Running > count.txt", &crate::files::NoFiles);
        assert!(out.stderr.contains("cannot write count.txt here"), "{}", out.stderr);
        assert_eq!(out.stdout, "9\n");
    }

    #[test]
    fn what_is_not_run_is_said_and_the_text_before_it_shown() {
        let out = run("kubectl get pods -A | awk '{print $2}'");
        assert_eq!(out.stdout, PODS);
        assert_eq!(out.stderr, "kubeplay: the console does not run 'awk' in a pipeline yet; the output before it is shown\n");
        let bad = run("kubectl get pods -A | grep -z x");
        assert_eq!((bad.stdout.as_str(), bad.code), ("", 2));
        assert!(bad.stderr.starts_with("grep: kubeplay runs grep with"), "{}", bad.stderr);
        let empty = run("kubectl get pods -A | ");
        assert_eq!(empty.code, 2);
        assert_eq!(run("kubectl get pods -A | head -n x").code, 2);
    }
}
