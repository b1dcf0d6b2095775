//! `kubeplay-split IN.wasm ROOTS PRIMARY_OUT COLD_OUT`: see the library's documentation.
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, input, prefix] = args.as_slice() {
        if flag == "--calls-into" {
            let wasm = std::fs::read(input).expect("reading the module");
            for (from, to) in kubeplay_split::calls_into(&wasm, prefix).expect("a module") {
                println!("{from} -> {to}");
            }
            return ExitCode::SUCCESS;
        }
    }
    let [input, roots, primary_out, cold_out] = args.as_slice() else {
        eprintln!("usage: kubeplay-split IN.wasm ROOTS PRIMARY_OUT.wasm COLD_OUT.wasm");
        return ExitCode::from(2);
    };
    let run = || -> anyhow::Result<()> {
        let wasm = std::fs::read(input)?;
        let roots = kubeplay_split::parse_roots(&std::fs::read_to_string(roots)?);
        let split = kubeplay_split::split(&wasm, &roots)?;
        std::fs::write(primary_out, &split.primary)?;
        std::fs::write(cold_out, &split.cold)?;
        println!(
            "split: {} of {} functions cold, {} entry points; primary {} bytes, cold {} bytes (from {})",
            split.cold_functions,
            split.functions,
            split.boundary_names.len(),
            split.primary.len(),
            split.cold.len(),
            wasm.len()
        );
        for p in &split.unmatched {
            println!("  warning: no function matches the cold root {p} (renamed, or inlined)");
        }
        if std::env::var_os("SPLIT_VERBOSE").is_some() {
            for n in &split.boundary_names {
                println!("  cold entry: {n}");
            }
        }
        Ok(())
    };
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kubeplay-split: {e:#}");
            ExitCode::FAILURE
        }
    }
}
