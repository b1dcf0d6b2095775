//! A patch's `target:` (kustomize's `types.Selector`): group, version, kind, name and
//! namespace as anchored regular expressions, and label and annotation selectors in
//! kubectl's `-l` syntax. A resource matches by its original or its current name and
//! namespace, so a patch in an overlay still finds a base's renamed resource.

use super::resource::{Id, Resource};
use crate::model::labels::{Labels, Selector as LabelSelector};
use crate::model::regex::Regex;
use crate::value::Value;

pub struct Selector {
    /// The target as written, for messages.
    pub id: Id,
    pub label_selector: String,
    pub annotation_selector: String,
    group: Regex,
    version: Regex,
    kind: Regex,
    name: Regex,
    namespace: Regex,
}

fn field(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// `anchorRegex`: the whole text must match.
fn anchored(pattern: &str) -> Result<Regex, String> {
    Regex::compile(&format!("^(?:{pattern})$"))
        .map_err(|_| format!("kubeplay: the patch target pattern '{pattern}' uses regular expression syntax that is not simulated yet."))
}

impl Selector {
    pub fn parse(v: &Value) -> Result<Selector, String> {
        let id = Id {
            group: field(v, "group"),
            version: field(v, "version"),
            kind: field(v, "kind"),
            name: field(v, "name"),
            namespace: field(v, "namespace"),
        };
        Ok(Selector {
            group: anchored(&id.group)?,
            version: anchored(&id.version)?,
            kind: anchored(&id.kind)?,
            name: anchored(&id.name)?,
            namespace: anchored(&id.namespace)?,
            label_selector: field(v, "labelSelector"),
            annotation_selector: field(v, "annotationSelector"),
            id,
        })
    }

    /// `Selector.String()`: `Deployment.v1.apps/web.[noNs]:a=…:l=…`.
    pub fn describe(&self) -> String {
        format!("{}:a={}:l={}", self.id, self.annotation_selector, self.label_selector)
    }

    fn matches_text(pattern: &str, re: &Regex, text: &str) -> bool {
        pattern.is_empty() || re.is_match(text)
    }

    /// `resWrangler.Select`: the indexes of the resources the target picks, in order.
    pub fn select(&self, resources: &[Resource]) -> Result<Vec<usize>, String> {
        let labels = LabelSelector::parse(&self.label_selector)?;
        let annotations = LabelSelector::parse(&self.annotation_selector)?;
        let mut out = vec![];
        for (i, r) in resources.iter().enumerate() {
            let (org, cur) = (r.original(), r.current());
            let ns = |id: &Id| Self::matches_text(&self.id.namespace, &self.namespace, id.effective_namespace());
            let name = |id: &Id| Self::matches_text(&self.id.name, &self.name, &id.name);
            if !(ns(&org) || ns(&cur)) || !(name(&org) || name(&cur)) {
                continue;
            }
            if !Self::matches_text(&self.id.group, &self.group, &cur.group)
                || !Self::matches_text(&self.id.version, &self.version, &cur.version)
                || !Self::matches_text(&self.id.kind, &self.kind, &cur.kind)
            {
                continue;
            }
            let meta = |key: &str| Labels::from_value(r.object.get("metadata").and_then(|m| m.get(key)));
            if !labels.matches(&meta("labels")) || !annotations.matches(&meta("annotations")) {
                continue;
            }
            out.push(i);
        }
        Ok(out)
    }
}
