//! `kubectl events [--for TYPE/NAME] [--types Normal,Warning] [-A]` (kubectl's
//! `pkg/cmd/events`): the namespace's events, oldest first by when they were last seen,
//! with the object as `Kind/name`.

use super::args::{self, flag, FlagSpec};
use super::get::{event_ns, ObjRef};
use super::{tabwriter, Output, World};
use crate::model::Kind;
use crate::time::human_duration;
use crate::value::Value;

const EVENTS_FLAGS: &[FlagSpec] = &[
    flag("for", None, true),
    flag("types", None, true),
    flag("all-namespaces", Some('A'), false),
    flag("watch", Some('w'), false),
    flag("output", Some('o'), true),
    flag("no-headers", None, false),
    flag("chunk-size", None, true),
];

pub fn events(c: &World, rest: &[String]) -> Output {
    let p = match args::parse(rest, EVENTS_FLAGS, "events") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let types: Vec<&str> = p.all("types").into_iter().flat_map(|t| t.split(',')).filter(|t| !t.is_empty()).collect();
    if types.iter().any(|t| !t.eq_ignore_ascii_case("Normal") && !t.eq_ignore_ascii_case("Warning")) {
        return Output::err("error: valid --types are Normal or Warning");
    }
    let target = match p.get("for") {
        None => None,
        Some(f) => {
            let Some((ty, name)) = f.split_once('/') else { return Output::err("error: --for must be in resource/name form") };
            if name.contains('/') {
                return Output::err("error: arguments in resource/name form may not have more than one slash");
            }
            match Kind::from_resource_arg(ty) {
                Some(k) => Some((k, name.to_string())),
                None => return Output::err(crate::model::served::unknown_resource_type(ty)),
            }
        }
    };
    if p.bool("watch") {
        return Output::err("kubeplay: --watch streams events forever; in a script, use `sleep 10s` and run `kubectl events` again (the page shows changes live).");
    }
    let output = p.get("output").unwrap_or("");
    if !["", "yaml", "json"].contains(&output) {
        return Output::err(format!("kubeplay: kubectl events -o {output} is not simulated; -o yaml and -o json are."));
    }
    let all = p.bool("all-namespaces");
    let ns = super::namespace(&p);
    let mut list: Vec<&crate::events::Event> = super::get::list(c, Kind::Event, if all { None } else { Some(ns.as_str()) })
        .iter()
        .filter_map(|r: &ObjRef| c.events.by_name(&r.name))
        .filter(|e| types.is_empty() || types.iter().any(|t| t.eq_ignore_ascii_case(e.kind.as_str())))
        .filter(|e| target.as_ref().is_none_or(|(k, n)| e.involved.kind == *k && e.involved.name() == *n))
        .collect();
    if list.is_empty() {
        let msg = if all { "No events found.\n".to_string() } else { format!("No events found in {ns} namespace.\n") };
        return Output { stderr: msg, ..Default::default() };
    }
    // A stable sort: events seen at the same time keep the API's (name) order.
    list.sort_by_key(|e| e.last);
    if output == "yaml" || output == "json" {
        let items = list.iter().map(|e| super::get::event_value(e)).collect();
        let v = Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("items".into(), Value::Seq(items)),
            ("kind".into(), Value::str("EventList")),
            ("metadata".into(), Value::Map(vec![("resourceVersion".into(), Value::str(""))])),
        ]);
        return Output::ok(if output == "yaml" { v.to_yaml() } else { v.to_json_pretty() });
    }
    let now = c.now();
    let mut rows = Vec::new();
    if !p.bool("no-headers") {
        let mut h: Vec<String> = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"].iter().map(|s| s.to_string()).collect();
        if all {
            h.insert(0, "NAMESPACE".into());
        }
        rows.push(h);
    }
    for e in list {
        let first = human_duration(now as i64 - e.first as i64);
        let seen = if e.count > 1 { format!("{} (x{} over {first})", human_duration(now as i64 - e.last as i64), e.count) } else { first };
        let mut row = vec![
            seen,
            e.kind.as_str().to_string(),
            e.reason.to_string(),
            format!("{}/{}", e.involved.kind.info().name, e.involved.name()),
            e.message().trim().to_string(),
        ];
        if all {
            row.insert(0, event_ns(e));
        }
        rows.push(row);
    }
    Output::ok(tabwriter::table(&rows))
}
