//! StorageClasses (storage.k8s.io/v1), PersistentVolumes and PersistentVolumeClaims (v1),
//! kept as written (`Generic`): what the PV controller, the scheduler's VolumeBinding
//! plugin, the kubelet and kubectl read of them is here.

use super::generic::Generic;
use super::labels::Labels;
use crate::value::Value;

/// The annotation that makes a StorageClass the default (`storageutil.IsDefaultAnnotation`).
pub const DEFAULT_CLASS: &str = "storageclass.kubernetes.io/is-default-class";
/// The finalizers the StorageObjectInUseProtection admission plugin adds.
pub const PVC_PROTECTION: &str = "kubernetes.io/pvc-protection";
pub const PV_PROTECTION: &str = "kubernetes.io/pv-protection";
/// Annotations the PV controller and the scheduler write.
pub const BIND_COMPLETED: &str = "pv.kubernetes.io/bind-completed";
pub const BOUND_BY_CONTROLLER: &str = "pv.kubernetes.io/bound-by-controller";
pub const PROVISIONED_BY: &str = "pv.kubernetes.io/provisioned-by";
pub const SELECTED_NODE: &str = "volume.kubernetes.io/selected-node";
pub const STORAGE_PROVISIONER: &str = "volume.kubernetes.io/storage-provisioner";
pub const BETA_STORAGE_PROVISIONER: &str = "volume.beta.kubernetes.io/storage-provisioner";
/// The class annotation claims used before `storageClassName`; it still wins over it.
pub const BETA_CLASS: &str = "volume.beta.kubernetes.io/storage-class";

/// `volume.kubernetes.io/...`'s access modes, in `GetAccessModesAsString`'s order.
const MODES: [(&str, &str); 4] =
    [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")];

pub const ACCESS_MODES: [&str; 4] = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

fn text<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A quantity as written (`10Gi`, or a bare number).
pub fn quantity_text(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Int(n) => Some(n.to_string()),
        Value::Float(f) => Some(f.to_string()),
        _ => None,
    }
}

/// A quantity's bytes, for comparing sizes.
pub fn quantity_bytes(v: &Value) -> Option<i64> {
    quantity_text(v).and_then(|t| crate::quantity::bytes(&t))
}

/// `GetAccessModesAsString`: `RWO,RWX`, de-duplicated, in a fixed order.
pub fn modes_text(modes: &Value) -> String {
    let have: Vec<&str> = modes.as_seq().iter().filter_map(Value::as_str).collect();
    MODES.iter().filter(|(m, _)| have.contains(m)).map(|(_, short)| *short).collect::<Vec<_>>().join(",")
}

fn modes(spec: &Value) -> Vec<&str> {
    spec.get("accessModes").map(Value::as_seq).unwrap_or(&[]).iter().filter_map(Value::as_str).collect()
}

// StorageClass ------------------------------------------------------------------------

pub fn is_default(sc: &Generic) -> bool {
    sc.meta.annotations.get(DEFAULT_CLASS) == Some("true")
}

pub fn provisioner(sc: &Generic) -> &str {
    text(&sc.spec, "provisioner").unwrap_or("")
}

pub fn reclaim_policy(sc: &Generic) -> &str {
    text(&sc.spec, "reclaimPolicy").unwrap_or("Delete")
}

pub fn binding_mode(sc: &Generic) -> &str {
    text(&sc.spec, "volumeBindingMode").unwrap_or("Immediate")
}

pub fn waits_for_consumer(sc: &Generic) -> bool {
    binding_mode(sc) == "WaitForFirstConsumer"
}

pub fn allow_expansion(sc: &Generic) -> Option<bool> {
    sc.spec.get("allowVolumeExpansion").and_then(Value::as_bool)
}

// PersistentVolumeClaim ---------------------------------------------------------------

/// `GetPersistentVolumeClaimClass`: the beta annotation, else `spec.storageClassName`;
/// `None` when neither is there, `Some("")` for a claim that asks for no class.
pub fn claim_class(pvc: &Generic) -> Option<&str> {
    pvc.meta.annotations.get(BETA_CLASS).or_else(|| text(&pvc.spec, "storageClassName"))
}

pub fn claim_volume(pvc: &Generic) -> &str {
    text(&pvc.spec, "volumeName").unwrap_or("")
}

pub fn claim_phase(pvc: &Generic) -> &str {
    text(&pvc.status, "phase").unwrap_or("Pending")
}

pub fn claim_modes(pvc: &Generic) -> Vec<&str> {
    modes(&pvc.spec)
}

/// The claim's `resources.requests.storage`.
pub fn claim_request(pvc: &Generic) -> Option<&Value> {
    pvc.spec.get("resources")?.get("requests")?.get("storage")
}

