//! The CronJob controller (`pkg/controller/cronjob`, `ControllerV2`): at each scheduled
//! time it creates a Job named `<cronjob>-<minutes since the epoch>`, as its concurrency
//! policy allows, keeps `status.active`, `lastScheduleTime` and `lastSuccessfulTime`,
//! and deletes finished Jobs beyond the history limits.

use crate::api::{Api, Named, Wake};
use crate::events::EventType;
use crate::model::cronjob::{rfc3339_in, zone_offset, ActiveRef, Concurrency, CronJob, SCHEDULED_TIMESTAMP};
use crate::model::meta::OwnerRef;
use crate::model::{Job, Kind, ObjectRef};
use crate::time::{rfc1123z, Millis, EPOCH_UNIX_SECS, SECOND};
use crate::value::Value;
use std::collections::BTreeMap;
use std::rc::Rc;

/// `nextScheduleDelta`: the controller wakes this long after a scheduled time.
const NEXT_SCHEDULE_DELTA: Millis = 100;
/// More missed start times than this draw the `TooManyMissedTimes` warning.
const MANY_MISSED: i64 = 100;

#[derive(Clone, Default)]
pub struct CronJobController {
    /// The wake-up asked for each CronJob, so that syncs between schedules (a Job
    /// finishing) do not pile up wake-ups for the same instant.
    next_wake: BTreeMap<(String, String), Millis>,
    /// The slots each CronJob let pass without a Job, and why (what its events say), the
    /// latest `PASSED_KEPT`: the page's timeline of runs draws them.
    passed: BTreeMap<(String, String), Vec<(Millis, Passed)>>,
}

/// Why a scheduled time started no Job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Passed {
    /// `concurrencyPolicy: Forbid` and a Job still ran (`JobAlreadyActive`).
    Forbidden,
    /// Later than `startingDeadlineSeconds` allows (`MissSchedule`).
    Missed,
}

const PASSED_KEPT: usize = 10;

/// The minute a CronJob's Job was scheduled for, from its name (`<cronjob>-<minutes
/// since the Unix epoch>`, `getJobName`).
pub fn job_slot(cronjob: &str, job: &str) -> Option<Millis> {
    let minutes: i64 = job.strip_prefix(cronjob)?.strip_prefix('-')?.parse().ok()?;
    // A Job anyone may name: a suffix of twenty digits is not a minute of this era.
    let secs = minutes.checked_mul(60)?;
    (secs.checked_sub(EPOCH_UNIX_SECS)?.max(0) as Millis).checked_mul(SECOND).map(|_| sim(secs))
}

impl CronJobController {
    /// The slots the CronJob `ns/name` let pass, oldest first.
    pub fn passed(&self, ns: &str, name: &str) -> &[(Millis, Passed)] {
        self.passed.get(&(ns.to_string(), name.to_string())).map_or(&[], Vec::as_slice)
    }

    fn note_passed(&mut self, ns: &str, name: &str, at: Millis, why: Passed) {
        let list = self.passed.entry((ns.to_string(), name.to_string())).or_default();
        if !list.iter().any(|(t, _)| *t == at) {
            list.push((at, why));
            if list.len() > PASSED_KEPT {
                list.remove(0);
            }
        }
    }
}

fn unix(ms: Millis) -> i64 {
    EPOCH_UNIX_SECS + (ms / SECOND) as i64
}

fn sim(unix_secs: i64) -> Millis {
    (unix_secs - EPOCH_UNIX_SECS).max(0) as Millis * SECOND
}

/// `mostRecentScheduleTime`: the latest slot due since `earliest` (and the number of
/// missed slots, roughly, as the controller estimates it), or `None` if none is due.
fn most_recent(sched: &crate::cron::Schedule, offset: i64, earliest: Millis, now: Millis) -> Result<Option<(Millis, i64)>, String> {
    let now_s = unix(now);
    let Some(t1) = sched.next(unix(earliest), offset) else { return Ok(None) };
    if now_s < t1 {
        return Ok(None);
    }
    let Some(t2) = sched.next(t1, offset) else { return Ok(Some((sim(t1), 1))) };
    if now_s < t2 {
        return Ok(Some((sim(t1), 1)));
    }
    let between = t2 - t1;
    if between < 1 {
        return Err("time difference between two schedules is less than 1 second".into());
    }
    let missed = (now_s - t1) / between + 1;
    let mut t = t1 + (missed - 2) * between;
    let mut recent = t1;
    while let Some(n) = sched.next(t, offset).filter(|n| *n <= now_s) {
        recent = n;
        t = n;
    }
    Ok(Some((sim(recent), missed)))
}

