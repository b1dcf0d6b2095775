//! StatefulSets: pods with stable names started in order, a claim each that outlives
//! them, scaling down from the highest ordinal, and rolling updates down to the partition.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

/// A StatefulSet `web` of nginx with a claim template `www`; `extra` goes into its spec.
fn web(replicas: i64, image: &str, extra: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web\nspec:\n  serviceName: nginx\n  replicas: {replicas}\n{extra}  selector:\n    matchLabels: {{app: nginx}}\n  template:\n    metadata:\n      labels: {{app: nginx}}\n    spec:\n      terminationGracePeriodSeconds: 10\n      containers:\n      - name: nginx\n        image: {image}\n        volumeMounts:\n        - {{name: www, mountPath: /usr/share/nginx/html}}\n  volumeClaimTemplates:\n  - metadata:\n      name: www\n    spec:\n      accessModes: [ReadWriteOnce]\n      resources:\n        requests: {{storage: 1Gi}}\n"
    )
}

fn apply(c: &mut Cluster, text: &str) -> Vec<String> {
    let r = c.apply_text(text, "web.yaml", "default", Mode::Apply);
    r.errors.into_iter().map(|e| e.text).collect()
}

fn get(c: &mut Cluster, line: &str) -> String {
    c.kubectl(line, &NoFiles).text()
}

/// The set's pods as (name, terminating, ready, image), by name.
fn pods(c: &Cluster) -> Vec<(String, bool, bool, String)> {
    let mut v: Vec<(String, bool, bool, String)> = c
        .store
        .pods_in(Some("default"))
        .into_iter()
        .filter_map(|id| c.store.pod(id))
        .filter(|p| p.meta.labels.get("app") == Some("nginx"))
        .map(|p| {
            let image = p.spec.containers.first().map(|k| k.image.to_string()).unwrap_or_default();
            (p.meta.name.clone(), p.meta.deletion.is_some(), p.is_ready(), image)
        })
        .collect();
    v.sort();
    v
}

fn names(c: &Cluster) -> Vec<String> {
    pods(c).into_iter().filter(|p| !p.1).map(|p| p.0).collect()
}

fn claims(c: &Cluster) -> Vec<String> {
    c.store.objects_of(engine::model::Kind::PersistentVolumeClaim, Some("default")).map(|o| o.meta().name.clone()).collect()
}

#[test]
fn ordered_ready_starts_each_pod_after_the_one_before_is_ready() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, &web(3, "nginx:1.27", "")).is_empty());
    // Step through time: a pod exists only once every lower ordinal is Running and Ready.
    let mut seen_all = false;
    for _ in 0..600 {
        let p = pods(&c);
        for (i, (name, _, _, _)) in p.iter().enumerate() {
            assert_eq!(name, &format!("web-{i}"), "ordinals are contiguous from 0: {p:?}");
            if i > 0 {
                assert!(p[i - 1].2, "web-{i} exists while web-{} is not ready: {p:?}", i - 1);
            }
        }
        if p.len() == 3 && p.iter().all(|x| x.2) {
            seen_all = true;
            break;
        }
        c.advance(500);
    }
    assert!(seen_all, "{:?}", pods(&c));
    assert_eq!(claims(&c), ["www-web-0", "www-web-1", "www-web-2"]);
    let out = get(&mut c, "get sts web");
    assert!(out.contains("web    3/3     "), "{out}");
    let p = c.store.pod(c.store.pod_id("default", "web-1").unwrap()).unwrap();
    let written = p.spec.written();
    assert_eq!(written.get("hostname").and_then(|v| v.as_str()), Some("web-1"));
    assert_eq!(written.get("subdomain").and_then(|v| v.as_str()), Some("nginx"));
    assert_eq!(p.meta.labels.get("statefulset.kubernetes.io/pod-name"), Some("web-1"));
    assert_eq!(p.meta.labels.get("apps.kubernetes.io/pod-index"), Some("1"));
    assert!(p.meta.labels.get("controller-revision-hash").is_some_and(|h| h.starts_with("web-")));
    assert_eq!(p.spec.claims(), ["www-web-1"]);
    let events = get(&mut c, "get events --field-selector involvedObject.kind=StatefulSet");
    assert!(events.contains("create Claim www-web-0 Pod web-0 in StatefulSet web success"), "{events}");
    assert!(events.contains("create Pod web-2 in StatefulSet web successful"), "{events}");
    engine::invariants::check(&c).unwrap();
}

