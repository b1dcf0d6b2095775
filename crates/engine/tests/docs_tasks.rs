//! The Kubernetes documentation's task pages, replayed: what each prints on a real
//! cluster, here.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

fn run(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

fn apply(c: &mut Cluster, yaml: &str) {
    let r = c.apply_text(yaml, "task.yaml", "default", Mode::Apply);
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

/// tasks/access-application-cluster/communicate-containers-same-pod-shared-volume: nginx
/// serves what the debian container wrote into the shared emptyDir, at localhost.
#[test]
fn two_containers_share_a_volume_and_nginx_serves_what_debian_wrote() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    apply(&mut c, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: two-containers\nspec:\n  restartPolicy: Never\n  volumes:\n  - name: shared-data\n    emptyDir: {}\n  containers:\n  - name: nginx-container\n    image: nginx\n    volumeMounts:\n    - name: shared-data\n      mountPath: /usr/share/nginx/html\n  - name: debian-container\n    image: debian\n    volumeMounts:\n    - name: shared-data\n      mountPath: /pod-data\n    command: [\"/bin/sh\"]\n    args: [\"-c\", \"echo Hello from the debian container > /pod-data/index.html\"]\n");
    c.advance(30_000);
    assert_eq!(run(&mut c, "kubectl exec two-containers -c nginx-container -- curl -s localhost"), "Hello from the debian container\n");
    assert!(run(&mut c, "kubectl exec two-containers -c nginx-container -- curl -s localhost/nope.html")
        .contains("<title>404 Not Found</title>"));
    // A stock nginx behind a Service serves its own page.
    run(&mut c, "kubectl create deployment web --image=nginx");
    run(&mut c, "kubectl expose deployment web --port=80");
    run(&mut c, "kubectl run box --image=busybox -- sleep 3600");
    c.advance(30_000);
    assert!(run(&mut c, "kubectl exec box -- wget -qO- http://web").contains("<h1>Welcome to nginx!</h1>"));
    assert_eq!(
        run(&mut c, "kubectl exec box -- wget -qO- http://web/nope"),
        "wget: server returned error: HTTP/1.1 404 Not Found\ncommand terminated with exit code 1\n"
    );
}

/// tasks/job/indexed-parallel-processing-static: a bash array picks the item by
/// `JOB_COMPLETION_INDEX` and busybox's `rev` reverses it.
#[test]
fn an_indexed_job_reverses_its_items() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    apply(&mut c, "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: 'indexed-job'\nspec:\n  completions: 5\n  parallelism: 3\n  completionMode: Indexed\n  template:\n    spec:\n      restartPolicy: Never\n      initContainers:\n      - name: 'input'\n        image: 'docker.io/library/bash'\n        command:\n        - \"bash\"\n        - \"-c\"\n        - |\n          items=(foo bar baz qux xyz)\n          echo ${items[$JOB_COMPLETION_INDEX]} > /input/data.txt\n        volumeMounts:\n        - mountPath: /input\n          name: input\n      containers:\n      - name: 'worker'\n        image: 'docker.io/library/busybox'\n        command:\n        - \"rev\"\n        - \"/input/data.txt\"\n        volumeMounts:\n        - mountPath: /input\n          name: input\n      volumes:\n      - name: input\n        emptyDir: {}\n");
    c.advance(60_000);
    assert!(run(&mut c, "kubectl get job indexed-job").contains("Complete   5/5"));
    let logs: Vec<String> = (0..5)
        .map(|i| {
            let name = run(&mut c, &format!("kubectl get pods -l batch.kubernetes.io/job-completion-index={i} -o name"));
            run(&mut c, &format!("kubectl logs {}", name.trim()))
        })
        .collect();
    assert_eq!(logs, ["oof\n", "rab\n", "zab\n", "xuq\n", "zyx\n"]);
    // `describe pod PREFIX` describes every pod whose name starts with it.
    let described = run(&mut c, "kubectl describe pod indexed-job-0");
    assert!(described.starts_with("Name:             indexed-job-0-"), "{described}");
    assert_eq!(run(&mut c, "kubectl describe pod nosuch"), "Error from server (NotFound): pods \"nosuch\" not found\n");
    // The template's init containers, each line of a many-line argument indented.
    let job = run(&mut c, "kubectl describe job indexed-job");
    assert!(
        job.contains("  Init Containers:\n   input:\n")
            && job.contains("      items=(foo bar baz qux xyz)\n      echo ${items[$JOB_COMPLETION_INDEX]} > /input/data.txt\n      \n"),
        "{job}"
    );
}

/// tasks/inject-data-application/distribute-credentials-secure: `ls` on the terminal of
/// `exec -it` lays names out in columns, one per line without one.
#[test]
fn ls_on_a_terminal_prints_columns() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    run(&mut c, "kubectl create secret generic test-secret --from-literal=username=my-app --from-literal=password=39528$vdg7Jb");
    apply(&mut c, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: secret-test-pod\nspec:\n  containers:\n    - name: test-container\n      image: nginx\n      volumeMounts:\n        - name: secret-volume\n          mountPath: /etc/secret-volume\n          readOnly: true\n  volumes:\n    - name: secret-volume\n      secret:\n        secretName: test-secret\n");
    c.advance(30_000);
    assert_eq!(run(&mut c, "kubectl exec -it secret-test-pod -- ls /etc/secret-volume"), "password  username\n");
    assert_eq!(run(&mut c, "kubectl exec secret-test-pod -- ls /etc/secret-volume"), "password\nusername\n");
    // -t alone gives no terminal (kubectl's SetupTTY).
    assert_eq!(run(&mut c, "kubectl exec -t secret-test-pod -- ls /etc/secret-volume"), "password\nusername\n");
    // bash words a missing command its own way; dash (Debian's sh) its own.
    assert_eq!(
        run(&mut c, "kubectl exec secret-test-pod -- bash -c nosuch"),
        "bash: line 1: nosuch: command not found\ncommand terminated with exit code 127\n"
    );
    assert_eq!(
        run(&mut c, "kubectl exec secret-test-pod -- sh -c nosuch"),
        "sh: 1: nosuch: not found\ncommand terminated with exit code 127\n"
    );
}

/// `kubectl run --overrides`: a JSON merge patch over the pod kubectl generates (the
/// default `--override-type`), or a strategic one that merges containers by name.
#[test]
fn run_overrides_patch_the_generated_pod() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    assert_eq!(
        run(&mut c, "kubectl run sel --image=nginx --overrides='{\"spec\":{\"nodeSelector\":{\"disktype\":\"ssd\"}}}'"),
        "pod/sel created\n"
    );
    let strategic = "kubectl run big --image=nginx --override-type=strategic --overrides='{\"spec\":{\"containers\":[{\"name\":\"big\",\"resources\":{\"requests\":{\"memory\":\"1000Gi\"}}}]}}'";
    assert_eq!(run(&mut c, strategic), "pod/big created\n");
    c.advance(20_000);
    assert_eq!(run(&mut c, "kubectl get pod sel -o jsonpath={.spec.nodeSelector.disktype}"), "ssd");
    assert_eq!(run(&mut c, "kubectl get pod big -o jsonpath={.spec.containers[0].image}"), "nginx");
    let described = run(&mut c, "kubectl describe pod big");
    assert!(described.contains("0/1 nodes are available: 1 Insufficient memory."), "{described}");
    assert!(run(&mut c, "kubectl get pod sel").contains("Pending"));
    // `Overrider.Apply`'s word for any other type.
    assert_eq!(run(&mut c, "kubectl run bad --image=nginx --override-type=nope --overrides={}"), "error: invalid override type: nope\n");
}

