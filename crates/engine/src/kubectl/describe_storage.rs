//! `kubectl describe` for PersistentVolumeClaims, PersistentVolumes and StorageClasses,
//! as kubectl's `describePersistentVolumeClaim`, `describePersistentVolume` and
//! `StorageClassDescriber` write them.

use super::describe::{annotations, events, labels};
use super::tabwriter::TabWriter;
use crate::model::storage as st;
use crate::model::Generic;
use crate::time::human_duration;
use crate::value::Value;
use crate::world::World;

/// Go's `%v` of a string slice: `[a b]`.
fn go_list(items: &[String]) -> String {
    format!("[{}]", items.join(" "))
}

fn status(c: &World, g: &Generic, phase: &str) -> String {
    match g.meta.deletion {
        Some(at) => format!("Terminating (lasts {})", human_duration(c.now() as i64 - at as i64)),
        None => phase.to_string(),
    }
}

fn qty(v: Option<&Value>) -> String {
    v.and_then(st::quantity_text).unwrap_or_default()
}

/// `kubectl get`'s row (the server's `printPersistentVolumeClaim`, `printPersistentVolume`,
/// `printStorageClass`), `age` last.
pub(super) fn row(g: &Generic, age: String) -> Vec<String> {
    let terminating = |phase: &str| if g.meta.deletion.is_some() { "Terminating".to_string() } else { phase.to_string() };
    let modes = |v: Option<&Value>| v.map(st::modes_text).unwrap_or_default();
    match g.kind {
        crate::model::Kind::PersistentVolumeClaim => {
            let bound = !st::claim_volume(g).is_empty();
            let (capacity, access) = if bound {
                (qty(g.status.get("capacity").and_then(|c| c.get("storage"))), modes(g.status.get("accessModes")))
            } else {
                (String::new(), String::new())
            };
            vec![
                g.meta.name.clone(),
                terminating(st::claim_phase(g)),
                st::claim_volume(g).to_string(),
                capacity,
                access,
                st::claim_class(g).unwrap_or("").to_string(),
                "<unset>".into(),
                age,
            ]
        }
        crate::model::Kind::PersistentVolume => vec![
            g.meta.name.clone(),
            qty(st::volume_capacity(g)),
            modes(g.spec.get("accessModes")),
            st::volume_reclaim(g).to_string(),
            terminating(st::volume_phase(g)),
            st::claim_ref(g).map(|(ns, name, _)| format!("{ns}/{name}")).unwrap_or_default(),
            st::volume_class(g).to_string(),
            "<unset>".into(),
            g.status.get("reason").and_then(Value::as_str).unwrap_or("").to_string(),
            age,
        ],
        _ => vec![
            if st::is_default(g) { format!("{} (default)", g.meta.name) } else { g.meta.name.clone() },
            st::provisioner(g).to_string(),
            st::reclaim_policy(g).to_string(),
            st::binding_mode(g).to_string(),
            st::allow_expansion(g).unwrap_or(false).to_string(),
            age,
        ],
    }
}

pub(super) fn claim(c: &World, pvc: &Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\nNamespace:\t{}\n", pvc.meta.name, pvc.meta.namespace));
    w.write(&format!("StorageClass:\t{}\n", st::claim_class(pvc).unwrap_or("")));
    w.write(&format!("Status:\t{}\n", status(c, pvc, st::claim_phase(pvc))));
    w.write(&format!("Volume:\t{}\n", st::claim_volume(pvc)));
    labels(w, "Labels", &pvc.meta.labels);
    annotations(w, &pvc.meta.annotations);
    w.write(&format!("Finalizers:\t{}\n", go_list(&pvc.meta.finalizers)));
    let (capacity, modes) = if st::claim_volume(pvc).is_empty() {
        (String::new(), String::new())
    } else {
        (
            qty(pvc.status.get("capacity").and_then(|c| c.get("storage"))),
            pvc.status.get("accessModes").map(st::modes_text).unwrap_or_default(),
        )
    };
    w.write(&format!("Capacity:\t{capacity}\nAccess Modes:\t{modes}\n"));
    if let Some(m) = pvc.spec.get("volumeMode").and_then(Value::as_str) {
        w.write(&format!("VolumeMode:\t{m}\n"));
    }
    let mut users: Vec<String> = c
        .store
        .pods_in(Some(&pvc.meta.namespace))
        .into_iter()
        .filter_map(|id| c.store.pod(id))
        .filter(|p| p.spec.claims().contains(&pvc.meta.name.as_str()))
        .map(|p| p.meta.name.clone())
        .collect();
    users.sort();
    w.write("Used By:\t");
    if users.is_empty() {
        w.write("<none>\n");
    }
    for (i, u) in users.iter().enumerate() {
        if i > 0 {
            w.write("\t");
        }
        w.write(&format!("{u}\n"));
    }
    events(c, w, &pvc.meta.uid);
}