#[test]
fn parallel_starts_and_stops_every_pod_at_once() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(3, "nginx:1.27", "  podManagementPolicy: Parallel\n"));
    c.advance(100);
    assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
    c.advance(30_000);
    get(&mut c, "scale sts web --replicas=0");
    let p = pods(&c);
    assert!(p.iter().all(|x| x.1), "all three terminate together: {p:?}");
}

#[test]
fn scaling_down_removes_the_highest_ordinal_first_and_keeps_the_claims() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(3, "nginx:1.27", ""));
    c.advance(60_000);
    assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
    assert_eq!(get(&mut c, "scale sts web --replicas=1"), "statefulset.apps/web scaled\n");
    let p = pods(&c);
    assert_eq!(p.iter().filter(|x| x.1).map(|x| x.0.as_str()).collect::<Vec<_>>(), ["web-2"], "web-1 waits: {p:?}");
    c.advance(60_000);
    assert_eq!(names(&c), ["web-0"]);
    let events = get(&mut c, "get events --field-selector involvedObject.kind=StatefulSet");
    let (two, one) = (events.find("delete Pod web-2").unwrap(), events.find("delete Pod web-1").unwrap());
    assert!(two < one, "{events}");
    assert_eq!(claims(&c), ["www-web-0", "www-web-1", "www-web-2"], "Retain keeps every claim");
    // Scaling up again reuses the claims.
    get(&mut c, "scale sts web --replicas=3");
    c.advance(60_000);
    assert_eq!(names(&c), ["web-0", "web-1", "web-2"]);
    assert_eq!(claims(&c).len(), 3);
    // Deleting the set takes its pods and revisions, not its claims.
    get(&mut c, "delete sts web");
    c.advance(30_000);
    assert!(names(&c).is_empty());
    assert_eq!(claims(&c).len(), 3);
    assert!(get(&mut c, "get controllerrevisions").contains("No resources found"));
}

#[test]
fn the_retention_policy_may_delete_claims() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(3, "nginx:1.27", "  persistentVolumeClaimRetentionPolicy: {whenDeleted: Delete, whenScaled: Delete}\n"));
    c.advance(60_000);
    get(&mut c, "scale sts web --replicas=2");
    c.advance(60_000);
    assert_eq!(claims(&c), ["www-web-0", "www-web-1"], "whenScaled: Delete");
    get(&mut c, "delete sts web");
    c.advance(60_000);
    assert!(claims(&c).is_empty(), "whenDeleted: Delete: {:?}", claims(&c));
}

#[test]
fn a_deleted_pod_comes_back_with_its_name_and_claim() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(2, "nginx:1.27", ""));
    c.advance(60_000);
    let uid = |c: &Cluster| c.store.pod(c.store.pod_id("default", "web-0").unwrap()).unwrap().meta.uid.clone();
    let volume = |c: &Cluster| match c.store.object(engine::model::Kind::PersistentVolumeClaim, "default", "www-web-0") {
        Some(o) => o.to_value().get("spec").and_then(|s| s.get("volumeName")).and_then(|v| v.as_str()).map(String::from),
        None => None,
    };
    let (before, bound) = (uid(&c), volume(&c));
    assert!(bound.is_some());
    get(&mut c, "delete pod web-0");
    c.advance(30_000);
    assert_ne!(uid(&c), before, "a new pod");
    assert_eq!(names(&c), ["web-0", "web-1"]);
    assert_eq!(volume(&c), bound, "the same claim and volume");
    assert_eq!(claims(&c), ["www-web-0", "www-web-1"]);
}

