//! CronJobs over simulated days, pinned against the CronJob controller of v1.33: a Job
//! per slot named by its minute, the three concurrency policies, history limits,
//! startingDeadlineSeconds, suspension and time zones.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::model::Kind;
use engine::{Cluster, Preset};

const MINUTE: u64 = 60_000;
const HOUR: u64 = 60 * MINUTE;

fn cronjob(name: &str, schedule: &str, extra: &str, command: &str) -> String {
    format!(
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: {name}\nspec:\n  schedule: \"{schedule}\"\n{extra}  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers:\n          - name: c\n            image: busybox:1.36\n            command: [\"sh\", \"-c\", \"{command}\"]\n"
    )
}

fn cluster_with(manifest: &str) -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(manifest, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
    c
}

/// How many events of each reason the CronJob got, and their total count (repeats
/// aggregated into one event count as many).
fn count(c: &Cluster, name: &str, reason: &str) -> u64 {
    c.events
        .all()
        .filter(|e| e.involved.kind == Kind::CronJob && e.involved.name() == name && e.reason == reason)
        .map(|e| u64::from(e.count))
        .sum()
}

/// A `*/5` CronJob whose Jobs run seven minutes, over a day.
fn a_day(policy: &str) -> Cluster {
    let mut c = cluster_with(&cronjob("every5", "*/5 * * * *", &format!("  concurrencyPolicy: {policy}\n"), "sleep 420"));
    c.advance(24 * HOUR);
    c
}

#[test]
fn allow_starts_a_job_every_five_minutes_whatever_runs() {
    let c = a_day("Allow");
    // 04:50 … 04:45 the next day.
    assert_eq!(count(&c, "every5", "SuccessfulCreate"), 288);
    assert_eq!(count(&c, "every5", "JobAlreadyActive"), 0);
    let cj = c.store.cronjob("default", "every5").unwrap();
    // At 04:48 the 04:45 Job runs; the 04:40 one ended at about 04:47.
    assert_eq!(cj.status.active.len(), 1, "{:?}", cj.status.active);
    // Three successful Jobs kept, the others deleted oldest first.
    let finished = c.store.jobs(Some("default")).filter(|j| j.status.as_ref().is_some_and(|s| s.finished())).count();
    assert_eq!(finished, 3);
    assert_eq!(count(&c, "every5", "SuccessfulDelete"), 288 - 1 - 3);
    assert_eq!(count(&c, "every5", "SawCompletedJob"), 288 - 1);
}

#[test]
fn forbid_skips_the_slots_a_running_job_still_holds() {
    let c = a_day("Forbid");
    // A slot that finds a Job running is skipped, but without startingDeadlineSeconds
    // it is still due when that Job ends, and starts then: seven-minute Jobs run back to
    // back, 24 h / 7 min of them, and every slot but the first finds one running.
    assert_eq!(count(&c, "every5", "SuccessfulCreate"), 205);
    assert_eq!(count(&c, "every5", "JobAlreadyActive"), 287);
    let cj = c.store.cronjob("default", "every5").unwrap();
    assert_eq!(cj.status.active.len(), 1);
    // Never two at once.
    let starts: Vec<u64> = c.store.jobs(None).filter_map(|j| j.status.as_ref().and_then(|s| s.start_time)).collect();
    assert!(starts.windows(2).all(|w| w[1] >= w[0] + 7 * MINUTE), "{starts:?}");
}

#[test]
fn forbid_with_a_starting_deadline_drops_the_skipped_slots() {
    let extra = "  concurrencyPolicy: Forbid\n  startingDeadlineSeconds: 60\n";
    let mut c = cluster_with(&cronjob("every5", "*/5 * * * *", extra, "sleep 420"));
    c.advance(24 * HOUR);
    // The slot a Job holds is more than a minute old when it ends: one Job per ten minutes.
    assert_eq!(count(&c, "every5", "SuccessfulCreate"), 144);
    assert_eq!(count(&c, "every5", "JobAlreadyActive"), 144);
}