/// When the CronJob next starts a Job by its schedule (`None`: suspended, or a schedule
/// or time zone the controller cannot read). What the page shows beside LAST SCHEDULE.
pub fn next_schedule(cj: &CronJob, now: Millis) -> Option<Millis> {
    if cj.spec.suspend {
        return None;
    }
    let sched = crate::cron::parse(&cj.spec.schedule).ok()?;
    let offset = zone_offset(cj.spec.time_zone.as_deref().unwrap_or("UTC"))?;
    sched.next(unix(now), offset).map(sim)
}

/// The Job's finished condition, if it has one.
fn finished(j: &Job) -> Option<&'static str> {
    let st = j.status.as_ref()?;
    if st.is_true("Complete") {
        Some("Complete")
    } else if st.is_true("Failed") {
        Some("Failed")
    } else {
        None
    }
}

impl CronJobController {
    pub fn sync(&mut self, api: &mut Api, ns: &str, name: &str) {
        let key = (ns.to_string(), name.to_string());
        let Some(cj) = api.store.cronjob(ns, name).cloned() else {
            self.next_wake.remove(&key);
            self.passed.remove(&key);
            return;
        };
        let now = api.now;
        let r = Rc::new(api.object_ref(Kind::CronJob, ns, name));
        let mut st = cj.status.clone();
        let jobs: Vec<Job> =
            api.store.jobs(Some(ns)).filter(|j| j.meta.controller().is_some_and(|o| *o.uid == *cj.meta.uid)).cloned().collect();
        for j in &jobs {
            let found = st.active.iter().any(|a| a.uid == j.meta.uid);
            match (found, finished(j)) {
                (false, None) => {
                    let msg = format!("Saw a job that the controller did not create or forgot: {}", j.meta.name);
                    api.record(r.clone(), EventType::Warning, "cronjob-controller", None, "UnexpectedJob", msg);
                }
                (true, Some(cond)) => {
                    st.active.retain(|a| a.uid != j.meta.uid);
                    let msg = format!("Saw completed job: {}, condition: {cond}", j.meta.name);
                    api.record(r.clone(), EventType::Normal, "cronjob-controller", None, "SawCompletedJob", msg);
                }
                _ => {}
            }
            if let (Some("Complete"), Some(done)) = (finished(j), j.status.as_ref().and_then(|s| s.completion_time)) {
                if st.last_successful.is_none_or(|t| done > t) {
                    st.last_successful = Some(done);
                }
            }
        }
        let gone: Vec<ActiveRef> = st.active.iter().filter(|a| !jobs.iter().any(|j| j.meta.uid == a.uid)).cloned().collect();
        for a in gone {
            api.record(
                r.clone(),
                EventType::Normal,
                "cronjob-controller",
                None,
                "MissingJob",
                format!("Active job went missing: {}", a.name),
            );
            st.active.retain(|x| x.uid != a.uid);
        }
        if cj.meta.deletion.is_none() && !cj.spec.suspend {
            self.schedule(api, &cj, &r, &mut st, now);
        }
        cleanup(api, &cj, &r, &jobs, &mut st);
        let rv = api.store.next_rv();
        if let Some(c) = api.store.cronjob_mut(ns, name) {
            if c.status != st {
                c.status = st;
                c.meta.resource_version = rv;
            }
        }
    }

