//! Running a lesson: its cluster, its steps' blocks through the script runner, and its
//! questions answered by reading the cluster afterwards.

use super::{Block, Count, Highlight, Lesson, Question, QuestionKind, Step};
use crate::actions::Action;
use crate::files::Files;
use crate::{Cluster, Preset};

/// The lesson's cluster, fresh: nothing built, nothing applied.
pub fn start(lesson: &Lesson) -> Cluster {
    let h = &lesson.cluster;
    Cluster::new(h.preset.unwrap_or(Preset::DockerDesktop), h.nodes, h.seed.unwrap_or(1))
}

/// Runs a step's blocks in order and returns the transcript, with the lines whose
/// output says kubeplay did not understand them (a lesson's own mistake).
pub fn run_step(c: &mut Cluster, step: &Step, files: &dyn Files) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut problems = Vec::new();
    for b in &step.blocks {
        match b {
            Block::Apply { text, line } => {
                let a = Action::Apply { text: text.clone(), source: "STDIN".into(), namespace: "default".into(), create: false };
                let outcome = c.perform(&a, files);
                let o = crate::shell::show(c, &a, &outcome);
                out.push_str("$ kubectl apply -f -\n");
                out.push_str(&o.text());
                if o.code != 0 {
                    problems.push(format!("line {line}: {}", o.text().trim()));
                }
            }
            Block::Script { lines } => {
                for (n, line) in lines {
                    if line.starts_with('#') {
                        out.push_str(line);
                        out.push('\n');
                        continue;
                    }
                    let o = c.run(line, files);
                    out.push_str(&format!("$ {line}\n{}", o.text()));
                    if let Some(wait) = &o.wait {
                        out.push_str(&c.wait(wait));
                    }
                    if o.stderr.starts_with("kubeplay:") || o.stderr.starts_with("error: unknown") {
                        problems.push(format!("line {n}: {line}: {}", o.stderr.trim()));
                    }
                }
            }
        }
    }
    (out, problems)
}

/// The lesson's cluster after its first `steps` steps.
pub fn replay_to(lesson: &Lesson, steps: usize, files: &dyn Files) -> Cluster {
    let mut c = start(lesson);
    for s in lesson.steps.iter().take(steps) {
        run_step(&mut c, s, files);
    }
    c
}

/// The right answer, read from the cluster: the `answer:` read's output, trimmed, or
/// the `column:` of its first row.
pub fn answer(c: &Cluster, q: &Question) -> Result<String, String> {
    let o = c.read(&q.answer);
    if o.code != 0 || !o.stderr.is_empty() {
        return Err(format!("`{}` failed: {}", q.answer, o.text().trim()));
    }
    let text = o.stdout.trim();
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    let value = match (&q.column, q.count) {
        (_, Some(Count::Lines)) => return Ok(lines.to_string()),
        (_, Some(Count::Words)) => return Ok(text.split_whitespace().count().to_string()),
        (_, Some(Count::Rows)) => return Ok(lines.saturating_sub(1).to_string()),
        (None, None) => text.to_string(),
        (Some(col), None) => column(text, col).ok_or_else(|| format!("`{}` printed no {col} column with a row:\n{text}", q.answer))?,
    };
    if value.is_empty() {
        return Err(format!("`{}` printed nothing", q.answer));
    }
    Ok(value)
}

/// The value under `name` in a kubectl table's first row. Columns start where their
/// header does (kubectl pads with spaces), so values with spaces (`5m (x3 over 6m)`) stay whole.
fn column(table: &str, name: &str) -> Option<String> {
    let mut lines = table.lines();
    let header = lines.next()?;
    let row = lines.next()?;
    let starts: Vec<usize> =
        header.char_indices().filter(|&(i, ch)| ch != ' ' && (i == 0 || header[..i].ends_with(' '))).map(|(i, _)| i).collect();
    let k = starts.iter().position(|&s| header[s..].split(' ').next() == Some(name))?;
    let from = starts[k];
    let to = starts.get(k + 1).copied().unwrap_or(row.len());
    row.get(from..to.min(row.len())).map(|v| v.trim().to_string())
}