pub(super) fn volume(c: &World, pv: &Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\n", pv.meta.name));
    labels(w, "Labels", &pv.meta.labels);
    annotations(w, &pv.meta.annotations);
    w.write(&format!("Finalizers:\t{}\n", go_list(&pv.meta.finalizers)));
    w.write(&format!("StorageClass:\t{}\n", st::volume_class(pv)));
    w.write(&format!("Status:\t{}\n", status(c, pv, st::volume_phase(pv))));
    let claim = st::claim_ref(pv).map(|(ns, name, _)| format!("{ns}/{name}")).unwrap_or_default();
    w.write(&format!("Claim:\t{claim}\n"));
    w.write(&format!("Reclaim Policy:\t{}\n", st::volume_reclaim(pv)));
    w.write(&format!("Access Modes:\t{}\n", pv.spec.get("accessModes").map(st::modes_text).unwrap_or_default()));
    if let Some(m) = pv.spec.get("volumeMode").and_then(Value::as_str) {
        w.write(&format!("VolumeMode:\t{m}\n"));
    }
    w.write(&format!("Capacity:\t{}\n", qty(st::volume_capacity(pv))));
    w.write("Node Affinity:\t");
    match pv.spec.get("nodeAffinity").and_then(|a| a.get("required")).filter(|r| !r.is_null()) {
        None => w.write("<none>\n"),
        Some(req) => {
            w.write("\n  Required Terms:\t");
            let terms = req.get("nodeSelectorTerms").map(Value::as_seq).unwrap_or(&[]);
            if terms.is_empty() {
                w.write("<none>\n");
            } else {
                w.write("\n");
            }
            for (i, t) in terms.iter().enumerate() {
                w.write(&format!("    Term {i}:\t"));
                let exprs = t.get("matchExpressions").map(Value::as_seq).unwrap_or(&[]);
                if exprs.is_empty() {
                    w.write("<none>\n");
                }
                for (j, e) in exprs.iter().enumerate() {
                    if j > 0 {
                        w.write("    \t");
                    }
                    let text = |k: &str| e.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                    let values: Vec<&str> = e.get("values").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
                    let mut line = format!("{} {}", text("key"), text("operator").to_ascii_lowercase());
                    if !values.is_empty() {
                        line.push_str(&format!(" [{}]", values.join(", ")));
                    }
                    w.write(&format!("{line}\n"));
                }
            }
        }
    }
    w.write(&format!("Message:\t{}\n", pv.status.get("message").and_then(Value::as_str).unwrap_or("")));
    w.write("Source:\n");
    let text = |v: &Value, k: &str| {
        v.get(k).map(|x| x.as_str().map(String::from).unwrap_or_else(|| crate::model::validation::go_repr(x))).unwrap_or_default()
    };
    match st::volume_source(pv) {
        Some(("hostPath", s)) => w.write(&format!(
            "    Type:\tHostPath (bare host directory volume)\n    Path:\t{}\n    HostPathType:\t{}\n",
            text(s, "path"),
            text(s, "type")
        )),
        Some(("local", s)) => w.write(&format!(
            "    Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{}\n",
            text(s, "path")
        )),
        Some(("csi", s)) => {
            let read_only = s.get("readOnly").and_then(Value::as_bool).unwrap_or(false);
            w.write(&format!(
                "    Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{}\n    FSType:\t{}\n    VolumeHandle:\t{}\n    ReadOnly:\t{read_only}\n",
                text(s, "driver"),
                text(s, "fsType"),
                text(s, "volumeHandle")
            ));
            let attrs = crate::model::Labels::from_value(s.get("volumeAttributes"));
            w.write("    VolumeAttributes:\t");
            if attrs.is_empty() {
                w.write("<none>\n");
            }
            for (i, (k, v)) in attrs.0.iter().enumerate() {
                if i > 0 {
                    w.write("    \t");
                }
                w.write(&format!("{k}={v}\n"));
            }
        }
        // kubectl has a printer for every type; kubeplay writes these few.
        Some((kind, _)) => w.write(&format!("    Type:\t{kind} (not described by kubeplay)\n")),
        None => w.write("    <unknown>\n"),
    }
    events(c, w, &pv.meta.uid);
}

pub(super) fn class(c: &World, sc: &Generic, w: &mut TabWriter) {
    w.write(&format!("Name:\t{}\n", sc.meta.name));
    w.write(&format!("IsDefaultClass:\t{}\n", if st::is_default(sc) { "Yes" } else { "No" }));
    // `labels.FormatLabels`: every annotation, the last-applied one included.
    let ann: Vec<String> = sc.meta.annotations.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
    w.write(&format!("Annotations:\t{}\n", if ann.is_empty() { "<none>".into() } else { ann.join(",") }));
    w.write(&format!("Provisioner:\t{}\n", st::provisioner(sc)));
    let params = crate::model::Labels::from_value(sc.spec.get("parameters"));
    let params: Vec<String> = params.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
    w.write(&format!("Parameters:\t{}\n", if params.is_empty() { "<none>".into() } else { params.join(",") }));
    let expansion = match st::allow_expansion(sc) {
        None => "<unset>",
        Some(true) => "True",
        Some(false) => "False",
    };
    w.write(&format!("AllowVolumeExpansion:\t{expansion}\n"));
    let options: Vec<&str> = sc.spec.get("mountOptions").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect();
    if options.is_empty() {
        w.write("MountOptions:\t<none>\n");
    } else {
        w.write("MountOptions:\n");
        for o in options {
            w.write(&format!("  {o}\n"));
        }
    }
    w.write(&format!("ReclaimPolicy:\t{}\n", st::reclaim_policy(sc)));
    w.write(&format!("VolumeBindingMode:\t{}\n", st::binding_mode(sc)));
    events(c, w, &sc.meta.uid);
}
