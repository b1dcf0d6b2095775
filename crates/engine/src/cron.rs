//! Cron schedules as the CronJob controller reads them (`robfig/cron/v3`'s
//! `ParseStandard`): five fields (minute, hour, day of month, month, day of week) with
//! `*`, `?`, ranges, steps, lists and names (`JAN`, `MON`), or a descriptor (`@hourly`,
//! `@daily`, `@every 1h30m`, …). The errors are the library's texts, which the API server
//! puts after `spec.schedule: Invalid value:`. Parsing any text never panics.

/// A parsed schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Schedule {
    Fields(Fields),
    /// `@every D`: D after the previous run, rounded down to whole seconds.
    Every(i64),
}

/// One bit per allowed value of each field; `*_star` records a `*` (or `?`) without a
/// step, which changes how the two day fields combine.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields {
    minute: u64,
    hour: u64,
    dom: u64,
    month: u64,
    dow: u64,
    dom_star: bool,
    dow_star: bool,
}

struct Bounds {
    min: u32,
    max: u32,
    names: &'static [(&'static str, u32)],
}

const MINUTES: Bounds = Bounds { min: 0, max: 59, names: &[] };
const HOURS: Bounds = Bounds { min: 0, max: 23, names: &[] };
const DOM: Bounds = Bounds { min: 1, max: 31, names: &[] };
const MONTHS: Bounds = Bounds {
    min: 1,
    max: 12,
    names: &[
        ("jan", 1),
        ("feb", 2),
        ("mar", 3),
        ("apr", 4),
        ("may", 5),
        ("jun", 6),
        ("jul", 7),
        ("aug", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ],
};
const DOW: Bounds = Bounds { min: 0, max: 6, names: &[("sun", 0), ("mon", 1), ("tue", 2), ("wed", 3), ("thu", 4), ("fri", 5), ("sat", 6)] };

/// `cron.ParseStandard`.
pub fn parse(spec: &str) -> Result<Schedule, String> {
    if spec.is_empty() {
        return Err("empty spec string".into());
    }
    // `TZ=Zone` or `CRON_TZ=Zone` ahead of the fields: the library reads the zone there
    // (the API server refuses it in new CronJobs, with its own message).
    let spec = match spec.strip_prefix("TZ=").or_else(|| spec.strip_prefix("CRON_TZ=")) {
        Some(rest) => rest.split_once(' ').map_or("", |(_, fields)| fields.trim()),
        None => spec,
    };
    if let Some(d) = spec.strip_prefix('@') {
        return descriptor(d, spec);
    }
    let fields: Vec<&str> = spec.split_whitespace().collect();
    if fields.len() != 5 {
        return Err(format!("expected exactly 5 fields, found {}: [{}]", fields.len(), fields.join(" ")));
    }
    let (minute, _) = field(fields[0], &MINUTES)?;
    let (hour, _) = field(fields[1], &HOURS)?;
    let (dom, dom_star) = field(fields[2], &DOM)?;
    let (month, _) = field(fields[3], &MONTHS)?;
    let (dow, dow_star) = field(fields[4], &DOW)?;
    Ok(Schedule::Fields(Fields { minute, hour, dom, month, dow, dom_star, dow_star }))
}

fn descriptor(name: &str, spec: &str) -> Result<Schedule, String> {
    let fields = match name {
        "yearly" | "annually" => "0 0 1 1 *",
        "monthly" => "0 0 1 * *",
        "weekly" => "0 0 * * 0",
        "daily" | "midnight" => "0 0 * * *",
        "hourly" => "0 * * * *",
        _ => {
            if let Some(d) = name.strip_prefix("every ") {
                return match go_duration(d) {
                    Some(secs) => Ok(Schedule::Every(secs.max(1))),
                    None => Err(format!("failed to parse duration {spec}: time: invalid duration \"{d}\"")),
                };
            }
            return Err(format!("unrecognized descriptor: {spec}"));
        }
    };
    parse(fields)
}

/// A Go duration of whole seconds and more (`90s`, `1h30m`, `2h`), rounded down to
/// seconds as `@every` does.
fn go_duration(text: &str) -> Option<i64> {
    let mut total: f64 = 0.0;
    let mut rest = text.trim();
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: f64 = rest.get(..digits)?.parse().ok()?;
        rest = rest.get(digits..)?;
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let unit = rest.get(..unit_len)?;
        rest = rest.get(unit_len..)?;
        let secs = match unit {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            "us" | "µs" => 0.000_001,
            "ns" => 0.000_000_001,
            _ => return None,
        };
        total += n * secs;
    }
    (total.is_finite() && total < 1e12).then_some(total as i64)
}

