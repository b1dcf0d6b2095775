//! The mixed benchmark workload: what a real cluster of that size runs rather than one
//! Deployment. DaemonSets on every node, StatefulSets whose pods each claim a volume,
//! Jobs that run to completion, and Deployments that mount a ConfigMap and a Secret,
//! each behind a Service, its pods fenced by a NetworkPolicy that lets in only their
//! own app on port 80, under the namespace's default deny.

use crate::apply::Mode;
use crate::model::pod::Phase;
use crate::time::Millis;
use crate::Cluster;

/// At most this many replicas per Deployment, per StatefulSet and completions per Job.
const PER_DEPLOYMENT: usize = 1_000;
const PER_STATEFULSET: usize = 50;
const PER_JOB: usize = 250;
/// Agents per node: a log shipper and a node exporter.
const DAEMONSETS: usize = 2;

/// How many of each the mix holds for about `pods` pods on `nodes` nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mix {
    pub nodes: usize,
    pub daemonsets: usize,
    /// StatefulSets and the replicas of each.
    pub statefulsets: (usize, usize),
    /// Jobs and the completions of each.
    pub jobs: (usize, usize),
    /// Deployments and the replicas of each; the last has `last_replicas`.
    pub deployments: (usize, usize),
    pub last_replicas: usize,
}

impl Mix {
    /// A twentieth of the pods in StatefulSets, a tenth in Jobs, one per node per
    /// DaemonSet, and the rest in Deployments (at least one of each).
    pub fn of(pods: usize, nodes: usize) -> Mix {
        let split = |share: usize, most: usize| {
            let each = share.clamp(1, most);
            ((share / each).max(1), each)
        };
        let statefulsets = split(pods / 20, PER_STATEFULSET);
        let jobs = split(pods / 10, PER_JOB);
        let rest = pods.saturating_sub(DAEMONSETS * nodes + statefulsets.0 * statefulsets.1 + jobs.0 * jobs.1).max(1);
        let deployments = (rest.div_ceil(PER_DEPLOYMENT), PER_DEPLOYMENT);
        let last_replicas = rest - (deployments.0 - 1) * PER_DEPLOYMENT;
        Mix { nodes, daemonsets: DAEMONSETS, statefulsets, jobs, deployments, last_replicas }
    }

    /// Every pod the mix makes.
    pub fn pods(&self) -> usize {
        self.daemonsets * self.nodes
            + self.claims()
            + self.jobs.0 * self.jobs.1
            + (self.deployments.0 - 1) * self.deployments.1
            + self.last_replicas
    }

    /// The claims its StatefulSets make, one per pod.
    pub fn claims(&self) -> usize {
        self.statefulsets.0 * self.statefulsets.1
    }

    /// The manifests, as one multi-document file.
    pub fn manifests(&self) -> String {
        let mut out = String::from(DEFAULT_DENY);
        for d in 0..self.daemonsets {
            out.push_str(&daemonset(d));
        }
        for s in 0..self.statefulsets.0 {
            out.push_str(&statefulset(s, self.statefulsets.1));
        }
        for j in 0..self.jobs.0 {
            out.push_str(&job(j, self.jobs.1));
        }
        for d in 0..self.deployments.0 {
            let replicas = if d + 1 == self.deployments.0 { self.last_replicas } else { self.deployments.1 };
            out.push_str(&deployment(d, replicas));
        }
        out
    }
}

/// The namespace's pods take no traffic but what a policy lets in.
const DEFAULT_DENY: &str = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny-ingress\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n---\n";

fn daemonset(i: usize) -> String {
    format!(
        "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: agent-{i}\nspec:\n  selector:\n    matchLabels: {{agent: agent-{i}}}\n  template:\n    metadata:\n      labels: {{agent: agent-{i}}}\n    spec:\n      containers:\n      - name: agent\n        image: busybox:1.36\n        command: [sh, -c, 'while true; do sleep 3600; done']\n        resources:\n          requests: {{cpu: 10m, memory: 16Mi}}\n---\n"
    )
}