/// Whether the learner's answer is the cluster's.
pub fn judge(q: &Question, truth: &str, given: &str) -> bool {
    let (t, g) = (truth.trim(), given.trim());
    match q.kind {
        QuestionKind::Number => match (t.parse::<f64>(), g.parse::<f64>()) {
            (Ok(a), Ok(b)) => a == b,
            _ => t == g,
        },
        _ => t.eq_ignore_ascii_case(g),
    }
}

/// What the reveal shows besides the explanation: each `show:` read and what it printed.
pub fn reveal(c: &Cluster, q: &Question) -> Vec<(String, String)> {
    q.show.iter().map(|line| (line.clone(), c.read(line).text().trim_end().to_string())).collect()
}

/// What a step points at, resolved on the cluster now.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Pod(String),
    Node(String),
}

pub fn target(c: &Cluster, h: &Highlight) -> Option<Target> {
    match h {
        Highlight::Pod(name) => Some(Target::Pod(name.clone())),
        Highlight::Node(name) => Some(Target::Node(name.clone())),
        Highlight::PodSelector(sel) => {
            let o = c.read(&format!("kubectl get pods -l {sel} -o jsonpath={{.items[0].metadata.name}}"));
            let name = o.stdout.trim();
            (o.code == 0 && !name.is_empty()).then(|| Target::Pod(name.to_string()))
        }
    }
}

/// How one step went when a lesson was checked.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    pub title: String,
    /// The question's answer as the engine gave it.
    pub answer: Option<String>,
    /// The `show:` reads and what they printed, as the reveal shows them.
    pub reveal: Vec<(String, String)>,
    /// What is wrong; empty when the step holds.
    pub problems: Vec<String>,
    pub transcript: String,
}

/// Replays the whole lesson and holds every question's `expect:` to the engine: the
/// step runs, the `answer:` read is taken, and it must equal `expect:` (and, for a
/// choice, be one of the options).
pub fn check(lesson: &Lesson, files: &dyn Files) -> Vec<StepReport> {
    let mut c = start(lesson);
    let mut reports = Vec::new();
    for s in &lesson.steps {
        let (transcript, mut problems) = run_step(&mut c, s, files);
        let mut got = None;
        let mut shown = Vec::new();
        if let Some(q) = &s.question {
            match answer(&c, q) {
                Err(e) => problems.push(format!("line {}: {e}", q.line)),
                Ok(truth) => {
                    if q.kind == QuestionKind::Choice && !q.options.iter().any(|o| o.eq_ignore_ascii_case(&truth)) {
                        problems.push(format!("line {}: the engine answers `{truth}`, which is not among the options", q.line));
                    } else if !judge(q, &truth, &q.expect) {
                        problems.push(format!("line {}: expect: {} but the engine answers `{truth}`", q.line, q.expect));
                    }
                    for line in &q.show {
                        let o = c.read(line);
                        if o.code != 0 {
                            problems.push(format!("line {}: show: {line}: {}", q.line, o.text().trim()));
                        }
                    }
                    got = Some(truth);
                    shown = reveal(&c, q);
                }
            }
        }
        if let Some(h) = &s.highlight {
            if target(&c, h).is_none() {
                problems.push(format!("line {}: the highlight finds no pod", s.line));
            }
        }
        reports.push(StepReport { title: s.title.clone(), answer: got, reveal: shown, problems, transcript });
    }
    reports
}

