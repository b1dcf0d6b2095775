//! Flag parsing with cobra/pflag's rules and error texts.

pub use crate::words::split;

#[derive(Clone, Copy)]
pub struct FlagSpec {
    pub long: &'static str,
    pub short: Option<char>,
    pub takes_value: bool,
}

pub const fn flag(long: &'static str, short: Option<char>, takes_value: bool) -> FlagSpec {
    FlagSpec { long, short, takes_value }
}

/// Flags every command accepts (kubectl's global flags that matter here).
pub const GLOBAL: &[FlagSpec] = &[
    flag("namespace", Some('n'), true),
    flag("context", None, true),
    flag("cluster", None, true),
    flag("user", None, true),
    flag("as", None, true),
    flag("as-group", None, true),
    flag("as-uid", None, true),
    flag("kubeconfig", None, true),
    flag("request-timeout", None, true),
    flag("v", Some('v'), true),
    flag("help", Some('h'), false),
];

#[derive(Default, Debug)]
pub struct Parsed {
    pub positional: Vec<String>,
    pub values: Vec<(&'static str, String)>,
}

impl Parsed {
    pub fn get(&self, long: &str) -> Option<&str> {
        self.values.iter().rev().find(|(k, _)| *k == long).map(|(_, v)| v.as_str())
    }

    pub fn all(&self, long: &str) -> Vec<&str> {
        self.values.iter().filter(|(k, _)| *k == long).map(|(_, v)| v.as_str()).collect()
    }

    pub fn bool(&self, long: &str) -> bool {
        matches!(self.get(long), Some("true"))
    }

    pub fn has(&self, long: &str) -> bool {
        self.get(long).is_some()
    }

    /// The `-l` selector, if one was given. The API server parses it when `kind` is listed
    /// and refuses a bad one; kubectl's resource builder then names the resource and both
    /// selectors before the server's reason.
    pub fn selector(&self, kind: crate::model::Kind) -> Result<Option<crate::model::Selector>, String> {
        let Some(text) = self.get("selector") else { return Ok(None) };
        crate::model::Selector::parse(text).map(Some).map_err(|e| {
            let info = kind.info();
            let group_version = if info.api_version.contains('/') { info.api_version.to_string() } else { format!("/{}", info.api_version) };
            let quote = crate::model::validation::go_quote;
            format!(
                "Error from server (BadRequest): Unable to find \"{group_version}, Resource={}\" that match label selector {}, field selector {}: {e}",
                info.plural,
                quote(text),
                quote(self.get("field-selector").unwrap_or(""))
            )
        })
    }
}

/// Parses `args` against the command's flags plus the global ones. Errors are worded as
/// pflag words them, followed by cobra's usage hint for `command`.
pub fn parse(args: &[String], specs: &[FlagSpec], command: &str) -> Result<Parsed, String> {
    let mut out = Parsed::default();
    let hint = format!("See 'kubectl {command} --help' for usage.");
    let find_long = |name: &str| specs.iter().chain(GLOBAL).find(|f| f.long == name).copied();
    let find_short = |c: char| specs.iter().chain(GLOBAL).find(|f| f.short == Some(c)).copied();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        i += 1;
        if a == "--" {
            out.positional.extend(args[i..].iter().cloned());
            break;
        }
        if let Some(body) = a.strip_prefix("--") {
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(spec) = find_long(name) else {
                return Err(format!("error: unknown flag: --{name}\n{hint}"));
            };
            let value = if spec.takes_value {
                match inline {
                    Some(v) => v,
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return Err(format!("error: flag needs an argument: --{name}\n{hint}")),
                }
            } else {
                match inline.as_deref() {
                    None => "true".into(),
                    Some(v @ ("true" | "false")) => v.into(),
                    Some(v) => {
                        return Err(format!(
                        "error: invalid argument \"{v}\" for \"--{name}\" flag: strconv.ParseBool: parsing \"{v}\": invalid syntax\n{hint}"
                    ))
                    }
                }
            };
            out.values.push((spec.long, value));
        } else if a.starts_with('-') && a.len() > 1 {
            let chars: Vec<char> = a[1..].chars().collect();
            let mut j = 0;
            while j < chars.len() {
                let c = chars[j];
                let Some(spec) = find_short(c) else {
                    return Err(format!("error: unknown shorthand flag: '{c}' in {a}\n{hint}"));
                };
                if spec.takes_value {
                    let rest: String = chars[j + 1..].iter().collect();
                    let value = if !rest.is_empty() {
                        rest.strip_prefix('=').map(String::from).unwrap_or(rest)
                    } else if i < args.len() {
                        i += 1;
                        args[i - 1].clone()
                    } else {
                        return Err(format!("error: flag needs an argument: '{c}' in -{c}\n{hint}"));
                    };
                    out.values.push((spec.long, value));
                    break;
                }
                out.values.push((spec.long, "true".into()));
                j += 1;
            }
        } else {
            out.positional.push(a.clone());
        }
    }
    Ok(out)
}

/// Levenshtein distance, for cobra's "Did you mean this?".
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(split("kubectl get pods -l 'app in (a,b)'").unwrap(), vec!["kubectl", "get", "pods", "-l", "app in (a,b)"]);
        assert_eq!(split("echo \"a b\" c # note").unwrap(), vec!["echo", "a b", "c"]);
        assert!(split("echo 'open").is_err());
    }

    #[test]
    fn parses_flags_like_pflag() {
        const SPECS: &[FlagSpec] =
            &[flag("output", Some('o'), true), flag("all-namespaces", Some('A'), false), flag("selector", Some('l'), true)];
        let args: Vec<String> = ["pods", "-oyaml", "-A", "--selector=app=web", "-n", "kube-system"].iter().map(|s| s.to_string()).collect();
        let p = parse(&args, SPECS, "get").unwrap();
        assert_eq!(p.positional, vec!["pods"]);
        assert_eq!(p.get("output"), Some("yaml"));
        assert!(p.bool("all-namespaces"));
        assert_eq!(p.get("selector"), Some("app=web"));
        assert_eq!(p.get("namespace"), Some("kube-system"));
        let e = parse(&["--bogus".to_string()], SPECS, "get").unwrap_err();
        assert_eq!(e, "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.");
        let e = parse(&["-z".to_string()], SPECS, "get").unwrap_err();
        assert_eq!(e, "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.");
        let e = parse(&["-o".to_string()], SPECS, "get").unwrap_err();
        assert_eq!(e, "error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.");
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("gett", "get"), 1);
        assert_eq!(distance("describ", "describe"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
