//! The HorizontalPodAutoscaler (`autoscaling/v2`): its target, bounds, metrics and
//! scaling behaviour typed from the defaulted spec (kept whole for `-o yaml`), and the
//! status its controller writes.

use super::condition::Condition;
use super::meta::ObjectMeta;
use crate::time::{rfc3339, Millis};
use crate::value::Value;

/// `--horizontal-pod-autoscaler-downscale-stabilization`: the scale-down window when
/// the spec sets none.
pub const DOWNSCALE_STABILIZATION_S: i64 = 300;

/// How fast one direction may scale (`behavior.scaleUp` / `scaleDown`).
#[derive(Clone, Debug, PartialEq)]
pub struct ScalingRules {
    pub window_s: i64,
    pub select: String,
    /// (type, value, periodSeconds).
    pub policies: Vec<(String, i64, i64)>,
}

impl ScalingRules {
    /// The rules as written, with the defaults of `SetDefaults_HorizontalPodAutoscalerBehavior`.
    fn from_value(v: Option<&Value>, up: bool) -> ScalingRules {
        let default_policies =
            if up { vec![("Pods".to_string(), 4, 15), ("Percent".to_string(), 100, 15)] } else { vec![("Percent".to_string(), 100, 15)] };
        let policies: Vec<(String, i64, i64)> = v
            .and_then(|v| v.get("policies"))
            .map(|p| {
                p.as_seq()
                    .iter()
                    .map(|x| {
                        (
                            x.get("type").and_then(Value::as_str).unwrap_or("Pods").to_string(),
                            x.get("value").and_then(Value::as_i64).unwrap_or(1),
                            x.get("periodSeconds").and_then(Value::as_i64).unwrap_or(15),
                        )
                    })
                    .collect()
            })
            .filter(|p: &Vec<_>| !p.is_empty())
            .unwrap_or(default_policies);
        ScalingRules {
            window_s: v.and_then(|v| v.get("stabilizationWindowSeconds")).and_then(Value::as_i64).unwrap_or(if up {
                0
            } else {
                DOWNSCALE_STABILIZATION_S
            }),
            select: v.and_then(|v| v.get("selectPolicy")).and_then(Value::as_str).unwrap_or("Max").to_string(),
            policies,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AutoscalerSpec {
    /// `scaleTargetRef`: kind and name.
    pub target_kind: String,
    pub target_name: String,
    pub min: i64,
    pub max: i64,
    /// `averageUtilization` of the CPU `Resource` metric, if there is one.
    pub cpu_target: Option<i64>,
    /// The metrics as written (other types are kept and reported as not computed).
    pub metrics: Vec<Value>,
    pub up: ScalingRules,
    pub down: ScalingRules,
    raw: Value,
}

impl AutoscalerSpec {
    pub fn from_value(raw: Value) -> AutoscalerSpec {
        let target = raw.get("scaleTargetRef");
        let s = |k: &str| target.and_then(|t| t.get(k)).and_then(Value::as_str).unwrap_or("").to_string();
        let metrics: Vec<Value> = raw.get("metrics").map(|m| m.as_seq().to_vec()).unwrap_or_default();
        let cpu_target = metrics.iter().find_map(|m| {
            let r = m.get("resource")?;
            (r.get("name").and_then(Value::as_str) == Some("cpu")).then_some(())?;
            r.get("target")?.get("averageUtilization").and_then(Value::as_i64)
        });
        let behavior = raw.get("behavior");
        AutoscalerSpec {
            target_kind: s("kind"),
            target_name: s("name"),
            min: raw.get("minReplicas").and_then(Value::as_i64).unwrap_or(1),
            max: raw.get("maxReplicas").and_then(Value::as_i64).unwrap_or(1),
            cpu_target,
            metrics,
            up: ScalingRules::from_value(behavior.and_then(|b| b.get("scaleUp")), true),
            down: ScalingRules::from_value(behavior.and_then(|b| b.get("scaleDown")), false),
            raw,
        }
    }

    /// The spec as written and defaulted.
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// Whether `minReplicas` was written (`kubectl get hpa` prints `<unset>` otherwise).
    pub fn min_written(&self) -> bool {
        self.raw.get("minReplicas").and_then(Value::as_i64).is_some()
    }
}

/// What the HPA controller writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AutoscalerStatus {
    pub last_scale_time: Option<Millis>,
    pub current_replicas: i64,
    pub desired_replicas: i64,
    /// `currentMetrics` as the controller measured them, if it could.
    pub current_metrics: Option<Value>,
    pub conditions: Vec<Condition>,
}

impl AutoscalerStatus {
    fn to_value(&self) -> Value {
        let mut m = vec![
            ("conditions".into(), Value::Seq(self.conditions.iter().map(Condition::to_value).collect())),
            ("currentReplicas".into(), Value::Int(self.current_replicas)),
            ("desiredReplicas".into(), Value::Int(self.desired_replicas)),
        ];
        if let Some(t) = self.last_scale_time {
            m.push(("lastScaleTime".into(), Value::str(rfc3339(t))));
        }
        if let Some(metrics) = &self.current_metrics {
            m.push(("currentMetrics".into(), metrics.clone()));
        }
        Value::Map(m)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Autoscaler {
    pub meta: ObjectMeta,
    pub spec: AutoscalerSpec,
    /// `None` until the controller first writes it.
    pub status: Option<AutoscalerStatus>,
}

impl Autoscaler {
    pub fn to_value(&self) -> Value {
        let mut m = vec![
            ("apiVersion".into(), Value::str("autoscaling/v2")),
            ("kind".into(), Value::str("HorizontalPodAutoscaler")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), self.spec.raw().clone()),
        ];
        if let Some(s) = &self.status {
            m.push(("status".into(), s.to_value()));
        }
        Value::Map(m)
    }
}

/// What the API server does to an `autoscaling/v1` object before storing it as v2
/// (`Convert_v1_HorizontalPodAutoscalerSpec_To_autoscaling_HorizontalPodAutoscalerSpec`):
/// `targetCPUUtilizationPercentage` becomes a CPU Utilization metric. Without it, v2's
/// defaulting adds the 80% CPU metric, as for a v2 object without metrics.
pub fn convert_from_v1(obj: &mut Value) {
    obj.set("apiVersion", Value::str("autoscaling/v2"));
    let Some(spec) = obj.get_mut("spec") else { return };
    if let Some(target) = spec.remove("targetCPUUtilizationPercentage").filter(|t| !t.is_null()) {
        let mut t = Value::Map(Default::default());
        t.set("type", Value::str("Utilization"));
        t.set("averageUtilization", target);
        let mut resource = Value::Map(Default::default());
        resource.set("name", Value::str("cpu"));
        resource.set("target", t);
        let mut metric = Value::Map(Default::default());
        metric.set("type", Value::str("Resource"));
        metric.set("resource", resource);
        spec.set("metrics", Value::Seq(vec![metric]));
    }
}
