//! The remote registries a node pulls from, as the world has them: Docker Hub's official
//! images and user namespaces, and the public registries tutorials use. A few images are
//! known in detail (`catalog.rs`); the others get a size, a digest and a behaviour by
//! family (`families.rs`). Images built locally with `docker build` are NOT here, which
//! is the seed's lesson.

mod catalog;
mod families;
mod hub;

pub use catalog::{CatalogEntry, CATALOG};
pub use hub::{is_private, private_name, suggestion};

use crate::time::Millis;

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
            _ => ("docker.io".to_string(), name.to_string()),
        };
        // Docker Hub's official images live under `library/`, whether or not the domain
        // was written (`docker.io/nginx` is `docker.io/library/nginx`).
        let domain = if domain == "index.docker.io" { "docker.io".to_string() } else { domain };
        let path = if domain == "docker.io" && !path.contains('/') { format!("library/{path}") } else { path };
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
    /// Environment variables of which the image needs one set (postgres, mysql).
    pub requires_env: &'static [&'static str],
    /// What it prints when none of `requires_env` is set, then exits 1.
    pub missing_env_log: &'static str,
    /// Nothing is known of the image's files: any program a command names is taken to
    /// be in it (only the catalog's images are known well enough to refuse one).
    pub open: bool,
    /// The image's own program is unknown: it keeps running and listens on the ports
    /// the container declares.
    pub serves_declared: bool,
}

/// What a registry serves for a reference: the image's size, what it runs, its ENTRYPOINT.
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// Uncompressed size in bytes (what the kubelet reports as "Image size").
    pub size: u64,
    pub behaviour: Behaviour,
    pub entrypoint: &'static [&'static str],
}

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

/// What the registry answers for `r` (whether it is private is the kubelet's concern:
/// `is_private`).
pub fn lookup(r: &ImageRef) -> Result<Image, PullError> {
    if !hub::reachable(&r.domain) {
        return Err(PullError::Unreachable);
    }
    let entry = CATALOG.iter().find(|e| e.domain == r.domain && e.path == r.path);
    if entry.is_none() && !hub::repository_exists(r) {
        return Err(PullError::NoRepository);
    }
    // Official images' tags follow their releases; of other repositories nothing is
    // known, so any well-formed tag is theirs.
    let official = r.domain == "docker.io" && r.path.starts_with("library/");
    let listed = entry.is_some_and(|e| e.tags.contains(&r.tag.as_str()));
    let released = entry.is_none_or(|e| hub::not_newer(&r.tag, e.tags));
    let checked = official || entry.is_some();
    let exists = r.tag.is_empty() || listed || (hub::plausible_tag(&r.tag) && released);
    if checked && !exists {
        return Err(PullError::NoTag);
    }
    Ok(match entry {
        Some(e) => Image { size: e.size, behaviour: e.behaviour.clone(), entrypoint: catalog::entrypoint(e) },
        None => families::derive(r),
    })
}

/// What a container's image reference says, worked out once per distinct reference
/// (`Cluster::image_facts`): every container start of a rollout reads it, and parsing and
/// digesting it each time was a third of a pod's allocations.
#[derive(Debug)]
pub struct ImageFacts {
    pub reference: Result<ImageRef, String>,
    /// `ImageRef::full`; empty when the reference does not parse.
    pub full: std::rc::Rc<str>,
    /// The image ID a pull from the registry gives it (`docker.io/library/nginx@sha256:…`).
    pub pulled_id: std::rc::Rc<str>,
    /// `lookup`'s answer, asked for at every pull and every container start: it depends
    /// on the reference alone.
    found: std::cell::OnceCell<Result<Image, PullError>>,
}

impl ImageFacts {
    pub fn of(image: &str) -> ImageFacts {
        let reference = ImageRef::parse(image);
        let full: std::rc::Rc<str> = reference.as_ref().map(ImageRef::full).unwrap_or_default().into();
        let pulled_id = match &reference {
            Ok(r) => format!("{}/{}@{}", r.domain, r.path, digest_of(&full)).into(),
            Err(_) => "".into(),
        };
        ImageFacts { reference, full, pulled_id, found: Default::default() }
    }

    /// What the registry answers for this reference (`lookup`); `None` when it does not
    /// parse.
    pub fn lookup(&self) -> Option<&Result<Image, PullError>> {
        let r = self.reference.as_ref().ok()?;
        Some(self.found.get_or_init(|| lookup(r)))
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
    fn docker_hub_names_get_library_whether_or_not_the_domain_is_written() {
        let a = ImageRef::parse("docker.io/nginx:1.27").unwrap();
        let b = ImageRef::parse("nginx:1.27").unwrap();
        assert_eq!((a.full(), a.familiar()), (b.full(), b.familiar()));
        assert_eq!(ImageRef::parse("index.docker.io/library/nginx").unwrap().full(), "docker.io/library/nginx:latest");
        assert_eq!(ImageRef::parse("docker.io/bitnami/redis").unwrap().path, "bitnami/redis");
        assert_eq!(ImageFacts::of("docker.io/nginx:1.27").pulled_id, ImageFacts::of("nginx:1.27").pulled_id);
    }

    #[test]
    fn the_registries_have_what_the_world_has() {
        let ok = |s: &str| lookup(&ImageRef::parse(s).unwrap());
        for image in [
            "nginx:1.14.2",
            "wordpress:6.2.1-apache",
            "perl:5.34.0",
            "centos:7",
            "gcr.io/google-samples/gb-frontend:v5",
            "registry.k8s.io/kubernetes-zookeeper:1.0-3.4.10",
            "bitnami/redis:7.2",
            "us-docker.pkg.dev/google-samples/containers/gke/hello-app:1.0",
            "quay.io/prometheus/prometheus:v2.53.0",
            "python:3.12-slim-bookworm",
        ] {
            assert!(ok(image).is_ok(), "{image}: {:?}", ok(image));
        }
        assert_eq!(ok("spring-server").err(), Some(PullError::NoRepository));
        assert_eq!(ok("ngnix:1.27").err(), Some(PullError::NoRepository));
        assert_eq!(ok("nginx:no-such-tag").err(), Some(PullError::NoTag));
        assert_eq!(ok("nginx:9.99").err(), Some(PullError::NoTag), "not released");
        assert_eq!(ok("wordpress:doesnotexist").err(), Some(PullError::NoTag));
        let a = ok("redis:7.2").unwrap();
        assert!(a.size > 0);
        let (x, y) = (ok("bitnami/nginx:1.25").unwrap(), ok("bitnami/nginx:1.25").unwrap());
        assert_eq!(x, y, "derived images are the same every time");
    }

    #[test]
    fn catalog_lookups() {
        assert!(lookup(&ImageRef::parse("nginx:1.27").unwrap()).is_ok());
        assert_eq!(lookup(&ImageRef::parse("nginx:doesnotexist").unwrap()).err(), Some(PullError::NoTag));
        assert!(lookup(&ImageRef::parse("nginx:1.14.2").unwrap()).is_ok(), "old tags stay on Docker Hub");
        assert_eq!(lookup(&ImageRef::parse("spring-server").unwrap()).err(), Some(PullError::NoRepository));
        assert_eq!(lookup(&ImageRef::parse("myregistry.example/app:1").unwrap()).err(), Some(PullError::Unreachable));
        assert!(lookup(&ImageRef::parse("openjdk:17-jdk").unwrap()).is_ok());
    }
}