/// Whether two versions of a lesson (two languages) do the same things: the same
/// cluster, files, blocks, questions' reads, kinds and expected answers. Only prose may differ.
pub fn same_runs(a: &Lesson, b: &Lesson) -> Result<(), String> {
    if a.cluster != b.cluster || a.files != b.files {
        return Err("their cluster blocks or files differ".into());
    }
    if a.steps.len() != b.steps.len() {
        return Err(format!("{} steps against {}", a.steps.len(), b.steps.len()));
    }
    let lines = |blocks: &[Block]| -> Vec<String> {
        blocks
            .iter()
            .flat_map(|b| match b {
                Block::Apply { text, .. } => vec![text.clone()],
                Block::Script { lines } => lines.iter().filter(|(_, l)| !l.starts_with('#')).map(|(_, l)| l.clone()).collect(),
            })
            .collect()
    };
    for (k, (x, y)) in a.steps.iter().zip(&b.steps).enumerate() {
        let q = |s: &Step| {
            s.question.as_ref().map(|q| (q.kind, q.answer.clone(), q.column.clone(), q.expect.clone(), q.show.clone(), q.options.len()))
        };
        if lines(&x.blocks) != lines(&y.blocks) || q(x) != q(y) || x.highlight != y.highlight {
            return Err(format!("step {} (\"{}\" / \"{}\") does different things", k + 1, x.title, y.title));
        }
        // The notes are prose in each language, but a teacher switching language keeps them.
        if x.notes.is_empty() != y.notes.is_empty() {
            return Err(format!("step {} (\"{}\" / \"{}\") has presenter notes in one language only", k + 1, x.title, y.title));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presenter_notes_are_in_both_languages_or_neither() {
        let en = crate::lesson::parse("# T\n## S\n```notes\nAsk first.\n```\n").unwrap();
        let ko = crate::lesson::parse("# T\n## S\n```notes\n먼저 물어보세요.\n```\n").unwrap();
        let bare = crate::lesson::parse("# T\n## S\ntext\n").unwrap();
        assert_eq!(same_runs(&en, &ko), Ok(()), "the notes' words may differ");
        let e = same_runs(&en, &bare).unwrap_err();
        assert!(e.contains("presenter notes in one language only"), "{e}");
    }

    #[test]
    fn a_column_is_read_from_the_first_row() {
        let t = "NAME         READY   STATUS             RESTARTS   AGE\nspring-pod   0/1     ImagePullBackOff   0          20s\n";
        assert_eq!(column(t, "STATUS").as_deref(), Some("ImagePullBackOff"));
        assert_eq!(column(t, "AGE").as_deref(), Some("20s"));
        assert_eq!(column(t, "NAME").as_deref(), Some("spring-pod"));
        assert_eq!(column(t, "NODE"), None);
        assert_eq!(column("NAME\n", "NAME"), None);
    }

    #[test]
    fn numbers_compare_as_numbers_and_words_without_case() {
        let mut q = Question {
            line: 1,
            kind: QuestionKind::Number,
            prompt: String::new(),
            options: vec![],
            answer: String::new(),
            column: None,
            count: None,
            expect: String::new(),
            explain: String::new(),
            show: vec![],
        };
        assert!(judge(&q, "3", " 3.0 "));
        assert!(!judge(&q, "3", "4"));
        q.kind = QuestionKind::Status;
        assert!(judge(&q, "Running", "running"));
        assert!(!judge(&q, "Running", "Pending"));
    }

    #[test]
    fn a_question_is_answered_by_the_cluster_after_its_step() {
        let l = super::super::parse(
            "# T\n## Run nginx\n```yaml apply\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx:1.27\n```\n```kubeplay\nsleep 30s\n```\n```question\nkind: status\nprompt: STATUS?\nanswer: kubectl get pod web\ncolumn: STATUS\nexpect: Pending\n```\n",
        )
        .unwrap();
        let r = check(&l, &super::super::LessonFiles::new(&[]));
        assert_eq!(r[0].answer.as_deref(), Some("Running"));
        assert_eq!(r[0].problems.len(), 1, "{:?}", r[0].problems);
        assert!(r[0].problems[0].contains("expect: Pending but the engine answers `Running`"));
        assert!(r[0].transcript.contains("pod/web created"), "{}", r[0].transcript);
    }
}
