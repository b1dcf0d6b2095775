//! The kube-aggregator's part kubeplay models: whether the resource metrics API
//! (`metrics.k8s.io`, served by metrics-server through the APIService
//! `v1beta1.metrics.k8s.io`) answers, and the `Available` condition it gives that
//! APIService. kind and Docker Desktop ship no metrics-server, so `kubectl top` and the
//! HPA fail there until one is installed and ready.

use crate::model::{Generic, Kind};
use crate::presets::Preset;
use crate::store::Store;

/// The APIService metrics-server registers.
pub const METRICS_APISERVICE: &str = "v1beta1.metrics.k8s.io";
const METRICS_NAMESPACE: &str = "kube-system";
const METRICS_LABEL: (&str, &str) = ("k8s-app", "metrics-server");

/// What a request to the metrics API gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricsApi {
    Available,
    /// Nothing serves `metrics.k8s.io`: the API server answers 404.
    NotServed,
    /// Registered, but its pod is not ready: the aggregator answers 503.
    Unavailable,
}

impl MetricsApi {
    /// The client error the HPA's metrics client gets for `pods.metrics.k8s.io`.
    pub fn pods_error(self) -> Option<&'static str> {
        match self {
            MetricsApi::Available => None,
            MetricsApi::NotServed => Some("the server could not find the requested resource (get pods.metrics.k8s.io)"),
            MetricsApi::Unavailable => Some("the server is currently unable to handle the request (get pods.metrics.k8s.io)"),
        }
    }
}

fn metrics_pods(store: &Store) -> impl Iterator<Item = &crate::model::Pod> + '_ {
    let mut l = crate::model::Labels::default();
    l.insert(METRICS_LABEL.0, METRICS_LABEL.1);
    store.pods_matching(METRICS_NAMESPACE, &l).into_iter().filter_map(move |id| store.pod(id))
}

/// Whether the metrics API answers. Available when a ready pod labelled
/// `k8s-app=metrics-server` runs in kube-system and, if the APIService exists, its
/// Service selects such a pod.
pub fn metrics_api(store: &Store, preset: Preset) -> MetricsApi {
    let apiservice = store.written(Kind::APIService, "", METRICS_APISERVICE);
    let mut pods = metrics_pods(store).peekable();
    if apiservice.is_none() && pods.peek().is_none() {
        // The cloud preset stands for a managed cluster, which boots with metrics-server
        // and whose add-on manager keeps it: with its objects deleted, kubeplay lets the
        // metrics API answer rather than model that manager.
        return if preset == Preset::Cloud { MetricsApi::Available } else { MetricsApi::NotServed };
    }
    let ready = match apiservice {
        Some(a) => apiservice_condition(store, a).0 == "True",
        None => pods.any(|p| p.is_ready() && p.meta.deletion.is_none()),
    };
    match (ready, apiservice.is_some()) {
        (true, _) => MetricsApi::Available,
        (false, true) => MetricsApi::Unavailable,
        (false, false) => MetricsApi::NotServed,
    }
}

/// The `Available` condition the aggregator's availability controller keeps on an
/// APIService: (status, reason, message).
pub fn apiservice_condition(store: &Store, g: &Generic) -> (&'static str, &'static str, String) {
    let Some(svc) = g.spec.get("service").filter(|s| !s.is_null()) else {
        return ("True", "Local", "Local APIServices are always available".into());
    };
    let text = |k: &str| svc.get(k).and_then(crate::value::Value::as_str).unwrap_or("").to_string();
    let (ns, name) = (text("namespace"), text("name"));
    let Some(service) = store.services.get(&(ns.clone(), name.clone())) else {
        return ("False", "ServiceNotFound", format!("service/{name} in \"{ns}\" is not present"));
    };
    let selected = service.selector.as_ref().is_some_and(|sel| {
        !sel.is_empty()
            && store.pods_matching(&ns, sel).into_iter().filter_map(|id| store.pod(id)).any(|p| p.is_ready() && p.meta.deletion.is_none())
    });
    if !selected {
        let port = service.ports.first().map(|p| p.name.clone()).unwrap_or_default();
        return (
            "False",
            "MissingEndpoints",
            format!("endpoints for service/{name} in \"{ns}\" have no addresses with port name \"{port}\""),
        );
    }
    // metrics-server's pods are the ones that answer the discovery check.
    if g.meta.name == METRICS_APISERVICE && !metrics_pods(store).any(|p| p.is_ready()) {
        return (
            "False",
            "FailedDiscoveryCheck",
            format!("failing or missing response from https://{name}.{ns}.svc:443/apis/metrics.k8s.io/v1beta1"),
        );
    }
    ("True", "Passed", "all checks passed".into())
}

/// The status the aggregator writes on an APIService, for `-o yaml`.
pub fn apiservice_status(store: &Store, g: &Generic) -> crate::value::Value {
    use crate::value::Value;
    let (status, reason, message) = apiservice_condition(store, g);
    Value::Map(vec![(
        "conditions".into(),
        Value::Seq(vec![Value::Map(vec![
            ("lastTransitionTime".into(), Value::str(crate::time::rfc3339(g.meta.creation))),
            ("message".into(), Value::str(message)),
            ("reason".into(), Value::str(reason)),
            ("status".into(), Value::str(status)),
            ("type".into(), Value::str("Available")),
        ])]),
    )])
}
