//! The boxes of the drawing's band for each workload controller: a title, a line of
//! what kubectl's columns say, and lines under it (a StatefulSet's ordinals with their
//! claims, a DaemonSet's pod on each node or why it has none, a CronJob's Jobs, a Job's
//! counts). Only words: the drawing places and draws them.

use crate::i18n::{text, Key, Lang};
use crate::state::Selection;
use engine::view::{CronJobView, Look, RunOutcome, ViewModel};

/// A CronJob's box lists its newest Jobs, at most this many; the time axis under them
/// shows the others the history limits keep (three that succeeded, one that failed).
const CRON_JOBS_SHOWN: usize = 2;

/// One line under a box's title: a status glyph (coloured by its look) and words.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub look: Option<Look>,
    pub glyph: &'static str,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BandBox {
    /// `data-test` of the box: `statefulset`, `daemonset`, `job`, `cronjob`.
    pub test: &'static str,
    pub name: String,
    /// The owner whose outline colour the box takes (`StatefulSet/web`).
    pub owner: String,
    pub sub: String,
    pub rows: Vec<Row>,
    /// A Job's succeeded share of its completions, drawn as a bar.
    pub progress: Option<f64>,
    /// A CronJob's recent runs on a time axis.
    pub timeline: Option<Timeline>,
    pub selection: Selection,
}

/// A CronJob's runs placed on an axis from its oldest shown scheduled time to its next.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    pub marks: Vec<Mark>,
    /// The axis' ends as clock times (`04:52`, `04:59`).
    pub from: String,
    pub to: String,
}

/// One scheduled time on the axis: where it starts and how much of the axis its Job took,
/// as shares of the axis' length.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub at: f64,
    pub width: f64,
    /// `complete`, `failed`, `running`, `forbidden`, `missed` or `next`: its CSS class.
    pub class: &'static str,
    /// What it says when pointed at, and what tests read: time, Job, outcome, duration.
    pub label: String,
}

fn clock(ms: u64) -> String {
    let t = engine::time::rfc3339(ms);
    t.get(11..16).unwrap_or(&t).to_string()
}

/// The timeline of a CronJob that has run or will run.
pub fn timeline(c: &CronJobView, l: Lang) -> Option<Timeline> {
    let first = c.runs.first().map(|r| r.scheduled).or(c.next_at)?;
    let last_end = c.runs.iter().map(|r| r.scheduled + r.took.unwrap_or(0)).max().unwrap_or(first);
    let end = c.next_at.unwrap_or(last_end).max(last_end).max(first + 60_000);
    let span = (end - first) as f64;
    let share = |ms: u64| ms as f64 / span;
    let mut marks: Vec<Mark> = c
        .runs
        .iter()
        .map(|r| {
            let (class, word) = match r.outcome {
                RunOutcome::Complete => ("complete", "Complete"),
                RunOutcome::Failed => ("failed", "Failed"),
                RunOutcome::Running => ("running", "Running"),
                RunOutcome::Forbidden => ("forbidden", text(l, Key::RunForbidden)),
                RunOutcome::Missed => ("missed", text(l, Key::RunMissed)),
            };
            let took = r.took.map(|t| format!(" · {}", engine::time::go_duration(t / 1000 * 1000))).unwrap_or_default();
            let job = r.job.as_deref().map(|j| format!(" · {j}")).unwrap_or_default();
            Mark {
                at: share(r.scheduled - first),
                width: share(r.took.unwrap_or(0)),
                class,
                label: format!("{}{job} · {word}{took}", clock(r.scheduled)),
            }
        })
        .collect();
    if let Some(next) = c.next_at {
        marks.push(Mark {
            at: share(next - first),
            width: 0.0,
            class: "next",
            label: format!("{} · {} {}", clock(next), text(l, Key::NextSchedule), c.next_in.clone().unwrap_or_default()),
        });
    }
    Some(Timeline { marks, from: clock(first), to: clock(end) })
}

fn row(look: Option<Look>, text: String) -> Row {
    Row { look, glyph: look.map_or("–", Look::glyph), text }
}

fn job_counts(l: Lang, active: i64, succeeded: i64, failed: i64) -> String {
    format!("{} {active} · {} {succeeded} · {} {failed}", text(l, Key::JobActive), text(l, Key::JobSucceeded), text(l, Key::JobFailed))
}

