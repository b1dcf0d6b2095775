//! Simulated time. The engine never reads a wall clock: every instant is a number of
//! milliseconds since the simulation's epoch, which is pinned to a calendar date so that
//! timestamps in `kubectl get -o yaml` and `describe` read like a real cluster's.

/// Milliseconds since the simulation epoch.
pub type Millis = u64;

pub const SECOND: Millis = 1_000;
pub const MINUTE: Millis = 60 * SECOND;

/// How long the cluster has been up when the student's first command runs: the nodes
/// and the system pods come up at simulated time zero, and a real student meets a
/// cluster that has been running for a while, its system pods long Ready.
pub const BOOT: Millis = MINUTE;

/// The calendar instant of simulated time zero, the cluster's boot: one `BOOT` before
/// the seed blog post's publication (2025-05-24 13:48 KST), which is when the student's
/// first command runs. UTC seconds since the Unix epoch.
pub const EPOCH_UNIX_SECS: i64 = 1_748_062_080 - (BOOT / SECOND) as i64;

/// `duration.HumanDuration` from apimachinery: the AGE column, RESTARTS "(x ago)", events.
pub fn human_duration(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    if secs < -1 {
        return "<invalid>".into();
    }
    if secs < 0 {
        return "0s".into();
    }
    let s = secs as u64;
    if s < 120 {
        return format!("{s}s");
    }
    let minutes = s / 60;
    if minutes < 10 {
        let rem = s % 60;
        return if rem == 0 { format!("{minutes}m") } else { format!("{minutes}m{rem}s") };
    }
    if minutes < 180 {
        return format!("{minutes}m");
    }
    let hours = minutes / 60;
    if hours < 8 {
        let m = minutes % 60;
        return if m == 0 { format!("{hours}h") } else { format!("{hours}h{m}m") };
    }
    if hours < 48 {
        return format!("{hours}h");
    }
    if hours < 192 {
        let h = hours % 24;
        let d = hours / 24;
        return if h == 0 { format!("{d}d") } else { format!("{d}d{h}h") };
    }
    let days = hours / 24;
    if days < 365 * 2 {
        return format!("{days}d");
    }
    let years = days / 365;
    if years < 8 {
        let d = days % 365;
        return if d == 0 { format!("{years}y") } else { format!("{years}y{d}d") };
    }
    format!("{years}y")
}

/// Go's `time.Duration.String()` for whole milliseconds: `10s`, `1m20s`, `5m0s`, `1.5s`.
pub fn go_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".into();
    }
    // By hand, not with the formatter: every image pull words two of these.
    let mut out = String::with_capacity(12);
    if ms < 1000 {
        push_decimal(&mut out, ms);
        out.push_str("ms");
        return out;
    }
    let total_secs = ms / 1000;
    let frac = ms % 1000;
    let h = total_secs / 3600;
    let m = (total_secs / 60) % 60;
    let s = total_secs % 60;
    if h > 0 {
        push_decimal(&mut out, h);
        out.push('h');
    }
    if h > 0 || m > 0 {
        push_decimal(&mut out, m);
        out.push('m');
    }
    push_decimal(&mut out, s);
    if frac > 0 {
        out.push('.');
        let digits = [frac / 100, frac / 10 % 10, frac % 10];
        let keep = if frac % 100 == 0 {
            1
        } else if frac % 10 == 0 {
            2
        } else {
            3
        };
        for d in &digits[..keep] {
            out.push(char::from(b'0' + *d as u8));
        }
    }
    out.push('s');
    out
}

/// `n` in decimal, onto the end of `out`.
pub(crate) fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).expect("ASCII digits"));
}

/// Calendar fields of a simulated instant (UTC).
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    weekday: u32,
}

/// The calendar of a day number since 1970-01-01: (year, month, day, weekday with
/// Sunday 0). Howard Hinnant's days-to-civil.
pub fn civil_day(days: i64) -> (i64, u32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    // 1970-01-01 was a Thursday (index 4 with Sunday = 0).
    (year, month, day, (days + 4).rem_euclid(7) as u32)
}

fn civil(ms: Millis) -> Civil {
    let secs = EPOCH_UNIX_SECS + (ms / 1000) as i64;
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400) as u32;
    let (year, month, day, weekday) = civil_day(days);
    Civil { year, month, day, hour: rem / 3600, min: (rem / 60) % 60, sec: rem % 60, weekday }
}

/// RFC 3339, as the API server writes `creationTimestamp`: `2025-05-24T04:48:00Z`.
pub fn rfc3339(ms: Millis) -> String {
    let c = civil(ms);
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", c.year, c.month, c.day, c.hour, c.min, c.sec)
}

/// The simulated instant of an RFC 3339 UTC time (`2025-05-24T04:48:00Z`), as a CRD's
/// `date` printer column reads a timestamp; `None` for another shape or a time before the
/// simulation's epoch.
pub fn parse_rfc3339(s: &str) -> Option<Millis> {
    let b = s.as_bytes();
    if b.len() != 20 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' || b[19] != b'Z' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<i64>().ok());
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    // Howard Hinnant's days-from-civil, the inverse of `civil_day`.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = days * 86_400 + n(11..13)? * 3600 + n(14..16)? * 60 + n(17..19)?;
    u64::try_from(secs - EPOCH_UNIX_SECS).ok().map(|s| s * 1000)
}

