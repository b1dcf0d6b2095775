//! The timeline rewinds to any moment: the cluster it shows equals a fresh cluster given
//! the same actions up to that instant, byte for byte (events, tables, log); playing on
//! follows the recorded future; a new change discards it; snapshots stay bounded.

use engine::actions::Action;
use engine::kubectl::NoFiles;
use engine::time::Millis;
use engine::timeline::{EventKind, Moment, Timeline, MAX_SNAPSHOTS};
use engine::{Cluster, Preset};

const WEB: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: c\n        image: nginx:1.27\n";

fn apply(text: &str) -> Action {
    Action::Apply { text: text.into(), source: "web.yaml".into(), namespace: "default".into(), create: false }
}

fn kubectl(line: &str) -> Action {
    Action::Kubectl { line: line.into(), files: vec![] }
}

/// One step of a session: time passing (in the page's uneven frame slices) or an action.
enum Step {
    Wait(Millis),
    Do(Action),
    /// Deletes the first pod of the Deployment, named as it is by then.
    KillPod,
}

fn first_pod(c: &Cluster) -> String {
    let out = c.read("kubectl get pods -l app=web -o name").text();
    out.lines().next().expect("a web pod").trim_start_matches("pod/").to_string()
}

/// Runs the steps on a timeline as the page would: time in slices of 137..=937 ms.
fn session(preset: Preset, workers: Option<usize>, steps: &[Step]) -> Timeline {
    let mut t = Timeline::new(Cluster::new(preset, workers, 7));
    let mut slice = 137;
    for s in steps {
        match s {
            Step::Wait(ms) => {
                let mut left = *ms;
                while left > 0 {
                    let d = left.min(slice);
                    assert_eq!(t.advance_sliced(d, || false, &NoFiles), d);
                    left -= d;
                    slice = 137 + (slice * 7) % 800;
                }
            }
            Step::Do(a) => {
                t.change(|c| c.perform(a, &NoFiles));
            }
            Step::KillPod => {
                let name = first_pod(t.cluster());
                t.change(|c| c.run(&format!("kill pod {name}"), &NoFiles));
            }
        }
    }
    t
}

/// A fresh cluster given the recorded actions up to instant `at`, in one go each.
fn fresh_to(preset: Preset, workers: Option<usize>, log: &[Action], starts: &[Millis], at: Millis) -> Cluster {
    let mut c = Cluster::new(preset, workers, 7);
    for (a, &start) in log.iter().zip(starts) {
        if start > at {
            break;
        }
        match a {
            Action::Advance(ms) => c.advance((*ms).min(at - start)),
            a => {
                c.perform(a, &NoFiles);
            }
        }
    }
    c
}

fn observed(c: &Cluster) -> String {
    let mut out = c.event_log();
    for line in ["kubectl get pods -A -o wide", "kubectl get nodes", "kubectl get deploy,rs,svc -A"] {
        out.push_str(&c.read(line).text());
    }
    out.push_str(&format!("now {}\n", c.now()));
    out
}

/// Equal, or the first line that differs.
fn same(got: &str, want: &str, what: &str) {
    if got != want {
        let (i, (g, w)) = got.lines().zip(want.lines()).enumerate().find(|(_, (g, w))| g != w).unwrap_or((0, ("(length)", "(length)")));
        panic!("{what}: line {i} differs:\n got: {g}\nwant: {w}\n(got {} lines, want {})", got.lines().count(), want.lines().count());
    }
}

fn scenarios() -> Vec<(&'static str, Preset, Option<usize>, Vec<Step>)> {
    vec![
        (
            "kill pod",
            Preset::DockerDesktop,
            None,
            vec![Step::Do(apply(WEB)), Step::Wait(20_000), Step::KillPod, Step::Wait(15_000), Step::KillPod, Step::Wait(40_000)],
        ),
        (
            "kill node",
            Preset::Kind,
            Some(2),
            vec![
                Step::Do(apply(WEB)),
                Step::Wait(25_000),
                Step::Do(Action::KillNode("kind-worker".into())),
                Step::Wait(120_000),
                Step::Do(Action::RestoreNode("kind-worker".into())),
                Step::Wait(30_000),
            ],
        ),
        (
            "scale",
            Preset::Kind,
            Some(3),
            vec![
                Step::Do(apply(WEB)),
                Step::Wait(12_000),
                Step::Do(kubectl("scale deployment web --replicas=8")),
                Step::Do(kubectl("get pods")),
                Step::Wait(9_000),
                Step::Do(kubectl("scale deployment web --replicas=2")),
                Step::Wait(45_000),
                Step::Do(kubectl("set image deployment/web c=nginx:1.28")),
                Step::Wait(30_000),
            ],
        ),
    ]
}

