//! Standard base64 as Go's `encoding/base64.StdEncoding` reads and writes it: the JSON
//! decoder reads every `[]byte` field (a Secret's `data`, a ConfigMap's `binaryData`)
//! through it, so its error offsets are the ones the API server reports
//! (`illegal base64 data at input byte 4`).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn value_of(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|a| *a == c).map(|p| p as u32)
}

fn is_newline(c: u8) -> bool {
    c == b'\n' || c == b'\r'
}

/// Decodes, or gives the byte offset Go's `CorruptInputError` names. Newlines are
/// skipped, padding is required, and bits after the last byte are not checked (Go's
/// non-strict mode), all as `decodeQuantum` does.
pub fn decode(text: &str) -> Result<Vec<u8>, usize> {
    let src = text.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 4 * 3);
    let mut si = 0;
    while si < src.len() {
        let mut quantum = [0u32; 4];
        let mut len = 4;
        let mut j = 0;
        let mut finished = false;
        while j < 4 {
            if si == src.len() {
                if j == 0 {
                    return Ok(out);
                }
                // Padding is required: a short last quantum is corrupt where it began.
                return Err(si - j);
            }
            let c = src[si];
            si += 1;
            if let Some(v) = value_of(c) {
                quantum[j] = v;
                j += 1;
                continue;
            }
            if is_newline(c) {
                continue;
            }
            if c != b'=' {
                return Err(si - 1);
            }
            match j {
                0 | 1 => return Err(si - 1),
                2 => {
                    while si < src.len() && is_newline(src[si]) {
                        si += 1;
                    }
                    if si == src.len() {
                        return Err(src.len());
                    }
                    if src[si] != b'=' {
                        return Err(si - 1);
                    }
                    si += 1;
                }
                _ => {}
            }
            while si < src.len() && is_newline(src[si]) {
                si += 1;
            }
            if si < src.len() {
                // Go writes out what this quantum holds, then reports the garbage after it.
                push(&mut out, &quantum, j);
                return Err(si);
            }
            len = j;
            finished = true;
            break;
        }
        push(&mut out, &quantum, len);
        if finished {
            break;
        }
    }
    Ok(out)
}

fn push(out: &mut Vec<u8>, q: &[u32; 4], len: usize) {
    let n = (q[0] << 18) | (q[1] << 12) | (q[2] << 6) | q[3];
    let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
    out.extend_from_slice(&bytes[..len.saturating_sub(1)]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["", "a", "ab", "abc", "password", "hunter2\n"] {
            assert_eq!(decode(&encode(s.as_bytes())).as_deref(), Ok(s.as_bytes()), "{s}");
        }
        assert_eq!(encode(b"admin"), "YWRtaW4=");
        assert_eq!(encode(b"1f2d1e2e67df"), "MWYyZDFlMmU2N2Rm");
    }

    #[test]
    fn errors_name_the_byte_go_names() {
        assert_eq!(decode("YWRt aW4="), Err(4));
        assert_eq!(decode("YWRtaW4"), Err(4));
        assert_eq!(decode("abc"), Err(0));
        assert_eq!(decode("YQ="), Err(3));
        assert_eq!(decode("YQ==YQ=="), Err(4));
        assert_eq!(decode("=abc"), Err(0));
        assert_eq!(decode("pass!word"), Err(4));
        assert_eq!(decode("YWRt\naW4=\n"), Ok(b"admin".to_vec()));
    }
}
