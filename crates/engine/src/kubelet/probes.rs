//! Readiness and liveness probes against what the process really listens on: a probe
//! of a port nobody listens on fails with the kernel's "connection refused", and a
//! liveness probe that keeps failing gets the container killed and restarted.

use super::{run_mut, status_mut, status_of, Which};
use crate::api::Api;
use crate::events::EventType;
use crate::model::pod::{Container, ContainerState, Probe, ProbeAction};
use crate::model::pod_runtime::{Process, Stage};
use crate::model::service::TargetPort;
use crate::store::PodId;
use crate::time::{Millis, SECOND};
use std::rc::Rc;

/// The port a probe targets, resolved against the container's named ports.
fn probe_port(ct: &Container, p: &TargetPort) -> i32 {
    match p {
        TargetPort::Number(n) => *n,
        TargetPort::Name(name) => ct.ports.iter().find(|cp| &cp.name == name).map(|cp| cp.port).unwrap_or(0),
    }
}

/// `None` when the probe succeeds, else the failure as the prober words it (an exec
/// probe's failure is the command's output). `elapsed` is `None` when asking whether a
/// probe that passes now will keep passing.
fn outcome(probe: &Probe, ct: &Container, ip: &str, process: &Process, elapsed: Option<Millis>, serving: bool) -> Option<String> {
    let listening = &process.ports;
    let up = |port: i32| serving && u16::try_from(port).is_ok_and(|p| listening.contains(&p));
    let (port, what) = match &probe.action {
        ProbeAction::Exec(cmd) => return elapsed.and_then(|e| crate::runtime::exec_probe(cmd, process, e, serving).err()),
        // client-go dials with `WithBlock`, so a refused connection is retried until the
        // probe's timeout (grpc.go).
        ProbeAction::Grpc(port, _) => {
            return (!up(*port)).then(|| {
                format!("timeout: failed to connect service \"{ip}:{port}\" within {}s: context deadline exceeded", probe.timeout_s)
            })
        }
        ProbeAction::Unknown => return None,
        ProbeAction::Tcp(p) => (probe_port(ct, p), None),
        ProbeAction::Http(p, path) => (probe_port(ct, p), Some(path.clone())),
    };
    if up(port) {
        // A server whose health endpoint turned: answered, with a status of 500.
        let turned = process.unhealthy_after().is_some_and(|t| elapsed.is_none_or(|e| e >= t));
        return (what.is_some() && turned).then(|| "HTTP probe failed with statuscode: 500".to_string());
    }
    let dial = format!("dial tcp {ip}:{port}: connect: connection refused");
    Some(match what {
        Some(path) => format!("Get \"http://{ip}:{port}{path}\": {dial}"),
        None => dial,
    })
}

/// kind's kubelets serve certificates without IP SANs, so metrics-server cannot verify
/// them unless told not to: it scrapes nothing and its `/readyz` answers 500, forever.
fn metrics_server_cannot_scrape(preset: crate::presets::Preset, ct: &Container) -> bool {
    preset == crate::presets::Preset::Kind
        && ct.image.contains("metrics-server/metrics-server")
        && !ct.args.iter().chain(&ct.command).any(|a| a == "--kubelet-insecure-tls" || a == "--kubelet-insecure-tls=true")
}

/// The probe's ticks: `initialDelaySeconds` after start, then every `periodSeconds`.
fn tick_at_or_after(probe: &Probe, started: Millis, t: Millis) -> Millis {
    let first = started + probe.initial_delay_s.max(0) as Millis * SECOND;
    if t <= first {
        return first;
    }
    let period = probe.period_s as Millis * SECOND;
    first + (t - first).div_ceil(period) * period
}