#[test]
fn a_rolling_update_goes_down_to_the_partition() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(3, "nginx:1.27", "  updateStrategy:\n    rollingUpdate: {partition: 1}\n"));
    c.advance(60_000);
    let first = get(&mut c, "get sts web -o jsonpath={.status.currentRevision}");
    apply(&mut c, &web(3, "nginx:1.28", "  updateStrategy:\n    rollingUpdate: {partition: 1}\n"));
    // web-2 goes first, alone.
    let p = pods(&c);
    assert_eq!(p.iter().filter(|x| x.1).map(|x| x.0.as_str()).collect::<Vec<_>>(), ["web-2"], "{p:?}");
    c.advance(120_000);
    let images: Vec<String> = pods(&c).into_iter().map(|p| p.3).collect();
    assert_eq!(images, ["nginx:1.27", "nginx:1.28", "nginx:1.28"]);
    let status = get(&mut c, "rollout status sts/web");
    assert_eq!(status, "partitioned roll out complete: 2 new pods have been updated...\n");
    // Below the partition a deleted pod comes back at the old revision.
    get(&mut c, "delete pod web-0");
    c.advance(30_000);
    let p = c.store.pod(c.store.pod_id("default", "web-0").unwrap()).unwrap();
    assert_eq!(p.meta.labels.get("controller-revision-hash"), Some(first.as_str()));
    assert_eq!(p.spec.containers[0].image, "nginx:1.27");
    let revisions = get(&mut c, "get controllerrevisions");
    assert!(revisions.starts_with("NAME ") && revisions.contains("statefulset.apps/web   2 "), "{revisions}");
    // Partition 0 finishes it.
    apply(&mut c, &web(3, "nginx:1.28", ""));
    c.advance(60_000);
    let images: Vec<String> = pods(&c).into_iter().map(|p| p.3).collect();
    assert_eq!(images, ["nginx:1.28", "nginx:1.28", "nginx:1.28"]);
    engine::invariants::check(&c).unwrap();
}

#[test]
fn on_delete_waits_for_the_user() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(2, "nginx:1.27", "  updateStrategy: {type: OnDelete}\n"));
    c.advance(60_000);
    apply(&mut c, &web(2, "nginx:1.28", "  updateStrategy: {type: OnDelete}\n"));
    c.advance(60_000);
    assert!(pods(&c).iter().all(|p| p.3 == "nginx:1.27"));
    get(&mut c, "delete pod web-1");
    c.advance(30_000);
    let images: Vec<String> = pods(&c).into_iter().map(|p| p.3).collect();
    assert_eq!(images, ["nginx:1.27", "nginx:1.28"]);
    let out = c.kubectl("rollout status sts/web", &NoFiles);
    assert_eq!(out.stderr.trim_end(), "error: rollout status is only available for RollingUpdate strategy type");
}

#[test]
fn validation_speaks_as_the_api_server() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let bad = web(1, "nginx:1.27", "").replace("labels: {app: nginx}", "labels: {app: other}");
    let errs = apply(&mut c, &bad);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].contains(
            r#"spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`"#
        ),
        "{errs:?}"
    );
    let errs = apply(&mut c, &web(1, "nginx:1.27", "  podManagementPolicy: Sometimes\n"));
    assert!(errs[0].contains(r#"spec.podManagementPolicy: Invalid value: "Sometimes": must be 'OrderedReady' or 'Parallel'"#), "{errs:?}");
    let errs = apply(&mut c, &web(1, "nginx:1.27", "").replace("name: web\nspec", "name: web.db\nspec"));
    assert!(errs[0].contains("metadata.name: Invalid value: \"web.db\""), "{errs:?}");
    assert!(apply(&mut c, &web(1, "nginx:1.27", "")).is_empty());
    let errs = apply(&mut c, &web(1, "nginx:1.27", "").replace("serviceName: nginx", "serviceName: other"));
    assert_eq!(
        errs,
        ["The StatefulSet \"web\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"]
    );
    // The template's pod spec is checked when the pod is made.
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, &web(1, "nginx:1.27", "").replace("        image: nginx:1.27\n", "")).is_empty());
    c.advance(5_000);
    let events = get(&mut c, "get events --field-selector involvedObject.kind=StatefulSet");
    assert!(
        events.contains(
            "create Pod web-0 in StatefulSet web failed error: Pod \"web-0\" is invalid: spec.containers[0].image: Required value"
        ),
        "{events}"
    );
}

