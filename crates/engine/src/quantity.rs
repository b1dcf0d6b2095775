//! Resource quantities (`100m`, `1.5`, `64Mi`, `1G`): parsed to milli-units for CPU
//! arithmetic and to bytes for memory.

/// Parses a quantity into thousandths of its unit (`100m` → 100, `2` → 2000,
/// `64Mi` → 64·2^20·1000). `None` if the text is not a Kubernetes quantity.
pub fn parse(text: &str) -> Option<i128> {
    let t = text.trim();
    let (sign, body) = match t.as_bytes().first()? {
        b'-' => (-1i128, &t[1..]),
        b'+' => (1, &t[1..]),
        _ => (1, t),
    };
    let num_end = body.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(body.len());
    let (num, suffix) = body.split_at(num_end);
    if num.is_empty() || num == "." || num.matches('.').count() > 1 {
        return None;
    }
    let (int_part, frac_part) = num.split_once('.').unwrap_or((num, ""));
    let int_v: i128 = if int_part.is_empty() { 0 } else { int_part.parse().ok()? };
    // Milli-units of the number itself, keeping up to 9 fractional digits exactly.
    let frac_digits: String = frac_part.chars().take(9).collect();
    let frac_v: i128 = if frac_digits.is_empty() { 0 } else { frac_digits.parse().ok()? };
    let frac_scale = 10i128.pow(frac_digits.len() as u32);
    let nano = int_v.checked_mul(1_000_000_000)? + frac_v * 1_000_000_000 / frac_scale;
    let (mul_num, mul_den): (i128, i128) = match suffix {
        "" => (1, 1),
        "n" => (1, 1_000_000_000),
        "u" => (1, 1_000_000),
        "m" => (1, 1_000),
        "k" => (1_000, 1),
        "M" => (1_000_000, 1),
        "G" => (1_000_000_000, 1),
        "T" => (1_000_000_000_000, 1),
        "P" => (1_000_000_000_000_000, 1),
        "E" => (1_000_000_000_000_000_000, 1),
        "Ki" => (1 << 10, 1),
        "Mi" => (1 << 20, 1),
        "Gi" => (1 << 30, 1),
        "Ti" => (1 << 40, 1),
        "Pi" => (1 << 50, 1),
        "Ei" => (1 << 60, 1),
        s if s.starts_with(['e', 'E']) => {
            let exp: i32 = s[1..].parse().ok()?;
            if !(-9..=18).contains(&exp) {
                return None;
            }
            if exp >= 0 {
                (10i128.pow(exp as u32), 1)
            } else {
                (1, 10i128.pow((-exp) as u32))
            }
        }
        _ => return None,
    };
    // nano-units → milli-units.
    let milli = nano.checked_mul(mul_num)? / mul_den / 1_000_000;
    Some(sign * milli)
}

/// CPU in millicores (`500m` → 500, `1` → 1000).
pub fn cpu_millis(text: &str) -> Option<i64> {
    parse(text).and_then(|m| i64::try_from(m).ok())
}

/// Memory in bytes (`64Mi` → 67108864).
pub fn bytes(text: &str) -> Option<i64> {
    parse(text).and_then(|m| i64::try_from(m / 1000).ok())
}

/// Whether a quantity is written with a binary suffix (`Mi`, `Gi`…): Go keeps that format
/// when it prints the quantity again.
pub fn is_binary(text: &str) -> bool {
    text.trim().ends_with('i')
}

/// `Quantity.String()`: the canonical text of `milli` thousandths, in the binary format
/// (`1536Mi`) when `binary` and the value is a whole number of at least 1024, else the
/// decimal one (`1500m`, `2`, `1500M`).
pub fn canonical(milli: i128, binary: bool) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let m = milli.abs();
    if m % 1000 != 0 {
        return format!("{sign}{m}m");
    }
    let v = m / 1000;
    if binary && v >= 1024 {
        let mut k = 0;
        let mut n = v;
        while k < 6 && n % 1024 == 0 {
            n /= 1024;
            k += 1;
        }
        return format!("{sign}{n}{}", ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"][k]);
    }
    if v == 0 {
        return "0".into();
    }
    let mut k = 0;
    let mut n = v;
    while k < 6 && n % 1000 == 0 {
        n /= 1000;
        k += 1;
    }
    format!("{sign}{n}{}", ["", "k", "M", "G", "T", "P", "E"][k])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu_and_memory() {
        assert_eq!(cpu_millis("100m"), Some(100));
        assert_eq!(cpu_millis("1"), Some(1000));
        assert_eq!(cpu_millis("0.5"), Some(500));
        assert_eq!(cpu_millis("2.25"), Some(2250));
        assert_eq!(bytes("64Mi"), Some(64 << 20));
        assert_eq!(canonical((1536i128 << 20) * 1000, true), "1536Mi");
        assert_eq!(canonical(1500, false), "1500m");
        assert_eq!(canonical(2000, false), "2");
        assert_eq!(canonical(800_000_000_000, false), "800M");
        assert_eq!(canonical(700 * 1000, true), "700");
        assert_eq!(bytes("1G"), Some(1_000_000_000));
        assert_eq!(bytes("1e3"), Some(1000));
        assert_eq!(bytes("16Gi"), Some(16 << 30));
        assert_eq!(parse("lots"), None);
        assert_eq!(parse("1.2.3"), None);
        assert_eq!(parse(""), None);
    }
}
