//! Whether a ReplicaSet's template is its Deployment's (`EqualIgnoreHash`), remembered for
//! the two values compared. The Deployment controller asks it of every ReplicaSet it owns
//! at every sync, and each answer compared two trees of a hundred values read from all
//! over memory (the mixed benchmark's Deployment syncs made a tenth of its cache misses).
//! Both values are shared and never written in place while shared (`Rc::make_mut` copies
//! them, and this holds a share), so the same two pointers are the same two templates.

use crate::model::deployment::{DeploymentSpec, ReplicaSetSpec};
use crate::value::Value;
use std::cell::RefCell;
use std::rc::Rc;

/// Answers kept before they are all forgotten: a Deployment's ReplicaSets' answers are
/// asked again at its next sync, and one answer is three words.
const KEPT_AT_MOST: usize = 512;

/// A ReplicaSet's template, its Deployment's spec, and whether the two templates match.
type Answer = (Rc<Value>, Rc<DeploymentSpec>, bool);

#[derive(Clone, Default)]
pub(crate) struct TemplateMatches(RefCell<Vec<Answer>>);

impl TemplateMatches {
    /// `rs.template_is(&d.template)`.
    pub fn of(&self, rs: &ReplicaSetSpec, d: &Rc<DeploymentSpec>) -> bool {
        let mut kept = self.0.borrow_mut();
        if let Some((_, _, same)) = kept.iter().find(|(t, s, _)| Rc::ptr_eq(t, &rs.template) && Rc::ptr_eq(s, d)) {
            return *same;
        }
        let same = rs.template_is(&d.template);
        if kept.len() >= KEPT_AT_MOST {
            kept.clear();
        }
        kept.push((rs.template.clone(), d.clone(), same));
        same
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Value {
        crate::model::decode::untyped(&crate::yaml::parse_stream(text).docs[0].root)
    }

    #[test]
    fn an_answer_holds_for_the_same_two_templates_and_is_found_again_for_an_edited_one() {
        let template = "template:\n  metadata:\n    labels: {app: web, pod-template-hash: abc}\n  spec:\n    containers:\n    - {name: web, image: nginx}\n";
        let d = Rc::new(DeploymentSpec::from_value(value(&template.replace(", pod-template-hash: abc", ""))));
        let mut rs = ReplicaSetSpec::from_value(value(template));
        let matches = TemplateMatches::default();
        assert!(matches.of(&rs, &d));
        assert!(matches.of(&rs, &d), "kept");
        assert_eq!(matches.0.borrow().len(), 1);
        // Written in place: the share kept here makes the write a copy, a new template.
        Rc::make_mut(&mut rs.template).entry_map("spec").set("hostNetwork", Value::Bool(true));
        assert!(!matches.of(&rs, &d));
        let other = Rc::new(DeploymentSpec::from_value(value(&template.replace("nginx", "redis"))));
        assert!(!matches.of(&ReplicaSetSpec::from_value(value(template)), &other));
    }
}