#[test]
fn defaults_and_printing() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(2, "nginx:1.27", ""));
    c.advance(60_000);
    let yaml = get(&mut c, "get sts web -o yaml");
    for line in [
        "  podManagementPolicy: OrderedReady\n",
        "  persistentVolumeClaimRetentionPolicy:\n    whenDeleted: Retain\n    whenScaled: Retain\n",
        "  revisionHistoryLimit: 10\n",
        "  updateStrategy:\n    rollingUpdate:\n      partition: 0\n    type: RollingUpdate\n",
        "      volumeMode: Filesystem\n",
        "    status:\n      phase: Pending\n",
        "  availableReplicas: 2\n  collisionCount: 0\n  currentReplicas: 2\n",
    ] {
        assert!(yaml.contains(line), "{line}\n{yaml}");
    }
    let wide = get(&mut c, "get statefulsets -o wide");
    assert!(wide.starts_with("NAME   READY   AGE   CONTAINERS   IMAGES\nweb    2/2     60s   nginx        nginx:1.27\n"), "{wide}");
    let d = get(&mut c, "describe sts web");
    for line in [
        "Replicas:           2 desired | 2 total\n",
        "Update Strategy:    RollingUpdate\n  Partition:        0\n",
        "Pods Status:        2 Running / 0 Waiting / 0 Succeeded / 0 Failed\n",
        "Volume Claims:\n  Name:          www\n",
        "  Capacity:      1Gi\n  Access Modes:  [ReadWriteOnce]\n",
    ] {
        assert!(d.contains(line), "{line}\n{d}");
    }
    let all = get(&mut c, "get all");
    assert!(all.contains("statefulset.apps/web   2/2     60s"), "{all}");
}

#[test]
fn orphaned_pods_are_adopted_again() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(2, "nginx:1.27", ""));
    c.advance(60_000);
    let uids = |c: &Cluster| -> Vec<String> {
        ["web-0", "web-1"].iter().map(|n| c.store.pod(c.store.pod_id("default", n).unwrap()).unwrap().meta.uid.clone()).collect()
    };
    let before = uids(&c);
    get(&mut c, "delete sts web --cascade=orphan");
    c.advance(10_000);
    assert_eq!(uids(&c), before, "orphaned, not deleted");
    assert!(apply(&mut c, &web(2, "nginx:1.27", "")).is_empty());
    c.advance(30_000);
    assert_eq!(uids(&c), before, "adopted, not made again");
    let p = c.store.pod(c.store.pod_id("default", "web-0").unwrap()).unwrap();
    assert_eq!(p.meta.controller().map(|o| o.kind), Some("StatefulSet"));
    assert!(get(&mut c, "get sts web").contains("web    2/2"));
}

#[test]
fn an_autoscaler_scales_a_statefulset_through_its_scale() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(1, "nginx:1.27", ""));
    c.advance(30_000);
    assert_eq!(get(&mut c, "autoscale sts web --min=3 --max=5 --cpu-percent=50"), "horizontalpodautoscaler.autoscaling/web autoscaled\n");
    c.advance(120_000);
    assert_eq!(names(&c), ["web-0", "web-1", "web-2"], "raised to minReplicas");
    let hpa = get(&mut c, "get hpa web");
    assert!(hpa.contains("StatefulSet/web"), "{hpa}");
}