/// Instants spread over the session, in a scrambled order (back and forth).
fn instants(t: &Timeline, n: u64) -> Vec<Millis> {
    let (from, to) = (t.instant(t.first()), t.instant(t.end()));
    let mut x = 12_345u64;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            from + (x >> 33) % (to - from + 1)
        })
        .collect()
}

#[test]
fn a_rewind_equals_a_fresh_replay_to_that_instant() {
    for (name, preset, workers, steps) in scenarios() {
        let mut t = session(preset, workers, &steps);
        let (log, starts) = (t.recorded().to_vec(), t.cluster().starts().to_vec());
        let head = observed(t.cluster());
        let mut points = instants(&t, 12);
        // The instants of every action too, and just before each.
        for &s in &starts {
            points.push(s);
            points.push(s.saturating_sub(1));
        }
        for at in points {
            t.rewind_to_instant(at, &NoFiles);
            let want = fresh_to(preset, workers, &log, &starts, at);
            same(&observed(t.cluster()), &observed(&want), &format!("{name}: rewound to {at}"));
            // The share link made now: the cluster's own log replays to the same cluster.
            let mut linked = Cluster::new(preset, workers, 7);
            for a in t.cluster().log() {
                linked.perform(a, &NoFiles);
            }
            assert_eq!(linked.event_log(), t.cluster().event_log(), "{name}: the link at {at}");
        }
        // Playing on from the last rewind follows the recorded future to the same end.
        while t.is_rewound() {
            let left = t.instant(t.end()) - t.cluster().now();
            t.advance_sliced(left.min(3_333), || false, &NoFiles);
        }
        same(&observed(t.cluster()), &head, &format!("{name}: played to the end again"));
        assert_eq!(t.recorded(), &log[..], "{name}: following changes nothing recorded");
    }
}

#[test]
fn the_killed_pod_lives_again_before_the_kill_and_dies_again_after() {
    let (_, preset, workers, steps) = scenarios().remove(0);
    let mut t = session(preset, workers, &steps[..2]);
    let victim = first_pod(t.cluster());
    t.change(|c| c.run(&format!("kill pod {victim}"), &NoFiles));
    t.advance_sliced(5_000, || false, &NoFiles);
    let status = |t: &Timeline| t.cluster().read(&format!("kubectl get pod {victim} --no-headers")).text();
    assert!(status(&t).contains("NotFound") || status(&t).is_empty() || !status(&t).contains("Running"), "{}", status(&t));
    let kill = t.events().into_iter().rfind(|e| e.kind == EventKind::Kill).expect("the kill is on the timeline");
    assert!(kill.label.contains(&victim), "{}", kill.label);
    t.rewind_to(kill.before, &NoFiles);
    assert!(status(&t).contains("Running"), "alive again: {}", status(&t));
    t.advance_sliced(5_000, || false, &NoFiles);
    assert!(!status(&t).contains("Running"), "killed again: {}", status(&t));
}

#[test]
fn step_back_goes_one_event_at_a_time_and_marks_are_returned_to() {
    let (_, preset, workers, steps) = scenarios().remove(0);
    let mut t = session(preset, workers, &steps);
    let events = t.events();
    assert!(events.iter().any(|e| e.kind == EventKind::Normal), "the cluster's events are on the timeline");
    assert_eq!(events.iter().filter(|e| e.kind == EventKind::Kill).count(), 2);
    let mut seen = vec![t.cursor()];
    for _ in 0..6 {
        t.step_back(&NoFiles);
        let c = t.cursor();
        assert!(c < *seen.last().unwrap(), "each step goes back");
        // Exactly one event lies between this moment and the last one.
        let between = events.iter().filter(|e| e.before >= c && e.before < *seen.last().unwrap()).count();
        assert!(between >= 1, "{c:?}");
        assert!(events.iter().any(|e| e.before == c), "it lands just before an event");
        seen.push(c);
    }
    // Forward again one event at a time, through the same moments.
    for want in seen.iter().rev().skip(1) {
        t.step_forward(&NoFiles);
        assert_eq!(t.cursor(), *want);
    }
    for _ in 0..3 {
        t.step_back(&NoFiles);
    }
    t.add_mark();
    let marked = t.cursor();
    t.rewind_to(t.end(), &NoFiles);
    assert!(!t.is_rewound());
    t.back(&NoFiles);
    assert_eq!(t.cursor(), marked, "R goes back to the mark");
    assert_eq!(t.marks(), &[marked]);
    // Back at the first moment, a step back stays there.
    t.rewind_to(Moment::default(), &NoFiles);
    let first = t.cursor();
    t.step_back(&NoFiles);
    assert_eq!(t.cursor(), first);
}

