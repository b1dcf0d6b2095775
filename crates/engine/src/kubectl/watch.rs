//! `kubectl get -w`: the list, then a row each time a listed object changes, as the watch
//! delivers it. A terminal watches until Ctrl-C; a script or lesson cannot press it, so
//! the watch lets simulated time run until nothing has changed for a minute (at most ten),
//! or for exactly `--request-timeout`, and says which.

use super::args::Parsed;
use super::get::{self, ObjRef, Shape};
use super::{Output, Wait, World};
use crate::time::{go_duration, parse_duration, Millis, MINUTE, SECOND};
use std::collections::BTreeMap;

/// How long a watch goes on without a change before a script stops it.
pub const QUIET: Millis = MINUTE;
/// The longest a watch runs in a script without `--request-timeout`.
pub const LIMIT: Millis = 10 * MINUTE;

/// A running watch: what it asked for and what it has printed.
#[derive(Clone, Debug, PartialEq)]
pub struct Watch {
    /// The `get` arguments without the watch flags.
    args: Vec<String>,
    names_only: bool,
    /// Each object's resource version and row when last printed.
    seen: BTreeMap<String, (String, Vec<String>)>,
    /// kubectl's table writer remembers column widths across flushes: a later row lines up
    /// with the first table, and a wider cell widens its column from then on.
    widths: Vec<usize>,
    header_printed: bool,
    /// `--request-timeout`: the watch ends after exactly this long.
    pub timeout: Option<Millis>,
}

fn is_watch_flag(a: &str) -> bool {
    matches!(a, "-w" | "--watch" | "--watch=true" | "--watch-only" | "--watch-only=true")
}

/// The `get` arguments without the watch flags, also where `-w` is one of a group of
/// shorthand flags (`-wA`, `-wn kube-system`, `-wowide`), as pflag reads such a group.
fn without_watch(rest: &[String]) -> Vec<String> {
    let takes_value = |ch: char| get::FLAGS.iter().chain(super::args::GLOBAL).any(|f| f.short == Some(ch) && f.takes_value);
    let mut out = Vec::new();
    for a in rest {
        if is_watch_flag(a) {
            continue;
        }
        let Some(group) = a.strip_prefix('-').filter(|g| !g.starts_with('-') && g.chars().count() > 1) else {
            out.push(a.clone());
            continue;
        };
        let mut kept = String::from("-");
        let mut chars = group.chars();
        while let Some(ch) = chars.next() {
            if ch == 'w' {
                continue;
            }
            kept.push(ch);
            if takes_value(ch) {
                // The rest of the group is this flag's value.
                kept.extend(chars.by_ref());
            }
        }
        if kept != "-" {
            out.push(kept);
        }
    }
    out
}

/// One listed object: its key, resource version and row.
type Listed = (String, String, Vec<String>);

/// The header and the listed objects.
fn rows(c: &World, args: &[String], names_only: bool) -> Result<(Vec<String>, Vec<Listed>), String> {
    let p = get::parse_args(args)?;
    let groups = get::resource_args(&p.positional)?;
    let selector = groups.first().map(|(kind, _)| p.selector(*kind)).transpose()?.flatten();
    let fields = match p.get("field-selector") {
        Some(f) => get::parse_field_selector(f)?,
        None => vec![],
    };
    let ns = super::namespace(&p);
    let sel = get::select(c, &p, &groups, &ns, selector.as_ref(), &fields);
    let shape = Shape::of(&p, p.get("output") == Some("wide"), false);
    let kind = groups[0].0;
    let header = if names_only { vec![] } else { shape.header(kind) };
    let mut out = vec![];
    for r in sel.found.iter().flat_map(|(_, refs)| refs) {
        let rv = get::to_value(c, r)
            .get("metadata")
            .and_then(|m| m.get("resourceVersion"))
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let cells = if names_only { vec![format!("{}/{}", r.kind.type_name(), r.name)] } else { shape.cells(c, r) };
        out.push((key(r), rv, cells));
    }
    Ok((header, out))
}

fn key(r: &ObjRef) -> String {
    format!("{}/{}", r.ns, r.name)
}

/// Widens the remembered columns for one line of a flush (minimum 6, padding 3; the
/// last cell is never padded).
fn widen(cells: &[String], widths: &mut Vec<usize>) {
    for (i, cell) in cells.iter().enumerate().take(cells.len().saturating_sub(1)) {
        let need = (cell.chars().count() + 3).max(6);
        match widths.get_mut(i) {
            Some(w) => *w = (*w).max(need),
            None => widths.push(need),
        }
    }
}

/// The lines of one flush of the remembering table writer.
fn flush(lines: &[Vec<String>], widths: &mut Vec<usize>) -> String {
    for cells in lines {
        widen(cells, widths);
    }
    let mut out = String::new();
    for cells in lines {
        for (i, cell) in cells.iter().enumerate() {
            out.push_str(cell);
            if i + 1 < cells.len() {
                out.extend(std::iter::repeat_n(' ', widths[i].saturating_sub(cell.chars().count())));
            }
        }
        out.push('\n');
    }
    out
}

