//! The console: any line the command line takes (kubectl, or the simulator's verbs such
//! as `node kill`, `request`, `docker build`, `why`), run through the engine's shell.

use crate::i18n::{text, Key};
use crate::state::Page;
use leptos::prelude::*;

/// A typed line as the shell takes it: the simulator's verbs, kubectl and a line opening
/// with `NAME=value` (`KUBE_EDITOR=… kubectl edit …`) as written, anything else as a
/// kubectl command without its `kubectl`.
pub fn as_shell_line(line: &str) -> String {
    let first = line.split_whitespace().next().unwrap_or("");
    let assignment = engine::kubectl::edit::assignment(first).is_some();
    if first == "kubectl" || first == "k" || engine::shell::VERBS.contains(&first) || first.starts_with('#') || assignment {
        line.to_string()
    } else {
        format!("kubectl {line}")
    }
}

#[component]
pub fn Console(page: Page) -> impl IntoView {
    let Page { lang, console, .. } = page;
    let input = RwSignal::new(String::new());
    let submit = move || {
        let line = input.get_untracked();
        if !line.trim().is_empty() {
            page.run(as_shell_line(&line));
            input.set(String::new());
        }
    };
    view! {
        <div class="console">
            <pre class="console-log" data-test="console-log">
                {move || console.get().iter().map(|(cmd, out)| format!("$ {cmd}\n{out}")).collect::<Vec<_>>().join("")}
            </pre>
            <div class="row">
                <input
                    data-test="console-input"
                    placeholder=move || text(lang.get(), Key::ConsoleHint)
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Enter" {
                            submit();
                        }
                    }
                />
                <button data-test="console-run" on:click=move |_| submit()>{move || text(lang.get(), Key::Run)}</button>
            </div>
        </div>
    }
}