/// RFC 1123 with numeric zone, as `kubectl describe` prints times: `Sat, 24 May 2025 04:48:00 +0000`.
pub fn rfc1123z(ms: Millis) -> String {
    const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let c = civil(ms);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
        DAYS[c.weekday as usize],
        c.day,
        MONTHS[(c.month - 1) as usize],
        c.year,
        c.hour,
        c.min,
        c.sec
    )
}

/// Parses a duration as the CLI's `sleep` and kubectl's flags accept it: `30s`, `1m30s`,
/// `500ms`, `2h`, or a bare number of seconds.
pub fn parse_duration(text: &str) -> Option<Millis> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(n) = t.parse::<u64>() {
        return n.checked_mul(1000);
    }
    let mut total: u64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let number: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let factor = match &rest[..unit_len] {
            "ms" => 1.0,
            "s" => 1e3,
            "m" => 6e4,
            "h" => 3.6e6,
            "d" => 8.64e7,
            _ => return None,
        };
        rest = &rest[unit_len..];
        let part = number * factor;
        if !part.is_finite() || part > 1e15 {
            return None;
        }
        total = total.checked_add(part.round() as u64)?;
    }
    Some(total)
}

/// What busybox's `date` prints: `Sat May 24 04:49:00 UTC 2025`.
pub fn date_text(at: Millis) -> String {
    // From `Sat, 24 May 2025 04:49:00 +0000`.
    let t = rfc1123z(at);
    let w: Vec<&str> = t.split(' ').collect();
    match w.as_slice() {
        [dow, day, mon, year, time, _] => {
            format!("{} {mon} {:>2} {time} UTC {year}", dow.trim_end_matches(','), day.trim_start_matches('0'))
        }
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_reads_back_what_it_writes() {
        for ms in [0, BOOT, BOOT + 86_400_000 * 400 + 3_723_000] {
            assert_eq!(parse_rfc3339(&rfc3339(ms)), Some(ms));
        }
        assert_eq!(parse_rfc3339("2025-05-24 04:48:00"), None);
        assert_eq!(parse_rfc3339("1999-01-01T00:00:00Z"), None, "before the simulation's epoch");
    }

    #[test]
    fn human_duration_matches_apimachinery_table() {
        let cases: &[(i64, &str)] = &[
            (-5_000, "<invalid>"),
            (-500, "0s"),
            (0, "0s"),
            (5_000, "5s"),
            (90_000, "90s"),
            (119_000, "119s"),
            (120_000, "2m"),
            (182_000, "3m2s"),
            (599_000, "9m59s"),
            (600_000, "10m"),
            (179 * 60_000, "179m"),
            (3 * 3_600_000, "3h"),
            (3 * 3_600_000 + 5 * 60_000, "3h5m"),
            (7 * 3_600_000 + 59 * 60_000, "7h59m"),
            (8 * 3_600_000, "8h"),
            (47 * 3_600_000, "47h"),
            (48 * 3_600_000, "2d"),
            (51 * 3_600_000, "2d3h"),
            (191 * 3_600_000, "7d23h"),
            (8 * 86_400_000, "8d"),
            (729 * 86_400_000, "729d"),
            (730 * 86_400_000, "2y"),
            (735 * 86_400_000, "2y5d"),
            (9 * 365 * 86_400_000, "9y"),
        ];
        for (ms, want) in cases {
            assert_eq!(human_duration(*ms), *want, "for {ms} ms");
        }
    }

    #[test]
    fn go_duration_formats_like_time_duration_string() {
        assert_eq!(go_duration(10_000), "10s");
        assert_eq!(go_duration(80_000), "1m20s");
        assert_eq!(go_duration(160_000), "2m40s");
        assert_eq!(go_duration(300_000), "5m0s");
        assert_eq!(go_duration(1_234), "1.234s");
        assert_eq!(go_duration(1_500), "1.5s");
        assert_eq!(go_duration(3_600_000), "1h0m0s");
        assert_eq!(go_duration(250), "250ms");
        assert_eq!(go_duration(7_100), "7.1s");
        assert_eq!(go_duration(7_010), "7.01s");
        assert_eq!(go_duration(3_725_000), "1h2m5s");
        assert_eq!(go_duration(1), "1ms");
    }

    #[test]
    fn epoch_is_the_seed_posts_date() {
        // The student's first command runs at the post's time, after the boot.
        assert_eq!(rfc3339(BOOT), "2025-05-24T04:48:00Z");
        assert_eq!(rfc1123z(BOOT), "Sat, 24 May 2025 04:48:00 +0000");
        assert_eq!(rfc3339(0), "2025-05-24T04:47:00Z");
        assert_eq!(rfc3339(BOOT + 20 * 3_600_000), "2025-05-25T00:48:00Z");
        assert_eq!(rfc1123z(BOOT + 20 * 3_600_000), "Sun, 25 May 2025 00:48:00 +0000");
    }

    #[test]
    fn parses_durations() {
        assert_eq!(parse_duration("30s"), Some(30_000));
        assert_eq!(parse_duration("1m30s"), Some(90_000));
        assert_eq!(parse_duration("500ms"), Some(500));
        assert_eq!(parse_duration("2h"), Some(7_200_000));
        assert_eq!(parse_duration("10"), Some(10_000));
        assert_eq!(parse_duration("1.5s"), Some(1_500));
        assert_eq!(parse_duration("abc"), None);
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(parse_duration(""), None);
    }
}