/// One field: a comma-separated list of ranges. Returns its bits and whether it was a
/// bare `*`/`?`.
fn field(text: &str, b: &Bounds) -> Result<(u64, bool), String> {
    let mut bits = 0u64;
    let mut star = false;
    for expr in text.split(',') {
        let (r, s) = range(expr, b)?;
        bits |= r;
        star |= s;
    }
    Ok((bits, star))
}

/// `getRange`: `*`, `N`, `N-M`, each optionally `/step`.
fn range(expr: &str, b: &Bounds) -> Result<(u64, bool), String> {
    let range_and_step: Vec<&str> = expr.split('/').collect();
    let low_high: Vec<&str> = range_and_step[0].split('-').collect();
    let single = low_high.len() == 1;
    let (start, mut end, mut star) = if low_high[0] == "*" || low_high[0] == "?" {
        (b.min, b.max, true)
    } else {
        let start = int_or_name(low_high[0], b)?;
        let end = match low_high.len() {
            1 => start,
            2 => int_or_name(low_high[1], b)?,
            _ => return Err(format!("too many hyphens: {expr}")),
        };
        (start, end, false)
    };
    let step = match range_and_step.len() {
        1 => 1,
        2 => {
            let step = must_int(range_and_step[1])?;
            // "N/step" means "N-max/step".
            if single {
                end = b.max;
            }
            if step > 1 {
                star = false;
            }
            step
        }
        _ => return Err(format!("too many slashes: {expr}")),
    };
    if start < b.min {
        return Err(format!("beginning of range ({start}) below minimum ({}): {expr}", b.min));
    }
    if end > b.max {
        return Err(format!("end of range ({end}) above maximum ({}): {expr}", b.max));
    }
    if start > end {
        return Err(format!("beginning of range ({start}) beyond end of range ({end}): {expr}"));
    }
    if step == 0 {
        return Err(format!("step of range should be a positive number: {expr}"));
    }
    let mut bits = 0u64;
    let mut v = start;
    while v <= end {
        bits |= 1 << v;
        v = match v.checked_add(step) {
            Some(n) => n,
            None => break,
        };
    }
    Ok((bits, star))
}

fn int_or_name(expr: &str, b: &Bounds) -> Result<u32, String> {
    let lower = expr.to_ascii_lowercase();
    if let Some((_, v)) = b.names.iter().find(|(n, _)| *n == lower) {
        return Ok(*v);
    }
    must_int(expr)
}

/// `mustParseInt`, with `strconv.Atoi`'s error texts.
fn must_int(expr: &str) -> Result<u32, String> {
    let digits = expr.strip_prefix(['+', '-']).unwrap_or(expr);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("failed to parse int from {expr}: strconv.Atoi: parsing {}: invalid syntax", go_quote(expr)));
    }
    let n: i64 = match expr.parse() {
        Ok(n) => n,
        Err(_) => return Err(format!("failed to parse int from {expr}: strconv.Atoi: parsing {}: value out of range", go_quote(expr))),
    };
    if n < 0 {
        return Err(format!("negative number ({n}) not allowed: {expr}"));
    }
    // Larger values fail the range checks that follow.
    Ok(n.min(i64::from(u32::MAX / 2)) as u32)
}

fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32 & 0xff)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// How far the search looks ahead before it gives up, as the library does (five years):
/// a schedule such as `0 0 30 2 *` never fires.
const SEARCH_DAYS: i64 = 5 * 366;

