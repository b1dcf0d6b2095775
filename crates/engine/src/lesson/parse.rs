//! Reads a lesson's Markdown. Only what a step does is parsed strictly (its fenced
//! blocks); the prose is kept as written. Errors name the line; nothing panics, so any
//! text a teacher pastes gets an answer.

use super::{Block, Count, Highlight, Lesson, Question, QuestionKind, Step};

/// What is wrong in a lesson, and on which line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn err<T>(line: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { line, message: message.into() })
}

/// A fenced block: its info string, its first line's number and its text.
struct Fence<'a> {
    info: &'a str,
    line: usize,
    body: Vec<(usize, &'a str)>,
}

impl Fence<'_> {
    fn text(&self) -> String {
        self.body.iter().map(|(_, l)| format!("{l}\n")).collect()
    }
}

pub fn parse(text: &str) -> Result<Lesson, ParseError> {
    let mut lesson = Lesson::default();
    let mut step: Option<Step> = None;
    let mut prose = String::new();
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect();
    let mut i = 0;
    while i < lines.len() {
        let (n, line) = lines[i];
        i += 1;
        let trimmed = line.trim_start();
        if let Some(after) = trimmed.strip_prefix("```") {
            let ticks = 3 + after.chars().take_while(|c| *c == '`').count();
            let fence = "`".repeat(ticks);
            let info = after.trim_start_matches('`').trim();
            let mut body = Vec::new();
            let mut closed = false;
            while i < lines.len() {
                let (m, l) = lines[i];
                i += 1;
                if l.trim() == fence {
                    closed = true;
                    break;
                }
                body.push((m, l));
            }
            if !closed {
                return err(n, format!("the block opened here with {fence} is never closed"));
            }
            let f = Fence { info, line: n, body };
            if !block(&mut lesson, step.as_mut(), &f)? {
                // Any other block is prose: shown as written.
                prose.push_str(line);
                prose.push('\n');
                prose.push_str(&f.text());
                prose.push_str(&fence);
                prose.push('\n');
            }
            continue;
        }
        if let Some(title) = line.strip_prefix("## ") {
            finish(&mut lesson, step.take(), &mut prose);
            step = Some(Step { title: title.trim().to_string(), line: n, ..Default::default() });
            continue;
        }
        if let Some(title) = line.strip_prefix("# ") {
            if lesson.title.is_empty() && step.is_none() {
                lesson.title = title.trim().to_string();
                continue;
            }
        }
        prose.push_str(line);
        prose.push('\n');
    }
    finish(&mut lesson, step, &mut prose);
    if lesson.title.is_empty() {
        return err(1, "a lesson starts with its title: `# Title`");
    }
    if lesson.steps.is_empty() {
        return err(lines.len().max(1), "a lesson needs at least one step: `## Step title`");
    }
    Ok(lesson)
}

/// Puts the prose gathered so far where it belongs: the intro, or the step it ends.
fn finish(lesson: &mut Lesson, step: Option<Step>, prose: &mut String) {
    let text = prose.trim().to_string();
    prose.clear();
    match step {
        Some(mut s) => {
            s.text = text;
            lesson.steps.push(s);
        }
        None => lesson.intro = text,
    }
}