/// Runs the probes due now; returns when the next one is due. As the kubelet's probe
/// workers do: a startup probe runs alone until it succeeds; readiness starts failed and
/// turns after `successThreshold` successes or `failureThreshold` failures in a row; a
/// liveness (or startup) probe that fails `failureThreshold` times in a row gets the
/// container killed and restarted.
pub(super) fn check(api: &mut Api, id: PodId, w: Which, ct: &Container, node: &Rc<str>, started: Millis) -> Option<Millis> {
    if ct.readiness.is_none() && ct.liveness.is_none() && ct.startup.is_none() {
        return None;
    }
    let now = api.now;
    let (ip, process) = {
        let p = api.store.pod(id)?;
        (p.status.pod_ip, w.run(p)?.process.clone()?)
    };
    let serving = now >= started + process.startup;
    let r = api.pod_ref(id);
    let due = |probe: &Probe| tick_at_or_after(probe, started, now) == now;
    let after = |probe: &Probe| tick_at_or_after(probe, started, now + 1);
    if let Some(probe) = ct.startup.as_ref().filter(|_| !status_of(api, id, w).started) {
        if due(probe) {
            match outcome(probe, ct, &ip, &process, Some(now - started), serving) {
                None => {
                    run_mut(api, id, w).liveness_failures = 0;
                    let s = status_mut(api, id, w);
                    s.started = true;
                    s.ready = ct.readiness.is_none();
                }
                Some(msg) => {
                    api.record(r.clone(), EventType::Warning, "kubelet", Some(node), "Unhealthy", format!("Startup probe failed: {msg}"));
                    if failed(api, id, w, probe, "startup", ct, node, &process, started) {
                        return Some(now);
                    }
                }
            }
        }
        if !status_of(api, id, w).started {
            return Some(after(probe));
        }
    }
    let mut next: Option<Millis> = None;
    let unscraped = metrics_server_cannot_scrape(api.preset, ct);
    if let Some(probe) = &ct.readiness {
        if due(probe) {
            let result = match outcome(probe, ct, &ip, &process, Some(now - started), serving) {
                None if unscraped => Some("HTTP probe failed with statuscode: 500".to_string()),
                other => other,
            };
            let run = run_mut(api, id, w);
            match result {
                None => {
                    run.readiness_failures = 0;
                    run.readiness_successes = run.readiness_successes.saturating_add(1);
                    if u32::from(run.readiness_successes) >= probe.success_threshold as u32 {
                        status_mut(api, id, w).ready = true;
                    }
                }
                Some(msg) => {
                    run.readiness_successes = 0;
                    run.readiness_failures = run.readiness_failures.saturating_add(1);
                    if u32::from(run.readiness_failures) >= probe.failure_threshold as u32 {
                        status_mut(api, id, w).ready = false;
                    }
                    api.record(r.clone(), EventType::Warning, "kubelet", Some(node), "Unhealthy", format!("Readiness probe failed: {msg}"));
                }
            }
        }
        let ready = status_of(api, id, w).ready;
        if !ready || serving {
            next = Some(after(probe));
            // A ready container that keeps serving needs no more syncs for readiness.
            if ready && !matches!(probe.action, ProbeAction::Exec(_)) && outcome(probe, ct, &ip, &process, None, true).is_none() {
                next = None;
            }
        }
    }
    if let Some(probe) = &ct.liveness {
        if due(probe) {
            match outcome(probe, ct, &ip, &process, Some(now - started), serving) {
                None => run_mut(api, id, w).liveness_failures = 0,
                Some(msg) => {
                    api.record(r.clone(), EventType::Warning, "kubelet", Some(node), "Unhealthy", format!("Liveness probe failed: {msg}"));
                    if failed(api, id, w, probe, "liveness", ct, node, &process, started) {
                        return Some(now);
                    }
                }
            }
        }
        // An exec probe's command may fail later (a file the script removes): it keeps ticking.
        if matches!(probe.action, ProbeAction::Exec(_)) || outcome(probe, ct, &ip, &process, None, true).is_some() || !serving {
            let after = after(probe);
            next = Some(next.map_or(after, |n| n.min(after)));
        }
    }
    next
}

/// One more failure in a row of a probe whose failures restart the container: at its
/// threshold the kubelet kills it (true).
#[allow(clippy::too_many_arguments)]
fn failed(
    api: &mut Api,
    id: PodId,
    w: Which,
    probe: &Probe,
    kind: &str,
    ct: &Container,
    node: &Rc<str>,
    process: &Process,
    started: Millis,
) -> bool {
    let now = api.now;
    let run = run_mut(api, id, w);
    run.liveness_failures = run.liveness_failures.saturating_add(1);
    if run.liveness_failures < probe.failure_threshold as u32 {
        return false;
    }
    let r = api.pod_ref(id);
    api.record(
        r,
        EventType::Normal,
        "kubelet",
        Some(node),
        "Killing",
        format!("Container {} failed {kind} probe, will be restarted", ct.name),
    );
    let code = if process.handles_sigterm { 143 } else { 137 };
    let t = super::termination::terminated(api, id, w, ct, (code, "Error"), started, now);
    let s = status_mut(api, id, w);
    s.state = ContainerState::Terminated(Box::new(t));
    s.ready = false;
    s.started = false;
    run_mut(api, id, w).stage = Stage::Exited { finished: now, code };
    true
}
