//! IPv4 addresses as plain numbers: cluster, pod and node address arithmetic.

pub fn parse_ipv4(s: &str) -> Option<u32> {
    let parts: Vec<&str> = s.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut v = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

pub fn format_ipv4(v: u32) -> String {
    // By hand into bytes, not `format!`: every pod gets two addresses, and the formatter
    // costs ten times as much.
    let mut out = [0u8; 15];
    let mut len = 0;
    for (i, shift) in [24, 16, 8, 0].into_iter().enumerate() {
        if i > 0 {
            out[len] = b'.';
            len += 1;
        }
        let octet = ((v >> shift) & 255) as u8;
        if octet >= 100 {
            out[len] = b'0' + octet / 100;
            len += 1;
        }
        if octet >= 10 {
            out[len] = b'0' + octet / 10 % 10;
            len += 1;
        }
        out[len] = b'0' + octet % 10;
        len += 1;
    }
    std::str::from_utf8(&out[..len]).map(String::from).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        assert_eq!(parse_ipv4("10.96.0.1").map(format_ipv4).as_deref(), Some("10.96.0.1"));
        for ip in ["0.0.0.0", "255.255.255.255", "10.244.100.9", "192.168.49.2", "1.20.109.250"] {
            assert_eq!(parse_ipv4(ip).map(format_ipv4).as_deref(), Some(ip));
        }
        assert_eq!(parse_ipv4("10.96.0"), None);
        assert_eq!(parse_ipv4("256.1.1.1"), None);
        assert_eq!(parse_ipv4("a.b.c.d"), None);
    }
}
