//! The Service as stored: its defaulted spec plus what the allocators assigned.

use super::labels::Labels;
use super::meta::ObjectMeta;
use crate::net::format_ipv4;
use crate::value::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum TargetPort {
    Number(i32),
    Name(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServicePort {
    pub name: String,
    pub protocol: String,
    pub port: i32,
    pub target: TargetPort,
    pub node_port: Option<u16>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Service {
    pub meta: ObjectMeta,
    pub ty: String,
    /// `None` for headless (`clusterIP: None`) and ExternalName services.
    pub cluster_ip: Option<u32>,
    pub ports: Vec<ServicePort>,
    /// `None` when the Service has no selector (endpoints are managed by hand).
    pub selector: Option<Labels>,
    pub session_affinity_client_ip: bool,
    pub external_ips: Vec<String>,
    /// The load balancer's ingress, once the preset's cloud has provided one.
    pub lb_ingress: Option<String>,
    pub raw_spec: Value,
}

impl Service {
    pub fn headless(&self) -> bool {
        self.cluster_ip.is_none() && self.ty != "ExternalName"
    }

    pub fn cluster_ip_text(&self) -> String {
        match self.cluster_ip {
            Some(ip) => format_ipv4(ip),
            None if self.ty == "ExternalName" => "<none>".into(),
            None => "None".into(),
        }
    }

    /// PORT(S) as `kubectl get svc` prints it: `8080:30000/TCP`.
    pub fn ports_text(&self) -> String {
        if self.ports.is_empty() {
            return "<none>".into();
        }
        self.ports
            .iter()
            .map(|p| match p.node_port {
                Some(np) => format!("{}:{}/{}", p.port, np, p.protocol),
                None => format!("{}/{}", p.port, p.protocol),
            })
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn external_ip_text(&self, wide: bool) -> String {
        match self.ty.as_str() {
            "LoadBalancer" => match &self.lb_ingress {
                Some(ip) => {
                    let mut all = vec![ip.clone()];
                    all.extend(self.external_ips.iter().cloned());
                    let s = all.join(",");
                    if !wide && s.len() > 16 {
                        format!("{}...", &s[..13])
                    } else {
                        s
                    }
                }
                None => "<pending>".into(),
            },
            "ExternalName" => self.raw_spec.get("externalName").and_then(Value::as_str).unwrap_or("").to_string(),
            _ if !self.external_ips.is_empty() => self.external_ips.join(","),
            _ => "<none>".into(),
        }
    }

    pub fn to_value(&self) -> Value {
        let mut spec = self.raw_spec.clone();
        if let Some(ip) = self.cluster_ip {
            spec.set("clusterIP", Value::str(format_ipv4(ip)));
            spec.set("clusterIPs", Value::Seq(vec![Value::str(format_ipv4(ip))]));
        }
        if let Some(Value::Seq(ports)) = spec.get_mut("ports") {
            for (p, sp) in ports.iter_mut().zip(&self.ports) {
                if let Some(np) = sp.node_port {
                    p.set("nodePort", Value::Int(i64::from(np)));
                }
            }
        }
        let status = match &self.lb_ingress {
            Some(ip) if self.ty == "LoadBalancer" => {
                let key = if crate::net::parse_ipv4(ip).is_some() { "ip" } else { "hostname" };
                Value::Map(vec![(
                    "loadBalancer".into(),
                    Value::Map(vec![(
                        "ingress".into(),
                        Value::Seq(vec![Value::Map(vec![(key.into(), Value::str(ip.clone())), ("ipMode".into(), Value::str("VIP"))])]),
                    )]),
                )])
            }
            _ => Value::Map(vec![("loadBalancer".into(), Value::Map(vec![]))]),
        };
        Value::Map(vec![
            ("apiVersion".into(), Value::str("v1")),
            ("kind".into(), Value::str("Service")),
            ("metadata".into(), self.meta.to_value()),
            ("spec".into(), spec),
            ("status".into(), status),
        ])
    }
}
