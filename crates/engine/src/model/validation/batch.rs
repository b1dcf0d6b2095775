//! Job and CronJob validation (`pkg/apis/batch/validation`).

use super::{str_at, Errors};
use crate::model::{Labels, Selector};
use crate::value::Value;

/// `ValidateJobSpec` at `path` (`spec`, or `spec.jobTemplate.spec` in a CronJob).
pub fn job_spec(errs: &mut Errors, spec: &Value, path: &str) {
    for field in ["parallelism", "completions", "backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished"] {
        errs.non_negative(&format!("{path}.{field}"), spec.get(field).and_then(Value::as_i64));
    }
    let indexed = match str_at(spec, "completionMode") {
        None | Some("NonIndexed") => false,
        Some("Indexed") => true,
        Some(other) => {
            errs.not_supported(&format!("{path}.completionMode"), other, &["NonIndexed", "Indexed"]);
            false
        }
    };
    if indexed && spec.get("completions").is_none_or(Value::is_null) {
        errs.required_with(&format!("{path}.completions"), "when completion mode is Indexed");
    }
    for field in ["backoffLimitPerIndex", "maxFailedIndexes"] {
        let v = spec.get(field).filter(|v| !v.is_null());
        errs.non_negative(&format!("{path}.{field}"), v.and_then(Value::as_i64));
        if let Some(v) = v.filter(|_| !indexed) {
            errs.invalid(&format!("{path}.{field}"), v, "requires indexed completion mode");
        }
    }
    if spec.get("maxFailedIndexes").is_some_and(|v| !v.is_null()) && spec.get("backoffLimitPerIndex").is_none_or(Value::is_null) {
        errs.required_with(&format!("{path}.backoffLimitPerIndex"), "when maxFailedIndexes is specified");
    }
    if indexed {
        super::job_policy::per_index(errs, spec, path);
    }
    super::job_policy::pod_failure_policy(errs, spec, path);
    super::job_policy::success_policy(errs, spec, path, indexed);
    let failure_policy = spec.get("podFailurePolicy").is_some_and(|p| !p.is_null());
    if let Some(p) = str_at(spec, "podReplacementPolicy") {
        let supported: &[&str] = if failure_policy { &["Failed"] } else { &["Failed", "TerminatingOrFailed"] };
        if !supported.contains(&p) {
            errs.not_supported(&format!("{path}.podReplacementPolicy"), p, supported);
        }
    }
    let empty = Value::Map(vec![]);
    let template = spec.get("template").unwrap_or(&empty);
    let labels_v = template.get("metadata").and_then(|m| m.get("labels"));
    super::labels(errs, labels_v, &format!("{path}.template.metadata.labels"));
    // A manual selector must match the template; a generated one always does.
    if spec.get("manualSelector").and_then(Value::as_bool) == Some(true) {
        match spec.get("selector").filter(|s| !s.is_null()) {
            None => errs.required(&format!("{path}.selector")),
            Some(sel) => {
                let labels = Labels::from_value(labels_v);
                if !Selector::from_label_selector(Some(sel)).is_some_and(|s| s.matches(&labels)) {
                    errs.invalid(
                        &format!("{path}.template.metadata.labels"),
                        labels_v.unwrap_or(&Value::Map(vec![])),
                        "`selector` does not match template `labels`",
                    );
                }
            }
        }
    }
    let pod_spec = template.get("spec").unwrap_or(&empty);
    super::pod::pod_spec(errs, pod_spec, &format!("{path}.template.spec"));
    // The Pod default, Always, is what a template that says nothing gets: the API server
    // asks for a value rather than refusing one the user did not write.
    let rp_path = format!("{path}.template.spec.restartPolicy");
    match str_at(pod_spec, "restartPolicy").unwrap_or("") {
        "Always" | "" => errs.required_with(&rp_path, "valid values: \"OnFailure\", \"Never\""),
        "OnFailure" | "Never" => {
            if failure_policy && str_at(pod_spec, "restartPolicy") != Some("Never") {
                errs.invalid(&rp_path, &Value::str("OnFailure"), "only \"Never\" is supported when podFailurePolicy is specified");
            }
        }
        other => errs.not_supported(&rp_path, other, &["OnFailure", "Never"]),
    }
    if indexed && spec.get("parallelism").and_then(Value::as_i64).is_some_and(|p| p > 100_000) {
        let p = spec.get("parallelism").cloned().unwrap_or(Value::Null);
        errs.invalid(&format!("{path}.parallelism"), &p, "must be less than or equal to 100000 when completion mode is Indexed");
    }
}

