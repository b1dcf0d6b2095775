//! The pod's phase and conditions, from its containers' states (`generateAPIPodStatus`).

use crate::model::pod::{ConditionReason, PodCondition};
use crate::model::pod::{ContainerState, Phase, Pod, RestartPolicy};
use crate::time::Millis;

/// `texts` keeps the unready message the pods of a workload share.
pub fn write(p: &mut Pod, now: Millis, texts: &mut crate::api::shared_texts::SharedTexts) {
    let has_sandbox = p.runtime.sandbox;
    let inits_done = p.spec.init_containers.iter().zip(&p.runtime.inits).all(|(ct, run)| {
        if ct.sidecar {
            matches!(run.stage, crate::model::pod_runtime::Stage::Running { .. })
        } else {
            run.stage == crate::model::pod_runtime::Stage::Done
        }
    });
    let statuses = &p.status.statuses;
    let all_created = !p.runtime.apps.is_empty()
        && p.runtime.apps.iter().all(|r| r.process.is_some() || matches!(r.stage, crate::model::pod_runtime::Stage::Exited { .. }));
    let exit_code = |s: &crate::model::pod::ContainerStatus| match &s.state {
        ContainerState::Terminated(t) => Some(t.exit_code),
        _ => None,
    };
    let terminated = || statuses.iter().map(exit_code);
    let all_terminated = !statuses.is_empty() && terminated().all(|c| c.is_some());
    let policy = p.spec.restart_policy;
    let stays_down = |code: i32| policy == RestartPolicy::Never || (policy == RestartPolicy::OnFailure && code == 0);
    let init_failed = policy == RestartPolicy::Never
        && p.status.init_statuses.iter().any(|s| matches!(&s.state, ContainerState::Terminated(t) if t.exit_code != 0));
    p.status.phase = if init_failed {
        Phase::Failed
    } else if all_terminated && terminated().all(|c| stays_down(c.unwrap_or(0))) {
        if terminated().all(|c| c == Some(0)) {
            Phase::Succeeded
        } else {
            Phase::Failed
        }
    } else if inits_done && all_created {
        Phase::Running
    } else {
        Phase::Pending
    };
    let all_ready = !statuses.is_empty() && statuses.iter().all(|s| s.ready);
    let finished = matches!(p.status.phase, Phase::Succeeded | Phase::Failed);
    let reason = if finished { ConditionReason::PodCompleted } else { ConditionReason::ContainersNotReady };
    p.status.set_condition(PodCondition::PodReadyToStartContainers, has_sandbox, ConditionReason::None, "", now);
    if p.spec.init_containers.is_empty() || inits_done || finished {
        let r = if finished && !p.spec.init_containers.is_empty() { ConditionReason::PodCompleted } else { ConditionReason::None };
        p.status.set_condition(PodCondition::Initialized, true, r, "", now);
    } else {
        let pending = p
            .spec
            .init_containers
            .iter()
            .zip(&p.runtime.inits)
            .filter(|(_, r)| r.stage != crate::model::pod_runtime::Stage::Done)
            .map(|(c, _)| c.name.as_str());
        let msg = listed("containers with incomplete status: ", pending);
        p.status.set_condition(PodCondition::Initialized, false, ConditionReason::ContainersNotInitialized, &msg, now);
    }
    if all_ready && p.meta.deletion.is_none() {
        p.status.set_condition(PodCondition::ContainersReady, true, ConditionReason::None, "", now);
        p.status.set_condition(PodCondition::Ready, true, ConditionReason::None, "", now);
        // The reference its events share (`Api::pod_ref_shared`) is dropped once the pod is
        // up: from here on its events hold it, and the log keeps only the last 20,000, so
        // on a large cluster most references go with their events. A later event makes one
        // again (events are matched by the pod's uid, not by the reference).
        p.runtime.object_ref = None;
    } else {
        // The message is a function of which containers are unready and whether the pod
        // finished: keyed by that, it is worded (and compared) only when that changes.
        let key = unready_key(&p.status.statuses, finished);
        let written = key.is_some_and(|k| {
            let keyed = p
                .status
                .conditions
                .iter()
                .filter(|c| matches!(c.kind, PodCondition::ContainersReady | PodCondition::Ready) && c.message_key == Some(k));
            keyed.count() == 2
        });
        let text = if written { Default::default() } else { texts.share(|out| unready_message(out, &p.status.statuses, finished)) };
        match key {
            Some(k) => {
                p.status.set_condition_keyed(PodCondition::ContainersReady, false, reason, k, || text.clone(), now);
                p.status.set_condition_keyed(PodCondition::Ready, false, reason, k, || text, now);
            }
            None => {
                p.status.set_condition(PodCondition::ContainersReady, false, reason, &text, now);
                p.status.set_condition(PodCondition::Ready, false, reason, &text, now);
            }
        }
    }
}

/// `<lead>[a b c]`, written into one string: the kubelet words it on most syncs.
fn listed<'a>(lead: &str, names: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::with_capacity(lead.len() + 32);
    write_listed(&mut out, lead, names);
    out
}

fn write_listed<'a>(out: &mut String, lead: &str, names: impl Iterator<Item = &'a str>) {
    out.push_str(lead);
    out.push('[');
    for (i, name) in names.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(name);
    }
    out.push(']');
}

/// Which containers are unready (a bit each) and whether the pod finished; none past 29
/// containers.
fn unready_key(statuses: &[crate::model::pod::ContainerStatus], finished: bool) -> Option<std::num::NonZeroU32> {
    if statuses.len() > 29 {
        return None;
    }
    let unready = statuses.iter().enumerate().filter(|(_, s)| !s.ready).fold(0u32, |m, (i, _)| m | 1 << i);
    // Bit 30 is always set: a key is never zero.
    std::num::NonZeroU32::new(unready | 1 << 30 | u32::from(finished) << 31)
}

/// Empty for a finished pod.
fn unready_message(out: &mut String, statuses: &[crate::model::pod::ContainerStatus], finished: bool) {
    if !finished {
        write_listed(out, "containers with unready status: ", statuses.iter().filter(|s| !s.ready).map(|s| &*s.name));
    }
}