/// Takes a block that does something; false for one that is only shown.
fn block(lesson: &mut Lesson, step: Option<&mut Step>, f: &Fence) -> Result<bool, ParseError> {
    let mut words = f.info.split_whitespace();
    let (first, second) = (words.next().unwrap_or(""), words.next());
    match (first, second) {
        ("cluster", None) => {
            let opts: String = f.body.iter().map(|(_, l)| format!("{l} ")).collect();
            lesson.cluster = crate::script::options(&opts).or_else(|e| err(f.line, e))?;
            Ok(true)
        }
        ("file", Some(name)) => {
            if words.next().is_some() {
                return err(f.line, "a file block names one file: ```file NAME");
            }
            lesson.files.push((name.trim_start_matches("./").to_string(), f.text()));
            Ok(true)
        }
        ("file", None) => err(f.line, "a file block needs a name: ```file NAME"),
        ("notes", Some(_)) => err(f.line, "a notes block is only ```notes (its text is the notes)"),
        ("yaml", Some("apply")) | ("kubeplay", None) | ("question", None) | ("highlight", None) | ("notes", None) => {
            let Some(step) = step else {
                return err(f.line, format!("a {first} block belongs in a step (after a `## ` heading)"));
            };
            match first {
                "yaml" => step.blocks.push(Block::Apply { text: f.text(), line: f.line }),
                "kubeplay" => {
                    let lines: Vec<(usize, String)> =
                        f.body.iter().filter(|(_, l)| !l.trim().is_empty()).map(|(n, l)| (*n, l.trim().to_string())).collect();
                    if lines.is_empty() {
                        return err(f.line, "this kubeplay block has no lines");
                    }
                    step.blocks.push(Block::Script { lines });
                }
                "notes" => {
                    if !step.notes.is_empty() {
                        return err(f.line, "a step has one notes block");
                    }
                    let text = f.text().trim().to_string();
                    if text.is_empty() {
                        return err(f.line, "this notes block is empty");
                    }
                    step.notes = text;
                }
                "question" => {
                    if step.question.is_some() {
                        return err(f.line, "a step asks one question");
                    }
                    step.question = Some(question(f)?);
                }
                _ => {
                    let text = f.body.iter().map(|(_, l)| l.trim()).find(|l| !l.is_empty()).unwrap_or("");
                    step.highlight = Some(highlight(text).or_else(|e| err(f.line, e))?);
                }
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `pod NAME`, `pod -l SELECTOR` or `node NAME`.
fn highlight(text: &str) -> Result<Highlight, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["pod", "-l", sel] => Ok(Highlight::PodSelector(sel.to_string())),
        ["pod", name] => Ok(Highlight::Pod(name.to_string())),
        ["node", name] => Ok(Highlight::Node(name.to_string())),
        _ => Err(format!("highlight is `pod NAME`, `pod -l SELECTOR` or `node NAME`, not `{text}`")),
    }
}

/// The `key: value` lines of a question; a line indented under a key continues it.
fn question(f: &Fence) -> Result<Question, ParseError> {
    let mut kind = None;
    let mut q = Question {
        line: f.line,
        kind: QuestionKind::Choice,
        prompt: String::new(),
        options: vec![],
        answer: String::new(),
        column: None,
        count: None,
        expect: String::new(),
        explain: String::new(),
        show: vec![],
    };
    let mut last: Option<&str> = None;
    for &(n, raw) in &f.body {
        if raw.trim().is_empty() {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            let more = raw.trim();
            match last {
                Some("prompt") => q.prompt = format!("{} {more}", q.prompt),
                Some("explain") => q.explain = format!("{} {more}", q.explain),
                _ => return err(n, "an indented line continues `prompt:` or `explain:` only"),
            }
            continue;
        }
        let Some((key, value)) = raw.split_once(':') else {
            return err(n, format!("a question's lines are `key: value`, not `{}`", raw.trim()));
        };
        let (key, value) = (key.trim(), value.trim().to_string());
        match key {
            "kind" => {
                kind = Some(
                    QuestionKind::parse(&value)
                        .ok_or_else(|| ParseError { line: n, message: format!("kind is choice, number, status or node, not `{value}`") })?,
                )
            }
            "prompt" => q.prompt = value,
            "options" => q.options = value.split('|').map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect(),
            "answer" => q.answer = value,
            "column" => q.column = Some(value),
            "count" => {
                q.count = Some(match value.as_str() {
                    "rows" => Count::Rows,
                    "lines" => Count::Lines,
                    "words" => Count::Words,
                    _ => return err(n, format!("count is rows, lines or words, not `{value}`")),
                })
            }
            "expect" => q.expect = value,
            "explain" => q.explain = value,
            "show" => q.show.push(value),
            "highlight" => return err(n, "highlight is a block of its own: ```highlight"),
            other => {
                return err(
                    n,
                    format!("unknown question key `{other}` (kind, prompt, options, answer, column, count, expect, explain, show)"),
                )
            }
        }
        last = Some(match key {
            "prompt" => "prompt",
            "explain" => "explain",
            _ => "",
        });
    }
    let Some(kind) = kind else { return err(f.line, "a question needs `kind: choice|number|status|node`") };
    q.kind = kind;
    for (missing, key) in [(q.prompt.is_empty(), "prompt"), (q.answer.is_empty(), "answer"), (q.expect.is_empty(), "expect")] {
        if missing {
            return err(f.line, format!("a question needs `{key}:`"));
        }
    }
    if q.column.is_some() && q.count.is_some() {
        return err(f.line, "a question takes `column:` or `count:`, not both");
    }
    if kind == QuestionKind::Choice && q.options.len() < 2 {
        return err(f.line, "a choice question needs `options: A | B | …` (two or more)");
    }
    if kind == QuestionKind::Choice && !q.options.iter().any(|o| o.eq_ignore_ascii_case(&q.expect)) {
        return err(f.line, format!("`expect: {}` is not one of the options", q.expect));
    }
    Ok(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "# Pods
Intro text.

```cluster
--preset kind --nodes 2
```

## Apply a pod

A pod named web.

```yaml apply
apiVersion: v1
kind: Pod
```

```question
kind: choice
prompt: What will its STATUS be
  after ten seconds?
options: Pending | Running
answer: kubectl get pod web
column: STATUS
expect: Running
explain: The image pulls,
  then it runs.
show: why web
```

```highlight
pod web
```

```notes
Ask the room first.
  Then run it.
```

## Look

```kubeplay
sleep 10s

kubectl get pods
```

```text
shown only
```
";

    #[test]
    fn a_small_lesson_reads_into_steps_blocks_and_a_question() {
        let l = parse(SMALL).unwrap();
        assert_eq!(l.title, "Pods");
        assert_eq!(l.intro, "Intro text.");
        assert_eq!(l.cluster.preset, Some(crate::Preset::Kind));
        assert_eq!(l.cluster.nodes, Some(2));
        assert_eq!(l.steps.len(), 2);
        let s = &l.steps[0];
        assert_eq!((s.title.as_str(), s.line, s.text.as_str()), ("Apply a pod", 8, "A pod named web."));
        assert_eq!(s.blocks, vec![Block::Apply { text: "apiVersion: v1\nkind: Pod\n".into(), line: 12 }]);
        let q = s.question.as_ref().unwrap();
        assert_eq!(q.prompt, "What will its STATUS be after ten seconds?");
        assert_eq!(q.options, vec!["Pending", "Running"]);
        assert_eq!(q.column.as_deref(), Some("STATUS"));
        assert_eq!(q.explain, "The image pulls, then it runs.");
        assert_eq!(q.show, vec!["why web"]);
        assert_eq!(s.highlight, Some(Highlight::Pod("web".into())));
        assert_eq!(s.notes, "Ask the room first.\n  Then run it.");
        assert!(!s.text.contains("Ask the room"), "notes are not the step's text");
        assert_eq!(l.steps[1].notes, "");
        assert_eq!(l.steps[1].blocks, vec![Block::Script { lines: vec![(42, "sleep 10s".into()), (44, "kubectl get pods".into())] }]);
        assert_eq!(l.steps[1].text, "```text\nshown only\n```");
    }

    #[test]
    fn mistakes_name_their_line() {
        let cases = [
            ("no title", "## Step\n", 1, "title"),
            ("# T\n", "# T\n", 1, "at least one step"),
            ("open", "# T\n## S\n```kubeplay\nsleep 1s\n", 3, "never closed"),
            ("outside", "# T\n```kubeplay\nsleep 1s\n```\n## S\n", 2, "belongs in a step"),
            ("kind", "# T\n## S\n```question\nkind: essay\n```\n", 4, "kind is choice"),
            (
                "expect",
                "# T\n## S\n```question\nkind: choice\nprompt: p\noptions: a | b\nanswer: kubectl get pods\nexpect: c\n```\n",
                3,
                "not one of the options",
            ),
            ("missing", "# T\n## S\n```question\nkind: number\nprompt: p\n```\n", 3, "answer:"),
            ("key", "# T\n## S\n```question\nwhat: x\n```\n", 4, "unknown question key"),
            ("cluster", "# T\n```cluster\n--preset moon\n```\n## S\n", 2, "unknown preset"),
            ("highlight", "# T\n## S\n```highlight\nservice web\n```\n", 3, "highlight is"),
            ("notes outside", "# T\n```notes\nhi\n```\n## S\n", 2, "belongs in a step"),
            ("two notes", "# T\n## S\n```notes\na\n```\n\n```notes\nb\n```\n", 7, "one notes block"),
            ("empty notes", "# T\n## S\n```notes\n\n```\n", 3, "empty"),
            ("notes word", "# T\n## S\n```notes teacher\nhi\n```\n", 3, "only ```notes"),
        ];
        for (name, text, line, words) in cases {
            let e = parse(text).expect_err(name);
            assert_eq!(e.line, line, "{name}: {e}");
            assert!(e.message.contains(words), "{name}: {e}");
        }
    }

    #[test]
    fn any_text_gets_an_answer_not_a_panic() {
        let pieces = [
            "# T\n",
            "## S\n",
            "```question\n",
            "```\n",
            "kind: number\n",
            "  more\n",
            "```kubeplay\n",
            "````\n",
            "é\n",
            ":\n",
            "```file\n",
            "```notes\n",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 12) {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let _ = parse(&text);
        }
    }
}