/// `get --watch`: the list as `get` prints it (unless `--watch-only`), and the watch to
/// follow.
pub fn start(c: &World, p: &Parsed, rest: &[String]) -> Output {
    let output = p.get("output").unwrap_or("");
    if !["", "wide", "name"].contains(&output) {
        return Output::err(format!(
            "kubeplay: kubectl get --watch -o {output} is not simulated yet; kubeplay watches tables (also -o wide) and -o name."
        ));
    }
    let groups = match get::resource_args(&p.positional) {
        Ok(g) => g,
        Err(e) => return Output::err(e),
    };
    if groups.len() > 1 || p.positional.first().is_some_and(|t| t.split(',').any(|t| t == "all")) {
        let n = if groups.len() > 1 { groups.len() } else { 2 };
        return Output::err(format!(
            "error: watch is only supported on individual resources and resource collections, but {n} resources were found"
        ));
    }
    let timeout = match p.get("request-timeout") {
        None => None,
        Some(t) => match parse_duration(t).or_else(|| t.parse::<u64>().ok().map(|s| s * SECOND)) {
            Some(0) => None,
            Some(ms) => Some(ms),
            None => {
                return Output::err(format!(
                    "error: invalid argument \"{t}\" for \"--request-timeout\" flag: time: invalid duration \"{t}\""
                ))
            }
        },
    };
    let args = without_watch(rest);
    // `get` starts a watch when it sees one: what it is given back must list, not watch.
    if get::parse_args(&args).is_ok_and(|p| p.bool("watch") || p.bool("watch-only")) {
        return Output::err(format!("kubeplay: could not tell the watch flags apart in \"{}\"", rest.join(" ")));
    }
    let names_only = output == "name";
    let (header, now) = match rows(c, &args, names_only) {
        Ok(r) => r,
        Err(e) => return Output::err(e),
    };
    let mut w = Watch { args, names_only, seen: BTreeMap::new(), widths: vec![], header_printed: false, timeout };
    let mut out = Output::default();
    if p.bool("watch-only") {
        w.seen = now.into_iter().map(|(k, rv, cells)| (k, (rv, cells))).collect();
    } else {
        let listed = super::get::get(c, &w.args);
        if listed.code != 0 || listed.stdout.is_empty() {
            return listed;
        }
        out = listed;
        if !p.bool("no-headers") && !names_only {
            widen(&header, &mut w.widths);
            w.header_printed = true;
        }
        for (k, rv, cells) in now {
            widen(&cells, &mut w.widths);
            w.seen.insert(k, (rv, cells));
        }
    }
    // get.go's Complete warns first; the list is still printed sorted (by the
    // SortingPrinter the watch prints through), the changes as they come.
    if p.get("sort-by").is_some_and(|s| !s.is_empty()) {
        let warning = if p.bool("watch") {
            "warning: --watch requested, --sort-by will be ignored for watch events received\n"
        } else {
            "warning: --watch-only requested, --sort-by will be ignored\n"
        };
        out.warnings.insert_str(0, warning);
    }
    out.wait = Some(Wait::Watch(Box::new(w)));
    out
}

impl Watch {
    /// The rows of the objects that changed, came or went since the last look.
    pub fn poll(&mut self, c: &World) -> String {
        let Ok((header, now)) = rows(c, &self.args, self.names_only) else { return String::new() };
        let mut present = std::collections::BTreeSet::new();
        let mut changed: Vec<Vec<String>> = vec![];
        for (k, rv, cells) in now {
            present.insert(k.clone());
            if self.seen.get(&k).is_none_or(|(old, _)| *old != rv) {
                changed.push(cells.clone());
                self.seen.insert(k, (rv, cells));
            }
        }
        // A deleted object's last state is delivered once more.
        let gone: Vec<String> = self.seen.keys().filter(|k| !present.contains(*k)).cloned().collect();
        for k in gone {
            if let Some((_, cells)) = self.seen.remove(&k) {
                changed.push(cells);
            }
        }
        if changed.is_empty() {
            return String::new();
        }
        if !self.header_printed && !self.names_only {
            changed.insert(0, header);
            self.header_printed = true;
        }
        flush(&changed, &mut self.widths)
    }
}

/// What a script prints when it stops a watch that had no timeout: after `quiet` without
/// a change, or at the limit after `total`.
pub fn stopped(quiet: Millis, total: Millis) -> String {
    let why = if total >= LIMIT {
        format!("after {} of watching", go_duration(total))
    } else {
        format!("after {} without a change", go_duration(quiet))
    };
    format!("kubeplay: stopped watching {why} (kubectl watches until Ctrl-C; --request-timeout=1m watches for a set time)\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_rows_line_up_with_the_first_table_and_widen_it() {
        let mut widths = vec![];
        let s = |v: &[&str]| vec![v.iter().map(|x| x.to_string()).collect::<Vec<_>>()];
        let first = [s(&["NAME", "READY", "STATUS", "AGE"]), s(&["web-0", "0/1", "Pending", "0s"])].concat();
        assert_eq!(flush(&first, &mut widths), "NAME    READY   STATUS    AGE\nweb-0   0/1     Pending   0s\n");
        assert_eq!(flush(&s(&["web-0", "0/1", "ContainerCreating", "0s"]), &mut widths), "web-0   0/1     ContainerCreating   0s\n");
        assert_eq!(flush(&s(&["web-0", "1/1", "Running", "19s"]), &mut widths), "web-0   1/1     Running             19s\n");
    }
}
