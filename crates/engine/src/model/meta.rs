//! ObjectMeta as the API server fills it in.

use super::labels::Labels;
use crate::time::{rfc3339, Millis};
use crate::value::Value;
use std::rc::Rc;

/// An owner reference. Name and uid are shared: every pod of a ReplicaSet points at the
/// same two strings.
#[derive(Clone, Debug, PartialEq)]
pub struct OwnerRef {
    pub api_version: &'static str,
    pub kind: &'static str,
    pub name: Rc<str>,
    pub uid: Rc<str>,
    pub controller: bool,
}

/// An object's owner references: shared by the pods of one burst (a ReplicaSet's pods
/// point at one list, where each kept a copy of it), and no allocation when there are none.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Owners(Option<Rc<[OwnerRef]>>);

impl Owners {
    pub fn push(&mut self, owner: OwnerRef) {
        let mut all = self.to_vec();
        all.push(owner);
        *self = all.into();
    }

    /// Keeps the references `keep` says to; the list is copied only if one goes.
    pub fn retain(&mut self, mut keep: impl FnMut(&OwnerRef) -> bool) {
        let kept: Vec<OwnerRef> = self.iter().filter(|o| keep(o)).cloned().collect();
        if kept.len() != self.len() {
            *self = kept.into();
        }
    }
}

impl From<Vec<OwnerRef>> for Owners {
    fn from(v: Vec<OwnerRef>) -> Self {
        Owners((!v.is_empty()).then(|| v.into()))
    }
}

impl std::ops::Deref for Owners {
    type Target = [OwnerRef];
    fn deref(&self) -> &[OwnerRef] {
        self.0.as_deref().unwrap_or(&[])
    }
}

/// The annotation where `kubectl apply` keeps what it last applied.
pub const LAST_APPLIED: &str = "kubectl.kubernetes.io/last-applied-configuration";

/// A reference to one object, as an event's `involvedObject` holds it: its namespace,
/// name and uid in one allocation. Every pod has one for its events, and three strings
/// of their own were three allocations and 72 bytes more a pod.
#[derive(Clone, PartialEq)]
pub struct ObjectRef {
    pub kind: super::Kind,
    /// The namespace, the name and the uid, one after the other.
    text: Box<str>,
    name_at: u32,
    uid_at: u32,
}

impl ObjectRef {
    pub fn new(kind: super::Kind, namespace: &str, name: &str, uid: &str) -> ObjectRef {
        let text: Box<str> = [namespace, name, uid].concat().into();
        let name_at = namespace.len() as u32;
        let uid_at = name_at + name.len() as u32;
        ObjectRef { kind, text, name_at, uid_at }
    }

    pub fn namespace(&self) -> &str {
        &self.text[..self.name_at as usize]
    }

    pub fn name(&self) -> &str {
        &self.text[self.name_at as usize..self.uid_at as usize]
    }

    pub fn uid(&self) -> &str {
        &self.text[self.uid_at as usize..]
    }
}

impl std::fmt::Debug for ObjectRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectRef")
            .field("kind", &self.kind)
            .field("namespace", &self.namespace())
            .field("name", &self.name())
            .field("uid", &self.uid())
            .finish()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ObjectMeta {
    pub name: String,
    /// Shared by the pods of one controller (`Api::intern`).
    pub generate_name: std::rc::Rc<str>,
    pub namespace: String,
    pub uid: String,
    pub resource_version: u64,
    pub generation: i64,
    pub creation: Millis,
    pub deletion: Option<Millis>,
    pub deletion_grace_secs: Option<i64>,
    pub labels: Labels,
    pub annotations: Labels,
    pub owners: Owners,
    pub finalizers: super::few::Few<String>,
}

impl ObjectMeta {
    /// Adds an owner reference (the list is made again, exactly as long).
    pub fn add_owner(&mut self, owner: OwnerRef) {
        self.owners.push(owner);
    }

