//! The ServiceAccount admission plugin's token volume: every pod that automounts its
//! account's token gets a projected volume `kube-api-access-<5 characters>` (a bound
//! token, the `kube-root-ca.crt` ConfigMap's `ca.crt` and the pod's namespace), mounted
//! read-only at `/var/run/secrets/kubernetes.io/serviceaccount` in each container that
//! does not mount something there itself.
//!
//! kubeplay keeps it beside the pod's spec rather than in it (the suffix is the pod's
//! own, while pods of one template share their spec), and adds it wherever the spec is
//! shown or mounted.

use super::volume::{FieldFile, KeyToPath, Projection, Volume, VolumeMount, VolumeSource};
use crate::value::Value;

/// `DefaultAPITokenMountPath`.
pub const MOUNT_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";
/// `ServiceAccountVolumeName`, before `GenerateName`'s suffix.
const PREFIX: &str = "kube-api-access-";
/// `WarnOnlyBoundTokenExpirationSeconds`: an hour and seven seconds.
pub const EXPIRATION_SECONDS: i64 = 3607;
/// `ProjectedVolumeSourceDefaultMode` (0644).
const DEFAULT_MODE: i64 = 420;

/// The five characters after `kube-api-access-`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenVolume([u8; 5]);

impl TokenVolume {
    /// The suffix `GenerateName` draws at random; kubeplay derives it from the pod's uid,
    /// so naming the volume draws nothing from the cluster's random stream.
    pub fn for_uid(uid: &str) -> TokenVolume {
        let seed = uid.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        let mut rng = crate::rng::Rng::new(seed);
        let alphabet = crate::rng::K8S_ALPHANUMS;
        TokenVolume([(); 5].map(|_| alphabet[rng.below(alphabet.len() as u32) as usize]))
    }

    pub fn name(&self) -> String {
        format!("{PREFIX}{}", std::str::from_utf8(&self.0).unwrap_or("xxxxx"))
    }

    pub fn volume(&self) -> Volume {
        Volume {
            name: self.name(),
            source: VolumeSource::Projected {
                sources: vec![
                    Projection::ServiceAccountToken { path: "token".into(), expiration_secs: EXPIRATION_SECONDS },
                    Projection::Config {
                        secret: false,
                        name: super::configmap::ROOT_CA_NAME.into(),
                        optional: false,
                        items: vec![KeyToPath { key: "ca.crt".into(), path: "ca.crt".into(), mode: None }],
                    },
                    Projection::DownwardApi(vec![FieldFile {
                        path: "namespace".into(),
                        field: "metadata.namespace".into(),
                        resource: None,
                        divisor: String::new(),
                        mode: None,
                    }]),
                ],
                default_mode: Some(DEFAULT_MODE),
            },
        }
    }

    pub fn mount(&self) -> VolumeMount {
        VolumeMount { name: self.name(), path: MOUNT_PATH.into(), read_only: true, sub_path: String::new() }
    }

    /// The volume as `-o yaml` prints it.
    pub fn volume_value(&self) -> Value {
        let map = |pairs: Vec<(&str, Value)>| Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect());
        map(vec![
            ("name", Value::str(self.name())),
            (
                "projected",
                map(vec![
                    ("defaultMode", Value::Int(DEFAULT_MODE)),
                    (
                        "sources",
                        Value::Seq(vec![
                            map(vec![(
                                "serviceAccountToken",
                                map(vec![("expirationSeconds", Value::Int(EXPIRATION_SECONDS)), ("path", Value::str("token"))]),
                            )]),
                            map(vec![(
                                "configMap",
                                map(vec![
                                    ("items", Value::Seq(vec![map(vec![("key", Value::str("ca.crt")), ("path", Value::str("ca.crt"))])])),
                                    ("name", Value::str(super::configmap::ROOT_CA_NAME)),
                                ]),
                            )]),
                            map(vec![(
                                "downwardAPI",
                                map(vec![(
                                    "items",
                                    Value::Seq(vec![map(vec![
                                        (
                                            "fieldRef",
                                            map(vec![("apiVersion", Value::str("v1")), ("fieldPath", Value::str("metadata.namespace"))]),
                                        ),
                                        ("path", Value::str("namespace")),
                                    ])]),
                                )]),
                            )]),
                        ]),
                    ),
                ]),
            ),
        ])
    }

    /// The mount as `-o yaml` prints it.
    pub fn mount_value(&self) -> Value {
        Value::Map(vec![
            ("mountPath".into(), Value::str(MOUNT_PATH)),
            ("name".into(), Value::str(self.name())),
            ("readOnly".into(), Value::Bool(true)),
        ])
    }
}

