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
    Ipv4Text::of(v).as_str().to_string()
}

/// An IPv4 address as text, kept inline: every pod holds its address, and as a `String`
/// it was a heap block of its own. Ordered, compared and hashed as its text.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Ipv4Text {
    len: u8,
    bytes: [u8; 15],
}

impl Ipv4Text {
    pub fn of(v: u32) -> Ipv4Text {
        // By hand into bytes, not `format!`: every pod gets two addresses, and the
        // formatter costs ten times as much.
        let mut out = Ipv4Text::default();
        let mut len = 0;
        for (i, shift) in [24, 16, 8, 0].into_iter().enumerate() {
            if i > 0 {
                out.bytes[len] = b'.';
                len += 1;
            }
            let octet = ((v >> shift) & 255) as u8;
            if octet >= 100 {
                out.bytes[len] = b'0' + octet / 100;
                len += 1;
            }
            if octet >= 10 {
                out.bytes[len] = b'0' + octet / 10 % 10;
                len += 1;
            }
            out.bytes[len] = b'0' + octet % 10;
            len += 1;
        }
        out.len = len as u8;
        out
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or_default()
    }
}

impl std::ops::Deref for Ipv4Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Ord for Ipv4Text {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Ipv4Text {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq<str> for Ipv4Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Ipv4Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Ipv4Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Debug for Ipv4Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
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

    #[test]
    fn an_address_held_inline_reads_and_sorts_as_its_text() {
        assert_eq!(std::mem::size_of::<Ipv4Text>(), 16);
        let ip = |s: &str| Ipv4Text::of(parse_ipv4(s).expect("an address"));
        assert_eq!(ip("255.255.255.255"), "255.255.255.255");
        assert_eq!(Ipv4Text::default().as_str(), "");
        // As text: "10.1.0.10" before "10.1.0.9", as a sort of the strings had it.
        let mut v = [ip("10.1.0.9"), ip("10.1.0.10"), ip("10.1.0.100")];
        v.sort();
        assert_eq!(v.map(|a| a.to_string()), ["10.1.0.10", "10.1.0.100", "10.1.0.9"]);
    }
}
