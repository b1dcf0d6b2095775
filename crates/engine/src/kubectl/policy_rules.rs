//! How kubectl prints a set of RBAC rules (`auth can-i --list`, `describe role`): each
//! rule broken down to one API group and resource, or one URL (`BreakdownRule`); rules
//! naming a single group, resource and at most one resource name merged, their verbs
//! appended (`CompactRules`); sorted by the rule's generated `String()`, which begins
//! with the verbs (`SortableRuleSlice`).

use crate::value::Value;

fn strs(v: Option<&Value>) -> Vec<String> {
    v.map(Value::as_seq).unwrap_or(&[]).iter().filter_map(|x| x.as_str().map(String::from)).collect()
}

#[derive(Clone)]
pub(super) struct Rule {
    groups: Vec<String>,
    resources: Vec<String>,
    names: Vec<String>,
    urls: Vec<String>,
    verbs: Vec<String>,
}

impl Rule {
    fn go_string(&self) -> String {
        format!(
            "&PolicyRule{{Verbs:[{}],APIGroups:[{}],Resources:[{}],ResourceNames:[{}],NonResourceURLs:[{}],}}",
            self.verbs.join(" "),
            self.groups.join(" "),
            self.resources.join(" "),
            self.names.join(" "),
            self.urls.join(" ")
        )
    }

    /// `CombineResourceGroup`: `deployments.apps`, `deployments.apps/scale`.
    fn resource_cell(&self) -> String {
        let Some(res) = self.resources.first() else { return String::new() };
        let (base, sub) = res.split_once('/').map_or((res.as_str(), None), |(b, s)| (b, Some(s)));
        let mut s = base.to_string();
        if let Some(g) = self.groups.first().filter(|g| !g.is_empty()) {
            s = format!("{s}.{g}");
        }
        if let Some(sub) = sub {
            s = format!("{s}/{sub}");
        }
        s
    }

    /// The row's cells, tab-separated: resource, URLs, names, verbs as Go prints slices.
    pub(super) fn cells(&self) -> String {
        format!("{}\t[{}]\t[{}]\t[{}]", self.resource_cell(), self.urls.join(" "), self.names.join(" "), self.verbs.join(" "))
    }
}

/// The rules as kubectl prints them, in its order.
pub(super) fn printed(rules: &[Value]) -> Vec<Rule> {
    let mut broken: Vec<Rule> = Vec::new();
    for r in rules {
        let (groups, resources, names, urls, verbs) = (
            strs(r.get("apiGroups")),
            strs(r.get("resources")),
            strs(r.get("resourceNames")),
            strs(r.get("nonResourceURLs")),
            strs(r.get("verbs")),
        );
        for g in &groups {
            for res in &resources {
                broken.push(Rule {
                    groups: vec![g.clone()],
                    resources: vec![res.clone()],
                    names: names.clone(),
                    urls: vec![],
                    verbs: verbs.clone(),
                });
            }
        }
        for u in &urls {
            broken.push(Rule { groups: vec![], resources: vec![], names: vec![], urls: vec![u.clone()], verbs: verbs.clone() });
        }
    }
    let mut out: Vec<Rule> = Vec::new();
    let mut simple: Vec<Rule> = Vec::new();
    for r in broken {
        let is_simple = r.groups.len() == 1 && r.resources.len() == 1 && r.urls.is_empty() && r.names.len() <= 1;
        if !is_simple {
            out.push(r);
            continue;
        }
        match simple.iter_mut().find(|s| s.groups == r.groups && s.resources == r.resources && s.names == r.names) {
            Some(s) => s.verbs.extend(r.verbs),
            None => simple.push(r),
        }
    }
    out.extend(simple);
    out.sort_by_key(Rule::go_string);
    out
}
