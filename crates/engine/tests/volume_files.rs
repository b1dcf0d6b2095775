//! What a pod's volumes hold: the service-account token volume admission adds, the
//! `kube-root-ca.crt` ConfigMap it projects, and the files a container reads from its
//! ConfigMap, Secret, downward API, hostPath and claim volumes.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::time::SECOND;
use engine::{Cluster, Preset};

fn cluster() -> Cluster {
    Cluster::new(Preset::DockerDesktop, None, 1)
}

fn apply(c: &mut Cluster, text: &str) {
    let r = c.apply_text(text, "t.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

fn pod(name: &str, extra_spec: &str, command: &str, mounts: &str, volumes: &str) -> String {
    format!(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    app: {name}\nspec:\n{extra_spec}  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"{command}\"]\n{mounts}{volumes}"
    )
}

#[test]
fn every_namespace_has_the_root_ca_and_the_publisher_keeps_it() {
    let mut c = cluster();
    let all = out(&mut c, "kubectl get cm -A -o name");
    assert_eq!(all.matches("configmap/kube-root-ca.crt").count(), 4, "{all}");
    assert_eq!(out(&mut c, "kubectl create namespace team"), "namespace/team created\n");
    assert!(out(&mut c, "kubectl get cm -n team").contains("kube-root-ca.crt   1      0s"));
    let ca = |c: &mut Cluster| {
        let yaml = out(c, "kubectl get cm kube-root-ca.crt -o yaml");
        yaml.split("kind:").next().unwrap_or("").to_string()
    };
    let before = ca(&mut c);
    assert!(before.contains("  ca.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIC"), "{before}");
    // Deleted, it is written again at once; edited, its CA is put back.
    out(&mut c, "kubectl delete cm kube-root-ca.crt");
    assert_eq!(ca(&mut c), before);
    assert_eq!(
        out(&mut c, "kubectl patch cm kube-root-ca.crt -p '{\"data\":{\"ca.crt\":\"mine\"}}'"),
        "configmap/kube-root-ca.crt patched\n"
    );
    assert_eq!(ca(&mut c), before);
}

#[test]
fn admission_mounts_the_token_unless_the_pod_or_its_account_says_no() {
    let mut c = cluster();
    apply(&mut c, &pod("plain", "", "sleep 3600", "", ""));
    apply(&mut c, &pod("opted-out", "  automountServiceAccountToken: false\n", "sleep 3600", "", ""));
    apply(&mut c, "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: quiet\nautomountServiceAccountToken: false\n");
    apply(&mut c, &pod("quiet", "  serviceAccountName: quiet\n", "sleep 3600", "", ""));
    // The pod's own setting wins over its account's.
    apply(&mut c, &pod("loud", "  serviceAccountName: quiet\n  automountServiceAccountToken: true\n", "sleep 3600", "", ""));
    c.advance(20 * SECOND);
    let volumes = |c: &mut Cluster, p: &str| out(c, &format!("kubectl get pod {p} -o jsonpath={{.spec.volumes[*].name}}"));
    let plain = volumes(&mut c, "plain");
    assert!(plain.starts_with("kube-api-access-") && plain.len() == "kube-api-access-".len() + 5, "{plain}");
    assert_eq!(volumes(&mut c, "opted-out"), "");
    assert_eq!(volumes(&mut c, "quiet"), "");
    assert!(volumes(&mut c, "loud").starts_with("kube-api-access-"));
    let yaml = out(&mut c, "kubectl get pod plain -o yaml");
    assert!(yaml.contains("    volumeMounts:\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n"), "{yaml}");
    assert!(yaml.contains("      - serviceAccountToken:\n          expirationSeconds: 3607\n          path: token\n"), "{yaml}");
    let d = out(&mut c, "kubectl describe pod opted-out");
    assert!(d.contains("    Mounts:         <none>\n") && d.contains("\nVolumes:                      <none>\n"), "{d}");
    // The token's files, and an image change that leaves the volume where it was.
    assert_eq!(out(&mut c, "kubectl exec plain -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace"), "default\n");
    assert!(out(&mut c, "kubectl exec plain -- cat /var/run/secrets/kubernetes.io/serviceaccount/token").starts_with("eyJ"));
    let patch = "kubectl patch pod plain -p '{\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"busybox:1.37\"}]}}'";
    assert_eq!(out(&mut c, patch), "pod/plain patched\n");
    assert_eq!(volumes(&mut c, "plain"), plain);
}

#[test]
fn mounted_files_follow_an_edit_at_the_next_sync_and_the_rest_stays() {
    let mut c = cluster();
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sport\ndata:\n  sport: football\n");
    let mounts = "    env:\n    - name: SPORT\n      valueFrom:\n        configMapKeyRef:\n          name: sport\n          key: sport\n    volumeMounts:\n    - name: config\n      mountPath: /etc/config\n    - name: config\n      mountPath: /etc/sport.txt\n      subPath: sport\n    - name: info\n      mountPath: /etc/podinfo\n";
    let volumes = "  volumes:\n  - name: config\n    configMap:\n      name: sport\n  - name: info\n    downwardAPI:\n      items:\n      - path: labels\n        fieldRef:\n          fieldPath: metadata.labels\n";
    apply(&mut c, &pod("reader", "", "sleep 3600", mounts, volumes));
    c.advance(10 * SECOND);
    assert_eq!(out(&mut c, "kubectl exec reader -- ls /etc/config"), "sport\n");
    assert_eq!(out(&mut c, "kubectl exec reader -- cat /etc/podinfo/labels"), "app=\"reader\"\n");
    assert_eq!(out(&mut c, "kubectl patch cm sport -p '{\"data\":{\"sport\":\"cricket\"}}'"), "configmap/sport patched\n");
    let read = |c: &mut Cluster| {
        ["cat /etc/config/sport", "cat /etc/sport.txt", "printenv SPORT"]
            .map(|cmd| out(c, &format!("kubectl exec reader -- {cmd}")).trim().to_string())
    };
    assert_eq!(read(&mut c), ["football", "football", "football"], "before the kubelet's sync");
    c.advance(60 * SECOND);
    assert_eq!(read(&mut c), ["cricket", "football", "football"], "the directory follows; subPath and env do not");
    assert!(out(&mut c, "kubectl exec reader -- cat /etc/config/nothing").contains("No such file or directory"));
}

#[test]
fn a_file_written_to_a_claim_is_there_for_the_next_pod() {
    let mut c = cluster();
    apply(&mut c, "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n");
    let mounts = "    volumeMounts:\n    - name: data\n      mountPath: /data\n";
    let volumes = "  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: data\n";
    apply(&mut c, &pod("writer", "  restartPolicy: Never\n", "echo kept > /data/note.txt", mounts, volumes));
    c.advance(20 * SECOND);
    out(&mut c, "kubectl delete pod writer");
    apply(&mut c, &pod("reader", "", "sleep 3600", mounts, volumes));
    c.advance(20 * SECOND);
    assert_eq!(out(&mut c, "kubectl exec reader -- cat /data/note.txt"), "kept\n");
    // An emptyDir goes with its pod.
    let mounts = "    volumeMounts:\n    - name: scratch\n      mountPath: /scratch\n";
    let volumes = "  volumes:\n  - name: scratch\n    emptyDir: {}\n";
    apply(&mut c, &pod("scratchy", "", "echo temp > /scratch/t; sleep 3600", mounts, volumes));
    c.advance(20 * SECOND);
    assert_eq!(out(&mut c, "kubectl exec scratchy -- cat /scratch/t"), "temp\n");
}

/// The documentation's "Expose Pod Information to Containers Through Environment
/// Variables" and "… Through Files" tasks: requests and limits in units of the divisor.
#[test]
fn resource_fields_give_requests_and_limits_in_the_divisors_unit() {
    let mut c = cluster();
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: dapi\nspec:\n  containers:\n  - name: test-container\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 3600\"]\n    resources:\n      requests:\n        memory: 32Mi\n        cpu: 125m\n      limits:\n        memory: 64Mi\n        cpu: 250m\n    env:\n    - name: MY_CPU_REQUEST\n      valueFrom:\n        resourceFieldRef:\n          containerName: test-container\n          resource: requests.cpu\n          divisor: 1m\n    - name: MY_CPU_LIMIT\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.cpu\n    - name: MY_MEM_LIMIT\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.memory\n          divisor: 1Mi\n    volumeMounts:\n    - name: podinfo\n      mountPath: /etc/podinfo\n  volumes:\n  - name: podinfo\n    downwardAPI:\n      items:\n      - path: cpu_limit\n        resourceFieldRef:\n          containerName: test-container\n          resource: limits.cpu\n          divisor: 1m\n      - path: mem_request\n        resourceFieldRef:\n          containerName: test-container\n          resource: requests.memory\n          divisor: 1Mi\n",
    );
    c.advance(30 * SECOND);
    let env = out(&mut c, "kubectl exec dapi -- printenv");
    assert!(env.contains("MY_CPU_REQUEST=125\n"), "{env}");
    // 250m in whole cores, rounded up.
    assert!(env.contains("MY_CPU_LIMIT=1\n"), "{env}");
    assert!(env.contains("MY_MEM_LIMIT=64\n"), "{env}");
    assert_eq!(out(&mut c, "kubectl exec dapi -- cat /etc/podinfo/cpu_limit"), "250\n");
    assert_eq!(out(&mut c, "kubectl exec dapi -- cat /etc/podinfo/mem_request"), "32\n");
    // describe computes it as kubectl does: from the container, with the divisor.
    let described = out(&mut c, "kubectl describe pod dapi");
    assert!(described.contains("125 (requests.cpu)"), "{described}");
    assert!(described.contains("64 (limits.memory)"), "{described}");
    // Without a limit the kubelet gives the node's allocatable.
    apply(
        &mut c,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: unlimited\nspec:\n  containers:\n  - name: app\n    image: busybox:1.36\n    command: [\"sh\", \"-c\", \"sleep 3600\"]\n    env:\n    - name: CPU\n      valueFrom:\n        resourceFieldRef:\n          resource: limits.cpu\n",
    );
    c.advance(30 * SECOND);
    let node = out(&mut c, "kubectl get pod unlimited -o jsonpath={.spec.nodeName}");
    let cores = out(&mut c, &format!("kubectl get node {node} -o jsonpath={{.status.allocatable.cpu}}"));
    let env = out(&mut c, "kubectl exec unlimited -- printenv");
    assert!(env.contains(&format!("CPU={cores}\n")), "{cores}: {env}");
    // kubectl has no node to read: an unset limit is described as the node's allocatable.
    let described = out(&mut c, "kubectl describe pod unlimited");
    assert!(described.contains("node allocatable (limits.cpu)"), "{described}");
}

#[test]
fn a_script_reads_its_volume_by_relative_names_and_a_script_of_builtins_by_none() {
    let mut c = cluster();
    apply(&mut c, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  key: hello\n");
    let mounts = "    volumeMounts:\n    - {name: cfg, mountPath: /etc/cfg}\n";
    let volumes = "  volumes:\n  - name: cfg\n    configMap: {name: cfg}\n";
    // No slash in the script: the mount's path parts (`etc`, `cfg`) are what it names.
    apply(&mut c, &pod("relative", "", "cd etc; cd cfg; cat key; sleep 3600", mounts, volumes));
    apply(&mut c, &pod("builtins", "", "while true; do echo tick; sleep 3600; done", mounts, volumes));
    c.advance(30 * SECOND);
    assert_eq!(out(&mut c, "kubectl logs relative"), "hello\n");
    assert_eq!(out(&mut c, "kubectl logs builtins"), "tick\n");
    // `exec` reads the volume as it is then, whatever the main process named.
    assert_eq!(out(&mut c, "kubectl exec builtins -- cat /etc/cfg/key").trim_end(), "hello");
}
