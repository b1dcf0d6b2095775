//! The add-ons' manifests as their installers create them: kubeadm's CoreDNS and
//! kube-proxy, kind's kindnet and local-path provisioner, Docker Desktop's storage
//! provisioner and vpnkit controller, metrics-server's release manifest. Only what
//! kubeplay models is written (no ServiceAccounts or RBAC, no probes: see README).

use crate::node_image::*;
use crate::presets::Preset;

/// The preset's add-ons in the order their installers create them, each as (namespace,
/// YAML stream): kubeadm's first, then the product's own.
pub fn of(preset: Preset) -> Vec<(&'static str, String)> {
    let mut out = vec![("kube-system", format!("{}---\n{}", coredns(preset), kube_proxy(preset)))];
    match preset {
        Preset::Kind => {
            out.push(("kube-system", KINDNET_DS.replace("{KINDNET}", KINDNET)));
            out.push(("local-path-storage", LOCAL_PATH_DEPLOYMENT.replace("{LOCAL_PATH}", LOCAL_PATH)));
        }
        Preset::DockerDesktop => {
            out.push(("kube-system", DESKTOP_PODS.replace("{STORAGE}", DESKTOP_STORAGE).replace("{VPNKIT}", DESKTOP_VPNKIT)));
        }
        Preset::Cloud => out.push(("kube-system", METRICS_SERVER_DEPLOYMENT.replace("{METRICS_SERVER}", METRICS_SERVER))),
    }
    out
}

/// The Service range (kube-dns has its tenth address).
fn service_cidr(preset: Preset) -> &'static str {
    match preset {
        // kind sets a /16 service subnet; kubeadm's own default is a /12.
        Preset::Kind => "10.96.0.0/16",
        Preset::DockerDesktop | Preset::Cloud => "10.96.0.0/12",
    }
}

fn coredns(_preset: Preset) -> String {
    COREDNS_OBJECTS.replace("{COREDNS}", COREDNS)
}

fn kube_proxy(preset: Preset) -> String {
    let cluster_cidr = match preset {
        Preset::Kind => "10.244.0.0/16",
        Preset::DockerDesktop => "10.1.0.0/16",
        Preset::Cloud => "10.4.0.0/14",
    };
    KUBE_PROXY
        .replace("{PROXY}", PROXY)
        .replace("{CLUSTER_CIDR}", cluster_cidr)
        .replace("{SERVER}", preset.control_plane_url())
        .replace("{SERVICE_CIDR}", service_cidr(preset))
}

/// kubeadm's CoreDNS add-on: its ConfigMap, Deployment and the `kube-dns` Service at the
/// tenth address of the Service range.
const COREDNS_OBJECTS: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: coredns
  namespace: kube-system
