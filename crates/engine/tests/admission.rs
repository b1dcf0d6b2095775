//! Authorization and admission as a kind cluster runs them: RBAC for `--as` and `auth
//! can-i`, ResourceQuota and LimitRange for pods and counted objects.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn apply(c: &mut Cluster, text: &str) -> engine::apply::Report {
    c.apply_text(text, "f.yaml", "default", Mode::Apply)
}

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}{}", o.warnings, o.stdout, o.stderr)
}

fn code(c: &mut Cluster, line: &str) -> i32 {
    c.kubectl(line, &NoFiles).code
}

#[test]
fn a_role_binding_grants_what_its_role_says_and_nothing_more() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert_eq!(out(&mut c, "kubectl auth can-i list pods --as jane"), "no\n");
    assert_eq!(code(&mut c, "kubectl auth can-i list pods --as jane"), 1);
    out(&mut c, "kubectl create role reader --verb=get,list --resource=pods");
    out(&mut c, "kubectl create rolebinding jane-reads --role=reader --user=jane");
    assert_eq!(out(&mut c, "kubectl auth can-i list pods --as jane"), "yes\n");
    assert_eq!(code(&mut c, "kubectl auth can-i list pods --as jane"), 0);
    assert_eq!(out(&mut c, "kubectl auth can-i delete pods --as jane"), "no\n");
    assert_eq!(out(&mut c, "kubectl auth can-i list pods -n kube-system --as jane"), "no\n");
    // The admin is always allowed.
    assert_eq!(out(&mut c, "kubectl auth can-i delete nodes"), "Warning: resource 'nodes' is not namespace scoped\nyes\n");
    assert_eq!(
        out(&mut c, "kubectl get pods -n kube-system --as jane"),
        "Error from server (Forbidden): pods is forbidden: User \"jane\" cannot list resource \"pods\" in API group \"\" in the namespace \"kube-system\"\n"
    );
    assert_eq!(
        out(&mut c, "kubectl get deploy web --as jane"),
        "Error from server (Forbidden): deployments.apps \"web\" is forbidden: User \"jane\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"default\"\n"
    );
    assert!(out(&mut c, "kubectl get pods --as jane").starts_with("No resources found"));
    // A group binding applies to every member.
    out(&mut c, "kubectl create clusterrolebinding devs-view --clusterrole=view --group=devs");
    assert_eq!(out(&mut c, "kubectl auth can-i list deployments.apps -A --as bob --as-group devs"), "yes\n");
    assert_eq!(out(&mut c, "kubectl auth can-i get secrets --as bob --as-group devs"), "no\n");
}

#[test]
fn a_binding_to_a_missing_role_says_so_in_the_denial() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    out(&mut c, "kubectl create rolebinding b --role=gone --serviceaccount=default:ci");
    let who = "--as system:serviceaccount:default:ci";
    assert_eq!(
        out(&mut c, &format!("kubectl auth can-i get pods {who}")),
        "no - RBAC: role.rbac.authorization.k8s.io \"gone\" not found\n"
    );
    let applied = c.kubectl(&format!("kubectl apply -f f.yaml {who}"), &OnePod);
    assert!(
        applied.stderr.contains("error when retrieving current configuration of:\nResource: \"/v1, Resource=pods\""),
        "{}",
        applied.stderr
    );
    assert!(out(&mut c, "kubectl get pods").starts_with("No resources found"));
}

struct OnePod;

impl engine::kubectl::Files for OnePod {
    fn read(&self, _: &str) -> Result<String, engine::files::FileError> {
        Ok("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - {name: c, image: nginx:1.27}\n".into())
    }
}

#[test]
fn aggregated_cluster_roles_take_the_rules_of_the_roles_they_select() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    out(&mut c, "kubectl create clusterrolebinding v --clusterrole=view --user=ann");
    assert_eq!(out(&mut c, "kubectl auth can-i list leases --as ann"), "no\n");
    let role = "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: lease-reader\n  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: \"true\"\nrules:\n- apiGroups: [coordination.k8s.io]\n  resources: [leases]\n  verbs: [list]\n";
    assert!(apply(&mut c, role).errors.is_empty());
    assert_eq!(out(&mut c, "kubectl auth can-i list leases --as ann"), "yes\n");
    // `edit` selects `view`, so it grows too; deleting the role takes it away again.
    let edit = out(&mut c, "kubectl describe clusterrole edit");
    assert!(edit.contains("[create delete deletecollection get list patch update watch list]"), "{edit}");
    out(&mut c, "kubectl delete clusterrole lease-reader");
    assert_eq!(out(&mut c, "kubectl auth can-i list leases --as ann"), "no\n");
}

