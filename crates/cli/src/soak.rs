//! `kubeplay soak [--runs N] [--days D] [--seed S]`: the chaos soak over many seeds and
//! simulated days; prints runs, actions, checks, simulated time and violations.

use std::process::ExitCode;
use std::time::Instant;

pub fn run(args: &[String]) -> ExitCode {
    let (mut runs, mut days, mut first) = (20u64, 1.0f64, 1u64);
    let mut i = 0;
    while i < args.len() {
        let v = args.get(i + 1).and_then(|v| v.parse::<f64>().ok());
        match (args[i].as_str(), v) {
            ("--runs", Some(n)) if n >= 1.0 => runs = n as u64,
            ("--days", Some(d)) if d > 0.0 => days = d,
            ("--seed", Some(s)) if s >= 0.0 => first = s as u64,
            _ => {
                eprintln!("usage: kubeplay soak [--runs N] [--days D] [--seed FIRST]");
                return ExitCode::from(2);
            }
        }
        i += 2;
    }
    let simulated = (days * 86_400_000.0) as u64;
    let start = Instant::now();
    let (mut actions, mut checks, mut total_ms, mut violations) = (0u64, 0u64, 0u64, vec![]);
    for seed in first..first + runs {
        let r = engine::soak::run(seed, simulated);
        actions += r.actions;
        checks += r.checks;
        total_ms += r.simulated;
        if let Some(v) = r.violation {
            println!("VIOLATION {v}");
            violations.push(v);
        }
    }
    println!(
        "soak: {runs} runs (seeds {first}..{}), {actions} actions, {checks} invariant checks, {:.1} simulated days, {} violations, {:.1} s wall on {} cores",
        first + runs - 1,
        total_ms as f64 / 86_400_000.0,
        violations.len(),
        start.elapsed().as_secs_f64(),
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if violations.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
