//! The remote registries a node pulls from: Docker Hub and the other public registries,
//! as a catalog of well-known images (tags, sizes, digests, what their process does).
//! Images built locally with `docker build` are NOT here, which is the seed's lesson.

use crate::time::{Millis, SECOND};

/// A parsed image reference, normalized as containerd and Docker do:
/// `nginx` → `docker.io/library/nginx:latest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    pub domain: String,
    pub path: String,
    pub tag: String,
    pub digest: String,
}

impl ImageRef {
    /// `ParseNormalizedNamed` plus `applyDefaultImageTag`. The error is the reference
    /// parser's, used in `InvalidImageName`.
    pub fn parse(image: &str) -> Result<ImageRef, String> {
        if image.is_empty() || image.contains(char::is_whitespace) {
            return Err("invalid reference format".into());
        }
        let (rest, digest) = match image.split_once('@') {
            Some((r, d)) => {
                let hex = d.strip_prefix("sha256:").ok_or("invalid reference format")?;
                if hex.len() != 64 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err("invalid reference format".into());
                }
                (r, d.to_string())
            }
            None => (image, String::new()),
        };
        let slash = rest.rfind('/').map(|i| i + 1).unwrap_or(0);
        let (name, tag) = match rest[slash..].rfind(':') {
            Some(i) => (&rest[..slash + i], rest[slash + i + 1..].to_string()),
            None => (rest, String::new()),
        };
        if rest[slash..].ends_with(':') {
            return Err("invalid reference format".into());
        }
        if !tag.is_empty()
            && (tag.len() > 128 || !tag.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b)) || tag.starts_with(['.', '-']))
        {
            return Err("invalid reference format".into());
        }
        let (domain, path) = match name.split_once('/') {
            Some((d, p)) if d.contains(['.', ':']) || d == "localhost" => (d.to_string(), p.to_string()),
            _ => ("docker.io".to_string(), if name.contains('/') { name.to_string() } else { format!("library/{name}") }),
        };
        if path.is_empty() || path.split('/').any(|c| c.is_empty()) {
            return Err("invalid reference format".into());
        }
        if path.bytes().any(|b| b.is_ascii_uppercase()) {
            return Err(format!("invalid reference format: repository name ({path}) must be lowercase"));
        }
        if !path.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-/".contains(&b)) {
            return Err("invalid reference format".into());
        }
        let tag = if tag.is_empty() && digest.is_empty() { "latest".to_string() } else { tag };
        Ok(ImageRef { domain, path, tag, digest })
    }

    /// `docker.io/library/nginx:1.27`.
    pub fn full(&self) -> String {
        let mut s = format!("{}/{}", self.domain, self.path);
        if !self.tag.is_empty() {
            s.push(':');
            s.push_str(&self.tag);
        }
        if !self.digest.is_empty() {
            s.push('@');
            s.push_str(&self.digest);
        }
        s
    }

    /// How Docker names it for humans: `nginx:1.27`, `bitnami/redis:7`.
    pub fn familiar(&self) -> String {
        let name = if self.domain == "docker.io" {
            self.path.strip_prefix("library/").unwrap_or(&self.path).to_string()
        } else {
            format!("{}/{}", self.domain, self.path)
        };
        if self.tag.is_empty() {
            name
        } else {
            format!("{name}:{}", self.tag)
        }
    }
}

/// What a container's main process does when it runs with no command override.
#[derive(Clone, Debug, PartialEq)]
pub struct Behaviour {
    /// TCP ports the process listens on.
    pub ports: &'static [u16],
    /// From start to serving (and to passing a readiness check).
    pub startup: Millis,
    /// `Some(code)`: the default command exits at once with this code (a shell or REPL
    /// with no terminal exits 0).
    pub exits: Option<i32>,
    /// Resident memory when running.
    pub memory: i64,
    /// CPU one request costs, in millicore-seconds.
    pub cpu_per_request: f64,
    /// The program as `ps` would show it, to explain what runs.
    pub program: &'static str,
    /// Environment variables the image refuses to start without (postgres, mysql).
    pub requires_env: &'static [&'static str],
    /// What it prints when `requires_env` is missing, then exits 1.
    pub missing_env_log: &'static str,
}