data:
  Corefile: |
    .:53 {
        errors
        health {
           lameduck 5s
        }
        ready
        kubernetes cluster.local in-addr.arpa ip6.arpa {
           pods insecure
           fallthrough in-addr.arpa ip6.arpa
           ttl 30
        }
        prometheus :9153
        forward . /etc/resolv.conf {
           max_concurrent 1000
        }
        cache 30 {
           disable success cluster.local
           disable denial cluster.local
        }
        loop
        reload
        loadbalance
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      priorityClassName: system-cluster-critical
      tolerations:
      - key: CriticalAddonsOnly
        operator: Exists
      - key: node-role.kubernetes.io/control-plane
        effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: coredns
        image: {COREDNS}
        imagePullPolicy: IfNotPresent
        resources:
          limits:
            memory: 170Mi
          requests:
            cpu: 100m
            memory: 70Mi
        args: [ "-conf", "/etc/coredns/Corefile" ]
        volumeMounts:
        - name: config-volume
          mountPath: /etc/coredns
          readOnly: true
        ports:
        - containerPort: 53
          name: dns
          protocol: UDP
        - containerPort: 53
          name: dns-tcp
          protocol: TCP
        - containerPort: 9153
          name: metrics
          protocol: TCP
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            add:
            - NET_BIND_SERVICE
            drop:
            - ALL
          readOnlyRootFilesystem: true
      dnsPolicy: Default
      volumes:
      - name: config-volume
        configMap:
          name: coredns
          items:
          - key: Corefile
            path: Corefile
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels:
    k8s-app: kube-dns
    kubernetes.io/cluster-service: "true"
    kubernetes.io/name: "CoreDNS"
  annotations:
    prometheus.io/port: "9153"
    prometheus.io/scrape: "true"
spec:
  selector:
    k8s-app: kube-dns
  clusterIP: 10.96.0.10
  ports:
  - name: dns
    port: 53
    protocol: UDP
    targetPort: 53
  - name: dns-tcp
    port: 53
    protocol: TCP
    targetPort: 53
  - name: metrics
    port: 9153
    protocol: TCP
    targetPort: 9153
"#;

/// kubeadm's kube-proxy add-on: its ConfigMap and DaemonSet on the host's network,
/// tolerating every taint.
const KUBE_PROXY: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-proxy
  namespace: kube-system
  labels:
    app: kube-proxy
data:
  config.conf: |-
    apiVersion: kubeproxy.config.k8s.io/v1alpha1
    kind: KubeProxyConfiguration
    bindAddress: 0.0.0.0
    clusterCIDR: {CLUSTER_CIDR}
    mode: iptables
  kubeconfig.conf: |-
    apiVersion: v1
    kind: Config
    clusters:
    - cluster:
        certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
        server: {SERVER}
      name: default
    contexts:
    - context:
        cluster: default
        namespace: default
        user: default
      name: default
    current-context: default
    users:
    - name: default
      user:
        tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kube-proxy
  namespace: kube-system
  labels:
    k8s-app: kube-proxy
spec:
  selector:
    matchLabels:
      k8s-app: kube-proxy
  updateStrategy:
    type: RollingUpdate
  template:
    metadata:
      labels:
        k8s-app: kube-proxy
    spec:
      containers:
      - name: kube-proxy
        image: {PROXY}
        imagePullPolicy: IfNotPresent
        command:
        - /usr/local/bin/kube-proxy
        - --config=/var/lib/kube-proxy/config.conf
        - --hostname-override=$(NODE_NAME)
        env:
        - name: NODE_NAME
          valueFrom:
            fieldRef:
              fieldPath: spec.nodeName
        securityContext:
          privileged: true
        volumeMounts:
        - mountPath: /var/lib/kube-proxy
          name: kube-proxy
        - mountPath: /run/xtables.lock
          name: xtables-lock
        - mountPath: /lib/modules
          name: lib-modules
          readOnly: true
      hostNetwork: true
      priorityClassName: system-node-critical
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - operator: Exists
      volumes:
      - name: kube-proxy
        configMap:
          name: kube-proxy
      - name: xtables-lock
        hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
      - name: lib-modules
        hostPath:
          path: /lib/modules
"#;

/// kind's CNI: kindnet on every node's host network.
const KINDNET_DS: &str = r#"apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: kindnet
  namespace: kube-system
  labels:
    tier: node
    app: kindnet
    k8s-app: kindnet
spec:
  selector:
    matchLabels:
      app: kindnet
  template:
    metadata:
      labels:
        tier: node
        app: kindnet
        k8s-app: kindnet
    spec:
      hostNetwork: true
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
      - operator: Exists
      containers:
      - name: kindnet-cni
        image: {KINDNET}
        env:
        - name: HOST_IP
          valueFrom:
            fieldRef:
              fieldPath: status.hostIP
        - name: POD_IP
          valueFrom:
            fieldRef:
              fieldPath: status.podIP
        - name: POD_SUBNET
          value: 10.244.0.0/16
        volumeMounts:
        - name: cni-cfg
          mountPath: /etc/cni/net.d
        - name: xtables-lock
          mountPath: /run/xtables.lock
          readOnly: false
        - name: lib-modules
          mountPath: /lib/modules
          readOnly: true
        resources:
          requests:
            cpu: "100m"
            memory: "50Mi"
          limits:
            cpu: "100m"
            memory: "50Mi"
        securityContext:
          privileged: false
          capabilities:
            add: ["NET_RAW", "NET_ADMIN"]
      volumes:
      - name: cni-cfg
        hostPath:
          path: /etc/cni/net.d
          type: DirectoryOrCreate
      - name: xtables-lock
        hostPath:
          path: /run/xtables.lock
          type: FileOrCreate
      - name: lib-modules
        hostPath:
          path: /lib/modules
"#;

/// kind's default storage: the local-path provisioner in its own namespace.
const LOCAL_PATH_DEPLOYMENT: &str = r#"apiVersion: v1
kind: ConfigMap
metadata:
  name: local-path-config
  namespace: local-path-storage
data:
  config.json: |-
    {
            "nodePathMap":[
            {
                    "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                    "paths":["/var/local-path-provisioner"]
            }
            ]
    }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: local-path-provisioner
  namespace: local-path-storage
spec:
  replicas: 1
  selector:
    matchLabels:
      app: local-path-provisioner
  template:
    metadata:
      labels:
        app: local-path-provisioner
    spec:
      tolerations:
      - key: node-role.kubernetes.io/control-plane
        operator: Equal
        effect: NoSchedule
      - key: node-role.kubernetes.io/master
        operator: Equal
        effect: NoSchedule
      nodeSelector:
        kubernetes.io/os: linux
      containers:
      - name: local-path-provisioner
        image: {LOCAL_PATH}
        imagePullPolicy: IfNotPresent
        command:
        - local-path-provisioner
        - --debug
        - start
        - --helper-image
        - docker.io/kindest/local-path-helper:v20241212-8ac705d0
        - --config
        - /etc/config/config.json
        volumeMounts:
        - name: config-volume
          mountPath: /etc/config/
        env:
        - name: POD_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
      volumes:
      - name: config-volume
        configMap:
          name: local-path-config
"#;

/// Docker Desktop's own two pods, bare (no controller, no name suffix).
const DESKTOP_PODS: &str = r#"apiVersion: v1
kind: Pod
metadata:
  name: storage-provisioner
  namespace: kube-system
spec:
  containers:
  - name: storage-provisioner
    image: {STORAGE}
    imagePullPolicy: IfNotPresent
    volumeMounts:
    - name: host
      mountPath: /var/lib/k8s-pvs
  tolerations:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
  volumes:
  - name: host
    hostPath:
      path: /var/lib/k8s-pvs
---
apiVersion: v1
kind: Pod
metadata:
  name: vpnkit-controller
  namespace: kube-system
spec:
  containers:
  - name: vpnkit-controller
    image: {VPNKIT}
    imagePullPolicy: IfNotPresent
  tolerations:
  - key: node-role.kubernetes.io/control-plane
    effect: NoSchedule
"#;

/// metrics-server's release manifest's Deployment and Service (kube-system).
const METRICS_SERVER_DEPLOYMENT: &str = r#"apiVersion: v1
kind: Service
metadata:
  labels:
    k8s-app: metrics-server
  name: metrics-server
  namespace: kube-system
spec:
  ports:
  - name: https
    port: 443
    protocol: TCP
    targetPort: https
  selector:
    k8s-app: metrics-server
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    k8s-app: metrics-server
  name: metrics-server
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: metrics-server
  strategy:
    rollingUpdate:
      maxUnavailable: 0
  template:
    metadata:
      labels:
        k8s-app: metrics-server
    spec:
      containers:
      - args:
        - --cert-dir=/tmp
        - --secure-port=10250
        - --kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname
        - --kubelet-use-node-status-port
        - --metric-resolution=15s
        image: {METRICS_SERVER}
        imagePullPolicy: IfNotPresent
        name: metrics-server
        ports:
        - containerPort: 10250
          name: https
          protocol: TCP
        resources:
          requests:
            cpu: 100m
            memory: 200Mi
        securityContext:
          allowPrivilegeEscalation: false
          capabilities:
            drop:
            - ALL
          readOnlyRootFilesystem: true
          runAsNonRoot: true
          runAsUser: 1000
          seccompProfile:
            type: RuntimeDefault
        volumeMounts:
        - mountPath: /tmp
          name: tmp-dir
      nodeSelector:
        kubernetes.io/os: linux
      priorityClassName: system-cluster-critical
      volumes:
      - emptyDir: {}
        name: tmp-dir
"#;
