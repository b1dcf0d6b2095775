//! `kubectl set image (TYPE NAME | TYPE/NAME)… CONTAINER=IMAGE…` (`set_image.go`): the
//! image of every container (and init container) so named, `*` for all of them.

use super::{Fail, Send};
use crate::kubectl::args::{self, flag, FlagSpec};
use crate::kubectl::{Files, Output};
use crate::model::validation::go_quote;
use crate::value::Value;
use crate::world::World;

/// kubectl's flags for the command (`--record` is deprecated and hidden, but parsed).
const FLAGS: &[FlagSpec] = &[
    flag("all", None, false),
    flag("allow-missing-template-keys", None, false),
    flag("dry-run", None, true),
    flag("field-manager", None, true),
    flag("filename", Some('f'), true),
    flag("kustomize", Some('k'), true),
    flag("local", None, false),
    flag("output", Some('o'), true),
    flag("recursive", Some('R'), false),
    flag("selector", Some('l'), true),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
    flag("record", None, false),
];

/// `cmdutil.GetResourcesAndPairs`: resources first, then `KEY=VALUE` (or `KEY-`) pairs.
pub(super) fn resources_and_pairs(args: &[String], pair_type: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let mut resources = Vec::new();
    let mut pairs = Vec::new();
    for s in args {
        let pair = (s.contains('=') && !s.starts_with('=')) || (s.ends_with('-') && s != "-");
        match (pairs.is_empty(), pair) {
            (_, true) => pairs.push(s.clone()),
            (true, false) => resources.push(s.clone()),
            (false, false) => return Err(format!("all resources must be specified before {pair_type} changes: {s}")),
        }
    }
    Ok((resources, pairs))
}

/// `cmdutil.ParsePairs` without removals: the pairs, a later one for the same name
/// replacing an earlier (they are a map in kubectl), or the invalid ones.
fn parse_pairs(pairs: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut invalid = Vec::new();
    for p in pairs {
        match p.split_once('=').filter(|_| !p.starts_with('=')) {
            Some((k, v)) => match out.iter_mut().find(|(n, _)| n == k) {
                Some(slot) => slot.1 = v.to_string(),
                None => out.push((k.to_string(), v.to_string())),
            },
            None => invalid.push(p.as_str()),
        }
    }
    if !invalid.is_empty() {
        return Err(format!("invalid image format: {}", invalid.join(", ")));
    }
    Ok(out)
}

/// `setImage`: whether any container in the list is named so (or `*`).
fn set_image(spec: &mut Value, key: &str, name: &str, image: &str) -> bool {
    let mut found = false;
    for c in super::containers_mut(spec, key) {
        if name == "*" || super::container_name(c) == name {
            found = true;
            c.set("image", Value::str(image));
        }
    }
    found
}

pub(super) fn run(c: &mut World, rest: &[String], _files: &dyn Files) -> Output {
    let p = match args::parse(rest, FLAGS, "set image") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    let output = match super::output(&p) {
        Ok(o) => o,
        Err(o) => return *o,
    };
    let (resources, pairs) = match resources_and_pairs(&p.positional, "image") {
        Ok(x) => x,
        Err(e) => return super::fail(e),
    };
    let images = match parse_pairs(&pairs) {
        Ok(x) => x,
        Err(e) => return super::fail(e),
    };
    if let Err(o) = super::refuse_files(&p, "image") {
        return *o;
    }
    let ns = crate::kubectl::namespace(&p);
    let targets = match super::targets(c, &p, &ns, &resources, p.get("selector")) {
        Ok(t) => t,
        Err(o) => return *o,
    };
    if let Err(o) = super::all_and_selector(&p) {
        return *o;
    }
    if images.is_empty() {
        return super::fail("at least one image update is required");
    }
    if images.len() > 1 && images.iter().any(|(n, _)| n == "*") {
        return super::fail("all containers are already specified by *, but saw more than one container_name=container_image pairs");
    }
    let send = Send {
        verb: "image updated",
        failed: "failed to patch image update to pod template: ",
        skip_unchanged: true,
        output,
        record: super::change_cause(&p, "image"),
    };
    super::update_each(c, &targets, &send, |r, obj, errs| {
        let spec = super::pod_spec(obj, r.kind)?;
        for (name, image) in &images {
            let init = set_image(spec, "initContainers", name, image);
            let main = set_image(spec, "containers", name, image);
            if !init && !main {
                errs.push(Fail::Plain(format!("error: unable to find container named {}", go_quote(name))));
            }
        }
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn resources_come_before_the_pairs() {
        assert_eq!(resources_and_pairs(&w("deploy web nginx=nginx:1"), "image").unwrap().0, w("deploy web"));
        assert_eq!(
            resources_and_pairs(&w("deploy nginx=nginx:1 web"), "image").unwrap_err(),
            "all resources must be specified before image changes: web"
        );
    }

    #[test]
    fn pairs_need_a_name_and_an_equals_sign() {
        assert_eq!(parse_pairs(&w("a=1 a=2")).unwrap(), vec![("a".to_string(), "2".to_string())]);
        assert_eq!(parse_pairs(&w("a- b=2")).unwrap_err(), "invalid image format: a-");
    }
}
