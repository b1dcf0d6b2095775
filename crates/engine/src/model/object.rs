//! Every stored object of a kind kept in the store's general map (pods, nodes, Services
//! and namespaces have maps of their own): the typed kinds, and those kept as written.

use super::autoscaler::{Autoscaler, AutoscalerSpec};
use super::cronjob::{CronJob, CronJobSpec};
use super::daemonset::{DaemonSet, DaemonSetSpec};
use super::deployment::{Deployment, DeploymentSpec, ReplicaSet, ReplicaSetSpec};
use super::generic::{body_of, Generic};
use super::job::{Job, JobSpec};
use super::kinds::Kind;
use super::meta::ObjectMeta;
use super::poddisruptionbudget::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use super::replicationcontroller::ReplicationController;
use super::statefulset::{StatefulSet, StatefulSetSpec};
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Object {
    Deployment(Deployment),
    ReplicaSet(ReplicaSet),
    Autoscaler(Autoscaler),
    Job(Job),
    CronJob(CronJob),
    DaemonSet(DaemonSet),
    StatefulSet(StatefulSet),
    Budget(PodDisruptionBudget),
    ReplicationController(ReplicationController),
    /// A kind kept as it was written, with no behaviour (Endpoints and EndpointSlices
    /// written by hand).
    Written(Generic),
}

impl Object {
    /// The stored form of a decoded, defaulted and validated object of `kind`.
    pub fn new(kind: Kind, meta: ObjectMeta, obj: &Value) -> Object {
        let body = body_of(kind, obj);
        match kind {
            Kind::Deployment => {
                Object::Deployment(Deployment { meta, spec: std::rc::Rc::new(DeploymentSpec::from_value(body)), status: None })
            }
            Kind::ReplicaSet => Object::ReplicaSet(ReplicaSet { meta, spec: ReplicaSetSpec::from_value(body), status: None }),
            Kind::HorizontalPodAutoscaler => Object::Autoscaler(Autoscaler { meta, spec: AutoscalerSpec::from_value(body), status: None }),
            Kind::Job => Object::Job(Job { meta, spec: JobSpec::from_value(body), status: None }),
            Kind::CronJob => Object::CronJob(CronJob { meta, spec: CronJobSpec::from_value(body), status: Default::default() }),
            Kind::DaemonSet => Object::DaemonSet(DaemonSet { meta, spec: DaemonSetSpec::from_value(body), status: None }),
            Kind::StatefulSet => {
                Object::StatefulSet(StatefulSet { meta, spec: std::rc::Rc::new(StatefulSetSpec::from_value(body)), status: None })
            }
            Kind::ReplicationController => Object::ReplicationController(ReplicationController::new(meta, body)),
            Kind::PodDisruptionBudget => {
                Object::Budget(PodDisruptionBudget { meta, spec: PodDisruptionBudgetSpec::from_value(body), status: None })
            }
            _ => Object::Written(Generic { kind, meta, spec: body, status: Value::Null }),
        }
    }

    pub fn kind(&self) -> Kind {
        match self {
            Object::Deployment(_) => Kind::Deployment,
            Object::ReplicaSet(_) => Kind::ReplicaSet,
            Object::Autoscaler(_) => Kind::HorizontalPodAutoscaler,
            Object::Job(_) => Kind::Job,
            Object::CronJob(_) => Kind::CronJob,
            Object::DaemonSet(_) => Kind::DaemonSet,
            Object::StatefulSet(_) => Kind::StatefulSet,
            Object::Budget(_) => Kind::PodDisruptionBudget,
            Object::ReplicationController(_) => Kind::ReplicationController,
            Object::Written(g) => g.kind,
        }
    }

    pub fn meta(&self) -> &ObjectMeta {
        match self {
            Object::Deployment(d) => &d.meta,
            Object::ReplicaSet(r) => &r.meta,
            Object::Autoscaler(h) => &h.meta,
            Object::Job(j) => &j.meta,
            Object::CronJob(c) => &c.meta,
            Object::DaemonSet(d) => &d.meta,
            Object::StatefulSet(s) => &s.meta,
            Object::Budget(b) => &b.meta,
            Object::ReplicationController(rc) => &rc.rs.meta,
            Object::Written(g) => &g.meta,
        }
    }

    pub fn meta_mut(&mut self) -> &mut ObjectMeta {
        match self {
            Object::Deployment(d) => &mut d.meta,
            Object::ReplicaSet(r) => &mut r.meta,
            Object::Autoscaler(h) => &mut h.meta,
            Object::Job(j) => &mut j.meta,
            Object::CronJob(c) => &mut c.meta,
            Object::DaemonSet(d) => &mut d.meta,
            Object::StatefulSet(s) => &mut s.meta,
            Object::Budget(b) => &mut b.meta,
            Object::ReplicationController(rc) => &mut rc.rs.meta,
            Object::Written(g) => &mut g.meta,
        }
    }

    /// The spec as written and defaulted (the fields beside `metadata` for kinds that
    /// have no `spec`): what `kubectl apply` compares.
    pub fn spec_raw(&self) -> &Value {
        match self {
            Object::Deployment(d) => d.spec.raw(),
            Object::ReplicaSet(r) => r.spec.raw(),
            Object::Autoscaler(h) => h.spec.raw(),
            Object::Job(j) => j.spec.raw(),
            Object::CronJob(c) => c.spec.raw(),
            Object::DaemonSet(d) => d.spec.raw(),
            Object::StatefulSet(s) => s.spec.raw(),
            Object::Budget(b) => b.spec.raw(),
            Object::ReplicationController(rc) => rc.raw(),
            Object::Written(g) => &g.spec,
        }
    }

    /// Replaces the written spec (an apply), keeping the status.
    pub fn set_spec(&mut self, raw: Value) {
        match self {
            Object::Deployment(d) => d.spec = std::rc::Rc::new(DeploymentSpec::from_value(raw)),
            Object::ReplicaSet(r) => r.spec = ReplicaSetSpec::from_value(raw),
            Object::Autoscaler(h) => h.spec = AutoscalerSpec::from_value(raw),
            Object::Job(j) => j.spec = JobSpec::from_value(raw),
            Object::CronJob(c) => c.spec = CronJobSpec::from_value(raw),
            Object::DaemonSet(d) => d.spec = DaemonSetSpec::from_value(raw),
            Object::StatefulSet(s) => s.spec = std::rc::Rc::new(StatefulSetSpec::from_value(raw)),
            Object::Budget(b) => b.spec = PodDisruptionBudgetSpec::from_value(raw),
            Object::ReplicationController(rc) => rc.set_spec(raw),
            Object::Written(g) => g.spec = raw,
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Object::Deployment(d) => d.to_value(),
            Object::ReplicaSet(r) => r.to_value(),
            Object::Autoscaler(h) => h.to_value(),
            Object::Job(j) => j.to_value(),
            Object::CronJob(c) => c.to_value(),
            Object::DaemonSet(d) => d.to_value(),
            Object::StatefulSet(s) => s.to_value(),
            Object::Budget(b) => b.to_value(),
            Object::ReplicationController(rc) => rc.to_value(),
            Object::Written(g) => g.to_value(),
        }
    }
}
