//! `kubectl create … --dry-run=client -o yaml` prints a manifest people save and apply
//! later: applied with `kubectl apply -f`, it must give the object the command creates
//! directly (apart from what apply itself adds: its last-applied annotation).

use engine::files::Snapshot;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

/// (the command, the object to read back)
const CASES: &[(&str, &str)] = &[
    ("kubectl create deployment web --image=nginx:1.27 --replicas=2 --port=80", "deployment/web"),
    ("kubectl create configmap settings --from-literal=mode=fast --from-literal=level=3", "configmap/settings"),
    ("kubectl create secret generic keys --from-literal=token=abc", "secret/keys"),
    ("kubectl create job once --image=busybox -- echo hi", "job/once"),
    ("kubectl create cronjob tick --image=busybox --schedule=*/5_*_*_*_* -- date", "cronjob/tick"),
    ("kubectl create namespace team", "namespace/team"),
    ("kubectl create serviceaccount bot", "serviceaccount/bot"),
    ("kubectl run solo --image=nginx:1.27 --labels=app=solo --port=80", "pod/solo"),
    ("kubectl create role pod-reader --verb=get,list,watch --resource=pods,deployments.apps", "role/pod-reader"),
    ("kubectl create clusterrole node-reader --verb=get --resource=nodes --non-resource-url=/healthz", "clusterrole/node-reader"),
    ("kubectl create rolebinding read-pods --role=pod-reader --user=jane --serviceaccount=default:bot", "rolebinding/read-pods"),
    ("kubectl create clusterrolebinding read-nodes --clusterrole=node-reader --group=ops", "clusterrolebinding/read-nodes"),
    ("kubectl create quota small --hard=pods=2,requests.cpu=1 --scopes=NotBestEffort", "resourcequota/small"),
    ("kubectl create service nodeport web --tcp=80:http --node-port=30080", "service/web"),
    ("kubectl create service loadbalancer lb --tcp=5678:8080,443", "service/lb"),
    ("kubectl create service externalname ext --external-name bar.com", "service/ext"),
    (
        "kubectl create ingress web --class=nginx --rule=foo.com/*=web:80,tls=cert --rule=foo.com/api=api:http --default-backend=web:80 --annotation=team=shop",
        "ingress/web",
    ),
    ("kubectl create pdb budget --selector=app=web,tier!=cache --max-unavailable=50%", "poddisruptionbudget/budget"),
    ("kubectl create priorityclass high --value=1000 --description=high_priority --preemption-policy=Never", "priorityclass/high"),
];

/// The command line with its one spaced argument restored (`_` stands for a space).
fn line(case: &str) -> String {
    case.split(' ')
        .map(|w| if w.contains('_') { format!("'{}'", w.replace('_', " ")) } else { w.to_string() })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The stored object as YAML without what differs between two creations of it anyway
/// (uid, resourceVersion) and without apply's own annotation.
fn stored(c: &mut Cluster, what: &str) -> String {
    let out = c.kubectl(&format!("kubectl get {what} -o yaml"), &NoFiles);
    assert_eq!(out.code, 0, "{}", out.text());
    let mut kept: Vec<&str> = Vec::new();
    let mut skip_next = false;
    for l in out.stdout.lines() {
        if skip_next {
            skip_next = false;
            continue;
        }
        if l.contains("kubectl.kubernetes.io/last-applied-configuration") {
            skip_next = true;
            continue;
        }
        if l.trim_start().starts_with("uid:") || l.trim_start().starts_with("resourceVersion:") {
            continue;
        }
        kept.push(l);
    }
    // An annotations map left empty by dropping apply's annotation.
    let text = kept.join("\n");
    text.replace("  annotations:\n  creationTimestamp", "  creationTimestamp")
}

#[test]
fn dry_run_yaml_applied_gives_the_object_created_directly() {
    for (case, what) in CASES {
        let cmd = line(case);
        let mut direct = Cluster::new(Preset::DockerDesktop, None, 7);
        let made = direct.kubectl(&cmd, &NoFiles);
        assert_eq!(made.code, 0, "{cmd}: {}", made.text());

        let mut applied = Cluster::new(Preset::DockerDesktop, None, 7);
        // The flags go before `--`, after which the words are the container's command.
        let dry = match cmd.split_once(" -- ") {
            Some((head, tail)) => format!("{head} --dry-run=client -o yaml -- {tail}"),
            None => format!("{cmd} --dry-run=client -o yaml"),
        };
        let printed = applied.kubectl(&dry, &NoFiles);
        assert_eq!(printed.code, 0, "{dry}: {}", printed.text());
        assert!(printed.stdout.starts_with("apiVersion: "), "{cmd}: {}", printed.stdout);
        let files = [("saved.yaml".to_string(), printed.stdout.clone())];
        let out = applied.kubectl("kubectl apply -f saved.yaml", &Snapshot(&files));
        assert_eq!(out.code, 0, "{cmd}: applying\n{}\ngave {}", printed.stdout, out.text());

        let (a, b) = (stored(&mut direct, what), stored(&mut applied, what));
        assert_eq!(a, b, "{cmd}: created directly (left) and applied from its dry run (right) differ");
    }
}

/// v1.33's apimachinery marshals a template's zero `metadata.creationTimestamp` as
/// `null` (dropped only from v1.34): `get -o yaml|json` of a live object shows it.
#[test]
fn live_templates_carry_a_null_creation_timestamp() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 7);
    for made in
        ["kubectl create deployment web --image=nginx:1.27", "kubectl create cronjob tick --image=busybox --schedule=@hourly -- date"]
    {
        assert_eq!(c.kubectl(made, &NoFiles).code, 0, "{made}");
    }
    let deploy = c.kubectl("kubectl get deployment web -o yaml", &NoFiles).stdout;
    assert!(deploy.contains("  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n"), "{deploy}");
    let cron = c.kubectl("kubectl get cronjob tick -o yaml", &NoFiles).stdout;
    assert!(cron.contains("  jobTemplate:\n    metadata:\n      creationTimestamp: null\n"), "{cron}");
    assert!(cron.contains("      template:\n        metadata:\n          creationTimestamp: null\n"), "{cron}");
    let json = c.kubectl("kubectl get deployment web -o json", &NoFiles).stdout;
    assert!(json.contains("\"template\": {\n            \"metadata\": {\n                \"creationTimestamp\": null,"), "{json}");
    // The pod-template-hash is the template's, unchanged by how it is printed.
    let rs = c.kubectl("kubectl get rs -o name", &NoFiles).stdout;
    assert!(rs.starts_with("replicaset.apps/web-"), "{rs}");
}
