//! `kubectl create priorityclass|pc NAME [--value=N] [--global-default] [--description=…]
//! [--preemption-policy=…]` (`create_priorityclass.go`): kubectl checks nothing itself;
//! the API server's validation and the Priority admission plugin refuse what is wrong.

use super::args::{self, flag, FlagSpec};
use super::create_common::{int32_flag, map, name_of, send, Sent};
use super::Output;
use crate::value::Value;
use crate::world::World;

const FLAGS: &[FlagSpec] = &[
    flag("value", None, true),
    flag("global-default", None, false),
    flag("description", None, true),
    flag("preemption-policy", None, true),
    flag("dry-run", None, true),
    flag("output", Some('o'), true),
    flag("save-config", None, false),
    flag("validate", None, true),
    flag("field-manager", None, true),
    flag("allow-missing-template-keys", None, false),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
];

pub(super) fn create(c: &mut World, words: &[String]) -> Output {
    let p = match args::parse(words, FLAGS, "create priorityclass") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    // pflag reads `--value` as it parses the line, before the command runs.
    let value = match int32_flag(&p, "value", "priorityclass") {
        Ok(v) => v,
        Err(e) => return Output::err(e),
    };
    let name = match name_of(&p, "priorityclass") {
        Ok(n) => n,
        Err(o) => return *o,
    };
    let mut object = vec![
        ("apiVersion", Value::str("scheduling.k8s.io/v1")),
        ("kind", Value::str("PriorityClass")),
        ("metadata", map(vec![("name", Value::str(name))])),
        ("value", Value::Int(value)),
        ("preemptionPolicy", Value::str(p.get("preemption-policy").unwrap_or("PreemptLowerPriority"))),
    ];
    // Both are `omitempty`: false and "" are not sent.
    if p.bool("global-default") {
        object.push(("globalDefault", Value::Bool(true)));
    }
    if let Some(d) = p.get("description").filter(|d| !d.is_empty()) {
        object.push(("description", Value::str(d)));
    }
    let manifest = map(object).to_yaml();
    send(c, words, &p, &manifest, &Sent { noun: "priorityclass", ns: "default" })
}
