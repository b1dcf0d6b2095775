//! The words of the networking and quota boxes, in English and Korean. Kept apart from
//! the page's key table: each (word, language) pair is matched, so a word without both
//! translations does not compile.

use crate::i18n::Lang;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    NoAddress,
    ServedBy,
    NoController,
    NoEndpoints,
    SelectsNone,
    IngressDenied,
    EgressDenied,
    Rules,
    NotEnforced,
    Used,
    Namespace,
    LegendIngressLine,
    LegendFence,
    LegendDenied,
    LegendQuota,
    LegendDropped,
}

pub fn word(l: Lang, w: Word) -> &'static str {
    use Lang::*;
    use Word::*;
    match (w, l) {
        (NoAddress, En) => "no address",
        (NoAddress, Ko) => "주소 없음",
        (ServedBy, En) => "served by",
        (ServedBy, Ko) => "처리하는 컨트롤러",
        (NoController, En) => "no ingress controller serves it",
        (NoController, Ko) => "처리하는 인그레스 컨트롤러 없음",
        (NoEndpoints, En) => "no ready endpoints",
        (NoEndpoints, Ko) => "준비된 엔드포인트 없음",
        (SelectsNone, En) => "selects no pods",
        (SelectsNone, Ko) => "선택한 파드 없음",
        (IngressDenied, En) => "ingress denied",
        (IngressDenied, Ko) => "들어오는 연결 차단",
        (EgressDenied, En) => "egress denied",
        (EgressDenied, Ko) => "나가는 연결 차단",
        (Rules, En) => "rules",
        (Rules, Ko) => "규칙",
        (NotEnforced, En) => "not enforced on Docker Desktop",
        (NotEnforced, Ko) => "Docker Desktop에서는 적용되지 않음",
        (Used, En) => "used / hard",
        (Used, Ko) => "사용 / 한도",
        (Namespace, En) => "namespace",
        (Namespace, Ko) => "네임스페이스",
        (LegendIngressLine, En) => "Ingress → the Service a rule routes to",
        (LegendIngressLine, Ko) => "인그레스 → 규칙이 보내는 서비스",
        (LegendFence, En) => "Pod selected by a NetworkPolicy",
        (LegendFence, Ko) => "네트워크 정책이 선택한 파드",
        (LegendDenied, En) => "Ingress denied: no rule lets traffic in",
        (LegendDenied, Ko) => "들어오는 연결 차단: 허용하는 규칙 없음",
        (LegendQuota, En) => "ResourceQuota: used of hard",
        (LegendQuota, Ko) => "리소스 쿼터: 한도 중 사용량",
        (LegendDropped, En) => "Request dropped by a NetworkPolicy",
        (LegendDropped, Ko) => "네트워크 정책이 버린 요청",
    }
}
