//! Docker Compose to Kubernetes as kompose converts it: `kompose convert` (a script or
//! console line), `kubeplay compose FILE` and the page's compose import all come here.
//! The result is the manifests kompose writes, kompose's own log lines, and one
//! explanation per compose key (what it became, or why it has no equivalent).

pub mod command;
pub mod emit;
pub mod kompose;
pub mod parse;

pub use kompose::{Converted, Mapping, Object, Options, KOMPOSE_VERSION};

/// The compose file names kompose looks for when `-f` is not given, in its order.
pub const DEFAULT_FILES: &[&str] = &["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/// A compose text that cannot be converted, with the line it points at.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub line: u32,
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Converts the compose text `file` holds.
pub fn convert(text: &str, file: &str, opt: &Options) -> Result<Converted, Error> {
    let project = parse::parse(text).map_err(|e| Error { line: e.span.line.max(1), message: e.message })?;
    Ok(kompose::convert(&project, file, opt))
}

/// The options of a plain `kompose convert -f FILE`.
pub fn default_options(file: &str) -> Options {
    Options { cmd: format!("kompose convert -f {file}"), replicas: 1, annotations: true }
}

/// One object as kompose writes it to its own file.
pub fn to_yaml(o: &Object) -> String {
    emit::to_yaml(&o.value)
}

/// The file kompose writes an object to: `NAME-KIND.yaml`.
pub fn file_name(o: &Object) -> String {
    format!("{}-{}.yaml", o.name, o.kind.to_lowercase())
}

/// Every object as `kompose convert --stdout` prints them: each after `---`, with a blank
/// line after it.
pub fn to_stream(objects: &[Object]) -> String {
    objects.iter().map(|o| format!("---\n{}\n", to_yaml(o))).collect()
}

/// The explanations as `#` comment lines, service by service.
pub fn explain(mappings: &[Mapping]) -> String {
    let mut out = String::new();
    let mut last = "";
    for m in mappings {
        if m.service != last {
            out.push_str(&format!("# services.{} (line {}):\n", m.service, m.line));
            last = &m.service;
        }
        out.push_str(&format!("#   {} → {}\n", m.compose, m.kubernetes));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // The shape of kompose's own fixture for a service with two published ports
    // (written here from its documented output, without annotations).
    #[test]
    fn a_service_with_ports_is_a_service_and_a_deployment_as_kompose_writes_them() {
        let text = "services:\n  namenode:\n    image: bde2020/hadoop-namenode:2.0.0-hadoop2.7.4-java8\n    environment:\n      - CLUSTER_NAME=test\n    ports:\n      - \"50070:50070\"\n      - \"8020:8020\"\n";
        let opt = Options { annotations: false, replicas: 1, ..Default::default() };
        let c = convert(text, "compose.yaml", &opt).unwrap();
        let names: Vec<String> = c.objects.iter().map(file_name).collect();
        assert_eq!(names, ["namenode-service.yaml", "namenode-deployment.yaml"]);
        assert_eq!(
            to_stream(&c.objects),
            "---
apiVersion: v1
kind: Service
metadata:
  labels:
    io.kompose.service: namenode
  name: namenode
spec:
  ports:
    - name: \"50070\"
      port: 50070
      targetPort: 50070
    - name: \"8020\"
      port: 8020
      targetPort: 8020
  selector:
    io.kompose.service: namenode

---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    io.kompose.service: namenode
  name: namenode
spec:
  replicas: 1
  selector:
    matchLabels:
      io.kompose.service: namenode
  template:
    metadata:
      labels:
        io.kompose.service: namenode
    spec:
      containers:
        - env:
            - name: CLUSTER_NAME
              value: test
          image: bde2020/hadoop-namenode:2.0.0-hadoop2.7.4-java8
          name: namenode
          ports:
            - containerPort: 50070
              protocol: TCP
            - containerPort: 8020
              protocol: TCP
      restartPolicy: Always

"
        );
    }

    #[test]
    fn volumes_become_claims_and_the_deployment_recreates() {
        let text = "services:\n  web:\n    image: nginx\n    volumes:\n      - ./html:/usr/share/nginx/html\n  db:\n    image: mysql\n    volumes:\n      - db_data:/var/lib/mysql\nvolumes:\n  db_data:\n";
        let c = convert(text, "compose.yaml", &default_options("compose.yaml")).unwrap();
        let names: Vec<String> = c.objects.iter().map(file_name).collect();
        assert_eq!(
            names,
            ["db-deployment.yaml", "db-data-persistentvolumeclaim.yaml", "web-deployment.yaml", "web-claim0-persistentvolumeclaim.yaml"]
        );
        let claim = to_yaml(&c.objects[3]);
        assert!(claim.contains("  accessModes:\n    - ReadWriteOnce\n  resources:\n    requests:\n      storage: 100Mi\n"), "{claim}");
        assert!(claim.contains("io.kompose.service: web-claim0"), "{claim}");
        let web = to_yaml(&c.objects[2]);
        assert!(web.contains("  strategy:\n    type: Recreate\n"), "{web}");
        assert!(web.contains("kompose.version: 1.38.0 (a8f5d1cbd)"), "{web}");
        assert!(
            c.warnings.iter().any(|w| w == "Volume mount on the host \"./html\" isn't supported - ignoring path on the host"),
            "{:?}",
            c.warnings
        );
        assert!(c.warnings.iter().any(|w| w == "Service \"db\" won't be created because 'ports' is not specified"));
    }

    #[test]
    fn restart_no_is_a_bare_pod_and_depends_on_is_named() {
        let text = "version: \"3.8\"\nservices:\n  migrate:\n    image: flyway/flyway\n    restart: \"no\"\n    depends_on:\n      - db\n  db:\n    image: postgres\n";
        let c = convert(text, "docker-compose.yml", &default_options("docker-compose.yml")).unwrap();
        assert_eq!(c.objects[1].kind, "Pod");
        assert!(to_yaml(&c.objects[1]).contains("restartPolicy: Never"));
        assert!(c.warnings[0].starts_with("docker-compose.yml: the attribute `version` is obsolete"));
        assert!(c.mappings.iter().any(|m| m.compose == "depends_on: db" && m.kubernetes.starts_with("no equivalent")));
    }

    #[test]
    fn bad_input_is_an_error_with_its_line_never_a_panic() {
        for text in [
            "",
            "services: [",
            "services:\n  a:\n    ports: 80\n",
            "services:\n  a:\n    image: x\n    volumes:\n      - a:b:c:d\n",
            "\u{0}",
            "services:\n  a: {}\n",
        ] {
            assert!(convert(text, "f", &default_options("f")).is_err(), "{text:?}");
        }
        let e =
            convert("services:\n  web:\n    image: nginx\n    deploy:\n      replicas: many\n", "f", &default_options("f")).unwrap_err();
        assert_eq!(e.to_string(), "line 5: services.web.deploy.replicas must be a number, not \"many\"");
    }
}
