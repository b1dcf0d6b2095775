//! The examples in the editor's picker: the seed post's manifests first, step by step.

pub struct Example {
    pub id: &'static str,
    pub en: &'static str,
    pub ko: &'static str,
    pub text: &'static str,
}

pub const SEED_POD: &str = include_str!("../examples/seed/spring-pod.yaml");
pub const SEED_POD_UNSET: &str = include_str!("../examples/seed/spring-pod-unset.yaml");
pub const SEED_THREE: &str = include_str!("../examples/seed/three-pods.yaml");
pub const SEED_DEPLOYMENT: &str = include_str!("../examples/seed/spring-deployment.yaml");
pub const SEED_SERVICE: &str = include_str!("../examples/seed/spring-service.yaml");
/// The post's Dockerfile, exactly as written (it does not build).
pub const SEED_DOCKERFILE: &str = include_str!("../examples/seed/Dockerfile");
/// The same with its two typos fixed.
/// The seed's Spring app with a MySQL database as a compose file: the one the command
/// line's compose goldens convert.
pub const SEED_COMPOSE: &str = include_str!("../crates/cli/tests/transcripts/compose/spring/docker-compose.yml");
pub const SEED_DOCKERFILE_FIXED: &str = include_str!("../examples/seed/Dockerfile.fixed");

/// The HorizontalPodAutoscaler walkthrough's php-apache, its Service and an HPA.
pub const HPA_DEMO: &str = include_str!("../examples/hpa/php-apache.yaml");

/// metrics-server's release manifest: kind and Docker Desktop ship none.
pub const METRICS_SERVER: &str = include_str!("../examples/metrics-server/components.yaml");
/// The command its README gives.
pub const METRICS_SERVER_APPLY: &str =
    "kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml";

/// The CronTab CustomResourceDefinition of the Kubernetes docs, with printer columns.
pub const CRD_CRONTAB: &str = include_str!("../crates/cli/tests/transcripts/manifests/crd/crontab-crd.yaml");
/// hello-app behind an Ingress (the docs' Ingress tutorial), and ingress-nginx to serve it.
pub const INGRESS_WEB: &str = include_str!("../crates/cli/tests/transcripts/manifests/ingress/web.yaml");
pub const INGRESS_NGINX_CLOUD: &str = include_str!("../examples/ingress-nginx/cloud.yaml");
pub const INGRESS_NGINX_KIND: &str = include_str!("../examples/ingress-nginx/kind.yaml");

/// One example of each other workload controller.
pub const STATEFULSET: &str = include_str!("../examples/workloads/statefulset.yaml");
pub const JOB: &str = include_str!("../examples/workloads/job.yaml");
pub const CRONJOB: &str = include_str!("../examples/workloads/cronjob.yaml");
pub const DAEMONSET: &str = include_str!("../examples/workloads/daemonset.yaml");

pub const SEED_DEPLOYMENT_REQUESTS: &str = include_str!("../examples/seed/spring-deployment-requests.yaml");
pub const SEED_HPA: &str = include_str!("../examples/seed/spring-hpa.yaml");

