//! DefaultPreemption, the PostFilter plugin (`framework/plugins/defaultpreemption` and
//! `framework/preemption`): when a pod fits nowhere, find the nodes where evicting pods of
//! strictly lower priority would make room, choose the fewest and least important
//! victims on each, pick one node in kube-scheduler's order, evict its victims and
//! nominate the pod to it. The pods nominated this way hold their node's room against
//! pods of lower priority until they are placed (the scheduling queue's nominator).

use super::{Fit, NodeInfo};
use crate::api::Api;
use crate::model::pod::{ConditionReason, PodCondition};
use crate::model::pod::{Pod, PodSpec};
use crate::store::PodId;
use crate::time::Millis;

/// `podTerminatingByPreemption`'s condition, and the reason preempted pods carry.
pub(super) const NO_VICTIMS: &str = "No preemption victims found for incoming pod";
pub(super) const NOT_HELPFUL: &str = "Preemption is not helpful for scheduling";
pub(super) const POLICY_NEVER: &str = "not eligible due to preemptionPolicy=Never.";
pub(super) const TERMINATING: &str = "not eligible due to a terminating pod on the nominated node.";

/// `MinCandidateNodesPercentage` and `MinCandidateNodesAbsolute`, the plugin's defaults.
const MIN_CANDIDATE_PERCENT: usize = 10;
const MIN_CANDIDATE_ABSOLUTE: usize = 100;

/// A pod the scheduler nominated to a node, holding room there (`nominator`).
#[derive(Clone, Debug)]
pub(super) struct Nominee {
    pub id: PodId,
    pub serial: u64,
    pub node: std::rc::Rc<str>,
    pub priority: i64,
    pub cpu: i64,
    pub mem: i64,
}

/// The room the nominated pods of at least `priority` (other than `except`) hold on
/// each node, by node name: what `RunFilterPluginsWithNominatedPods` adds to a node.
pub(super) fn held_room(nominees: &[Nominee], except: PodId, priority: i64) -> Vec<(std::rc::Rc<str>, i64, i64, i64)> {
    let mut held: Vec<(std::rc::Rc<str>, i64, i64, i64)> = Vec::new();
    for n in nominees.iter().filter(|n| n.id != except && n.priority >= priority) {
        match held.iter_mut().find(|h| h.0 == n.node) {
            Some(h) => {
                h.1 += n.cpu;
                h.2 += n.mem;
                h.3 += 1;
            }
            None => held.push((n.node.clone(), n.cpu, n.mem, 1)),
        }
    }
    held
}

impl Fit {
    /// The node with pods added (`n` > 0) or taken away (`n` < 0).
    pub(super) fn with(mut self, cpu: i64, mem: i64, n: i64) -> Fit {
        self.requested_cpu_m += cpu;
        self.requested_mem += mem;
        self.pod_count += n;
        self
    }
}

/// One pod on a node that the preemptor outranks.
struct Victim {
    id: PodId,
    priority: i64,
    /// `GetPodStartTime`: a pod not started yet counts as starting now.
    start: Millis,
    cpu: i64,
    mem: i64,
}

/// A node where preemption makes room, with its victims from most to least important.
pub(super) struct Candidate {
    pub node: usize,
    pub victims: Vec<PodId>,
    violations: usize,
    priorities: Vec<i64>,
    starts: Vec<Millis>,
}

impl Candidate {
    pub fn violations(&self) -> usize {
        self.violations
    }
}

/// `PodEligibleToPreemptOthers`. `nominated_unresolvable`: the pod's nominated node was
/// rejected for a reason preemption cannot fix, so it may preempt elsewhere.
pub(super) fn eligible(api: &Api, pod: &Pod, nominated_unresolvable: bool) -> Result<(), &'static str> {
    if pod.spec.never_preempts {
        return Err(POLICY_NEVER);
    }
    let node = pod.status.nominated_node_name();
    if node.is_empty() || nominated_unresolvable {
        return Ok(());
    }
    let terminating = api.store.pods_by_node.get(node).into_iter().flatten().filter_map(|id| api.store.pod(*id)).any(|p| {
        p.spec.priority < pod.spec.priority
            && p.meta.deletion.is_some()
            && p.status
                .condition(PodCondition::DisruptionTarget)
                .is_some_and(|c| c.status && c.reason == ConditionReason::PreemptionByScheduler)
    });
    if terminating {
        return Err(TERMINATING);
    }
    Ok(())
}