/// concepts/workloads/controllers/deployment: a rollout stuck on a bad image; `rollout
/// status --timeout` gives up after that much time, without it waits for the deadline.
#[test]
fn rollout_status_gives_up_after_its_timeout() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    run(&mut c, "kubectl create deployment nginx-deployment --image=nginx:1.14.2 --replicas=3");
    c.advance(30_000);
    run(&mut c, "kubectl set image deployment/nginx-deployment nginx=nginx:1.161");
    c.advance(30_000);
    let before = c.now();
    // As a script or lesson runs it: the line, then the time it waits.
    let status = |c: &mut Cluster, line: &str| {
        let out = c.run(line, &NoFiles);
        let waited = out.wait.as_ref().map(|w| c.wait(w)).unwrap_or_default();
        out.stdout + &waited
    };
    assert_eq!(
        status(&mut c, "kubectl rollout status deployment/nginx-deployment --timeout=5s"),
        "Waiting for deployment \"nginx-deployment\" rollout to finish: 1 out of 3 new replicas have been updated...\nerror: timed out waiting for the condition\n"
    );
    assert_eq!(c.now() - before, 5_000, "the five seconds pass");
    let out = status(&mut c, "kubectl rollout status deployment/nginx-deployment");
    assert!(out.ends_with("error: deployment \"nginx-deployment\" exceeded its progress deadline\n"), "{out}");
}