impl Schedule {
    /// The first activation strictly after `after` (Unix seconds), reading the fields
    /// in a zone `offset` seconds east of UTC; `None` if there is none within five years.
    pub fn next(&self, after: i64, offset: i64) -> Option<i64> {
        let f = match self {
            Schedule::Every(secs) => return after.checked_add(*secs),
            Schedule::Fields(f) => f,
        };
        let local = after.checked_add(offset)?;
        // The next whole minute after `local`.
        let first = local.div_euclid(60).checked_add(1)?.checked_mul(60)?;
        let start = first.div_euclid(86_400);
        for day in start..start + SEARCH_DAYS {
            let (_, month, dom, dow) = crate::time::civil_day(day);
            let dom_ok = f.dom & (1 << dom) != 0;
            let dow_ok = f.dow & (1 << dow) != 0;
            let day_ok = if f.dom_star || f.dow_star { dom_ok && dow_ok } else { dom_ok || dow_ok };
            if f.month & (1 << month) == 0 || !day_ok {
                continue;
            }
            let from = if day == start { first.rem_euclid(86_400) / 60 } else { 0 };
            for m in from..24 * 60 {
                if f.hour & (1 << (m / 60)) != 0 && f.minute & (1 << (m % 60)) != 0 {
                    return Some(day * 86_400 + m * 60 - offset);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2025-05-24 04:48:00 UTC, a Saturday.
    const T0: i64 = 1_748_062_080;

    fn next(spec: &str, after: i64) -> i64 {
        parse(spec).unwrap().next(after, 0).unwrap()
    }

    #[test]
    fn fields_ranges_steps_lists_and_names() {
        assert_eq!(next("* * * * *", T0), T0 + 60);
        assert_eq!(next("*/5 * * * *", T0), T0 + 2 * 60);
        assert_eq!(next("0 * * * *", T0), T0 + 12 * 60);
        assert_eq!(next("30 6-16/4 * * 1-5", T0), 1_748_241_000, "Monday 26 May 06:30");
        assert_eq!(next("0 0 * * MON", T0), 1_748_217_600);
        assert_eq!(next("0 0 1 JAN *", T0), 1_767_225_600, "2026-01-01");
        assert_eq!(next("15,45 * * * *", T0), T0 + 27 * 60);
        assert_eq!(next("@hourly", T0), next("0 * * * *", T0));
        assert_eq!(next("@daily", T0), 1_748_131_200);
        assert_eq!(next("@midnight", T0), next("@daily", T0));
        assert_eq!(next("@weekly", T0), 1_748_131_200, "Sunday");
        assert_eq!(next("@monthly", T0), 1_748_736_000);
        assert_eq!(next("@yearly", T0), next("@annually", T0));
        assert_eq!(next("@every 1h30m", T0), T0 + 5400);
    }

    #[test]
    fn both_day_fields_restricted_means_either() {
        // The 1st of the month or any Sunday: Sunday 25 May comes first.
        assert_eq!(next("0 0 1 * 0", T0), 1_748_131_200);
    }

    #[test]
    fn a_zone_offset_moves_the_wall_clock() {
        let s = parse("0 9 * * *").unwrap();
        // 09:00 in UTC+9 is 00:00 UTC.
        assert_eq!(s.next(T0, 9 * 3600), Some(1_748_131_200));
    }

    #[test]
    fn impossible_dates_never_fire() {
        assert_eq!(parse("0 0 30 2 *").unwrap().next(T0, 0), None);
    }

    #[test]
    fn errors_are_the_librarys() {
        assert_eq!(parse("").unwrap_err(), "empty spec string");
        assert_eq!(parse("bad").unwrap_err(), "expected exactly 5 fields, found 1: [bad]");
        assert_eq!(parse("* * * *").unwrap_err(), "expected exactly 5 fields, found 4: [* * * *]");
        assert_eq!(parse("x * * * *").unwrap_err(), "failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax");
        assert_eq!(parse("60 * * * *").unwrap_err(), "end of range (60) above maximum (59): 60");
        assert_eq!(parse("* * 0 * *").unwrap_err(), "beginning of range (0) below minimum (1): 0");
        assert_eq!(parse("5-1 * * * *").unwrap_err(), "beginning of range (5) beyond end of range (1): 5-1");
        assert_eq!(parse("*/0 * * * *").unwrap_err(), "step of range should be a positive number: */0");
        assert_eq!(parse("1-2-3 * * * *").unwrap_err(), "too many hyphens: 1-2-3");
        assert_eq!(parse("1/2/3 * * * *").unwrap_err(), "too many slashes: 1/2/3");
        assert_eq!(parse("@fortnightly").unwrap_err(), "unrecognized descriptor: @fortnightly");
        assert_eq!(parse("* * * * 7").unwrap_err(), "end of range (7) above maximum (6): 7");
        assert_eq!(parse("TZ=UTC */5 * * * *"), parse("*/5 * * * *"));
    }

    #[test]
    fn any_text_parses_or_fails_without_panicking() {
        for s in ["-", "/", ",", "*/", "-/-", "99999999999999999999 * * * *", "@every", "@every x", "@", "* * * * *\u{0}", "1-/ * * * *"] {
            let _ = parse(s).map(|p| p.next(T0, 0));
        }
    }
}