/// `util.MoreImportantPod`: higher priority, then the earlier start.
fn more_important(a: &Victim, b: &Victim) -> std::cmp::Ordering {
    b.priority.cmp(&a.priority).then(a.start.cmp(&b.start))
}

/// `filterPodsWithPDBViolation` over victims already in order: whether evicting each
/// (after the ones before it) would take a budget below zero disruptions allowed.
fn violating(api: &Api, victims: &[Victim]) -> Vec<bool> {
    let budgets: Vec<_> = api
        .store
        .budgets(None)
        .filter(|b| b.spec.selector.as_ref().is_some_and(|s| s.matcher.as_ref().is_some_and(|m| !m.is_empty())))
        .collect();
    let mut allowed: Vec<i64> = budgets.iter().map(|b| b.status.as_ref().map_or(0, |s| s.disruptions_allowed)).collect();
    victims
        .iter()
        .map(|v| {
            let Some(p) = api.store.pod(v.id) else { return false };
            if p.meta.labels.0.is_empty() {
                return false;
            }
            let mut violated = false;
            for (k, b) in budgets.iter().enumerate() {
                if b.meta.namespace == p.meta.namespace && b.spec.selects(&p.meta.labels) {
                    allowed[k] -= 1;
                    violated |= allowed[k] < 0;
                }
            }
            violated
        })
        .collect()
}

/// What a dry run found on one node: a candidate, or the node's reason.
pub(super) enum DryRun {
    Candidate(Candidate),
    Rejected(String),
}

/// `SelectVictimsOnNode`: take away every lower-priority pod; if the pod then passes
/// `filter`, give back as many as still leave it room, the most important first, those
/// whose eviction would break a budget before the others.
pub(super) fn select_victims(
    api: &Api,
    node: usize,
    info: &NodeInfo,
    fit: Fit,
    preemptor: &PodSpec,
    filter: &dyn Fn(&Fit) -> Result<(), String>,
) -> DryRun {
    let mut victims: Vec<Victim> = api
        .store
        .pods_by_node
        .get(&*info.name)
        .into_iter()
        .flatten()
        .filter_map(|id| api.store.pod(*id).map(|p| (*id, p)))
        .filter(|(_, p)| p.spec.priority < preemptor.priority)
        .map(|(id, p)| {
            let (cpu, mem) = p.spec.requests();
            Victim { id, priority: p.spec.priority, start: p.status.start_time.unwrap_or(api.now), cpu, mem }
        })
        .collect();
    if victims.is_empty() {
        return DryRun::Rejected(super::preemption::NO_VICTIMS.into());
    }
    let (cpu, mem) = victims.iter().fold((0, 0), |(c, m), v| (c + v.cpu, m + v.mem));
    let mut fit = fit.with(-cpu, -mem, -(victims.len() as i64));
    if let Err(reason) = filter(&fit) {
        return DryRun::Rejected(reason);
    }
    // Stable, so pods alike in priority and start stay in the node's order.
    victims.sort_by(more_important);
    let breaks = violating(api, &victims);
    let mut chosen: Vec<(usize, bool)> = Vec::new();
    let mut violations = 0;
    for pass in [true, false] {
        for (k, v) in victims.iter().enumerate().filter(|(k, _)| breaks[*k] == pass) {
            let with = fit.with(v.cpu, v.mem, 1);
            if filter(&with).is_ok() {
                fit = with;
            } else {
                chosen.push((k, pass));
                violations += usize::from(pass);
            }
        }
    }
    // Back in order of importance when both kinds were chosen.
    chosen.sort_by(|a, b| more_important(&victims[a.0], &victims[b.0]).then(a.0.cmp(&b.0)));
    DryRun::Candidate(Candidate {
        node,
        victims: chosen.iter().map(|(k, _)| victims[*k].id).collect(),
        violations,
        priorities: chosen.iter().map(|(k, _)| victims[*k].priority).collect(),
        starts: chosen.iter().map(|(k, _)| victims[*k].start).collect(),
    })
}