/// tasks/configure-pod-container/assign-cpu-resource: vish/stress's `-cpus 2` keeps two
/// cores busy, which its limit of one holds to one; polinux/stress's `--cpu` likewise.
#[test]
fn stress_keeps_its_cores_busy_up_to_the_limit() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    apply(&mut c, include_str!("../../../examples/metrics-server/components.yaml"));
    run(&mut c, "kubectl create namespace cpu-example");
    let cpu_demo = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: cpu-demo\n  namespace: cpu-example\nspec:\n  containers:\n  - name: cpu-demo-ctr\n    image: vish/stress\n    resources:\n      limits:\n        cpu: \"1\"\n      requests:\n        cpu: \"0.5\"\n    args:\n    - -cpus\n    - \"2\"\n";
    apply(&mut c, cpu_demo);
    run(&mut c, "kubectl run hog --image=polinux/stress -- stress --cpu 2");
    c.advance(120_000);
    let top = run(&mut c, "kubectl top pod cpu-demo -n cpu-example");
    assert_eq!(top, "NAME       CPU(cores)   MEMORY(bytes)\ncpu-demo   1001m        1Mi\n");
    assert!(run(&mut c, "kubectl top pod hog").contains("hog    2001m"));
    assert_eq!(run(&mut c, "kubectl logs hog"), "stress: info: [1] dispatching hogs: 2 cpu, 0 io, 0 vm, 0 hdd\n");
}

/// A Service balances requests over its pods: hello-app names the pod that answered.
#[test]
fn hello_app_names_the_pod_each_request_reached() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    run(&mut c, "kubectl create deployment web --image=gcr.io/google-samples/hello-app:1.0 --replicas=3");
    run(&mut c, "kubectl expose deployment web --port=8080");
    run(&mut c, "kubectl run box --image=busybox -- sleep 3600");
    c.advance(30_000);
    let mut hosts = std::collections::BTreeSet::new();
    for _ in 0..12 {
        let answer = run(&mut c, "kubectl exec box -- wget -qO- http://web:8080");
        let host = answer.strip_prefix("Hello, world!\nVersion: 1.0.0\nHostname: web-").expect("hello-app's answer");
        hosts.insert(host.trim_end().to_string());
    }
    assert!(hosts.len() >= 2, "{hosts:?}");
}

/// The page is the answering pod's, found by its namespace and reached on the Service's
/// target port: a pod of the same name elsewhere, or a Service port unlike the pod's,
/// changes nothing.
#[test]
fn the_page_is_the_answering_pod_s_on_its_target_port() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 4);
    run(&mut c, "kubectl create namespace dev");
    run(&mut c, "kubectl run web --image=gcr.io/google-samples/hello-app:2.0 -n dev");
    run(&mut c, "kubectl expose pod web -n dev --port=80 --target-port=8080");
    run(&mut c, "kubectl run web --image=nginx");
    run(&mut c, "kubectl run box --image=busybox -- sleep 3600");
    c.advance(30_000);
    assert_eq!(run(&mut c, "kubectl exec box -- wget -qO- http://web.dev"), "Hello, world!\nVersion: 2.0.0\nHostname: web\n");
}