#[test]
fn a_change_after_a_rewind_discards_the_future_and_the_link_replays_to_it() {
    let (_, preset, workers, steps) = scenarios().remove(2);
    let mut t = session(preset, workers, &steps);
    let full = t.recorded().len();
    let at = t.instant(t.first()) + 18_000;
    t.rewind_to_instant(at, &NoFiles);
    t.add_mark();
    assert!(t.is_rewound());
    // A read changes nothing.
    t.change(|c| c.run("kubectl get pods", &NoFiles));
    assert!(t.is_rewound());
    t.change(|c| c.run("kubectl scale deployment web --replicas=5", &NoFiles));
    assert!(!t.is_rewound(), "the new change is the end");
    assert!(t.recorded().len() < full);
    assert_eq!(t.recorded(), t.cluster().log(), "the log is the way to the cluster shown");
    assert!(t.events().iter().all(|e| e.at <= t.cluster().now()), "no event of the discarded future");
    assert_eq!(t.marks().len(), 1, "a mark before the cursor stays");
    t.advance_sliced(20_000, || false, &NoFiles);
    let mut linked = Cluster::new(preset, workers, 7);
    for a in t.cluster().log() {
        linked.perform(a, &NoFiles);
    }
    same(&observed(&linked), &observed(t.cluster()), "the link");
    assert!(observed(&linked).contains("5/5"), "{}", observed(&linked));
}

#[test]
fn snapshots_stay_bounded_over_a_long_session_and_rewinds_stay_exact() {
    let mut steps = vec![Step::Do(apply(WEB))];
    for k in 0..40 {
        steps.push(Step::Wait(60_000));
        steps.push(Step::Do(kubectl(&format!("scale deployment web --replicas={}", 1 + k % 4))));
    }
    let mut t = session(Preset::DockerDesktop, None, &steps);
    let (n, spacing) = t.snapshots();
    assert!(n <= MAX_SNAPSHOTS, "{n} snapshots");
    assert!(spacing > engine::timeline::FIRST_SPACING, "the spacing grew: {spacing}");
    let (log, starts) = (t.recorded().to_vec(), t.cluster().starts().to_vec());
    for at in instants(&t, 5) {
        t.rewind_to_instant(at, &NoFiles);
        let want = fresh_to(Preset::DockerDesktop, None, &log, &starts, at);
        same(&observed(t.cluster()), &observed(&want), &format!("rewound to {at}"));
    }
}

#[test]
fn a_larger_cluster_keeps_fewer_snapshots() {
    let mut t = Timeline::new(engine::bench::cluster(14));
    t.change(|c| engine::bench::apply(c, 400)).unwrap();
    for _ in 0..600 {
        t.advance_sliced(1_000, || false, &NoFiles);
    }
    let (n, _) = t.snapshots();
    let pods = t.cluster().store.pods().count();
    assert!(pods >= 400);
    assert!(n * pods <= engine::timeline::SNAPSHOT_POD_BUDGET + pods, "{n} snapshots of {pods} pods");
    assert!(n >= 2, "{n}");
    let end = observed(t.cluster());
    t.rewind_to_instant(t.instant(t.first()) + 95_000, &NoFiles);
    assert_eq!(engine::bench::ready(t.cluster()), 400, "all Ready at 95 s");
    t.rewind_to(t.end(), &NoFiles);
    same(&observed(t.cluster()), &end, "back at the end");
}

const BUDGET: &str = "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n";

/// A fresh cluster given the recorded actions up to instant `at`, where a command that
/// took time and is under way at `at` is stopped there (Ctrl-C) and one that begins at
/// `at` has not begun: what a rewind into a waiting command shows.
fn fresh_into(log: &[Action], starts: &[Millis], end: Millis, at: Millis) -> Cluster {
    let mut c = Cluster::new(Preset::Kind, Some(2), 7);
    for (i, (a, &start)) in log.iter().zip(starts).enumerate() {
        let span = starts.get(i + 1).copied().unwrap_or(end) - start;
        if start > at {
            break;
        }
        match a {
            Action::Advance(ms) => c.advance((*ms).min(at - start)),
            _ if span > 0 && at == start => break,
            _ if span > 0 && at < start + span => {
                c.perform(&Action::Stopped { action: Box::new(a.clone()), after: at - start }, &NoFiles);
                break;
            }
            a => {
                c.perform(a, &NoFiles);
            }
        }
    }
    c
}