/// A Job's COMPLETIONS (`2/5`) as a share.
fn progress(completions: &str) -> Option<f64> {
    let (done, want) = completions.split_once('/')?;
    let want: f64 = want.split(' ').next()?.parse().ok()?;
    let done: f64 = done.parse().ok()?;
    (want > 0.0).then(|| (done / want).clamp(0.0, 1.0))
}

/// The look a Job's status reads as, for its glyph.
fn job_look(status: &str) -> Option<Look> {
    match status {
        "Complete" => Some(Look::Completed),
        "Failed" => Some(Look::Failed),
        "Running" => Some(Look::Running),
        _ => None,
    }
}

/// The workloads' boxes in the band's order: StatefulSets, DaemonSets, CronJobs, then
/// the Jobs no CronJob made (a CronJob's are lines of its box).
pub fn boxes(vm: &ViewModel, l: Lang) -> Vec<BandBox> {
    let mut out = Vec::new();
    for s in &vm.statefulsets {
        let rows = s
            .ordinals
            .iter()
            .map(|o| {
                let claims: Vec<String> = o.claims.iter().map(|c| format!("{} {}", c.name, c.phase)).collect();
                let pod = if o.look.is_some() { o.pod.clone() } else { format!("{} ({})", o.pod, text(l, Key::NoPod)) };
                let text = if claims.is_empty() { pod } else { format!("{pod} · {}", claims.join(", ")) };
                row(o.look, text)
            })
            .collect();
        out.push(BandBox {
            test: "statefulset",
            name: s.name.clone(),
            owner: format!("StatefulSet/{}", s.name),
            sub: format!("StatefulSet · {}", s.ready),
            rows,
            progress: None,
            timeline: None,
            selection: Selection::StatefulSet(s.name.clone()),
        });
    }
    for d in &vm.daemonsets {
        let rows = d
            .nodes
            .iter()
            .map(|n| match (&n.pod, &n.excluded) {
                (Some(pod), _) => row(n.look, format!("{}: {pod}", n.node)),
                (None, Some(why)) => Row { look: None, glyph: "✕", text: format!("{}: {why}", n.node) },
                (None, None) => row(None, format!("{}: {}", n.node, text(l, Key::NotMadeYet))),
            })
            .collect();
        out.push(BandBox {
            test: "daemonset",
            name: d.name.clone(),
            owner: format!("DaemonSet/{}", d.name),
            sub: format!("DaemonSet · {}/{}", d.ready, d.desired),
            rows,
            progress: None,
            timeline: None,
            selection: Selection::DaemonSet(d.name.clone()),
        });
    }
    for c in &vm.cronjobs {
        let mut sub = format!("CronJob · {}", c.schedule);
        if c.suspend {
            sub.push_str(&format!(" · {}", text(l, Key::Suspended)));
        }
        let mut rows = vec![Row {
            look: None,
            glyph: "•",
            text: format!("{} {} · {} {}", text(l, Key::LastSchedule), c.last_schedule, text(l, Key::JobActive), c.active),
        }];
        if let Some(next) = &c.next_in {
            rows.push(Row { look: None, glyph: "→", text: format!("{} {next}", text(l, Key::NextSchedule)) });
        }
        let skip = c.jobs.len().saturating_sub(CRON_JOBS_SHOWN);
        rows.extend(c.jobs.iter().skip(skip).map(|j| row(job_look(&j.status), format!("{} · {} · {}", j.name, j.completions, j.status))));
        out.push(BandBox {
            test: "cronjob",
            name: c.name.clone(),
            owner: format!("CronJob/{}", c.name),
            sub,
            rows,
            progress: None,
            timeline: timeline(c, l),
            selection: Selection::CronJob(c.name.clone()),
        });
    }
    for j in vm.jobs.iter().filter(|j| j.cronjob.is_none()) {
        out.push(BandBox {
            test: "job",
            name: j.name.clone(),
            owner: format!("Job/{}", j.name),
            sub: format!("Job · {} · {}", j.completions, j.status),
            rows: vec![row(job_look(&j.status), job_counts(l, j.active, j.succeeded, j.failed))],
            progress: progress(&j.completions),
            timeline: None,
            selection: Selection::Job(j.name.clone()),
        });
    }
    out
}