pub fn claim_selector(pvc: &Generic) -> Option<super::deployment::LabelSelector> {
    pvc.spec.get("selector").filter(|s| !s.is_null()).map(|s| super::deployment::LabelSelector::from_value(Some(s)))
}

// PersistentVolume --------------------------------------------------------------------

/// `GetPersistentVolumeClass`: the beta annotation, else `spec.storageClassName`.
pub fn volume_class(pv: &Generic) -> &str {
    pv.meta.annotations.get(BETA_CLASS).or_else(|| text(&pv.spec, "storageClassName")).unwrap_or("")
}

pub fn volume_phase(pv: &Generic) -> &str {
    text(&pv.status, "phase").unwrap_or("Pending")
}

pub fn volume_modes(pv: &Generic) -> Vec<&str> {
    modes(&pv.spec)
}

pub fn volume_capacity(pv: &Generic) -> Option<&Value> {
    pv.spec.get("capacity")?.get("storage")
}

pub fn volume_reclaim(pv: &Generic) -> &str {
    text(&pv.spec, "persistentVolumeReclaimPolicy").unwrap_or("Retain")
}

/// The claim the volume is bound (or promised) to: namespace, name, uid.
pub fn claim_ref(pv: &Generic) -> Option<(&str, &str, &str)> {
    let r = pv.spec.get("claimRef").filter(|r| !r.is_null())?;
    Some((text(r, "namespace").unwrap_or(""), text(r, "name").unwrap_or(""), text(r, "uid").unwrap_or("")))
}

/// The volume's required node affinity, as the scheduler reads a pod's.
pub fn volume_node_terms(pv: &Generic) -> Option<Vec<Vec<super::pod::NodeRequirement>>> {
    let required = pv.spec.get("nodeAffinity")?.get("required")?;
    super::pod::node_selector_terms(required)
}

/// Whether the volume may be used on a node with this name and these labels.
pub fn volume_fits_node(pv: &Generic, node: &str, labels: &Labels) -> bool {
    volume_node_terms(pv).is_none_or(|terms| terms.iter().any(|t| !t.is_empty() && t.iter().all(|r| r.matches(node, labels))))
}

/// The volume's source, as `kubectl describe pv` names it.
pub fn volume_source(pv: &Generic) -> Option<(&str, &Value)> {
    pv.spec.as_map()?.iter().find(|(k, _)| SOURCES.contains(&k.as_str())).map(|(k, v)| (k.as_str(), v))
}

/// The volume types a PersistentVolume may have.
pub const SOURCES: [&str; 22] = [
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "hostPath",
    "glusterfs",
    "nfs",
    "rbd",
    "iscsi",
    "cinder",
    "cephfs",
    "fc",
    "flocker",
    "flexVolume",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "local",
    "storageos",
    "csi",
];

/// Whether a volume can serve a claim (`FindMatchingVolume`'s checks, the node aside):
/// same class, every access mode the claim asks for, enough room, the claim's selector.
pub fn volume_matches(pv: &Generic, pvc: &Generic) -> bool {
    let class = claim_class(pvc).unwrap_or("");
    if volume_class(pv) != class {
        return false;
    }
    let have = volume_modes(pv);
    if !claim_modes(pvc).iter().all(|m| have.contains(m)) {
        return false;
    }
    let want = claim_request(pvc).and_then(quantity_bytes).unwrap_or(0);
    if volume_capacity(pv).and_then(quantity_bytes).unwrap_or(0) < want {
        return false;
    }
    claim_selector(pvc).is_none_or(|s| s.matches(&pv.meta.labels))
}

/// Why a claim cannot bind to the volume its `volumeName` names (`checkVolumeSatisfyClaim`).
pub fn mismatch(pv: &Generic, pvc: &Generic) -> Option<&'static str> {
    let want = claim_request(pvc).and_then(quantity_bytes).unwrap_or(0);
    if volume_capacity(pv).and_then(quantity_bytes).unwrap_or(0) < want {
        return Some("requested PV is too small");
    }
    if volume_class(pv) != claim_class(pvc).unwrap_or("") {
        return Some("storageClassName does not match");
    }
    let have = volume_modes(pv);
    if !claim_modes(pvc).iter().all(|m| have.contains(m)) {
        return Some("incompatible accessMode");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_modes_print_in_kubectl_order() {
        let v = Value::Seq(vec![Value::str("ReadWriteMany"), Value::str("ReadWriteOnce"), Value::str("ReadWriteOnce")]);
        assert_eq!(modes_text(&v), "RWO,RWX");
        assert_eq!(modes_text(&Value::Null), "");
    }
}