fn statefulset(i: usize, replicas: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: db-{i}\nspec:\n  clusterIP: None\n  selector: {{app: db-{i}}}\n  ports:\n  - port: 5432\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-{i}\nspec:\n  serviceName: db-{i}\n  replicas: {replicas}\n  podManagementPolicy: Parallel\n  selector:\n    matchLabels: {{app: db-{i}}}\n  template:\n    metadata:\n      labels: {{app: db-{i}}}\n    spec:\n      containers:\n      - name: db\n        image: nginx:1.27\n        volumeMounts:\n        - {{name: data, mountPath: /data}}\n  volumeClaimTemplates:\n  - metadata:\n      name: data\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests: {{storage: 1Gi}}\n---\n"
    )
}

fn job(i: usize, completions: usize) -> String {
    format!(
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: batch-{i}\nspec:\n  completions: {completions}\n  parallelism: {completions}\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: work\n        image: busybox:1.36\n        command: [sh, -c, 'echo working; sleep 5; echo done']\n---\n"
    )
}

fn deployment(i: usize, replicas: usize) -> String {
    format!(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web-{i}-config\ndata:\n  LOG_LEVEL: info\n  settings.conf: |\n    workers = 4\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: web-{i}-credentials\ntype: Opaque\nstringData:\n  password: not-a-real-one\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-{i}-ingress\nspec:\n  podSelector:\n    matchLabels: {{app: web-{i}}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - podSelector:\n        matchLabels: {{app: web-{i}}}\n    ports:\n    - {{protocol: TCP, port: 80}}\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web-{i}\nspec:\n  selector: {{app: web-{i}}}\n  ports:\n  - port: 80\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: web-{i}}}\n  template:\n    metadata:\n      labels: {{app: web-{i}}}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n        envFrom:\n        - configMapRef: {{name: web-{i}-config}}\n        volumeMounts:\n        - {{name: config, mountPath: /etc/web}}\n        - {{name: credentials, mountPath: /etc/credentials, readOnly: true}}\n      volumes:\n      - name: config\n        configMap: {{name: web-{i}-config}}\n      - name: credentials\n        secret: {{secretName: web-{i}-credentials}}\n---\n"
    )
}

/// Applies the mix; an error is the apply's own message.
pub fn apply(c: &mut Cluster, mix: &Mix) -> Result<(), String> {
    let report = c.apply_text(&mix.manifests(), "mix.yaml", "default", Mode::Apply);
    match report.errors.first() {
        Some(e) => Err(e.text.clone()),
        None => Ok(()),
    }
}

/// Pods of the mix that are done: Ready, or Succeeded (a Job's).
pub fn done(c: &Cluster) -> usize {
    // The flags first, as the rollout's count reads them: the namespace is a string to
    // compare, read through a pointer, and the harness's own walks are not the engine's.
    c.store.pods().filter(|(_, p)| (p.is_ready() || p.status.phase == Phase::Succeeded) && p.meta.namespace == "default").count()
}

/// Advances a second at a time until every pod of the mix is done, for at most
/// `max_seconds`; the pods done and the simulated time taken.
pub fn run_until_done(c: &mut Cluster, mix: &Mix, max_seconds: u32) -> (usize, Millis) {
    let start = c.now();
    let want = mix.pods();
    let mut n = done(c);
    for _ in 0..max_seconds {
        if n >= want {
            break;
        }
        c.advance(1000);
        n = done(c);
    }
    (n, c.now() - start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_small_mix_runs_to_done_with_every_claim_bound() {
        let mix = Mix::of(600, 10);
        assert_eq!(mix.pods(), 600, "{mix:?}");
        let mut c = super::super::cluster(10);
        apply(&mut c, &mix).expect("the mix applies");
        let (n, sim) = run_until_done(&mut c, &mix, 600);
        assert_eq!(n, 600, "after {sim} ms");
        let bound = c.kubectl("get pvc --no-headers", &crate::kubectl::NoFiles).text().lines().filter(|l| l.contains("Bound")).count();
        assert_eq!(bound, mix.claims());
        let policies = c.kubectl("get networkpolicy --no-headers", &crate::kubectl::NoFiles).text().lines().count();
        assert_eq!(policies, 1 + mix.deployments.0, "the default deny and one per Deployment");
        crate::invariants::check(&c).expect("invariants hold");
    }
}