#[test]
fn a_broken_update_stops_the_rollout_until_the_stuck_pod_is_deleted() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    apply(&mut c, &web(3, "nginx:1.27", ""));
    c.advance(60_000);
    apply(&mut c, &web(3, "no-such-image-anywhere:1.0", ""));
    c.advance(120_000);
    // web-2 was replaced and cannot start; web-1 and web-0 wait.
    let images: Vec<String> = pods(&c).into_iter().map(|p| p.3).collect();
    assert_eq!(images, ["nginx:1.27", "nginx:1.27", "no-such-image-anywhere:1.0"]);
    // Reverting the template does not replace the broken pod (it is never Ready)...
    apply(&mut c, &web(3, "nginx:1.27", ""));
    c.advance(120_000);
    assert_eq!(pods(&c)[2].3, "no-such-image-anywhere:1.0");
    // ...until it is deleted by hand.
    get(&mut c, "delete pod web-2 --wait=false");
    c.advance(60_000);
    let p = pods(&c);
    assert!(p.iter().all(|x| x.3 == "nginx:1.27" && x.2), "{p:?}");
}

#[test]
fn the_headless_service_names_each_pod_by_its_hostname() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let svc = "apiVersion: v1\nkind: Service\nmetadata:\n  name: nginx\nspec:\n  clusterIP: None\n  selector: {app: nginx}\n  ports:\n  - {port: 80, name: web}\n";
    assert!(apply(&mut c, svc).is_empty());
    apply(&mut c, &web(2, "nginx:1.27", ""));
    c.advance(60_000);
    let slices = get(&mut c, "get endpointslices -l kubernetes.io/service-name=nginx -o yaml");
    assert!(slices.contains("    hostname: web-0\n") && slices.contains("    hostname: web-1\n"), "{slices}");
    let again = c.apply_text(svc, "svc.yaml", "default", Mode::Apply);
    assert_eq!(again.out, ["service/nginx unchanged"]);
}

#[test]
fn a_drain_does_not_wait_for_the_pod_made_again_under_the_same_name() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let text = web(1, "nginx:1.27", "")
        .replace("        volumeMounts:\n        - {name: www, mountPath: /usr/share/nginx/html}\n", "")
        .split("  volumeClaimTemplates")
        .next()
        .unwrap()
        .to_string();
    assert!(apply(&mut c, &text).is_empty());
    c.advance(30_000);
    let node = c.store.pod(c.store.pod_id("default", "web-0").unwrap()).unwrap().node.to_string();
    let start = c.now();
    let out = get(&mut c, &format!("drain {node} --ignore-daemonsets"));
    assert!(out.contains("pod/web-0 evicted") && out.contains(&format!("node/{node} drained")), "{out}");
    assert!(c.now() - start < 60_000, "the drain took {} ms", c.now() - start);
    c.advance(30_000);
    let p = c.store.pod(c.store.pod_id("default", "web-0").unwrap()).unwrap();
    assert!(p.is_ready() && *p.node != *node, "web-0 runs again elsewhere");
}

/// The revision hash as a real v1.33 cluster computes it. The pair is the upstream
/// StatefulSet controller's compatibility test (`TestStatefulSetCompatibility`): a set
/// `test` whose template is labelled `app: foo`, annotated `test: value`, with one
/// container `test` of image `test`, runs its pods at revision `test-c77f6d978`; its raw
/// data, recorded from 1.33, has `creationTimestamp: null` and neither
/// `enableServiceLinks` nor `preemptionPolicy`.
#[test]
fn the_revision_hash_is_the_one_a_real_cluster_computes() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let set = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: test\nspec:\n  serviceName: \"\"\n  selector:\n    matchLabels: {app: foo}\n  template:\n    metadata:\n      labels: {app: foo}\n      annotations: {test: value}\n    spec:\n      containers:\n      - name: test\n        image: test\n";
    assert!(apply(&mut c, set).is_empty());
    c.advance(2000);
    let labels = get(&mut c, "kubectl get pod test-0 -o jsonpath={.metadata.labels.controller-revision-hash}");
    assert_eq!(labels.trim(), "test-c77f6d978");
    let raw = get(&mut c, "kubectl get controllerrevision test-c77f6d978 -o jsonpath={.data}");
    let recorded = r#"{"spec":{"template":{"$patch":"replace","metadata":{"annotations":{"test":"value"},"creationTimestamp":null,"labels":{"app":"foo"}},"spec":{"containers":[{"image":"test","imagePullPolicy":"Always","name":"test","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{},"terminationGracePeriodSeconds":30}}}}"#;
    assert_eq!(raw.trim(), recorded);
    assert_eq!(get(&mut c, "kubectl get sts test -o jsonpath={.status.updateRevision}").trim(), "test-c77f6d978");
    // The pod itself still gets what real pods alone get.
    let pod =
        get(&mut c, "kubectl get pod test-0 -o jsonpath={.spec.enableServiceLinks}/{.spec.preemptionPolicy}/{.spec.serviceAccountName}");
    assert_eq!(pod.trim(), "true/PreemptLowerPriority/default");
    // A changed template is a new revision with a different hash.
    c.kubectl("kubectl set image sts/test test=test:2", &NoFiles);
    c.advance(2000);
    let update = get(&mut c, "kubectl get sts test -o jsonpath={.status.updateRevision}");
    assert!(update.starts_with("test-") && update.trim() != "test-c77f6d978", "{update}");
}

