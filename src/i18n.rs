//! Every label of the page in English and Korean. A key without both translations does
//! not compile: `text` matches on every (key, language) pair.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Tagline,
    Manifests,
    Examples,
    Apply,
    ApplyHint,
    Play,
    Pause,
    Step,
    Speed,
    Time,
    Events,
    Tables,
    Console,
    ConsoleHint,
    Run,
    Details,
    NothingSelected,
    KillPod,
    KillNode,
    RestoreNode,
    Scale,
    SendOne,
    SendBurst,
    Rate,
    Requests,
    ProxyMode,
    DockerBuild,
    Build,
    Tag,
    PullLab,
    PullLabHint,
    PullLabWithout,
    PullLabWith,
    Preset,
    Reset,
    Workers,
    Share,
    Copied,
    NoErrors,
    Line,
    Pending,
    ImageCache,
    Language,
    Simplified,
    PanicTitle,
    PanicBody,
    Why,
    PolicySet,
    PolicyDefaulted,
    OnNode,
    NotOnNode,
    InRegistry,
    NotInRegistry,
    UsesLocal,
    Pulls,
    PullFails,
    NeverPulls,
    RetryIn,
}

/// A Service problem in the reader's language.
pub fn service_problem(lang: Lang, p: &engine::proxy::ServiceProblem) -> String {
    use engine::proxy::ServiceProblem::*;
    match (lang, p) {
        (Lang::En, p) => p.english("default", ""),
        (Lang::Ko, Missing) => "서비스가 없습니다.".into(),
        (Lang::Ko, NoSelector) => "셀렉터가 없는 서비스입니다: 엔드포인트를 쿠버네티스가 관리하지 않습니다.".into(),
        (Lang::Ko, SelectsNothing { selector }) => {
            format!("레이블 {selector}을(를) 가진 파드가 없습니다: 셀렉터가 아무것도 고르지 못해 엔드포인트가 없습니다.")
        }
        (Lang::Ko, NoNamedPort { pod, port_name }) => {
            format!("파드 {pod}에 \"{port_name}\"이라는 이름의 컨테이너 포트가 없어 엔드포인트에서 빠집니다.")
        }
        (Lang::Ko, WrongTargetPort { target, port, listening }) => format!(
            "포트 {port}의 targetPort {target}: 선택된 파드는 {}에서 듣고 있어 연결이 거부됩니다.",
            listening.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
        ),
        (Lang::Ko, NoneReady { matching }) => format!("파드 {matching}개가 맞지만 준비된 파드가 없어 아직 엔드포인트가 없습니다."),
    }
}