pub struct CatalogEntry {
    pub domain: &'static str,
    pub path: &'static str,
    pub tags: &'static [&'static str],
    /// Uncompressed size in bytes (what the kubelet reports as "Image size").
    pub size: u64,
    pub behaviour: Behaviour,
}

const MIB: i64 = 1 << 20;

const fn serve(ports: &'static [u16], startup: Millis, memory: i64, cpu: f64, program: &'static str) -> Behaviour {
    Behaviour { ports, startup, exits: None, memory, cpu_per_request: cpu, program, requires_env: &[], missing_env_log: "" }
}

const fn shell(program: &'static str, memory: i64) -> Behaviour {
    Behaviour { ports: &[], startup: 0, exits: Some(0), memory, cpu_per_request: 0.0, program, requires_env: &[], missing_env_log: "" }
}

/// The ENTRYPOINT an image's config sets, which `args` (without `command`) follow:
/// a program (`/http-echo`), or the official images' entrypoint script.
pub fn entrypoint(e: &CatalogEntry) -> &'static [&'static str] {
    match e.path {
        "hashicorp/http-echo" => &["/http-echo"],
        "traefik/whoami" => &["/whoami"],
        "e2e-test-images/agnhost" => &["/agnhost"],
        "pause" => &["/pause"],
        "metrics-server/metrics-server" => &["/metrics-server"],
        "library/nginx" | "nginxdemos/hello" => &["/docker-entrypoint.sh"],
        "library/redis" | "library/postgres" | "library/mysql" | "library/node" => &["docker-entrypoint.sh"],
        "library/traefik" => &["/entrypoint.sh"],
        "library/eclipse-temurin" => &["/__cacert_entrypoint.sh"],
        "hpa-example" => &["docker-php-entrypoint"],
        _ => &[],
    }
}

pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry { domain: "docker.io", path: "library/nginx", tags: &["latest", "1.25", "1.26", "1.27", "1.28", "1.29", "alpine", "stable", "mainline"], size: 192_004_242, behaviour: serve(&[80], 500, 8 * MIB, 2.0, "nginx: master process nginx -g daemon off;") },
    CatalogEntry { domain: "docker.io", path: "library/httpd", tags: &["latest", "2.4", "alpine"], size: 148_189_640, behaviour: serve(&[80], 500, 10 * MIB, 2.0, "httpd-foreground") },
    CatalogEntry { domain: "docker.io", path: "library/busybox", tags: &["latest", "1.28", "1.36", "1.37", "stable", "musl", "glibc"], size: 4_269_000, behaviour: shell("sh", MIB) },
    CatalogEntry { domain: "docker.io", path: "library/alpine", tags: &["latest", "3.19", "3.20", "3.21", "3.22"], size: 8_310_000, behaviour: shell("/bin/sh", MIB) },
    CatalogEntry { domain: "docker.io", path: "library/ubuntu", tags: &["latest", "22.04", "24.04", "jammy", "noble"], size: 78_118_000, behaviour: shell("/bin/bash", 2 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/debian", tags: &["latest", "12", "bookworm", "bookworm-slim"], size: 116_700_000, behaviour: shell("bash", 2 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/redis", tags: &["latest", "7", "7.2", "7.4", "8", "alpine"], size: 117_400_000, behaviour: serve(&[6379], 300, 12 * MIB, 0.5, "redis-server *:6379") },
    CatalogEntry {
        domain: "docker.io",
        path: "library/postgres",
        tags: &["latest", "15", "16", "17", "alpine"],
        size: 438_200_000,
        behaviour: Behaviour {
            ports: &[5432],
            startup: 3 * SECOND,
            exits: None,
            memory: 40 * MIB,
            cpu_per_request: 5.0,
            program: "postgres",
            requires_env: &["POSTGRES_PASSWORD"],
            missing_env_log: "Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
        },
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/mysql",
        tags: &["latest", "8.0", "8.4", "9"],
        size: 603_500_000,
        behaviour: Behaviour {
            ports: &[3306, 33060],
            startup: 8 * SECOND,
            exits: None,
            memory: 360 * MIB,
            cpu_per_request: 5.0,
            program: "mysqld",
            requires_env: &["MYSQL_ROOT_PASSWORD"],
            missing_env_log: "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD",
        },
    },
    CatalogEntry { domain: "docker.io", path: "library/perl", tags: &["latest", "5", "5.34", "5.34.0", "5.40", "slim"], size: 889_700_000, behaviour: shell("perl", 4 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/openjdk", tags: &["17-jdk", "17", "21-jdk", "21"], size: 470_800_000, behaviour: shell("jshell", 60 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/eclipse-temurin", tags: &["17-jdk", "17-jre", "21-jdk", "21-jre", "latest"], size: 407_000_000, behaviour: shell("jshell", 60 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/python", tags: &["latest", "3.11", "3.12", "3.13", "3.12-slim", "3.13-slim", "alpine"], size: 1_020_000_000, behaviour: shell("python3", 10 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/node", tags: &["latest", "18", "20", "22", "24", "lts", "alpine"], size: 1_110_000_000, behaviour: shell("node", 40 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/golang", tags: &["latest", "1.23", "1.24", "alpine"], size: 852_000_000, behaviour: shell("bash", 2 * MIB) },
    CatalogEntry { domain: "docker.io", path: "library/traefik", tags: &["latest", "v3", "v3.4"], size: 190_000_000, behaviour: serve(&[80, 8080], 1_000, 40 * MIB, 1.0, "traefik") },
    CatalogEntry { domain: "docker.io", path: "traefik/whoami", tags: &["latest", "v1.10", "v1.11"], size: 6_800_000, behaviour: serve(&[80], 100, 4 * MIB, 0.5, "/whoami") },
    CatalogEntry { domain: "docker.io", path: "hashicorp/http-echo", tags: &["latest", "1.0"], size: 6_600_000, behaviour: serve(&[5678], 100, 3 * MIB, 0.5, "/http-echo") },
    CatalogEntry { domain: "docker.io", path: "kennethreitz/httpbin", tags: &["latest"], size: 534_000_000, behaviour: serve(&[80], 2 * SECOND, 45 * MIB, 3.0, "gunicorn -b 0.0.0.0:80 httpbin:app -k gevent") },
    CatalogEntry { domain: "docker.io", path: "nginxdemos/hello", tags: &["latest", "plain-text"], size: 23_400_000, behaviour: serve(&[80], 300, 6 * MIB, 2.0, "nginx: master process nginx -g daemon off;") },
    CatalogEntry { domain: "registry.k8s.io", path: "pause", tags: &["3.9", "3.10"], size: 736_000, behaviour: serve(&[], 0, MIB, 0.0, "/pause") },
    CatalogEntry { domain: "registry.k8s.io", path: "echoserver", tags: &["1.10", "1.4"], size: 95_400_000, behaviour: serve(&[8080], 500, 10 * MIB, 1.0, "nginx -g daemon off;") },
    CatalogEntry { domain: "registry.k8s.io", path: "hpa-example", tags: &["latest"], size: 481_000_000, behaviour: serve(&[80], 1_000, 20 * MIB, 200.0, "apache2-foreground") },
    CatalogEntry { domain: "gcr.io", path: "google-samples/hello-app", tags: &["1.0", "2.0"], size: 11_600_000, behaviour: serve(&[8080], 200, 5 * MIB, 1.0, "/hello-app") },
    CatalogEntry { domain: "registry.k8s.io", path: "metrics-server/metrics-server", tags: &["v0.7.1", "v0.7.2", "v0.8.0"], size: 67_300_000, behaviour: serve(&[10250], 1_000, 20 * MIB, 0.5, "/metrics-server") },
    CatalogEntry { domain: "registry.k8s.io", path: "e2e-test-images/agnhost", tags: &["2.39", "2.52", "2.53"], size: 56_000_000, behaviour: serve(&[80], 300, 10 * MIB, 1.0, "/agnhost serve-hostname") },
];

/// Why a pull failed, for the kubelet to word as its runtime would.
#[derive(Clone, Debug, PartialEq)]
pub enum PullError {
    /// The repository does not exist (or needs credentials) on that registry.
    NoRepository,
    /// The repository exists but not that tag.
    NoTag,
    /// The registry host cannot be reached.
    Unreachable,
}

/// The registry's state, switchable from the CLI and the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum RegistryState {
    #[default]
    Up,
    Down,
    /// Pulls take ten times as long.
    Slow,
}

/// Hosts the simulated network can reach.
const KNOWN_HOSTS: &[&str] = &["docker.io", "registry.k8s.io", "gcr.io", "ghcr.io", "quay.io", "mcr.microsoft.com", "public.ecr.aws"];

pub fn lookup(r: &ImageRef) -> Result<&'static CatalogEntry, PullError> {
    if !KNOWN_HOSTS.contains(&r.domain.as_str()) {
        return Err(PullError::Unreachable);
    }
    let entry = CATALOG.iter().find(|e| e.domain == r.domain && e.path == r.path).ok_or(PullError::NoRepository)?;
    if r.tag.is_empty() || entry.tags.contains(&r.tag.as_str()) {
        Ok(entry)
    } else {
        Err(PullError::NoTag)
    }
}

/// What a container's image reference says, worked out once per distinct reference
/// (`Cluster::image_facts`): every container start of a rollout reads it, and parsing and
/// digesting it each time was a third of a pod's allocations.
#[derive(Debug)]
pub struct ImageFacts {
    pub reference: Result<ImageRef, String>,
    /// `ImageRef::full`; empty when the reference does not parse.
    pub full: String,
    /// The image ID a pull from the registry gives it (`docker.io/library/nginx@sha256:…`).
    pub pulled_id: std::rc::Rc<str>,
}

impl ImageFacts {
    pub fn of(image: &str) -> ImageFacts {
        let reference = ImageRef::parse(image);
        let full = reference.as_ref().map(ImageRef::full).unwrap_or_default();
        let pulled_id = match &reference {
            Ok(r) => format!("{}/{}@{}", r.domain, r.path, digest_of(&full)).into(),
            Err(_) => "".into(),
        };
        ImageFacts { reference, full, pulled_id }
    }
}

/// A stable sha256-shaped digest for a name (the catalog's stand-in for real digests).
pub fn digest_of(name: &str) -> String {
    let mut out = String::from("sha256:");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for round in 0..4u64 {
        for b in name.bytes().chain(round.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out
}

/// How long a pull of `size` bytes takes over the simulated link (about 30 MB/s plus
/// the registry round trips).
pub fn pull_time(size: u64, state: RegistryState) -> Millis {
    let base = 700 + size / 30_000;
    if state == RegistryState::Slow {
        base * 10
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_normalize_like_docker() {
        let r = ImageRef::parse("nginx").unwrap();
        assert_eq!(r.full(), "docker.io/library/nginx:latest");
        assert_eq!(r.familiar(), "nginx:latest");
        assert_eq!(ImageRef::parse("bitnami/redis:7").unwrap().full(), "docker.io/bitnami/redis:7");
        assert_eq!(ImageRef::parse("localhost:5000/app:v2").unwrap().full(), "localhost:5000/app:v2");
        assert_eq!(ImageRef::parse("registry.k8s.io/pause:3.10").unwrap().domain, "registry.k8s.io");
        let d = format!("nginx@sha256:{}", "a".repeat(64));
        assert_eq!(ImageRef::parse(&d).unwrap().tag, "");
        assert!(ImageRef::parse("Nginx").unwrap_err().contains("must be lowercase"));
        assert!(ImageRef::parse("nginx:1.25:x").is_err());
        assert!(ImageRef::parse("nginx:").is_err());
    }

    #[test]
    fn catalog_lookups() {
        assert!(lookup(&ImageRef::parse("nginx:1.27").unwrap()).is_ok());
        assert_eq!(lookup(&ImageRef::parse("nginx:doesnotexist").unwrap()).err(), Some(PullError::NoTag));
        assert_eq!(lookup(&ImageRef::parse("spring-server").unwrap()).err(), Some(PullError::NoRepository));
        assert_eq!(lookup(&ImageRef::parse("myregistry.example/app:1").unwrap()).err(), Some(PullError::Unreachable));
        assert!(lookup(&ImageRef::parse("openjdk:17-jdk").unwrap()).is_ok());
    }
}