    /// `syncCronJob`'s second half: creates the Job due now, if any, and asks to be
    /// woken for the next one.
    fn schedule(&mut self, api: &mut Api, cj: &CronJob, r: &Rc<ObjectRef>, st: &mut crate::model::cronjob::CronJobStatus, now: Millis) {
        let (ns, name) = (cj.meta.namespace.as_str(), cj.meta.name.as_str());
        let sched = match crate::cron::parse(&cj.spec.schedule) {
            Ok(s) => s,
            Err(e) => {
                let msg = format!("unparseable schedule: \"{}\" : {e}", cj.spec.schedule);
                api.record(r.clone(), EventType::Warning, "cronjob-controller", None, "UnparseableSchedule", msg);
                return;
            }
        };
        let Some(offset) = zone_offset(cj.spec.time_zone.as_deref().unwrap_or("UTC")) else {
            let msg = format!("invalid timeZone: {:?}", cj.spec.time_zone.as_deref().unwrap_or(""));
            api.record(r.clone(), EventType::Warning, "cronjob-controller", None, "UnknownTimeZone", msg);
            return;
        };
        let earliest = st.last_schedule.unwrap_or(cj.meta.creation);
        let with_deadline = match cj.spec.starting_deadline_seconds {
            Some(d) => earliest.max(now.saturating_sub((d.max(0) as Millis).saturating_mul(SECOND))),
            None => earliest,
        };
        let due = most_recent(&sched, offset, with_deadline, now);
        let mut requeue = true;
        if let Ok(Some((at, missed))) = due {
            if missed > MANY_MISSED {
                let msg = "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew";
                api.record(r.clone(), EventType::Warning, "cronjob-controller", None, "TooManyMissedTimes", msg);
            }
            let too_late =
                cj.spec.starting_deadline_seconds.is_some_and(|d| at.saturating_add((d.max(0) as Millis).saturating_mul(SECOND)) < now);
            let job_name = format!("{name}-{}", unix(at).div_euclid(60));
            if too_late {
                let msg = format!("Missed scheduled time to start a job: {}", rfc1123z(at));
                api.record(r.clone(), EventType::Warning, "cronjob-controller", None, "MissSchedule", msg);
                self.note_passed(ns, name, at, Passed::Missed);
            } else if st.active.iter().any(|a| a.name == job_name) || st.last_schedule == Some(at) {
                // Already handled.
            } else if cj.spec.concurrency == Concurrency::Forbid && !st.active.is_empty() {
                let msg = "Not starting job because prior execution is running and concurrency policy is Forbid";
                api.record(r.clone(), EventType::Normal, "cronjob-controller", None, "JobAlreadyActive", msg);
                self.note_passed(ns, name, at, Passed::Forbidden);
            } else {
                if cj.spec.concurrency == Concurrency::Replace {
                    for a in std::mem::take(&mut st.active) {
                        let _ = crate::apiserver::delete(api, Kind::Job, ns, &a.name, None);
                        api.record(
                            r.clone(),
                            EventType::Normal,
                            "cronjob-controller",
                            None,
                            "SuccessfulDelete",
                            format!("Deleted job {}", a.name),
                        );
                    }
                }
                match create_job(api, cj, &job_name, at, offset) {
                    Some(active) => {
                        api.record(
                            r.clone(),
                            EventType::Normal,
                            "cronjob-controller",
                            None,
                            "SuccessfulCreate",
                            format!("Created job {job_name}"),
                        );
                        st.active.push(active);
                        st.last_schedule = Some(at);
                    }
                    None => requeue = api.store.job(ns, &job_name).is_some(),
                }
            }
        }
        if !requeue {
            return;
        }
        // `nextScheduleTimeDuration`: the slot after the latest one due (or the earliest
        // time), a moment later.
        let base = match most_recent(&sched, offset, earliest, now) {
            Ok(Some((at, _))) => at,
            _ => earliest,
        };
        let Some(next) = sched.next(unix(base), offset) else { return };
        let at = sim(next).max(now) + NEXT_SCHEDULE_DELTA;
        let key = (ns.to_string(), name.to_string());
        if self.next_wake.get(&key) != Some(&at) {
            self.next_wake.insert(key, at);
            api.wake_at(at, Wake::SyncCronJob(Named::new(ns, name)));
        }
    }
}

