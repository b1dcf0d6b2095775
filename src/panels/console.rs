//! The console: any line the command line takes (kubectl, or the simulator's verbs such
//! as `node kill`, `request`, `docker build`, `why`), run through the engine's shell.

use crate::i18n::{text, Key};
use crate::panels::terminal::Key as TermKey;
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
    let Page { lang, console, terminal, watch, sim, .. } = page;
    let input = RwSignal::new(String::new());
    let log_ref = NodeRef::<leptos::html::Pre>::new();
    let submit = move || {
        let line = input.get_untracked();
        if terminal.with_untracked(Option::is_some) {
            // In a container's shell every line (an empty one too) goes to the shell.
            page.terminal_input(&line);
            input.set(String::new());
        } else if !line.trim().is_empty() {
            // The page's one console cannot type under a running watch: a new line ends it.
            page.stop_watch();
            page.run(as_shell_line(&line));
            input.set(String::new());
        }
    };
    // The container's shell ends when its pod goes, as kubectl's session does.
    Effect::new(move |_| {
        sim.version.get();
        page.check_terminal();
    });
    // An open `kubectl get -w` prints what changed; `kubectl logs -f` what the container
    // wrote, which changes no object: it is looked at each simulated second too.
    Effect::new(move |_| {
        sim.version.get();
        sim.second.get();
        page.poll_watch();
    });
    // Keep the newest lines in view.
    Effect::new(move |_| {
        console.track();
        terminal.track();
        if let Some(pre) = log_ref.get() {
            pre.set_scroll_top(pre.scroll_height());
        }
    });
    let key = move |ev: leptos::ev::KeyboardEvent| {
        let open = terminal.with_untracked(Option::is_some);
        let k = ev.key();
        if !open && ev.ctrl_key() && (k == "c" || k == "C") && page.stop_watch() {
            ev.prevent_default();
            return;
        }
        let pressed = match k.as_str() {
            "Enter" => {
                submit();
                return;
            }
            "c" | "C" if open && ev.ctrl_key() => TermKey::Interrupt(input.get_untracked()),
            "d" | "D" if open && ev.ctrl_key() => TermKey::EndOfInput,
            "ArrowUp" if open => TermKey::Up,
            "ArrowDown" if open => TermKey::Down,
            _ => return,
        };
        ev.prevent_default();
        if let Some(line) = page.terminal_key(pressed) {
            input.set(line);
        }
    };
    let screen = move || terminal.with(|t| t.as_ref().map(|s| s.term.screen_above().to_string()));
    let prompt = move || terminal.with(|t| t.as_ref().filter(|s| !s.term.is_running()).map(|s| s.term.prompt()).unwrap_or_default());
    view! {
        <div class="console" class:in-terminal=move || terminal.with(Option::is_some)>
            <pre class="console-log" data-test="console-log" node_ref=log_ref>
                {move || console.get().iter().map(|(cmd, out)| if cmd.is_empty() { out.clone() } else { format!("$ {cmd}\n{out}") }).collect::<Vec<_>>().join("")}
                {move || screen().map(|s| {
                    let line = terminal.with(|t| t.as_ref().map(|s| s.line.clone()).unwrap_or_default());
                    view! { <span class="terminal-screen" data-test="terminal-screen">{format!("$ {line}\n{s}")}</span> }
                })}
            </pre>
            {move || terminal.with(|t| t.as_ref().map(|s| s.term.label())).map(|label| view! {
                <div class="terminal-bar" data-test="terminal-bar" role="status">
                    <strong>{move || text(lang.get(), Key::TerminalIn)}" "{label}</strong>
                    <span class="terminal-keys">{move || text(lang.get(), Key::TerminalKeys)}</span>
                </div>
            })}
            {move || watch.with(|w| w.as_ref().map(|w| w.line.clone())).map(|line| view! {
                <div class="terminal-bar watch-bar" data-test="watch-bar" role="status">
                    <strong>{move || text(lang.get(), Key::WatchOn)}" "<code>{line}</code></strong>
                    <span class="terminal-keys">{move || text(lang.get(), Key::WatchKeys)}</span>
                </div>
            })}
            <crate::panels::port_forward::PortForwards page=page />
            <div class="row">
                <span class="terminal-prompt" data-test="terminal-prompt">{prompt}</span>
                <input
                    data-test="console-input"
                    placeholder=move || text(lang.get(), if terminal.with(Option::is_some) { Key::TerminalKeys } else if watch.with(Option::is_some) { Key::WatchKeys } else { Key::ConsoleHint })
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=key
                />
                <button data-test="console-run" on:click=move |_| submit()>{move || text(lang.get(), Key::Run)}</button>
            </div>
        </div>
    }
}
