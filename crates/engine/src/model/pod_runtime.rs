//! The kubelet's record of a pod, kept beside the pod in the store as the kubelet's pod
//! workers keep theirs: whether the sandbox exists, where each container is in its life,
//! its back-offs and the process it runs. No API client reads it; the kubelet reports
//! what it means through the pod's status.

use crate::backoff::Backoff;
use crate::model::meta::ObjectRef;
use crate::model::node::NodeSlot;
use crate::time::Millis;
use std::rc::Rc;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodRuntime {
    /// The sandbox (network namespace, IP) exists.
    pub sandbox: bool,
    /// A kill was sent and the pod will be gone when its containers have stopped.
    pub stopping: bool,
    /// Its ConfigMap and Secret volumes are set up (the containers may start).
    pub volumes_mounted: bool,
    /// The volume manager's back-off between failed mounts.
    pub mount_backoff: Backoff,
    pub inits: Vec<ContainerRun>,
    pub apps: Vec<ContainerRun>,
    /// The pod's reference in its events, made once and shared by all of them.
    pub object_ref: Option<Rc<ObjectRef>>,
    /// Where its node (`Pod::node`) is in the store, from when it was bound.
    pub node_slot: Option<NodeSlot>,
}

/// Where one container is in its life.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Stage {
    /// Its image must be checked (and maybe pulled) before it can be created.
    #[default]
    NeedImage,
    /// A pull is under way.
    Pulling { until: Millis, result: Result<u64, String>, started: Millis },
    /// Its process runs.
    Running { started: Millis, ready_at: Option<Millis>, exit: Option<(Millis, i32)>, oom: bool },
    /// Its process ended; the restart policy decides what comes next.
    Exited { finished: Millis, code: i32 },
    /// An init container that finished with exit code 0.
    Done,
}

/// The kubelet's record of one container.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ContainerRun {
    pub stage: Stage,
    pub pull_backoff: Backoff,
    pub crash_backoff: Backoff,
    /// The running (or last) process, and the one before a restart (`logs --previous`).
    pub process: Option<Process>,
    pub previous_log: Vec<String>,
    pub liveness_failures: i64,
}

/// What a container's process does: decided by the container runtime from the image and
/// the container's command when it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Process {
    /// `Some((after, exit code))` when the process ends on its own.
    pub exit: Option<(Millis, i32)>,
    pub ports: Vec<u16>,
    /// From start to serving.
    pub startup: Millis,
    pub memory: i64,
    pub handles_sigterm: bool,
    /// What it writes to stdout/stderr (for `kubectl logs`).
    pub log: Vec<String>,
    pub cpu_per_request: f64,
    /// Set when the runtime cannot even start it (`exec: "x": executable file not found`).
    pub start_error: Option<String>,
}
