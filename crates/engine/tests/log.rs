//! The action log holds what a user did, once each, and nothing else: reading the
//! cluster (tables, describe, events, explanations) records nothing, and a log replays
//! to the same cluster, kubectl files included.

use engine::apply::Mode;
use engine::files::{FileError, Files, NoFiles};
use engine::{Action, Cluster, Preset};

const SEED: &str = include_str!("../../../examples/seed/spring-deployment.yaml");

fn seeded() -> Cluster {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 7);
    c.apply_text(&SEED.replace("image: spring-server", "image: nginx:1.27"), "d.yaml", "default", Mode::Apply);
    c.advance(60_000);
    c
}

#[test]
fn reading_records_nothing() {
    let mut c = seeded();
    let before = c.log().to_vec();
    let reads = [
        "kubectl get pods -o wide",
        "kubectl get deployments,replicasets,services,endpoints,nodes",
        "kubectl get events -A",
        "kubectl describe deployment spring-deployment",
        "kubectl describe nodes",
        "kubectl top pods",
        "kubectl rollout status deployment/spring-deployment",
        "kubectl rollout history deployment/spring-deployment",
        "kubectl version",
        "kubectl frobnicate",
        "why svc/kubernetes",
        "docker images",
        "load",
    ];
    for line in reads {
        let via_read = c.read(line);
        assert_ne!(via_read.text(), "", "{line} printed something");
        assert_eq!(c.run(line, &NoFiles).text(), via_read.text(), "{line}: run and read agree");
    }
    assert_eq!(c.kubectl("get pods", &NoFiles).text(), c.read("kubectl get pods").text());
    let _ = engine::view::of(&c);
    let _ = engine::view::summary(&c);
    assert_eq!(c.log(), before.as_slice(), "reads left the log as it was");
    // A change is refused by `read`, and recorded once by `run`.
    assert!(c.read("kubectl scale deployment spring-deployment --replicas=1").stderr.contains("changes the cluster"));
    assert_eq!(c.log(), before.as_slice());
    c.run("kubectl scale deployment spring-deployment --replicas=1", &NoFiles);
    assert_eq!(c.log().len(), before.len() + 1);
}

struct OneFile(&'static str);

impl Files for OneFile {
    fn read(&self, path: &str) -> Result<String, FileError> {
        if path == "web.yaml" {
            Ok(self.0.to_string())
        } else {
            NoFiles.read(path)
        }
    }
}

#[test]
fn a_kubectl_change_carries_the_files_it_read_and_replays_without_them() {
    let mut a = Cluster::new(Preset::Kind, None, 3);
    let web = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n";
    let out = a.run("kubectl apply -f web.yaml", &OneFile(web));
    assert_eq!(out.stdout, "pod/web created\n");
    a.run("sleep 30s", &NoFiles);
    a.run("node kill kind-worker", &NoFiles);
    a.run("request svc/kubernetes --via clusterip -n 3", &NoFiles);
    a.run("sleep 2m", &NoFiles);
    let Action::Kubectl { files, .. } = &a.log()[0] else { panic!("{:?}", a.log()[0]) };
    assert_eq!(files, &vec![("web.yaml".to_string(), web.to_string())]);
    let json = engine::actions::to_json(a.log());
    let mut b = Cluster::new(Preset::Kind, None, 3);
    for act in engine::actions::from_json(&json).expect("the log parses back") {
        b.perform(&act, &NoFiles);
    }
    assert_eq!(a.event_log(), b.event_log());
    assert_eq!(a.read("kubectl get pods -o wide").text(), b.read("kubectl get pods -o wide").text());
    assert_eq!(a.log(), b.log());
}

#[test]
fn the_console_takes_every_line_a_script_takes() {
    let mut c = seeded();
    let pod = c.store.pods_in(Some("default"))[0];
    let pod = c.store.pod(pod).expect("a pod").meta.name.clone();
    for (line, expect) in [
        ("node kill docker-desktop", "node/docker-desktop killed"),
        ("node restore docker-desktop", "node/docker-desktop restored"),
        ("registry slow", "registry: slow"),
        ("proxy ipvs", "kube-proxy: ipvs mode"),
        ("step", "# t="),
        (&format!("why {pod}") as &str, "docker-desktop"),
        ("kill pod -l app=backend-app", "# kubectl delete pod"),
        ("hpa nothing", "no computation yet"),
    ] {
        let out = c.run(line, &NoFiles).text();
        assert!(out.contains(expect), "{line}: {out}");
    }
}