/// The set's revisions by name.
fn revisions(c: &Cluster) -> Vec<String> {
    c.store.objects_of(engine::model::Kind::ControllerRevision, Some("default")).map(|o| o.meta().name.clone()).collect()
}

#[test]
fn history_beyond_the_limit_goes_oldest_first_and_the_live_revision_stays() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let limit = "  revisionHistoryLimit: 1\n";
    assert!(apply(&mut c, &web(2, "nginx:1.27", limit)).is_empty());
    c.advance(60_000);
    let first = revisions(&c);
    assert_eq!(first.len(), 1, "{first:?}");
    for image in ["nginx:1.28", "nginx:1.29", "httpd:2.4"] {
        assert!(apply(&mut c, &web(2, image, limit)).is_empty());
        c.advance(120_000);
        assert!(pods(&c).iter().all(|p| p.3 == image && p.2), "{image}: {:?}", pods(&c));
    }
    // The update revision and one more: the oldest two went.
    let kept = revisions(&c);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(!kept.contains(&first[0]), "the first revision outlived the limit: {kept:?}");
}

#[test]
fn a_claim_gone_under_a_pending_pod_is_made_again() {
    // `createMissingPersistentVolumeClaims`: the pods cannot be scheduled, so they stay
    // Pending, and the next sync finds the claim gone and makes it again.
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let extra = "  podManagementPolicy: Parallel\n";
    let text = web(2, "nginx:1.27", extra).replace("      terminationGracePeriodSeconds: 10\n", "      nodeSelector: {disk: none}\n");
    assert!(apply(&mut c, &text).is_empty());
    c.advance(5_000);
    let uid =
        |c: &Cluster, name: &str| c.store.object(engine::model::Kind::PersistentVolumeClaim, "default", name).map(|o| o.meta().uid.clone());
    let (zero, before) = (uid(&c, "www-web-0").expect("made"), uid(&c, "www-web-1").expect("made"));
    // A sync that finds both claims in place makes nothing.
    get(&mut c, "annotate sts web note=one");
    c.advance(1_000);
    assert_eq!(uid(&c, "www-web-1").as_ref(), Some(&before));
    // No scheduled pod uses it, so its protection lets it go at once.
    assert_eq!(get(&mut c, "delete pvc www-web-1 --wait=false"), "persistentvolumeclaim \"www-web-1\" deleted\n");
    assert!(uid(&c, "www-web-1").is_none());
    // The set's next sync (an update of the set is one) makes it again.
    get(&mut c, "annotate sts web note=two --overwrite");
    c.advance(1_000);
    let again = uid(&c, "www-web-1").expect("made again for the pending pod");
    assert_ne!(again, before);
    assert_eq!(uid(&c, "www-web-0"), Some(zero), "the claim in place stays");
    assert!(pods(&c).iter().all(|p| !p.2), "{:?}", pods(&c));
}