/// `validateTimeZone`. kubeplay has no time zone database: a name shaped like a real
/// zone it does not know gets a sentence of its own, any other the API server's words.
fn time_zone(errs: &mut Errors, tz: &str) {
    let path = "spec.timeZone";
    if tz.is_empty() {
        errs.invalid(path, &Value::str(tz), "timeZone must be nil or non-empty string");
        return;
    }
    let part_ok = |p: &str| {
        p != "."
            && p != ".."
            && !p.starts_with('-')
            && (1..=14).contains(&p.len())
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-+".contains(&b))
    };
    if !tz.split('/').all(part_ok) {
        errs.invalid(path, &Value::str(tz), &format!("unknown time zone {tz}"));
        return;
    }
    if tz.eq_ignore_ascii_case("Local") {
        errs.invalid(path, &Value::str(tz), "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        return;
    }
    if crate::model::cronjob::zone_offset(tz).is_some() {
        return;
    }
    const AREAS: &[&str] = &["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"];
    if tz.split_once('/').is_some_and(|(area, _)| AREAS.contains(&area)) {
        errs.invalid(
            path,
            &Value::str(tz),
            "kubeplay carries no time zone database: it knows UTC, Etc/GMT±N and zones without daylight saving time",
        );
    } else {
        errs.invalid(path, &Value::str(tz), &format!("unknown time zone {tz}"));
    }
}

/// `ValidateCronJobSpec`.
pub fn cronjob_spec(errs: &mut Errors, spec: &Value) {
    match str_at(spec, "schedule").filter(|s| !s.is_empty()) {
        None => errs.required("spec.schedule"),
        Some(s) => {
            if let Err(e) = crate::cron::parse(s) {
                errs.invalid("spec.schedule", &Value::str(s), &e);
            }
            if s.contains("TZ") {
                errs.invalid("spec.schedule", &Value::str(s), "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
            }
        }
    }
    if let Some(tz) = str_at(spec, "timeZone") {
        time_zone(errs, tz);
    }
    errs.non_negative("spec.startingDeadlineSeconds", spec.get("startingDeadlineSeconds").and_then(Value::as_i64));
    errs.non_negative("spec.successfulJobsHistoryLimit", spec.get("successfulJobsHistoryLimit").and_then(Value::as_i64));
    errs.non_negative("spec.failedJobsHistoryLimit", spec.get("failedJobsHistoryLimit").and_then(Value::as_i64));
    if let Some(p) = str_at(spec, "concurrencyPolicy") {
        if !["Allow", "Forbid", "Replace"].contains(&p) {
            errs.not_supported("spec.concurrencyPolicy", p, &["Allow", "Forbid", "Replace"]);
        }
    }
    let empty = Value::Map(vec![]);
    let jt = spec.get("jobTemplate").unwrap_or(&empty);
    if let Some(m) = jt.get("metadata") {
        super::labels(errs, m.get("labels"), "spec.jobTemplate.metadata.labels");
    }
    job_spec(errs, jt.get("spec").unwrap_or(&empty), "spec.jobTemplate.spec");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(restart: Option<&str>) -> Value {
        let mut pod = vec![(
            "containers".into(),
            Value::Seq(vec![Value::Map(vec![("name".into(), Value::str("c")), ("image".into(), Value::str("busybox"))])]),
        )];
        if let Some(r) = restart {
            pod.push(("restartPolicy".into(), Value::str(r)));
        }
        Value::Map(vec![("template".into(), Value::Map(vec![("spec".into(), Value::Map(pod))]))])
    }

    #[test]
    fn a_job_must_not_restart_always() {
        let mut e = Errors::default();
        job_spec(&mut e, &job(Some("Always")), "spec");
        assert_eq!(e.0[0].text, "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"");
        let mut e = Errors::default();
        job_spec(&mut e, &job(Some("Never")), "spec");
        assert!(e.is_empty(), "{:?}", e.0);
    }

    #[test]
    fn a_bad_schedule_says_what_the_parser_says() {
        let mut e = Errors::default();
        let mut spec = Value::Map(vec![("schedule".into(), Value::str("61 * * * *"))]);
        spec.set("jobTemplate", Value::Map(vec![("spec".into(), job(Some("OnFailure")))]));
        cronjob_spec(&mut e, &spec);
        assert_eq!(e.0[0].text, "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61");
    }

    #[test]
    fn time_zones_are_checked_as_the_api_server_does_where_kubeplay_can() {
        let text = |tz: &str| {
            let mut e = Errors::default();
            time_zone(&mut e, tz);
            e.0.first().map(|f| f.text.clone())
        };
        assert_eq!(text("Asia/Seoul"), None);
        assert_eq!(text("Etc/GMT-3"), None);
        assert_eq!(text("Mars/Olympus"), Some("spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus".into()));
        assert_eq!(text("../etc"), Some("spec.timeZone: Invalid value: \"../etc\": unknown time zone ../etc".into()));
        assert!(text("local").is_some_and(|t| t.ends_with("as defined in https://www.iana.org/time-zones")));
        assert!(text("Europe/Paris").is_some_and(|t| t.contains("kubeplay carries no time zone database")));
    }
}