    pub fn to_value(&self) -> Value {
        let mut m = Vec::new();
        if !self.annotations.is_empty() {
            m.push(("annotations".into(), self.annotations.to_value()));
        }
        m.push(("creationTimestamp".into(), Value::str(rfc3339(self.creation))));
        if let Some(secs) = self.deletion_grace_secs {
            m.push(("deletionGracePeriodSeconds".into(), Value::Int(secs)));
        }
        if let Some(at) = self.deletion {
            m.push(("deletionTimestamp".into(), Value::str(rfc3339(at))));
        }
        if !self.finalizers.is_empty() {
            m.push(("finalizers".into(), Value::Seq(self.finalizers.iter().map(|f| Value::str(f.clone())).collect())));
        }
        if !self.generate_name.is_empty() {
            m.push(("generateName".into(), Value::str(&*self.generate_name)));
        }
        if self.generation > 0 {
            m.push(("generation".into(), Value::Int(self.generation)));
        }
        if !self.labels.is_empty() {
            m.push(("labels".into(), self.labels.to_value()));
        }
        m.push(("name".into(), Value::str(self.name.clone())));
        if !self.namespace.is_empty() {
            m.push(("namespace".into(), Value::str(self.namespace.clone())));
        }
        if !self.owners.is_empty() {
            let refs = self
                .owners
                .iter()
                .map(|o| {
                    Value::Map(vec![
                        ("apiVersion".into(), Value::str(o.api_version)),
                        ("blockOwnerDeletion".into(), Value::Bool(true)),
                        ("controller".into(), Value::Bool(o.controller)),
                        ("kind".into(), Value::str(o.kind)),
                        ("name".into(), Value::str(o.name.to_string())),
                        ("uid".into(), Value::str(o.uid.to_string())),
                    ])
                })
                .collect();
            m.push(("ownerReferences".into(), Value::Seq(refs)));
        }
        m.push(("resourceVersion".into(), Value::str(self.resource_version.to_string())));
        m.push(("uid".into(), Value::str(self.uid.clone())));
        Value::Map(m)
    }

    pub fn controller(&self) -> Option<&OwnerRef> {
        self.owners.iter().find(|o| o.controller)
    }
}

#[cfg(test)]
mod owners_tests {
    use super::*;

    fn owner(uid: &str, controller: bool) -> OwnerRef {
        OwnerRef { api_version: "apps/v1", kind: "ReplicaSet", name: "web".into(), uid: uid.into(), controller }
    }

    #[test]
    fn owners_are_two_words_shared_when_cloned_and_copied_only_when_changed() {
        assert_eq!(std::mem::size_of::<Owners>(), 2 * std::mem::size_of::<usize>());
        let mut a = Owners::default();
        a.push(owner("1", true));
        let mut b = a.clone();
        assert_eq!(a.as_ptr(), b.as_ptr());
        b.retain(|o| o.uid.as_ref() == "1");
        assert_eq!(a.as_ptr(), b.as_ptr(), "nothing went: nothing copied");
        b.push(owner("2", false));
        assert_eq!((a.len(), b.len()), (1, 2));
        b.retain(|o| !o.controller);
        assert_eq!(b.iter().map(|o| o.uid.as_ref()).collect::<Vec<_>>(), ["2"]);
        b.retain(|_| false);
        assert!(b.is_empty() && b == Owners::default());
    }
}

#[cfg(test)]
mod object_ref_tests {
    use super::*;

    #[test]
    fn a_reference_gives_back_each_of_its_three_texts() {
        let r = ObjectRef::new(crate::model::Kind::Pod, "default", "web-7f8897b78c-gvfh7", "0b7c3d2e-5f1a-4c3b-9d8e-7a6b5c4d3e2f");
        assert_eq!((r.namespace(), r.name(), r.uid()), ("default", "web-7f8897b78c-gvfh7", "0b7c3d2e-5f1a-4c3b-9d8e-7a6b5c4d3e2f"));
        // A node's has no namespace; a gone pod's, nothing at all; names may be any UTF-8.
        let node = ObjectRef::new(crate::model::Kind::Node, "", "kind-worker", "u");
        assert_eq!((node.namespace(), node.name(), node.uid()), ("", "kind-worker", "u"));
        let gone = ObjectRef::new(crate::model::Kind::Pod, "", "", "");
        assert_eq!((gone.namespace(), gone.name(), gone.uid()), ("", "", ""));
        let wide = ObjectRef::new(crate::model::Kind::ConfigMap, "é", "ü-1", "");
        assert_eq!((wide.namespace(), wide.name(), wide.uid()), ("é", "ü-1", ""));
        assert_ne!(ObjectRef::new(crate::model::Kind::Pod, "ab", "c", "u"), ObjectRef::new(crate::model::Kind::Pod, "a", "bc", "u"));
    }
}