#[test]
fn each_pod_shows_its_own_hostname_and_claim_and_the_admission_of_its_time() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, &web(2, "nginx:1.27", "  podManagementPolicy: Parallel\n")).is_empty());
    c.advance(30_000);
    let limits = "apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\nspec:\n  limits:\n  - type: Container\n    defaultRequest: {cpu: 100m}\n";
    assert!(apply(&mut c, limits).is_empty());
    get(&mut c, "scale sts web --replicas=4");
    c.advance(30_000);
    assert_eq!(names(&c), ["web-0", "web-1", "web-2", "web-3"]);
    for (n, admitted) in [(0, false), (1, false), (2, true), (3, true)] {
        let yaml = get(&mut c, &format!("get pod web-{n} -o yaml"));
        assert!(yaml.contains(&format!("  hostname: web-{n}\n")), "{yaml}");
        assert!(yaml.contains(&format!("      claimName: www-web-{n}\n")), "{yaml}");
        assert_eq!(yaml.matches("claimName:").count(), 1, "{yaml}");
        assert_eq!(yaml.contains("cpu: 100m"), admitted, "web-{n}: {yaml}");
    }
    // The pod as the API shows it goes back as it came: its spec is unchanged.
    let shown = get(&mut c, "get pod web-3 -o yaml");
    let r = c.apply_text(&shown, "web-3.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors.iter().map(|e| &e.text).collect::<Vec<_>>());
    let out = get(&mut c, "exec web-3 -- hostname");
    assert_eq!(out.trim(), "web-3");
    engine::invariants::check(&c).unwrap();
}

#[test]
fn a_pod_relabelled_out_of_its_revision_is_counted_so_and_replaced() {
    let updated = |c: &mut Cluster| get(c, "get sts web -o jsonpath={.status.updatedReplicas}/{.status.currentReplicas}");
    let uid = |c: &mut Cluster| get(c, "get pod web-1 -o jsonpath={.metadata.uid}");
    let relabel = |c: &mut Cluster| {
        let out = get(c, "label pod web-1 controller-revision-hash=web-elsewhere --overwrite");
        assert!(out.contains("pod/web-1 labeled"), "{out}");
        c.advance(1);
    };
    // Under OnDelete it stays, counted by its label from the next sync on.
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, &web(3, "nginx:1.27", "  updateStrategy: {type: OnDelete}\n")).is_empty());
    c.advance(60_000);
    assert_eq!(updated(&mut c), "3/3");
    let before = uid(&mut c);
    relabel(&mut c);
    assert_eq!(updated(&mut c), "2/2");
    c.advance(30_000);
    assert_eq!((updated(&mut c), uid(&mut c)), ("2/2".to_string(), before));
    // A rolling update replaces it with a pod of the set's revision.
    let mut c = Cluster::new(Preset::Kind, None, 1);
    assert!(apply(&mut c, &web(3, "nginx:1.27", "")).is_empty());
    c.advance(60_000);
    let before = uid(&mut c);
    relabel(&mut c);
    c.advance(60_000);
    assert_eq!(updated(&mut c), "3/3");
    assert_ne!(uid(&mut c), before, "the relabelled pod was replaced");
}

#[test]
fn a_hostname_or_subdomain_that_is_no_dns_label_is_refused_as_the_api_server_refuses_it() {
    let mut c = Cluster::new(Preset::Kind, None, 1);
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  hostname: my_host\n  containers:\n  - {name: c, image: nginx}\n";
    let errs = apply(&mut c, pod);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("spec.hostname: Invalid value: \"my_host\": a lowercase RFC 1123 label must consist of"), "{errs:?}");
    // A set whose service name is no label cannot make a pod: each try is a FailedCreate.
    assert!(apply(&mut c, &web(2, "nginx:1.27", "").replace("serviceName: nginx", "serviceName: nginx.svc")).is_empty());
    c.advance(10_000);
    assert!(names(&c).is_empty(), "{:?}", names(&c));
    let events = get(&mut c, "get events --field-selector reason=FailedCreate");
    assert!(
        events.contains(
            "create Pod web-0 in StatefulSet web failed error: Pod \"web-0\" is invalid: spec.subdomain: Invalid value: \"nginx.svc\": must not contain dots"
        ),
        "{events}"
    );
}