#[test]
fn a_rewind_into_a_waiting_command_equals_a_fresh_replay_stopped_there() {
    let steps = vec![
        Step::Do(apply(WEB)),
        Step::Do(apply(BUDGET)),
        Step::Do(kubectl("scale deployment web --replicas=6")),
        Step::Wait(30_000),
        // The budget lets one pod go at a time: drain retries every 5 s while the
        // replacements start, so it takes simulated time.
        Step::Do(kubectl("drain kind-worker --ignore-daemonsets --timeout=300s")),
        Step::Do(kubectl("scale deployment web --replicas=8")),
        Step::Do(kubectl("wait --for=condition=Available deployment/web --timeout=120s")),
        Step::Wait(10_000),
    ];
    let mut t = session(Preset::Kind, Some(2), &steps);
    let (log, starts) = (t.recorded().to_vec(), t.cluster().starts().to_vec());
    let end = t.cluster().now();
    let head = observed(t.cluster());
    let span = |i: usize| starts.get(i + 1).copied().unwrap_or(end) - starts[i];
    let waited: Vec<usize> = (0..log.len()).filter(|&i| !matches!(log[i], Action::Advance(_)) && span(i) > 0).collect();
    let lines: Vec<String> = waited.iter().map(|&i| format!("{:?}", log[i])).collect();
    assert_eq!(waited.len(), 2, "the drain and the wait both took time: {lines:?}");
    let mut inside = 0;
    for &i in &waited {
        let (start, took) = (starts[i], span(i));
        let before = observed(&fresh_into(&log, &starts, end, start));
        let after = observed(&fresh_into(&log, &starts, end, start + took));
        // Instants through the command, back and forth.
        let mut points: Vec<Millis> = (1..=5).map(|k| start + took * k / 6).collect();
        points.extend([start + 1, start + took - 1, start + took / 2, start]);
        points.swap(0, 3);
        for at in points {
            t.rewind_to_instant(at, &NoFiles);
            assert_eq!(t.cluster().now(), at, "the clock at {at}");
            let want = fresh_into(&log, &starts, end, at);
            same(&observed(t.cluster()), &observed(&want), &format!("rewound into {} at {at}", lines[0]));
            let got = observed(t.cluster());
            if at > start {
                inside += 1;
                assert_ne!(got, before, "the command's first instant is done at {at}");
                assert_ne!(got, after, "the command is not yet done at {at}");
            }
            // The share link made now replays to the same cluster: the stopped command is in its log.
            let mut linked = Cluster::new(Preset::Kind, Some(2), 7);
            for a in t.cluster().log() {
                linked.perform(a, &NoFiles);
            }
            same(&observed(&linked), &got, &format!("the link at {at}"));
            if at > start {
                assert!(matches!(t.cluster().log().last(), Some(Action::Stopped { .. })), "{:?}", t.cluster().log().last());
            }
        }
    }
    assert!(inside >= 12, "{inside} instants inside the commands");
    // Mid-drain: the node is cordoned and some of its pods are still there.
    let drain = waited[0];
    t.rewind_to_instant(starts[drain] + span(drain) / 3, &NoFiles);
    let nodes = t.cluster().read("kubectl get nodes").text();
    assert!(nodes.lines().any(|l| l.starts_with("kind-worker ") && l.contains("SchedulingDisabled")), "{nodes}");
    // Playing on from inside the drain runs it again and follows the recorded future.
    while t.is_rewound() {
        let left = t.instant(t.end()) - t.cluster().now();
        t.advance_sliced(left.min(1_777), || false, &NoFiles);
    }
    same(&observed(t.cluster()), &head, "played to the end from inside the drain");
    assert_eq!(t.recorded(), &log[..], "following changes nothing recorded");
    // A change made inside the wait keeps the wait as stopped there.
    let wait = waited[1];
    t.rewind_to_instant(starts[wait] + span(wait) / 2, &NoFiles);
    t.change(|c| c.run("kubectl scale deployment web --replicas=2", &NoFiles));
    assert!(!t.is_rewound());
    assert!(matches!(t.recorded()[wait], Action::Stopped { after, .. } if after == span(wait) / 2), "{:?}", t.recorded()[wait]);
    assert_eq!(t.recorded(), t.cluster().log());
}
