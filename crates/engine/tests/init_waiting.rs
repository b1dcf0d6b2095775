//! The documentation's init containers (concepts/workloads/pods/init-containers): each
//! waits in a loop until a Service's name resolves; the pod stays `Init:0/2` until both
//! Services exist, then its app starts.

use engine::apply::Mode;
use engine::kubectl::NoFiles;
use engine::{Cluster, Preset};

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: myapp-pod\n  labels:\n    app.kubernetes.io/name: MyApp\nspec:\n  containers:\n  - name: myapp-container\n    image: busybox:1.28\n    command: ['sh', '-c', 'echo The app is running! && sleep 3600']\n  initContainers:\n  - name: init-myservice\n    image: busybox:1.28\n    command: ['sh', '-c', \"until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done\"]\n  - name: init-mydb\n    image: busybox:1.28\n    command: ['sh', '-c', \"until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done\"]\n";

const SERVICES: &str = "apiVersion: v1\nkind: Service\nmetadata:\n  name: myservice\nspec:\n  ports:\n  - protocol: TCP\n    port: 80\n    targetPort: 9376\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: mydb\nspec:\n  ports:\n  - protocol: TCP\n    port: 80\n    targetPort: 9377\n";

fn out(c: &mut Cluster, line: &str) -> String {
    let o = c.kubectl(line, &NoFiles);
    format!("{}{}", o.stdout, o.stderr)
}

#[test]
fn init_containers_wait_for_their_services_names_then_the_app_starts() {
    let mut c = Cluster::new(Preset::DockerDesktop, None, 3);
    assert!(c.apply_text(POD, "myapp.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(60_000);
    assert!(out(&mut c, "kubectl get pod myapp-pod").contains("0/1     Init:0/2   0"), "{}", out(&mut c, "kubectl get pods"));
    let waiting = out(&mut c, "kubectl logs myapp-pod -c init-myservice");
    assert!(waiting.contains("nslookup: can't resolve 'myservice.default.svc.cluster.local'\nwaiting for myservice\n"), "{waiting}");
    assert!(waiting.matches("waiting for myservice").count() >= 20, "a turn every two seconds: {waiting}");
    assert!(c.apply_text(SERVICES, "services.yaml", "default", Mode::Apply).errors.is_empty());
    c.advance(10_000);
    assert!(out(&mut c, "kubectl get pod myapp-pod").contains("1/1     Running"), "{}", out(&mut c, "kubectl describe pod myapp-pod"));
    let found = out(&mut c, "kubectl logs myapp-pod -c init-myservice");
    assert!(found.starts_with(&waiting), "what it printed while waiting stays as it was");
    assert!(found.contains("Name:      myservice.default.svc.cluster.local\n"), "{found}");
    let mydb = out(&mut c, "kubectl logs myapp-pod -c init-mydb");
    assert!(mydb.contains("Name:      mydb.default.svc.cluster.local\n") && !mydb.contains("waiting for mydb"), "{mydb}");
    assert_eq!(out(&mut c, "kubectl logs myapp-pod"), "The app is running!\n");
}
