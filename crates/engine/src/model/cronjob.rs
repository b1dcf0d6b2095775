//! CronJobs (`batch/v1`): the schedule and policies the CronJob controller acts on, read
//! from the defaulted spec (kept whole), and the status it writes.

use super::meta::ObjectMeta;
use crate::time::{rfc3339, Millis};
use crate::value::Value;

/// On each Job a CronJob creates: the slot it was created for, in the CronJob's zone.
pub const SCHEDULED_TIMESTAMP: &str = "batch.kubernetes.io/cronjob-scheduled-timestamp";
/// On a Job made by `kubectl create job --from=cronjob/…`.
pub const INSTANTIATE: &str = "cronjob.kubernetes.io/instantiate";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concurrency {
    Allow,
    Forbid,
    Replace,
}

impl Concurrency {
    pub fn as_str(self) -> &'static str {
        match self {
            Concurrency::Allow => "Allow",
            Concurrency::Forbid => "Forbid",
            Concurrency::Replace => "Replace",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CronJobSpec {
    pub schedule: String,
    pub time_zone: Option<String>,
    pub starting_deadline_seconds: Option<i64>,
    pub concurrency: Concurrency,
    pub suspend: bool,
    pub successful_history: i64,
    pub failed_history: i64,
    /// `jobTemplate` as written: its metadata and the Job spec.
    pub job_template: Value,
    raw: Value,
}

impl CronJobSpec {
    pub fn from_value(raw: Value) -> CronJobSpec {
        let int = |k: &str| raw.get(k).and_then(Value::as_i64);
        CronJobSpec {
            schedule: raw.get("schedule").and_then(Value::as_str).unwrap_or("").to_string(),
            time_zone: raw.get("timeZone").and_then(Value::as_str).map(String::from),
            starting_deadline_seconds: int("startingDeadlineSeconds"),
            concurrency: match raw.get("concurrencyPolicy").and_then(Value::as_str) {
                Some("Forbid") => Concurrency::Forbid,
                Some("Replace") => Concurrency::Replace,
                _ => Concurrency::Allow,
            },
            suspend: raw.get("suspend").and_then(Value::as_bool).unwrap_or(false),
            successful_history: int("successfulJobsHistoryLimit").unwrap_or(3),
            failed_history: int("failedJobsHistoryLimit").unwrap_or(1),
            job_template: raw.get("jobTemplate").cloned().unwrap_or(Value::Null),
            raw,
        }
    }

    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Changes the written spec and reads it again; whether anything changed.
    pub fn edit(&mut self, f: impl FnOnce(&mut Value)) -> bool {
        super::edit_written(self, Self::raw, CronJobSpec::from_value, f)
    }

    /// The Job spec of the template.
    pub fn job_spec(&self) -> Value {
        self.job_template.get("spec").cloned().unwrap_or(Value::Map(vec![]))
    }
}

/// A Job the CronJob counts as running (`status.active`).
#[derive(Clone, Debug, PartialEq)]
pub struct ActiveRef {
    pub name: String,
    pub uid: String,
    pub resource_version: u64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CronJobStatus {
    pub active: Vec<ActiveRef>,
    pub last_schedule: Option<Millis>,
    pub last_successful: Option<Millis>,
}

impl CronJobStatus {
    fn to_value(&self, ns: &str) -> Value {
        let mut m = vec![];
        if !self.active.is_empty() {
            let refs = self
                .active
                .iter()
                .map(|a| {
                    Value::Map(vec![
                        ("apiVersion".into(), Value::str("batch/v1")),
                        ("kind".into(), Value::str("Job")),
                        ("name".into(), Value::str(a.name.clone())),
                        ("namespace".into(), Value::str(ns)),
                        ("resourceVersion".into(), Value::str(a.resource_version.to_string())),
                        ("uid".into(), Value::str(a.uid.clone())),
                    ])
                })
                .collect();
            m.push(("active".into(), Value::Seq(refs)));
        }
        if let Some(t) = self.last_schedule {
            m.push(("lastScheduleTime".into(), Value::str(rfc3339(t))));
        }
        if let Some(t) = self.last_successful {
            m.push(("lastSuccessfulTime".into(), Value::str(rfc3339(t))));
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct CronJob {
    pub meta: ObjectMeta,
    pub spec: CronJobSpec,
    pub status: CronJobStatus,
}

impl CronJob {
    pub fn to_value(&self) -> Value {
        Value::Map(vec![
            ("apiVersion".into(), Value::str("batch/v1")),
            ("kind".into(), Value::str("CronJob")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), self.spec.raw.clone()),
            ("status".into(), self.status.to_value(&self.meta.namespace)),
        ])
    }
}

/// A zone kubeplay can place a schedule in: its offset east of UTC in seconds. kubeplay
/// carries no time zone database, so only UTC, the fixed `Etc/GMT±N` zones and zones
/// without daylight saving time are known.
pub fn zone_offset(name: &str) -> Option<i64> {
    const FIXED: &[(&str, i64)] = &[
        ("UTC", 0),
        ("Etc/UTC", 0),
        ("Etc/GMT", 0),
        ("GMT", 0),
        ("Etc/Universal", 0),
        ("Universal", 0),
        ("Etc/Zulu", 0),
        ("Zulu", 0),
        ("Asia/Seoul", 9 * 3600),
        ("Asia/Tokyo", 9 * 3600),
        ("Asia/Shanghai", 8 * 3600),
        ("Asia/Hong_Kong", 8 * 3600),
        ("Asia/Singapore", 8 * 3600),
        ("Asia/Taipei", 8 * 3600),
        ("Asia/Kolkata", 5 * 3600 + 1800),
        ("Asia/Dubai", 4 * 3600),
        ("Asia/Jakarta", 7 * 3600),
        ("Asia/Bangkok", 7 * 3600),
        ("Asia/Ho_Chi_Minh", 7 * 3600),
        ("Asia/Manila", 8 * 3600),
        ("Africa/Lagos", 3600),
        ("Africa/Nairobi", 3 * 3600),
        ("Africa/Johannesburg", 2 * 3600),
        ("Europe/Moscow", 3 * 3600),
        ("Europe/Istanbul", 3 * 3600),
        ("America/Sao_Paulo", -3 * 3600),
        ("America/Argentina/Buenos_Aires", -3 * 3600),
        ("America/Bogota", -5 * 3600),
        ("America/Lima", -5 * 3600),
        ("America/Phoenix", -7 * 3600),
        ("Pacific/Honolulu", -10 * 3600),
    ];
    if let Some((_, o)) = FIXED.iter().find(|(n, _)| *n == name) {
        return Some(*o);
    }
    // `Etc/GMT+5` is five hours *behind* UTC (the POSIX sign).
    let rest = name.strip_prefix("Etc/GMT")?;
    let (sign, digits) = match rest.split_at_checked(1)? {
        ("+", d) => (-1, d),
        ("-", d) => (1, d),
        _ => return None,
    };
    let hours: i64 = digits.parse().ok().filter(|h| (0..=14).contains(h) && !digits.starts_with('0') || digits == "0")?;
    if sign == -1 && hours > 12 {
        return None;
    }
    Some(sign * hours * 3600)
}

/// RFC 3339 of a Unix instant in a zone `offset` seconds east (`Z` for UTC).
pub fn rfc3339_in(unix: i64, offset: i64, utc: bool) -> String {
    let local = unix + offset;
    let (y, m, d, _) = crate::time::civil_day(local.div_euclid(86_400));
    let s = local.rem_euclid(86_400);
    let base = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
    if utc {
        return base + "Z";
    }
    let sign = if offset < 0 { '-' } else { '+' };
    let o = offset.abs();
    format!("{base}{sign}{:02}:{:02}", o / 3600, (o % 3600) / 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_zones_and_their_posix_signs() {
        assert_eq!(zone_offset("UTC"), Some(0));
        assert_eq!(zone_offset("Etc/GMT+5"), Some(-5 * 3600));
        assert_eq!(zone_offset("Etc/GMT-14"), Some(14 * 3600));
        assert_eq!(zone_offset("Etc/GMT+13"), None);
        assert_eq!(zone_offset("Etc/GMT+05"), None);
        assert_eq!(zone_offset("Asia/Seoul"), Some(9 * 3600));
        assert_eq!(zone_offset("America/New_York"), None, "daylight saving time needs the database");
        assert_eq!(zone_offset("Etc/GMT+"), None);
    }

    #[test]
    fn timestamps_carry_the_zone() {
        let t = crate::time::EPOCH_UNIX_SECS + (crate::time::BOOT / 1000) as i64 + 12 * 60;
        assert_eq!(rfc3339_in(t, 0, true), "2025-05-24T05:00:00Z");
        assert_eq!(rfc3339_in(t, 9 * 3600, false), "2025-05-24T14:00:00+09:00");
        assert_eq!(rfc3339_in(t, -5 * 3600, false), "2025-05-24T00:00:00-05:00");
    }
}
