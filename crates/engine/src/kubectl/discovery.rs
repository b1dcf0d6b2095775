//! `kubectl api-resources` and `kubectl api-versions`: what the cluster serves, which is
//! every built-in resource of v1.33 whether kubeplay models it or not (a learner asking
//! what a cluster has must hear what a real one has).

use super::args::{self, flag, FlagSpec};
use super::tabwriter::table;
use super::Output;
use crate::model::served::{Served, SERVED};
use crate::world::World;

const API_RESOURCES_FLAGS: &[FlagSpec] = &[
    flag("api-group", None, true),
    flag("namespaced", None, false),
    flag("no-headers", None, false),
    flag("output", Some('o'), true),
    flag("sort-by", None, true),
    flag("verbs", None, true),
    flag("categories", None, true),
    flag("cached", None, false),
];

pub fn api_resources(_c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, API_RESOURCES_FLAGS, "api-resources") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if let Some(extra) = p.positional.first() {
        return Output::err(format!("error: unexpected arguments: [{extra}]\nSee 'kubectl api-resources -h' for help and examples"));
    }
    let output = p.get("output").unwrap_or("");
    if !matches!(output, "" | "wide" | "name") {
        return Output::err(format!("error: --output {output} is not available"));
    }
    if output == "wide" || p.has("verbs") || p.has("categories") {
        return Output::err(
            "kubeplay: api-resources' verbs and categories (-o wide, --verbs, --categories) are not modelled yet; the plain list is.",
        );
    }
    let mut rows: Vec<&Served> = SERVED
        .iter()
        .filter(|r| p.get("api-group").is_none_or(|g| group(r) == g))
        .filter(|r| !p.has("namespaced") || r.namespaced == (p.get("namespaced") != Some("false")))
        .collect();
    match p.get("sort-by") {
        None => {}
        Some("name") => rows.sort_by(|a, b| a.plural.cmp(b.plural)),
        Some("kind") => rows.sort_by(|a, b| a.kind.cmp(b.kind).then(a.plural.cmp(b.plural))),
        Some(other) => return Output::err(format!("error: --sort-by accepts only name or kind, got {other}")),
    }
    if output == "name" {
        let names: String = rows
            .iter()
            .map(|r| if group(r).is_empty() { format!("{}\n", r.plural) } else { format!("{}.{}\n", r.plural, group(r)) })
            .collect();
        return Output::ok(names);
    }
    let mut table_rows: Vec<Vec<String>> = Vec::new();
    if !p.bool("no-headers") {
        table_rows.push(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"].map(String::from).to_vec());
    }
    for r in rows {
        table_rows.push(vec![r.plural.into(), r.short.join(","), r.api_version.into(), r.namespaced.to_string(), r.kind.into()]);
    }
    Output::ok(table(&table_rows))
}

pub fn api_versions(_c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, &[], "api-versions") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if let Some(extra) = p.positional.first() {
        return Output::err(format!("error: unexpected arguments: [{extra}]\nSee 'kubectl api-versions -h' for help and examples"));
    }
    let mut versions: Vec<&str> = SERVED.iter().map(|r| r.api_version).chain(["autoscaling/v1"]).collect();
    versions.sort_unstable();
    versions.dedup();
    Output::ok(versions.iter().map(|v| format!("{v}\n")).collect::<String>())
}

fn group(r: &Served) -> &'static str {
    r.api_version.rsplit_once('/').map(|(g, _)| g).unwrap_or("")
}
