//! `kubectl logs -f`: the lines so far, then each new line the container writes, until
//! its process ends (the stream closes when the container stops, even if it restarts) or
//! the pod goes. A terminal follows until Ctrl-C; a script cannot press it, so the follow
//! lets simulated time run until the container ends or a minute passes without a line
//! (at most ten), and says which; the page follows as its clock plays.

use super::World;
use crate::kubelet::Which;
use crate::model::pod::ContainerState;
use crate::store::PodId;
use crate::time::{go_duration, Millis};

/// Where a stream was read up to: the instant of the last line shown and how many lines
/// of that instant were shown. Lines are found by when they were written, not by their
/// count, since a chatty process's log keeps only its latest lines.
fn seen_after(lines: &[(Millis, String)]) -> (Millis, usize) {
    let last = lines.last().map_or(0, |(t, _)| *t);
    (last, lines.iter().filter(|(t, _)| *t == last).count())
}

/// A stream being followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Follow {
    ns: String,
    pod: String,
    uid: String,
    which: Which,
    /// The container instance followed: a restart ends its stream.
    restarts: u32,
    seen: (Millis, usize),
}

impl Follow {
    /// Following container `which` of pod `id` after the `shown` lines it has written.
    pub(super) fn new(c: &World, id: PodId, which: Which, shown: &[(Millis, String)]) -> Option<Follow> {
        let pod = c.store.pod(id)?;
        let status = which.status(pod)?;
        if matches!(status.state, ContainerState::Terminated(_)) {
            return None;
        }
        Some(Follow {
            ns: pod.meta.namespace.to_string(),
            pod: pod.meta.name.to_string(),
            uid: pod.meta.uid.to_string(),
            which,
            restarts: status.restart_count,
            seen: seen_after(shown),
        })
    }

    /// The lines written since the last look, and whether the stream has closed.
    pub fn poll(&mut self, c: &World) -> (String, bool) {
        let Some(id) = c.store.pod_id(&self.ns, &self.pod).filter(|id| c.store.pod(*id).is_some_and(|p| *p.meta.uid == *self.uid)) else {
            return (String::new(), true);
        };
        let Some(status) = c.store.pod(id).and_then(|p| self.which.status(p)) else { return (String::new(), true) };
        // A restarted container's earlier instance is the one followed: its last lines.
        let restarted = status.restart_count != self.restarts;
        let lines = crate::kubelet::logs_timed(c, id, self.which, restarted).unwrap_or_default();
        let (at, shown) = self.seen;
        let mut same_instant = 0;
        let mut out = String::new();
        for (t, l) in &lines {
            if *t == at {
                same_instant += 1;
            }
            if *t < at || (*t == at && same_instant <= shown) {
                continue;
            }
            out.push_str(l);
            out.push('\n');
        }
        if !out.is_empty() {
            self.seen = seen_after(&lines);
        }
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

#[cfg(test)]
mod tests {
    use crate::files::NoFiles;
    use crate::kubectl::Wait;
    use crate::{Cluster, Preset};

    #[test]
    fn a_follow_sees_new_lines_after_the_log_keeps_only_its_latest() {
        let mut c = Cluster::new(Preset::DockerDesktop, None, 3);
        c.run("kubectl run ticker --image=busybox -- sh -c \"while true; do echo tick; sleep 1; done\"", &NoFiles);
        // Past the 1,000 lines a process's log keeps.
        c.advance(1_200_000);
        let out = c.run("kubectl logs -f ticker", &NoFiles);
        let Some(Wait::Logs(mut f)) = out.wait else { panic!("no follow: {}", out.text()) };
        assert!(out.stdout.lines().count() >= crate::model::pod_runtime::LOG_CAP);
        c.advance(5_000);
        let (lines, closed) = f.poll(&c);
        assert_eq!((lines.lines().count(), closed), (5, false), "{lines}");
        let (again, _) = f.poll(&c);
        assert_eq!(again, "", "nothing twice");
    }
}