/// `calculateNumCandidates`: how many candidates the dry run looks for.
pub(super) fn candidates_wanted(potential: usize) -> usize {
    (potential * MIN_CANDIDATE_PERCENT / 100).max(MIN_CANDIDATE_ABSOLUTE).min(potential)
}

/// `pickOneNodeForPreemption`: fewest budget violations, then the lowest highest-priority
/// victim, the smallest sum of priorities, the fewest victims, the latest start of the
/// highest-priority victims; then the first.
pub(super) fn pick_one(candidates: Vec<Candidate>) -> Option<Candidate> {
    type Score = fn(&Candidate) -> i128;
    let scores: [Score; 5] = [
        |c| -(c.violations as i128),
        |c| -i128::from(c.priorities.first().copied().unwrap_or(0)),
        // Each priority shifted by MaxInt32+1, so fewer negative-priority victims win.
        |c| -c.priorities.iter().map(|p| i128::from(*p) + i128::from(i32::MAX) + 1).sum::<i128>(),
        |c| -(c.victims.len() as i128),
        |c| {
            let top = c.priorities.first().copied().unwrap_or(0);
            let earliest = c.priorities.iter().zip(&c.starts).filter(|(p, _)| **p == top).map(|(_, s)| *s).min();
            earliest.map_or(i128::MIN, i128::from)
        },
    ];
    let mut left = candidates;
    for score in scores {
        if left.len() <= 1 {
            break;
        }
        let best = left.iter().map(score).max().unwrap_or(0);
        left.retain(|c| score(c) == best);
    }
    left.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cand(node: usize, violations: usize, victims: &[(i64, Millis)]) -> Candidate {
        Candidate {
            node,
            victims: (0..victims.len() as PodId).collect(),
            violations,
            priorities: victims.iter().map(|v| v.0).collect(),
            starts: victims.iter().map(|v| v.1).collect(),
        }
    }

    fn pick(cs: Vec<Candidate>) -> usize {
        pick_one(cs).expect("a candidate").node
    }

    #[test]
    fn nodes_are_picked_in_kube_schedulers_order() {
        // Fewest budget violations first, whatever the victims.
        assert_eq!(pick(vec![cand(0, 1, &[(0, 5)]), cand(1, 0, &[(900, 5), (900, 5)])]), 1);
        // Then the lowest highest-priority victim.
        assert_eq!(pick(vec![cand(0, 0, &[(10, 5)]), cand(1, 0, &[(5, 5), (5, 5), (5, 5)])]), 1);
        // Then the smallest sum, counting negative priorities as above every positive.
        assert_eq!(pick(vec![cand(0, 0, &[(10, 5), (3, 5)]), cand(1, 0, &[(10, 5), (1, 5)])]), 1);
        assert_eq!(pick(vec![cand(0, 0, &[(-5, 5), (-5, 5)]), cand(1, 0, &[(-5, 5)])]), 1);
        // Then the fewest victims; then the latest start among the top victims.
        assert_eq!(pick(vec![cand(0, 0, &[(0, 5), (0, 5)]), cand(1, 0, &[(0, 5)])]), 1);
        assert_eq!(pick(vec![cand(0, 0, &[(0, 5)]), cand(1, 0, &[(0, 9)])]), 1);
        // Then the first.
        assert_eq!(pick(vec![cand(3, 0, &[(0, 5)]), cand(1, 0, &[(0, 5)])]), 3);
    }

    #[test]
    fn the_dry_run_looks_for_a_tenth_of_the_nodes_but_at_least_a_hundred() {
        assert_eq!(candidates_wanted(5), 5);
        assert_eq!(candidates_wanted(500), 100);
        assert_eq!(candidates_wanted(5000), 500);
    }
}