const QUOTA: &str = "apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: q\nspec:\n  hard:\n    requests.memory: 1Gi\n    limits.memory: 2Gi\n    pods: \"3\"\n";

fn pod(name: &str, request: &str, limit: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests: {{memory: {request}}}\n      limits: {{memory: {limit}}}\n")
}

#[test]
fn a_quota_counts_what_runs_and_refuses_what_would_go_over() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, QUOTA).errors.is_empty());
    assert!(apply(&mut c, &pod("a", "600Mi", "1Gi")).errors.is_empty());
    let r = apply(&mut c, &pod("b", "700Mi", "1Gi"));
    assert_eq!(
        r.errors[0].text,
        "Error from server (Forbidden): error when creating \"f.yaml\": pods \"b\" is forbidden: exceeded quota: q, requested: requests.memory=700Mi, used: requests.memory=600Mi, limited: requests.memory=1Gi"
    );
    let bare = apply(&mut c, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bare\nspec:\n  containers:\n  - {name: one, image: nginx:1.27}\n  - {name: two, image: nginx:1.27}\n");
    assert!(
        bare.errors[0].text.ends_with(
            "pods \"bare\" is forbidden: failed quota: q: must specify limits.memory for: one,two; requests.memory for: one,two"
        ),
        "{}",
        bare.errors[0].text
    );
    let q = out(&mut c, "kubectl get quota q");
    assert!(q.contains("pods: 1/3, requests.memory: 600Mi/1Gi   limits.memory: 1Gi/2Gi"), "{q}");
    // Deleting the pod gives its share back.
    out(&mut c, "kubectl delete pod a --grace-period=0 --force");
    c.advance(1_000);
    assert!(apply(&mut c, &pod("b", "700Mi", "1Gi")).errors.is_empty());
}

#[test]
fn a_replica_set_short_of_quota_records_failed_create_and_fills_up_when_it_grows() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    out(&mut c, "kubectl create quota two --hard=pods=2");
    out(&mut c, "kubectl create deployment web --image=nginx:1.27 --replicas=3");
    c.advance(5_000);
    assert_eq!(out(&mut c, "kubectl get pods --no-headers").lines().count(), 2);
    let rs = out(&mut c, "kubectl describe rs");
    assert!(rs.contains("is forbidden: exceeded quota: two, requested: pods=1, used: pods=2, limited: pods=2"), "{rs}");
    out(&mut c, "kubectl delete quota two");
    c.advance(5_000);
    assert_eq!(out(&mut c, "kubectl get pods --no-headers").lines().count(), 3);
}

#[test]
fn a_limit_range_fills_defaults_and_refuses_what_breaks_its_bounds() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let lr = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: lr\nspec:\n  limits:\n  - type: Container\n    max: {cpu: 800m}\n    min: {cpu: 200m}\n";
    assert!(apply(&mut c, lr).errors.is_empty());
    // `default` comes from max, then `defaultRequest` from default before min.
    let stored = out(&mut c, "kubectl get limitrange lr -o jsonpath={.spec.limits[0].default.cpu},{.spec.limits[0].defaultRequest.cpu}");
    assert_eq!(stored, "800m,800m");
    out(&mut c, "kubectl run plain --image=nginx:1.27");
    assert_eq!(
        out(&mut c, "kubectl get pod plain -o jsonpath={.spec.containers[0].resources}"),
        "{\"limits\":{\"cpu\":\"800m\"},\"requests\":{\"cpu\":\"800m\"}}"
    );
    // No memory limit: not Guaranteed.
    assert_eq!(out(&mut c, "kubectl get pod plain -o jsonpath={.status.qosClass}"), "Burstable");
    let big = apply(&mut c, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: big\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n    resources:\n      requests: {cpu: 100m}\n      limits: {cpu: 1500m}\n");
    assert!(
        big.errors[0].text.ends_with(
            "pods \"big\" is forbidden: [minimum cpu usage per Container is 200m, but request is 100m, maximum cpu usage per Container is 800m, but limit is 1500m]"
        ),
        "{}",
        big.errors[0].text
    );
    let d = out(&mut c, "kubectl describe limitrange lr");
    assert!(d.contains("Container   cpu       200m  800m  800m             800m           -"), "{d}");
}
