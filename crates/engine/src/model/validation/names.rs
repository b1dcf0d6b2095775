//! Name and label rules from apimachinery's `validation.go`, with its messages verbatim.

pub const DNS1123_LABEL_MSG: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
pub const DNS1123_SUBDOMAIN_MSG: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
pub const DNS1035_LABEL_MSG: &str = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
pub const LABEL_VALUE_MSG: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
pub const QUALIFIED_NAME_MSG: &str = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

fn lower_alnum(c: u8) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_label(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty() && lower_alnum(b[0]) && lower_alnum(b[b.len() - 1]) && b.iter().all(|c| lower_alnum(*c) || *c == b'-')
}

pub fn dns1123_label(s: &str) -> Vec<String> {
    let mut errs = vec![];
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !is_label(s) {
        // `IsDNS1123Label`: a valid subdomain that is no label (its length checked
        // already) can only be one with dots.
        let msg = if is_subdomain(s) { "must not contain dots" } else { DNS1123_LABEL_MSG };
        errs.push(msg.to_string());
    }
    errs
}

fn is_subdomain(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(is_label)
}

pub fn dns1123_subdomain(s: &str) -> Vec<String> {
    let mut errs = vec![];
    if s.len() > 253 {
        errs.push("must be no more than 253 characters".to_string());
    }
    if !is_subdomain(s) {
        errs.push(DNS1123_SUBDOMAIN_MSG.to_string());
    }
    errs
}

/// `path.IsValidPathSegmentName`: the names RBAC and flow-control objects may have (`:`
/// allowed, as in `system:metrics-server`).
pub fn path_segment(s: &str) -> Vec<String> {
    if s == "." || s == ".." {
        return vec![format!("may not be '{s}'")];
    }
    ["/", "%"].iter().filter(|c| s.contains(*c)).map(|c| format!("may not contain '{c}'")).collect()
}

pub fn dns1035_label(s: &str) -> Vec<String> {
    let mut errs = vec![];
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !(is_label(s) && s.as_bytes()[0].is_ascii_lowercase()) {
        errs.push(DNS1035_LABEL_MSG.to_string());
    }
    errs
}

fn label_like(s: &str) -> bool {
    let b = s.as_bytes();
    let an = |c: u8| c.is_ascii_alphanumeric();
    !b.is_empty() && an(b[0]) && an(b[b.len() - 1]) && b.iter().all(|c| an(*c) || matches!(*c, b'-' | b'_' | b'.'))
}

pub fn label_value(s: &str) -> Vec<String> {
    let mut errs = vec![];
    if s.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !s.is_empty() && !label_like(s) {
        errs.push(LABEL_VALUE_MSG.to_string());
    }
    errs
}

/// `IsQualifiedName`: label and annotation keys, `prefix/name` with a DNS subdomain prefix.
pub fn qualified_name(s: &str) -> Vec<String> {
    let mut errs = vec![];
    let (prefix, name) = match s.split_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if let Some(p) = prefix {
        if p.is_empty() {
            errs.push("prefix part must be non-empty".to_string());
        } else {
            errs.extend(dns1123_subdomain(p).into_iter().map(|m| format!("prefix part {m}")));
        }
    }
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if !name.is_empty() && !label_like(name) {
        errs.push(QUALIFIED_NAME_MSG.to_string());
    }
    if s.matches('/').count() > 1 {
        errs.push("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')".to_string());
    }
    errs
}

/// `IsValidPortName` (IANA service names).
pub fn port_name(s: &str) -> Vec<String> {
    let mut errs = vec![];
    if s.len() > 15 {
        errs.push("must be no more than 15 characters".to_string());
    }
    if !s.bytes().all(|c| lower_alnum(c) || c == b'-') {
        errs.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)".to_string());
    }
    if s.contains("--") {
        errs.push("must not contain consecutive hyphens".to_string());
    }
    if !s.bytes().any(|c| c.is_ascii_lowercase()) {
        errs.push("must contain at least one letter (a-z)".to_string());
    }
    if s.starts_with('-') || s.ends_with('-') {
        errs.push("must not begin or end with a hyphen".to_string());
    }
    errs
}

pub fn port_number(p: i64) -> Vec<String> {
    if (1..=65535).contains(&p) {
        vec![]
    } else {
        vec!["must be between 1 and 65535, inclusive".to_string()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(dns1123_subdomain("spring-pod").is_empty());
        assert!(dns1123_subdomain("a.b-c").is_empty());
        assert_eq!(dns1123_subdomain("My_App"), vec![DNS1123_SUBDOMAIN_MSG.to_string()]);
        assert_eq!(dns1123_subdomain(&"a".repeat(300)).len(), 1);
        assert_eq!(dns1123_subdomain(&"A".repeat(300)).len(), 2);
        assert!(dns1035_label("web").is_empty());
        assert_eq!(dns1035_label("1web"), vec![DNS1035_LABEL_MSG.to_string()]);
        assert!(dns1123_label("1web").is_empty());
        // `IsDNS1123Label`: a subdomain with dots is told so, anything else the pattern.
        assert_eq!(dns1123_label("a.b"), vec!["must not contain dots".to_string()]);
        assert_eq!(dns1123_label("a_b"), vec![DNS1123_LABEL_MSG.to_string()]);
    }

    #[test]
    fn labels() {
        assert!(label_value("").is_empty());
        assert!(label_value("backend-app").is_empty());
        assert_eq!(label_value("bad value"), vec![LABEL_VALUE_MSG.to_string()]);
        assert!(qualified_name("app.kubernetes.io/name").is_empty());
        assert_eq!(qualified_name("bad key"), vec![QUALIFIED_NAME_MSG.to_string()]);
    }

    #[test]
    fn ports() {
        assert!(port_name("http").is_empty());
        assert_eq!(port_name("8080"), vec!["must contain at least one letter (a-z)".to_string()]);
        assert_eq!(port_number(70000), vec!["must be between 1 and 65535, inclusive".to_string()]);
    }
}
