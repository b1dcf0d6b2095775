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

/// One row of discovery: a built-in resource or a CRD's.
struct Row {
    plural: String,
    short: Vec<String>,
    api_version: String,
    namespaced: bool,
    kind: String,
    group: String,
}

/// Every served resource: the built-in ones, then the CRDs' (their groups rank below
/// the built-in groups in discovery), by group and resource.
fn rows(c: &World) -> Vec<Row> {
    let mut v: Vec<Row> = SERVED
        .iter()
        .map(|r| Row {
            plural: r.plural.into(),
            short: r.short.iter().map(|s| s.to_string()).collect(),
            api_version: r.api_version.into(),
            namespaced: r.namespaced,
            kind: r.kind.into(),
            group: group(r).into(),
        })
        .collect();
    let mut crds: Vec<Row> = crate::apiserver::customresource::served(&c.store)
        .into_iter()
        .filter_map(|d| {
            let version = d.preferred()?.name.clone();
            Some(Row {
                api_version: d.api_version(&version),
                plural: d.plural,
                short: d.short,
                namespaced: d.namespaced,
                kind: d.kind,
                group: d.group,
            })
        })
        .collect();
    crds.sort_by(|a, b| (&a.group, &a.plural).cmp(&(&b.group, &b.plural)));
    v.extend(crds);
    v
}

pub fn api_resources(c: &World, rest: &[String]) -> Output {
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
    let mut rows: Vec<Row> = rows(c)
        .into_iter()
        .filter(|r| p.get("api-group").is_none_or(|g| r.group == g))
        .filter(|r| !p.has("namespaced") || r.namespaced == (p.get("namespaced") != Some("false")))
        .collect();
    match p.get("sort-by") {
        None => {}
        Some("name") => rows.sort_by(|a, b| a.plural.cmp(&b.plural)),
        Some("kind") => rows.sort_by(|a, b| a.kind.cmp(&b.kind).then(a.plural.cmp(&b.plural))),
        Some(other) => return Output::err(format!("error: --sort-by accepts only name or kind, got {other}")),
    }
    if output == "name" {
        let names: String = rows
            .iter()
            .map(|r| if r.group.is_empty() { format!("{}\n", r.plural) } else { format!("{}.{}\n", r.plural, r.group) })
            .collect();
        return Output::ok(names);
    }
    let mut table_rows: Vec<Vec<String>> = Vec::new();
    if !p.bool("no-headers") {
        table_rows.push(["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"].map(String::from).to_vec());
    }
    for r in rows {
        table_rows.push(vec![r.plural, r.short.join(","), r.api_version, r.namespaced.to_string(), r.kind]);
    }
    Output::ok(table(&table_rows))
}

pub fn api_versions(c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, &[], "api-versions") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    if let Some(extra) = p.positional.first() {
        return Output::err(format!("error: unexpected arguments: [{extra}]\nSee 'kubectl api-versions -h' for help and examples"));
    }
    let mut versions: Vec<String> = SERVED.iter().map(|r| r.api_version.to_string()).chain(["autoscaling/v1".to_string()]).collect();
    for d in crate::apiserver::customresource::served(&c.store) {
        versions.extend(d.versions.iter().filter(|v| v.served).map(|v| d.api_version(&v.name)));
    }
    versions.sort_unstable();
    versions.dedup();
    Output::ok(versions.iter().map(|v| format!("{v}\n")).collect::<String>())
}

fn group(r: &Served) -> &'static str {
    r.api_version.rsplit_once('/').map(|(g, _)| g).unwrap_or("")
}