pub const CRASH: &str = "apiVersion: v1
kind: Pod
metadata:
  name: crasher
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [\"sh\", \"-c\", \"echo starting; sleep 3; exit 1\"]
";

pub const NGINX: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        readinessProbe:
          httpGet:
            path: /
            port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
";

pub const PULL_LAB: &str = "apiVersion: v1
kind: Pod
metadata:
  name: policy-always
spec:
  containers:
  - name: app
    image: spring-server
    imagePullPolicy: Always
---
apiVersion: v1
kind: Pod
metadata:
  name: policy-ifnotpresent
spec:
  containers:
  - name: app
    image: spring-server
    imagePullPolicy: IfNotPresent
---
apiVersion: v1
kind: Pod
metadata:
  name: policy-never
spec:
  containers:
  - name: app
    image: spring-server
    imagePullPolicy: Never
---
apiVersion: v1
kind: Pod
metadata:
  name: policy-unset
spec:
  containers:
  - name: app
    image: spring-server
";

pub fn seed_default() -> String {
    format!("{}\n---\n{}", SEED_DEPLOYMENT.trim_end(), SEED_SERVICE)
}

pub fn all() -> Vec<Example> {
    vec![
        Example { id: "seed-deploy", en: "Seed §7–8: Deployment + Service", ko: "§7–8: 디플로이먼트 + 서비스", text: "" },
        Example { id: "seed-pod", en: "Seed §4: spring-pod (IfNotPresent)", ko: "§4: spring-pod (IfNotPresent)", text: SEED_POD },
        Example {
            id: "seed-unset",
            en: "Seed §5: no pull policy (ImagePullBackOff)",
            ko: "§5: 정책 미지정 (ImagePullBackOff)",
            text: SEED_POD_UNSET,
        },
        Example { id: "seed-three", en: "Seed §6: three Pods with ---", ko: "§6: --- 로 나눈 파드 세 개", text: SEED_THREE },
        Example { id: "pull-lab", en: "Pull-policy lab (four policies)", ko: "이미지 풀 정책 네 가지", text: PULL_LAB },
        Example {
            id: "nginx",
            en: "nginx Deployment with a readiness probe",
            ko: "readiness probe가 있는 nginx 디플로이먼트",
            text: NGINX,
        },
        Example {
            id: "crash",
            en: "A crashing container (CrashLoopBackOff)",
            ko: "계속 종료되는 컨테이너 (CrashLoopBackOff)",
            text: CRASH,
        },
        Example {
            id: "seed-hpa",
            en: "Seed epilogue: the Deployment with a CPU request + an HPA",
            ko: "에필로그: CPU 요청을 둔 디플로이먼트 + HPA",
            text: "",
        },
        Example {
            id: "hpa",
            en: "HorizontalPodAutoscaler: php-apache at 50% CPU",
            ko: "HorizontalPodAutoscaler: CPU 50%의 php-apache",
            text: HPA_DEMO,
        },
        Example {
            id: "statefulset",
            en: "StatefulSet: web-0, web-1, web-2, each with its claim",
            ko: "스테이트풀셋: web-0, web-1, web-2와 각자의 클레임",
            text: STATEFULSET,
        },
        Example { id: "job", en: "Job: five completions, two at a time", ko: "잡: 완료 5개, 동시에 2개씩", text: JOB },
        Example { id: "cronjob", en: "CronJob: a Job every minute", ko: "크론잡: 1분마다 잡 하나", text: CRONJOB },
        Example {
            id: "daemonset",
            en: "DaemonSet: one agent per node (try the kind preset)",
            ko: "데몬셋: 노드마다 에이전트 하나 (kind 프리셋에서)",
            text: DAEMONSET,
        },
        Example {
            id: "crd",
            en: "CustomResourceDefinition: CronTab (then apply a CronTab)",
            ko: "커스텀 리소스 정의: CronTab (그다음 CronTab 적용)",
            text: CRD_CRONTAB,
        },
        Example {
            id: "ingress",
            en: "Ingress: hello-app by host, with a default backend",
            ko: "인그레스: 호스트로 hello-app, 기본 백엔드 포함",
            text: INGRESS_WEB,
        },
        Example {
            id: "ingress-nginx",
            en: "ingress-nginx controller (Docker Desktop and cloud manifest)",
            ko: "ingress-nginx 컨트롤러 (Docker Desktop과 클라우드용 매니페스트)",
            text: INGRESS_NGINX_CLOUD,
        },
        Example {
            id: "ingress-nginx-kind",
            en: "ingress-nginx controller (kind's manifest)",
            ko: "ingress-nginx 컨트롤러 (kind용 매니페스트)",
            text: INGRESS_NGINX_KIND,
        },
    ]
}

pub fn text_of(id: &str) -> String {
    match id {
        "seed-deploy" => seed_default(),
        "seed-hpa" => format!("{SEED_DEPLOYMENT_REQUESTS}\n---\n{SEED_SERVICE}\n---\n{SEED_HPA}"),
        other => all().into_iter().find(|e| e.id == other).map(|e| e.text.to_string()).unwrap_or_else(seed_default),
    }
}
