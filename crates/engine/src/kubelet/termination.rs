//! A container's end as the kubelet reports it (kuberuntime_container.go:
//! `convertToAPIContainerStatuses`, `getTerminationMessage`,
//! `readLastStringFromContainerLogs`).

use super::{status_of, Which};
use crate::api::Api;
use crate::model::pod::{Container, Terminated};
use crate::model::pod_runtime::ContainerRun;
use crate::store::PodId;
use crate::time::Millis;

/// The most of the message file read: its last 4 KiB
/// (`kubecontainer.MaxContainerTerminationMessageLength`).
const FILE_BYTES: usize = 4 * 1024;
/// `FallbackToLogsOnError` reads the log's last 80 lines, at most 2 KiB of them
/// (`MaxContainerTerminationMessageLogLines`, `…LogLength`).
const LOG_LINES: usize = 80;
const LOG_BYTES: usize = 2 * 1024;

/// The terminated state of the container `w` that ran from `started` to `finished`: the
/// ID of the container that ended and the message its `terminationMessagePath` held.
pub(super) fn terminated(
    api: &Api,
    id: PodId,
    w: Which,
    ct: &Container,
    (code, reason): (i32, &str),
    started: Millis,
    finished: Millis,
) -> Terminated {
    let pod = api.store.pod(id).expect("synced pod exists");
    let message = w.run(pod).map(|run| message(ct, run, finished.saturating_sub(started), code)).unwrap_or_default();
    Terminated {
        container_id: status_of(api, id, w).container_id.clone(),
        exit_code: code,
        reason: reason.into(),
        message,
        started,
        finished,
    }
}

/// What the container left at its message path `elapsed` after its start (what its
/// process wrote, then what `kubectl exec` wrote); after a failure with
/// `FallbackToLogsOnError` and nothing there, its log's tail.
fn message(ct: &Container, run: &ContainerRun, elapsed: Millis, code: i32) -> String {
    let Some(process) = &run.process else { return String::new() };
    let path = ct.termination_path();
    let written = process
        .files()
        .iter()
        .filter(|f| f.path == path && f.from <= elapsed && f.until.is_none_or(|u| u > elapsed))
        .map(|f| f.content.as_str())
        .chain(run.copied().iter().filter(|(p, _)| p == path).map(|(_, c)| c.as_str()))
        .next_back()
        .unwrap_or("");
    if !written.is_empty() || !ct.fallback_to_logs || code == 0 {
        return tail(written, FILE_BYTES).to_string();
    }
    // kubeplay's own notes in the log are not the container's.
    let log: Vec<String> = process.output(elapsed).into_iter().filter(|l| !l.starts_with("kubeplay: ")).collect();
    let mut text = String::new();
    for line in &log[log.len().saturating_sub(LOG_LINES)..] {
        text.push_str(line);
        text.push('\n');
    }
    tail(&text, LOG_BYTES).to_string()
}

/// The last `max` bytes of `text`, from a character's start.
fn tail(text: &str, max: usize) -> &str {
    let mut from = text.len().saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}