/// `getJobFromTemplate2` and the create: the template's labels, annotations and spec
/// (defaulted as the API server defaults a Job), the scheduled-time annotation and the
/// CronJob as controller.
fn create_job(api: &mut Api, cj: &CronJob, job_name: &str, at: Millis, offset: i64) -> Option<ActiveRef> {
    let ns = cj.meta.namespace.as_str();
    let tmeta = cj.spec.job_template.get("metadata");
    let mut annotations = match tmeta.and_then(|m| m.get("annotations")) {
        Some(Value::Map(m)) => m.clone(),
        _ => vec![],
    };
    // Go writes a zero offset as `Z`, whatever the zone.
    annotations.push((SCHEDULED_TIMESTAMP.into(), Value::str(rfc3339_in(unix(at), offset, offset == 0))));
    let mut meta = vec![("name".into(), Value::str(job_name)), ("annotations".into(), Value::Map(annotations))];
    if let Some(l) = tmeta.and_then(|m| m.get("labels")).filter(|l| l.as_map().is_some_and(|m| !m.is_empty())) {
        meta.push(("labels".into(), l.clone()));
    }
    let mut obj = Value::Map(vec![("metadata".into(), Value::Map(meta)), ("spec".into(), cj.spec.job_spec())]);
    crate::model::defaults::apply(Kind::Job, &mut obj);
    crate::apiserver::create(api, Kind::Job, ns, obj).ok()?;
    let owner = OwnerRef {
        api_version: "batch/v1",
        kind: "CronJob",
        name: cj.meta.name.as_str().into(),
        uid: cj.meta.uid.as_str().into(),
        controller: true,
    };
    let rv = api.store.next_rv();
    let j = api.store.job_mut(ns, job_name)?;
    j.meta.add_owner(owner);
    j.meta.resource_version = rv;
    Some(ActiveRef { name: job_name.to_string(), uid: j.meta.uid.clone(), resource_version: rv })
}

/// `cleanupFinishedJobs`: the oldest finished Jobs beyond each history limit go.
fn cleanup(api: &mut Api, cj: &CronJob, r: &Rc<ObjectRef>, jobs: &[Job], st: &mut crate::model::cronjob::CronJobStatus) {
    for (cond, limit) in [("Complete", cj.spec.successful_history), ("Failed", cj.spec.failed_history)] {
        let mut done: Vec<&Job> = jobs.iter().filter(|j| finished(j) == Some(cond)).collect();
        let extra = done.len() as i64 - limit.max(0);
        if extra <= 0 {
            continue;
        }
        // `byJobStartTime`: by start time, those without one last, then by name.
        done.sort_by_key(|j| {
            (j.status.as_ref().and_then(|s| s.start_time).is_none(), j.status.as_ref().and_then(|s| s.start_time), j.meta.name.clone())
        });
        for j in done.into_iter().take(extra as usize) {
            let _ = crate::apiserver::delete(api, Kind::Job, &j.meta.namespace, &j.meta.name, None);
            st.active.retain(|a| a.uid != j.meta.uid);
            api.record(
                r.clone(),
                EventType::Normal,
                "cronjob-controller",
                None,
                "SuccessfulDelete",
                format!("Deleted job {}", j.meta.name),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_recent_slot_and_the_missed_count() {
        let every5 = crate::cron::parse("*/5 * * * *").unwrap();
        // Created at 04:48 (the first command): nothing due at 04:49, 04:50 due at 04:51.
        let t0 = crate::time::BOOT;
        assert_eq!(most_recent(&every5, 0, t0, t0 + 60 * SECOND), Ok(None));
        assert_eq!(most_recent(&every5, 0, t0, t0 + 3 * 60 * SECOND), Ok(Some((t0 + 2 * 60 * SECOND, 1))));
        // Two hours later, the 05:00 … 06:45 slots were missed: the latest is 06:45.
        let (at, missed) = most_recent(&every5, 0, t0, t0 + 120 * 60 * SECOND).unwrap().unwrap();
        assert_eq!(at, t0 + 117 * 60 * SECOND);
        assert_eq!(missed, 24);
    }

    #[test]
    fn a_jobs_minute_suffix_out_of_range_is_no_slot() {
        assert_eq!(job_slot("c", "c-29000000"), Some(sim(29_000_000 * 60)));
        assert_eq!(job_slot("c", "c-99999999999999999"), None);
        assert_eq!(job_slot("c", "c-999999999999999999"), None);
    }
}
