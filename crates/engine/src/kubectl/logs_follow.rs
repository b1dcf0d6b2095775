//! `kubectl logs -f`: the lines so far, then each new line the container writes, until
//! its process ends (the stream closes when the container stops, even if it restarts) or
//! the pod goes. A terminal follows until Ctrl-C; a script cannot press it, so the follow
//! lets simulated time run until the container ends or a minute passes without a line
//! (at most ten), and says which; the page follows as its clock plays.

use super::World;
use crate::model::pod::ContainerState;
use crate::store::PodId;
use crate::time::{go_duration, Millis};

/// A stream being followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Follow {
    ns: String,
    pod: String,
    uid: String,
    index: usize,
    /// The container instance followed: a restart ends its stream.
    restarts: u32,
    printed: usize,
}

impl Follow {
    /// Following container `index` of pod `id` after `printed` lines were shown.
    pub(super) fn new(c: &World, id: PodId, index: usize, printed: usize) -> Option<Follow> {
        let pod = c.store.pod(id)?;
        let status = pod.status.statuses.get(index)?;
        if matches!(status.state, ContainerState::Terminated(_)) {
            return None;
        }
        Some(Follow {
            ns: pod.meta.namespace.to_string(),
            pod: pod.meta.name.to_string(),
            uid: pod.meta.uid.to_string(),
            index,
            restarts: status.restart_count,
            printed,
        })
    }

    /// The lines written since the last look, and whether the stream has closed.
    pub fn poll(&mut self, c: &World) -> (String, bool) {
        let Some(id) = c.store.pod_id(&self.ns, &self.pod).filter(|id| c.store.pod(*id).is_some_and(|p| *p.meta.uid == *self.uid)) else {
            return (String::new(), true);
        };
        let Some(status) = c.store.pod(id).and_then(|p| p.status.statuses.get(self.index)) else { return (String::new(), true) };
        // A restarted container's earlier instance is the one followed: its last lines.
        let restarted = status.restart_count != self.restarts;
        let lines = crate::kubelet::logs(c, id, self.index, restarted).unwrap_or_default();
        let mut out = String::new();
        for l in lines.iter().skip(self.printed) {
            out.push_str(l);
            out.push('\n');
        }
        self.printed = self.printed.max(lines.len());
        (out, restarted || matches!(status.state, ContainerState::Terminated(_)))
    }
}

/// What a script prints when it stops following a stream that had not closed.
pub fn stopped(quiet: Millis, total: Millis) -> String {
    let why = if total >= super::watch::LIMIT {
        format!("after {} of following", go_duration(total))
    } else {
        format!("after {} without a new line", go_duration(quiet))
    };
    format!("kubeplay: stopped following {why} (kubectl follows until Ctrl-C or until the container stops)\n")
}