#[test]
fn replace_deletes_the_running_job_for_the_new_one() {
    let c = a_day("Replace");
    assert_eq!(count(&c, "every5", "SuccessfulCreate"), 288);
    // Every Job is replaced before it finishes, but the one still running.
    assert_eq!(count(&c, "every5", "SuccessfulDelete"), 287);
    assert_eq!(count(&c, "every5", "SawCompletedJob"), 0);
    assert_eq!(c.store.jobs(Some("default")).count(), 1);
    assert!(c.store.cronjob("default", "every5").unwrap().status.last_successful.is_none());
}

#[test]
fn jobs_are_named_by_the_minute_of_their_slot_and_annotated_with_it() {
    let mut c = cluster_with(&cronjob("hello", "* * * * *", "", "echo hello"));
    c.advance(90_000);
    let j = c.store.jobs(Some("default")).next().expect("one job");
    // 2025-05-24T04:49:00Z is minute 29134369 since the epoch.
    assert_eq!(j.meta.name, "hello-29134369");
    assert_eq!(j.meta.annotations.get("batch.kubernetes.io/cronjob-scheduled-timestamp"), Some("2025-05-24T04:49:00Z"));
    assert_eq!(j.meta.creation, engine::time::BOOT + 60_000 + 100, "created a moment after the slot");
    assert_eq!(j.meta.controller().map(|o| o.kind), Some("CronJob"));
    let pod = c.kubectl("kubectl get pods --no-headers", &NoFiles).stdout;
    assert!(pod.starts_with("hello-29134369-"), "{pod}");
    let row = c.kubectl("kubectl get cronjob hello --no-headers", &NoFiles).stdout;
    let cells: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cells, ["hello", "*", "*", "*", "*", "*", "<none>", "False", "0", "30s", "90s"]);
}

#[test]
fn a_suspended_cronjob_creates_nothing() {
    let mut c = cluster_with(&cronjob("held", "* * * * *", "  suspend: true\n", "true"));
    c.advance(HOUR);
    assert_eq!(c.store.jobs(None).count(), 0);
    assert!(c.store.cronjob("default", "held").unwrap().status.last_schedule.is_none());
}

#[test]
fn a_zone_moves_the_slots_and_the_annotation_carries_it() {
    // 09:00 in Seoul is 00:00 UTC: the first run is 19 h 12 min after 04:48 UTC.
    let mut c = cluster_with(&cronjob("seoul", "0 9 * * *", "  timeZone: Asia/Seoul\n", "true"));
    c.advance(19 * HOUR + 12 * MINUTE - 1000);
    assert_eq!(c.store.jobs(None).count(), 0);
    c.advance(2000);
    let j = c.store.jobs(Some("default")).next().expect("one job");
    assert_eq!(j.meta.annotations.get("batch.kubernetes.io/cronjob-scheduled-timestamp"), Some("2025-05-25T09:00:00+09:00"));
    let tz = c.kubectl("kubectl get cj seoul --no-headers", &NoFiles).stdout;
    assert!(tz.contains("Asia/Seoul"), "{tz}");
}

#[test]
fn a_slot_past_the_starting_deadline_is_missed() {
    // Suspended over the 04:50 slot, resumed at 04:52:30 with a 60 s deadline.
    let text = |suspend: bool| cronjob("late", "*/5 * * * *", &format!("  suspend: {suspend}\n  startingDeadlineSeconds: 60\n"), "true");
    let mut c = cluster_with(&text(true));
    c.advance(4 * MINUTE + 30_000);
    assert!(c.apply_text(&text(false), "t.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(MINUTE);
    assert_eq!(c.store.jobs(None).count(), 0, "04:50 is more than 60 s past: not run");
    c.advance(2 * MINUTE);
    assert_eq!(c.store.jobs(None).count(), 1, "04:55 runs");
}

#[test]
fn too_many_missed_slots_warn_and_the_latest_still_runs() {
    let text = |suspend: bool| cronjob("behind", "* * * * *", &format!("  suspend: {suspend}\n"), "true");
    let mut c = cluster_with(&text(true));
    c.advance(3 * HOUR);
    assert!(c.apply_text(&text(false), "t.yaml", "default", Mode::Apply).errors.is_empty());
    assert_eq!(count(&c, "behind", "TooManyMissedTimes"), 1);
    assert_eq!(c.store.jobs(None).count(), 1, "the most recent slot runs");
}

#[test]
fn a_bad_schedule_is_refused_with_the_parsers_words() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 1);
    let r = c.apply_text(&cronjob("bad", "*/5 * * *", "", "true"), "t.yaml", "default", Mode::Apply);
    assert_eq!(
        r.errors[0].text,
        "The CronJob \"bad\" is invalid: spec.schedule: Invalid value: \"*/5 * * *\": expected exactly 5 fields, found 4: [*/5 * * *]"
    );
    let r = c.apply_text(&cronjob("bad", "0 0 * * MON-FUN", "", "true"), "t.yaml", "default", Mode::Apply);
    assert!(r.errors[0].text.ends_with("failed to parse int from FUN: strconv.Atoi: parsing \"FUN\": invalid syntax"), "{:?}", r.errors);
}

