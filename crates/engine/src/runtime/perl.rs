//! perl as the Kubernetes documentation's Job runs it: `perl -Mbignum=bpi -wle 'print bpi(2000)'`.

use super::exits;
use crate::model::pod_runtime::Process;
use crate::time::Millis;

/// `perl [-Mmodule…] [-wl…] -e 'print …'`: prints a quoted string, or the digits of
/// pi that `Math::BigFloat`'s `bpi(N)` gives (the Kubernetes documentation's Job), and
/// exits; anything else runs briefly and succeeds.
pub(super) fn perl(args: &[String]) -> Process {
    let Some(i) = args.iter().position(|a| a.starts_with('-') && !a.starts_with("-M") && a.ends_with('e')) else {
        return exits(100, 0, vec![]);
    };
    let script = args.get(i + 1).map(String::as_str).unwrap_or("").trim();
    let Some(what) = script.strip_prefix("print").map(str::trim) else { return exits(200, 0, vec![]) };
    if let Some(n) = what.strip_prefix("bpi(").and_then(|r| r.strip_suffix(')')).and_then(|n| n.trim().parse::<usize>().ok()) {
        let n = n.clamp(1, MAX_PI_DIGITS);
        // Math::BigFloat takes a while: about five seconds for 2000 digits.
        let ms = 500 + (n as Millis * n as Millis) / 1000;
        return exits(ms, 0, vec![pi_text(n)]);
    }
    let text = what.trim_end_matches(';').trim().trim_matches(['"', '\'']);
    exits(200, 0, vec![text.to_string()])
}

/// The most digits of pi the simulation writes out.
const MAX_PI_DIGITS: usize = 10_000;

/// Pi to `n` significant digits, rounded, as `bpi(n)` prints it: `3.14159…`.
pub(super) fn pi_text(n: usize) -> String {
    let digits = pi_digits(n + 10);
    let mut kept: Vec<u8> = digits[..n].to_vec();
    if digits[n] >= 5 {
        for d in kept.iter_mut().rev() {
            if *d == 9 {
                *d = 0;
            } else {
                *d += 1;
                break;
            }
        }
    }
    let mut s = String::with_capacity(n + 1);
    for (i, d) in kept.iter().enumerate() {
        if i == 1 {
            s.push('.');
        }
        s.push(char::from(b'0' + d));
    }
    s
}

/// The first `n` decimal digits of pi (3, 1, 4, 1, 5, …), by Rabinowitz and Wagon's
/// spigot. Kept once computed: a parallel Job's pods all ask for the same digits.
fn pi_digits(n: usize) -> Vec<u8> {
    thread_local! {
        static KEPT: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    if let Some(d) = KEPT.with(|k| (k.borrow().len() >= n).then(|| k.borrow()[..n].to_vec())) {
        return d;
    }
    let len = n * 10 / 3 + 2;
    let mut a = vec![2u64; len + 1];
    let mut out: Vec<u8> = Vec::with_capacity(n + 2);
    let (mut nines, mut predigit) = (0usize, None::<u8>);
    while out.len() + nines < n + 1 {
        let mut q: u64 = 0;
        for i in (1..=len as u64).rev() {
            let x = 10 * a[i as usize] + q * i;
            a[i as usize] = x % (2 * i - 1);
            q = x / (2 * i - 1);
        }
        a[1] = q % 10;
        q /= 10;
        match q {
            9 => nines += 1,
            10 => {
                out.push(predigit.map_or(1, |p| p + 1));
                out.extend(std::iter::repeat_n(0, nines));
                predigit = Some(0);
                nines = 0;
            }
            d => {
                if let Some(p) = predigit {
                    out.push(p);
                }
                out.extend(std::iter::repeat_n(9, nines));
                predigit = Some(d as u8);
                nines = 0;
            }
        }
    }
    if let Some(p) = predigit {
        out.push(p);
    }
    out.truncate(n);
    KEPT.with(|k| {
        if k.borrow().len() < out.len() {
            *k.borrow_mut() = out.clone();
        }
    });
    out
}
