//! `kubeplay compose FILE`: a compose file converted as `kompose convert -f FILE --stdout`
//! converts it. The manifests go to standard output, so they can be piped to
//! `kubectl apply -f -` or saved; what each compose key became, and kompose's warnings,
//! go to standard error as `#` comments.

use std::process::ExitCode;

/// The manifests (standard output) and the explanations (standard error) for `text`, the
/// contents of `file`.
pub fn render(text: &str, file: &str) -> Result<(String, String), String> {
    let converted = engine::compose::convert(text, file, &engine::compose::default_options(file)).map_err(|e| format!("{file}: {e}"))?;
    let mut notes = format!("# {file} as kompose {} converts it (kompose convert -f {file}):\n", engine::compose::KOMPOSE_VERSION);
    for w in &converted.warnings {
        notes.push_str(&format!("# WARN {w}\n"));
    }
    notes.push_str(&engine::compose::explain(&converted.mappings));
    Ok((engine::compose::to_stream(&converted.objects), notes))
}

pub fn run(args: &[String]) -> ExitCode {
    let [file] = args else {
        eprintln!("kubeplay: usage: kubeplay compose FILE");
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("kubeplay: cannot read {file}: {e}");
            return ExitCode::from(2);
        }
    };
    match render(&text, file) {
        Ok((manifests, notes)) => {
            eprint!("{notes}");
            print!("{manifests}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kubeplay: {e}");
            ExitCode::from(1)
        }
    }
}