/// Whether the plugin mounts the token in a container: not when the container already
/// mounts something at the token's path.
pub fn mounts_in(mounts: &[VolumeMount]) -> bool {
    !mounts.iter().any(|m| m.path == MOUNT_PATH)
}

/// `shouldAutomount`: the pod's `automountServiceAccountToken` if set, else its
/// account's, else true.
pub fn should_automount(pod_spec: &Value, account: Option<&Value>) -> bool {
    let flag = |v: &Value| v.get("automountServiceAccountToken").and_then(Value::as_bool);
    flag(pod_spec).or_else(|| account.and_then(flag)).unwrap_or(true)
}

/// Adds the token volume to a pod's spec as the API returns it: the volume last in
/// `volumes`, the mount last in each container's and init container's `volumeMounts`.
pub fn add_to_spec(token: &TokenVolume, spec: &mut Value) {
    let mut any = false;
    for list in ["initContainers", "containers"] {
        if let Some(Value::Seq(cs)) = spec.get_mut(list) {
            for c in cs.iter_mut() {
                if mounts_in(&super::volume::mounts_from(c.get("volumeMounts"))) {
                    any = true;
                    match c.get_mut("volumeMounts") {
                        Some(Value::Seq(ms)) => ms.push(token.mount_value()),
                        _ => c.set("volumeMounts", Value::Seq(vec![token.mount_value()])),
                    }
                }
            }
        }
    }
    if !any {
        return;
    }
    match spec.get_mut("volumes") {
        Some(Value::Seq(vs)) => vs.push(token.volume_value()),
        _ => spec.set("volumes", Value::Seq(vec![token.volume_value()])),
    }
}

/// Takes the token volume out of a spec written back (an edit, a patch): kubeplay keeps
/// it apart from the spec, as it keeps the binding.
pub fn remove_from_spec(token: &TokenVolume, spec: &mut Value) {
    let name = token.name();
    let named = |v: &Value| v.get("name").and_then(Value::as_str) == Some(name.as_str());
    for list in ["initContainers", "containers"] {
        if let Some(Value::Seq(cs)) = spec.get_mut(list) {
            for c in cs.iter_mut() {
                if let Some(Value::Seq(ms)) = c.get_mut("volumeMounts") {
                    ms.retain(|m| !named(m));
                    if ms.is_empty() {
                        c.remove("volumeMounts");
                    }
                }
            }
        }
    }
    if let Some(Value::Seq(vs)) = spec.get_mut("volumes") {
        vs.retain(|v| !named(v));
        if vs.is_empty() {
            spec.remove("volumes");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_the_prefix_and_five_generated_characters_fixed_by_the_uid() {
        let t = TokenVolume::for_uid("8f2c7a1e-0000-4000-8000-000000000001");
        let name = t.name();
        let suffix = name.strip_prefix("kube-api-access-").expect("prefix");
        assert_eq!(suffix.len(), 5);
        assert!(suffix.bytes().all(|b| crate::rng::K8S_ALPHANUMS.contains(&b)), "{name}");
        assert_eq!(TokenVolume::for_uid("8f2c7a1e-0000-4000-8000-000000000001"), t);
        assert_ne!(TokenVolume::for_uid("8f2c7a1e-0000-4000-8000-000000000002"), t);
    }

    #[test]
    fn a_spec_written_back_loses_exactly_what_was_added() {
        let t = TokenVolume::for_uid("u");
        let spec = crate::model::decode::untyped(&crate::yaml::parse_stream("containers:\n- name: a\n  image: x\n- name: b\n  image: y\n  volumeMounts:\n  - name: own\n    mountPath: /var/run/secrets/kubernetes.io/serviceaccount\nvolumes:\n- name: own\n  emptyDir: {}\n").docs[0].root);
        let mut shown = spec.clone();
        add_to_spec(&t, &mut shown);
        // Container b mounts the path itself: only a gets the token's mount.
        let mounts = |v: &Value, i: usize| {
            v.get("containers")
                .map(Value::as_seq)
                .and_then(|c| c.get(i))
                .and_then(|c| c.get("volumeMounts"))
                .map_or(0, |m| m.as_seq().len())
        };
        assert_eq!((mounts(&shown, 0), mounts(&shown, 1)), (1, 1));
        assert_eq!(shown.get("volumes").map_or(0, |v| v.as_seq().len()), 2);
        remove_from_spec(&t, &mut shown);
        assert_eq!(shown, spec);
    }
}
