//! Lessons: a class written as plain Markdown, run step by step against the cluster.
//! A lesson is a title, an optional `cluster` block and `## ` steps; a step's fenced
//! blocks say what it does (`yaml apply`, `kubeplay` lines, `file NAME`, `highlight`)
//! and a `question` block asks the learner to predict what the engine then does. The
//! answer is never a stored string alone: it is a read of the cluster after the step
//! runs (`answer:`), and the lesson's `expect:` is checked against that read by
//! `check`, so a lesson cannot drift from the simulation.
//!
//! A `notes` block holds the step's presenter notes: prose for the teacher's screen only.
//!
//! One file per language (`lessons/en/…`, `lessons/ko/…`), with the same blocks: only
//! the prose differs, which `same_runs` checks.

mod bundled;
mod files;
mod parse;
mod run;

#[cfg(feature = "lesson-texts")]
pub use bundled::bundled;
pub use bundled::{path, Bundled, BUNDLED};
pub use files::LessonFiles;
pub use parse::{parse, ParseError};
pub use run::{answer, check, judge, replay_to, reveal, run_step, same_runs, start, target, StepReport, Target};

/// A whole lesson, as parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    pub title: String,
    /// The prose before the first step.
    pub intro: String,
    /// The cluster it runs on: `--preset kind --nodes 2 --seed 1` (docker-desktop, seed 1
    /// when absent).
    pub cluster: crate::script::Header,
    pub steps: Vec<Step>,
    /// Files the lesson's lines read (`kubectl apply -f NAME`, `docker build`), by path.
    pub files: Vec<(String, String)>,
}

/// One step: prose, then what it does, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    pub title: String,
    /// The 1-based line of its `## ` heading.
    pub line: usize,
    /// Its prose, the runnable blocks taken out.
    pub text: String,
    pub blocks: Vec<Block>,
    pub question: Option<Question>,
    /// What to point at once the step has run.
    pub highlight: Option<Highlight>,
    /// The teacher's presenter notes (a `notes` block): shown in the presenter view only,
    /// never on the projected page.
    pub notes: String,
}

/// Something a step does.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Manifests applied as `kubectl apply -f -` would.
    Apply { text: String, line: usize },
    /// Lines of the script language, each with its line in the lesson file.
    Script { lines: Vec<(usize, String)> },
}

/// What a question asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuestionKind {
    /// One of `options`.
    Choice,
    /// A number.
    Number,
    /// A STATUS word (Running, Pending, ImagePullBackOff, …).
    Status,
    /// A node's name.
    Node,
}

impl QuestionKind {
    pub fn parse(s: &str) -> Option<QuestionKind> {
        match s {
            "choice" => Some(QuestionKind::Choice),
            "number" => Some(QuestionKind::Number),
            "status" => Some(QuestionKind::Status),
            "node" => Some(QuestionKind::Node),
            _ => None,
        }
    }
}

/// A prediction asked before the step runs, answered by the cluster after it ran.
#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub line: usize,
    pub kind: QuestionKind,
    pub prompt: String,
    pub options: Vec<String>,
    /// A read (`kubectl get …`, `why POD`, …) whose output is the right answer.
    pub answer: String,
    /// The column of a kubectl table to take from the read's first row (`STATUS`).
    pub column: Option<String>,
    /// Count the read's lines instead: `rows` (a table's, its header left out), `lines`,
    /// or `words` (a jsonpath's list of names).
    pub count: Option<Count>,
    /// What the lesson's author says the answer is; `check` holds it to the engine.
    pub expect: String,
    /// Shown on reveal.
    pub explain: String,
    /// Reads whose output the reveal shows (`why POD`, `hpa NAME`, `kubectl describe …`).
    pub show: Vec<String>,
}

/// What `count:` counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Rows,
    Lines,
    Words,
}

/// What a step points at: a pod or node by name, or the first pod a selector matches.
#[derive(Clone, Debug, PartialEq)]
pub enum Highlight {
    Pod(String),
    PodSelector(String),
    Node(String),
}