#[test]
fn create_job_from_a_cronjob_is_marked_manual() {
    let mut c = cluster_with(&cronjob("nightly", "@daily", "", "true"));
    let out = c.kubectl("kubectl create job now --from=cronjob/nightly", &NoFiles);
    assert_eq!(out.stdout, "job.batch/now created\n");
    let j = c.store.job("default", "now").unwrap();
    assert_eq!(j.meta.annotations.get("cronjob.kubernetes.io/instantiate"), Some("manual"));
    assert_eq!(j.meta.controller().map(|o| o.name.to_string()), Some("nightly".to_string()));
    assert_eq!(j.spec.backoff_limit, 6, "defaulted as any Job");
}

#[test]
fn the_same_seed_gives_the_same_day_of_jobs() {
    let text = format!(
        "{}---\n{}",
        cronjob("tick", "*/7 * * * *", "  concurrencyPolicy: Replace\n", "sleep 500"),
        cronjob("flaky", "@hourly", "", "exit 1")
    );
    let run = || {
        let mut c = cluster_with(&text);
        c.advance(6 * HOUR);
        c.event_log()
    };
    let log = run();
    assert!(log.contains("BackoffLimitExceeded") && log.contains("SuccessfulDelete"), "{log}");
    assert_eq!(log, run());
}

/// The page's timeline of runs: each kept Job at its scheduled minute with its outcome
/// and how long it took, the slots `Forbid` let pass while a Job ran, and the next run.
#[test]
fn the_timeline_places_runs_skipped_slots_and_the_next_run() {
    use engine::view::RunOutcome;
    let mut c = cluster_with(&cronjob("tick", "* * * * *", "  concurrencyPolicy: Forbid\n", "sleep 90"));
    c.advance(6 * MINUTE + 30_000);
    let view = engine::view::of(&c);
    let cj = view.cronjobs.iter().find(|j| j.name == "tick").expect("drawn");
    let outcomes: Vec<RunOutcome> = cj.runs.iter().map(|r| r.outcome).collect();
    assert!(outcomes.contains(&RunOutcome::Complete), "{:?}", cj.runs);
    assert!(outcomes.contains(&RunOutcome::Forbidden), "a slot passes while the 90s Job runs: {:?}", cj.runs);
    assert!(cj.runs.windows(2).all(|w| w[0].scheduled < w[1].scheduled), "oldest first, one per slot: {:?}", cj.runs);
    assert!(cj.runs.iter().all(|r| r.scheduled % MINUTE == 0), "on the minute: {:?}", cj.runs);
    for r in cj.runs.iter().filter(|r| r.outcome == RunOutcome::Complete) {
        let took = r.took.expect("a finished Job has a duration");
        assert!((90_000..100_000).contains(&took), "{r:?}");
        assert!(r.job.as_deref().is_some_and(|j| j.starts_with("tick-")), "{r:?}");
    }
    for r in cj.runs.iter().filter(|r| r.outcome == RunOutcome::Forbidden) {
        assert_eq!(r.job, None);
    }
    let next = cj.next_at.expect("a next run");
    assert!(next > c.now() && next - c.now() <= MINUTE, "{next}");
}
