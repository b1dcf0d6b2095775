//! Completion indexes written as intervals (`0-2,4,6,7`): how `status.completedIndexes`,
//! `status.failedIndexes` and a success policy's `succeededIndexes` spell a set of
//! indexes. Kept as intervals, never expanded: a rule may name a range of a million.

use std::collections::BTreeSet;

/// Closed intervals in increasing order.
pub type Intervals = Vec<(i64, i64)>;

/// `parseIndexInterval`: one fragment, `3` or `3-5`.
fn interval(fragment: &str, completions: i64) -> Result<(i64, i64), String> {
    let parts: Vec<&str> = fragment.split('-').collect();
    if parts.len() > 2 {
        return Err(format!(
            "the fragment {} violates the requirement that an index interval can have at most two parts separated by '-'",
            super::validation::go_quote(fragment)
        ));
    }
    let number =
        |s: &str| s.parse::<i64>().map_err(|_| format!("cannot convert string to integer for index: {}", super::validation::go_quote(s)));
    let x = number(parts[0])?;
    if x >= completions {
        return Err(format!("too large index: {}", super::validation::go_quote(parts[0])));
    }
    let Some(last) = parts.get(1) else { return Ok((x, x)) };
    let y = number(last)?;
    if y >= completions {
        return Err(format!("too large index: {}", super::validation::go_quote(last)));
    }
    if x >= y {
        return Err(format!("non-increasing order, previous: {x}, current: {y}"));
    }
    Ok((x, y))
}

/// `validateIndexesFormat`: how many indexes the text names, or the API server's reason.
pub fn validate(text: &str, completions: i64) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0i64;
    for fragment in text.split(',') {
        let (x, y) = interval(fragment, completions)?;
        if let Some(l) = last.filter(|l| *l >= x) {
            return Err(format!("non-increasing order, previous: {l}, current: {x}"));
        }
        total = total.saturating_add(y - x + 1);
        last = Some(y);
    }
    Ok(total)
}

/// `parseIndexesFromString`, as the controller reads: bad fragments are skipped, and
/// indexes at or past `completions` dropped.
pub fn parse(text: &str, completions: i64) -> Intervals {
    let mut out: Intervals = vec![];
    if text.is_empty() {
        return out;
    }
    for fragment in text.split(',') {
        let mut parts = fragment.split('-');
        let Some(Ok(first)) = parts.next().map(str::parse::<i64>) else { continue };
        if first >= completions {
            break;
        }
        let last = match parts.next() {
            Some(s) => match s.parse::<i64>() {
                Ok(l) => l.min(completions - 1),
                Err(_) => continue,
            },
            None => first,
        };
        match out.last_mut() {
            Some(prev) if prev.1 == first - 1 => prev.1 = last,
            _ => out.push((first, last)),
        }
    }
    out
}

/// How many indexes of `set` fall inside `intervals`.
pub fn count_within(intervals: &Intervals, set: &BTreeSet<i64>) -> i64 {
    intervals.iter().map(|&(a, b)| set.range(a..=b).count() as i64).sum()
}

pub fn total(intervals: &Intervals) -> i64 {
    intervals.iter().map(|(a, b)| b - a + 1).sum()
}

/// `orderedIntervals.String`: runs of three or more as `a-b`, a pair as `a,b`.
pub fn text(set: &BTreeSet<i64>) -> String {
    let mut out = String::new();
    let mut iter = set.iter().copied().peekable();
    while let Some(start) = iter.next() {
        let mut end = start;
        while iter.peek() == Some(&(end + 1)) {
            end += 1;
            iter.next();
        }
        if !out.is_empty() {
            out.push(',');
        }
        out.push_str(&start.to_string());
        if end > start {
            out.push(if end == start + 1 { ',' } else { '-' });
            out.push_str(&end.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_are_written_as_the_controller_writes_them() {
        let set: BTreeSet<i64> = [0, 1, 2, 4, 6, 7].into_iter().collect();
        assert_eq!(text(&set), "0-2,4,6,7");
        assert_eq!(text(&BTreeSet::new()), "");
    }

    #[test]
    fn the_format_is_checked_with_the_api_servers_reasons() {
        assert_eq!(validate("0-2,4", 10), Ok(4));
        assert_eq!(validate("", 10), Ok(0));
        assert_eq!(validate("3-1", 10), Err("non-increasing order, previous: 3, current: 1".into()));
        assert_eq!(validate("1,1", 10), Err("non-increasing order, previous: 1, current: 1".into()));
        assert_eq!(validate("12", 10), Err("too large index: \"12\"".into()));
        assert_eq!(validate("a", 10), Err("cannot convert string to integer for index: \"a\"".into()));
        assert!(validate("1-2-3", 10).unwrap_err().contains("at most two parts"));
    }

    #[test]
    fn the_controller_reads_leniently_and_counts_without_expanding() {
        assert_eq!(parse("0-2,x,3,8-20", 10), vec![(0, 3), (8, 9)]);
        let succeeded: BTreeSet<i64> = [1, 3, 9].into_iter().collect();
        assert_eq!(count_within(&parse("0-3", 10), &succeeded), 2);
        assert_eq!(total(&parse("0-999999", 1_000_000)), 1_000_000);
    }
}
