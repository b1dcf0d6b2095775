//! `diff -u` of two texts, as GNU diff prints it: Myers' shortest edit script, hunks with
//! three lines of context, hunks closer than twice the context joined into one, and
//! `@@ -l,n +l,n @@` headers that drop `,1` and count an empty side from the line before.

/// One line of the edit script.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Edit {
    Keep(usize, usize),
    Delete(usize),
    Insert(usize),
}

const CONTEXT: usize = 3;

/// The hunks of `diff -u` between `old` and `new` (lines without their `\n`), or an empty
/// string when they are the same.
pub fn hunks(old: &[&str], new: &[&str]) -> String {
    let script = myers(old, new);
    let changed: Vec<usize> = script.iter().enumerate().filter(|(_, e)| !matches!(e, Edit::Keep(..))).map(|(i, _)| i).collect();
    let Some(&first) = changed.first() else { return String::new() };
    // Group the changes: a run of more than 2×CONTEXT kept lines splits two hunks.
    let mut groups: Vec<(usize, usize)> = vec![(first, first)];
    for &i in &changed[1..] {
        let last = groups.last_mut().expect("one group");
        if i - last.1 - 1 > 2 * CONTEXT {
            groups.push((i, i));
        } else {
            last.1 = i;
        }
    }
    let mut out = String::new();
    for (from, to) in groups {
        let start = from.saturating_sub(CONTEXT);
        let end = (to + CONTEXT + 1).min(script.len());
        let part = &script[start..end];
        // Where the hunk starts on each side: the first line of that side it shows, or
        // the line before it when it shows none.
        let (mut old_at, mut new_at) = position(&script[..start]);
        let old_count = part.iter().filter(|e| !matches!(e, Edit::Insert(_))).count();
        let new_count = part.iter().filter(|e| !matches!(e, Edit::Delete(_))).count();
        if old_count > 0 {
            old_at += 1;
        }
        if new_count > 0 {
            new_at += 1;
        }
        out.push_str(&format!("@@ -{} +{} @@\n", range(old_at, old_count), range(new_at, new_count)));
        for e in part {
            match *e {
                Edit::Keep(i, _) => out.push_str(&format!(" {}\n", old[i])),
                Edit::Delete(i) => out.push_str(&format!("-{}\n", old[i])),
                Edit::Insert(j) => out.push_str(&format!("+{}\n", new[j])),
            }
        }
    }
    out
}

/// How many lines of each side the edits before a hunk consumed.
fn position(before: &[Edit]) -> (usize, usize) {
    before.iter().fold((0, 0), |(o, n), e| match e {
        Edit::Keep(..) => (o + 1, n + 1),
        Edit::Delete(_) => (o + 1, n),
        Edit::Insert(_) => (o, n + 1),
    })
}

fn range(at: usize, count: usize) -> String {
    if count == 1 {
        at.to_string()
    } else {
        format!("{at},{count}")
    }
}

/// The shortest edit script from `a` to `b` (Myers 1986), deletions before insertions
/// where both fit, as diff lists a changed block.
fn myers(a: &[&str], b: &[&str]) -> Vec<Edit> {
    let (n, m) = (a.len() as isize, b.len() as isize);
    let max = (n + m) as usize;
    let offset = max as isize + 1;
    let mut v = vec![0isize; 2 * max + 3];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    'search: for d in 0..=max as isize {
        trace.push(v.clone());
        let mut k = -d;
        while k <= d {
            let down = k == -d || (k != d && v[(k - 1 + offset) as usize] < v[(k + 1 + offset) as usize]);
            let mut x = if down { v[(k + 1 + offset) as usize] } else { v[(k - 1 + offset) as usize] + 1 };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[(k + offset) as usize] = x;
            if x >= n && y >= m {
                break 'search;
            }
            k += 2;
        }
    }
    // Walk the trace back from the end.
    let mut edits = Vec::new();
    let (mut x, mut y) = (n, m);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        let down = k == -d || (k != d && v[(k - 1 + offset) as usize] < v[(k + 1 + offset) as usize]);
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = v[(prev_k + offset) as usize];
        let prev_y = prev_x - prev_k;
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            edits.push(Edit::Keep(x as usize, y as usize));
        }
        if d > 0 {
            if down {
                y -= 1;
                edits.push(Edit::Insert(y as usize));
            } else {
                x -= 1;
                edits.push(Edit::Delete(x as usize));
            }
        }
    }
    edits.reverse();
    // Within each changed block, deletions first.
    let mut i = 0;
    while i < edits.len() {
        if matches!(edits[i], Edit::Keep(..)) {
            i += 1;
            continue;
        }
        let start = i;
        while i < edits.len() && !matches!(edits[i], Edit::Keep(..)) {
            i += 1;
        }
        edits[start..i].sort_by_key(|e| matches!(e, Edit::Insert(_)));
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<&str> {
        s.lines().collect()
    }

    #[test]
    fn one_changed_line_has_three_lines_of_context() {
        let a = lines("a\nb\nc\nd\ne\nf\ng\nh");
        let b = lines("a\nb\nc\nd\nE\nf\ng\nh");
        assert_eq!(hunks(&a, &b), "@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
    }

    #[test]
    fn a_new_file_is_all_insertions_from_line_zero() {
        assert_eq!(hunks(&[], &lines("x\ny")), "@@ -0,0 +1,2 @@\n+x\n+y\n");
        assert_eq!(hunks(&lines("x"), &[]), "@@ -1 +0,0 @@\n-x\n");
    }

    #[test]
    fn distant_changes_make_two_hunks_and_close_ones_one() {
        let a: Vec<String> = (1..=20).map(|i| i.to_string()).collect();
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let mut b = a.clone();
        b[1] = "two";
        b[17] = "eighteen";
        let out = hunks(&a, &b);
        assert_eq!(out.matches("@@ -").count(), 2, "{out}");
        assert!(out.starts_with("@@ -1,5 +1,5 @@\n 1\n-2\n+two\n"), "{out}");
        let mut c = a.clone();
        c[1] = "two";
        c[8] = "nine";
        assert_eq!(hunks(&a, &c).matches("@@ -").count(), 1);
        assert_eq!(hunks(&a, &a), "");
    }
}