pub fn text(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    use Lang::*;
    match (key, lang) {
        (Tagline, En) => "A Kubernetes v1.33 cluster, simulated in your browser",
        (Tagline, Ko) => "브라우저 안에서 돌아가는 쿠버네티스 v1.33 시뮬레이터",
        (Manifests, En) => "Manifests",
        (Manifests, Ko) => "매니페스트",
        (Examples, En) => "Examples",
        (Examples, Ko) => "예제",
        (Apply, En) => "Apply",
        (Apply, Ko) => "적용",
        (ApplyHint, En) => "Ctrl+Enter applies the whole text (kubectl apply -f)",
        (ApplyHint, Ko) => "Ctrl+Enter로 전체 텍스트를 적용합니다 (kubectl apply -f)",
        (Play, En) => "Play",
        (Play, Ko) => "재생",
        (Pause, En) => "Pause",
        (Pause, Ko) => "일시정지",
        (Step, En) => "Next event",
        (Step, Ko) => "다음 사건",
        (Speed, En) => "Speed",
        (Speed, Ko) => "속도",
        (Time, En) => "Simulated time",
        (Time, Ko) => "시뮬레이션 시간",
        (Events, En) => "Events",
        (Events, Ko) => "이벤트",
        (Tables, En) => "kubectl get",
        (Tables, Ko) => "kubectl get",
        (Console, En) => "Console",
        (Console, Ko) => "콘솔",
        (ConsoleHint, En) => "Type a kubectl command, e.g. kubectl get pods -o wide",
        (ConsoleHint, Ko) => "kubectl 명령을 입력하세요. 예: kubectl get pods -o wide",
        (Run, En) => "Run",
        (Run, Ko) => "실행",
        (Details, En) => "Details",
        (Details, Ko) => "상세",
        (NothingSelected, En) => "Click a pod, a node or a Service to see its details.",
        (NothingSelected, Ko) => "파드, 노드, 서비스를 클릭하면 상세 정보가 보입니다.",
        (KillPod, En) => "Kill this pod",
        (KillPod, Ko) => "이 파드 종료",
        (KillNode, En) => "Kill this node",
        (KillNode, Ko) => "이 노드 중단",
        (RestoreNode, En) => "Restore this node",
        (RestoreNode, Ko) => "이 노드 복구",
        (Scale, En) => "Replicas",
        (Scale, Ko) => "레플리카 수",
        (SendOne, En) => "Send 1 request",
        (SendOne, Ko) => "요청 1개 보내기",
        (SendBurst, En) => "Send 100 requests",
        (SendBurst, Ko) => "요청 100개 보내기",
        (Rate, En) => "Steady rate",
        (Rate, Ko) => "일정한 요청률",
        (Requests, En) => "Requests answered per pod",
        (Requests, Ko) => "파드별 처리한 요청 수",
        (ProxyMode, En) => "kube-proxy mode",
        (ProxyMode, Ko) => "kube-proxy 모드",
        (DockerBuild, En) => "docker build",
        (DockerBuild, Ko) => "docker build",
        (Build, En) => "Build",
        (Build, Ko) => "빌드",
        (Tag, En) => "Image name",
        (Tag, Ko) => "이미지 이름",
        (PullLab, En) => "Pull-policy lab",
        (PullLab, Ko) => "이미지 풀 정책 실험실",
        (PullLabHint, En) => "Four pods run the local image spring-server with Always, IfNotPresent, Never and no policy.",
        (PullLabHint, Ko) => "네 개의 파드가 로컬 이미지 spring-server를 Always, IfNotPresent, Never, 미지정 정책으로 실행합니다.",
        (PullLabWithout, En) => "Without the image built",
        (PullLabWithout, Ko) => "이미지를 빌드하지 않고",
        (PullLabWith, En) => "After docker build",
        (PullLabWith, Ko) => "docker build 후에",
        (Preset, En) => "Cluster",
        (Preset, Ko) => "클러스터 종류",
        (Workers, En) => "worker nodes",
        (Workers, Ko) => "워커 노드 수",
        (Reset, En) => "New cluster",
        (Reset, Ko) => "새 클러스터",
        (Share, En) => "Copy share link",
        (Share, Ko) => "공유 링크 복사",
        (Copied, En) => "Link copied",
        (Copied, Ko) => "링크를 복사했습니다",
        (NoErrors, En) => "No errors",
        (NoErrors, Ko) => "오류 없음",
        (Line, En) => "line",
        (Line, Ko) => "줄",
        (Pending, En) => "Not scheduled yet",
        (Pending, Ko) => "아직 배치되지 않음",
        (ImageCache, En) => "images on this node",
        (ImageCache, Ko) => "이 노드의 이미지",
        (Language, En) => "한국어",
        (Language, Ko) => "English",
        (Simplified, En) => "Simulated: images come from a built-in catalog, kube-system pods are not shown, time starts at zero.",
        (Simplified, Ko) => "시뮬레이션: 이미지는 내장 목록에서 오며, kube-system 파드는 보이지 않고, 시간은 0부터 시작합니다.",
        (PanicTitle, En) => "Something broke inside kubeplay.",
        (PanicTitle, Ko) => "kubeplay 내부에서 문제가 생겼습니다.",
        (PanicBody, En) => "Your text is safe: it is saved in this browser. Reload the page to continue.",
        (PanicBody, Ko) => "작성한 텍스트는 브라우저에 저장되어 있습니다. 페이지를 새로고침하세요.",
        (Why, En) => "Why here?",
        (Why, Ko) => "왜 여기에?",
        (PolicySet, En) => "set in the manifest",
        (PolicySet, Ko) => "매니페스트에 지정됨",
        (PolicyDefaulted, En) => "not set: the tag is latest or missing, so Kubernetes chose it",
        (PolicyDefaulted, Ko) => "미지정: 태그가 latest이거나 없어서 쿠버네티스가 정함",
        (OnNode, En) => "the node has the image",
        (OnNode, Ko) => "노드에 이미지가 있음",
        (NotOnNode, En) => "the node does not have the image",
        (NotOnNode, Ko) => "노드에 이미지가 없음",
        (InRegistry, En) => "the registry has it",
        (InRegistry, Ko) => "레지스트리에 있음",
        (NotInRegistry, En) => "the registry does not have it (a local image?)",
        (NotInRegistry, Ko) => "레지스트리에 없음 (로컬 이미지인가요?)",
        (UsesLocal, En) => "→ the kubelet uses the node's copy",
        (UsesLocal, Ko) => "→ kubelet이 노드의 이미지를 사용",
        (Pulls, En) => "→ the kubelet pulls it from the registry",
        (Pulls, Ko) => "→ kubelet이 레지스트리에서 받아옴",
        (PullFails, En) => "→ the pull fails: ErrImagePull, then ImagePullBackOff",
        (PullFails, Ko) => "→ 이미지 받기 실패: ErrImagePull, 이어서 ImagePullBackOff",
        (NeverPulls, En) => "→ Never forbids pulling: ErrImageNeverPull",
        (NeverPulls, Ko) => "→ Never는 받아오지 않음: ErrImageNeverPull",
        (RetryIn, En) => "next try in",
        (RetryIn, Ko) => "다음 시도까지",
    }
}
