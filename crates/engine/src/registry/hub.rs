//! Which repositories and tags exist: Docker Hub's official images (Docker's public list
//! of names), any user namespace there, and any path on the public registries tutorials
//! pull from. Also the repositories a script marks private, and the likely name behind a
//! typo.

use super::ImageRef;
use std::collections::BTreeSet;

/// Docker's list of official image names (`docker.io/library/NAME`), one a line.
const OFFICIAL: &str = include_str!("../../data/official-images.txt");

/// Official images that left the library file but whose tags stay pullable (deprecated).
const RETIRED: &[&str] = &["centos", "consul", "vault", "jenkins", "java", "owncloud", "sentry", "nats-streaming", "express"];

pub(super) fn official_names() -> impl Iterator<Item = &'static str> {
    OFFICIAL.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).chain(RETIRED.iter().copied())
}

fn is_official(name: &str) -> bool {
    official_names().any(|n| n == name)
}

/// Hosts the simulated network reaches: Docker Hub and the public registries of the
/// Kubernetes documentation and common tutorials (Artifact Registry is `REGION-docker.pkg.dev`).
pub(super) fn reachable(domain: &str) -> bool {
    const HOSTS: &[&str] = &[
        "docker.io",
        "registry.k8s.io",
        "k8s.gcr.io",
        "gcr.io",
        "ghcr.io",
        "quay.io",
        "mcr.microsoft.com",
        "public.ecr.aws",
        "registry.gitlab.com",
        "docker.elastic.co",
        "nvcr.io",
    ];
    HOSTS.contains(&domain) || domain.ends_with(".gcr.io") || domain.ends_with("-docker.pkg.dev")
}

/// Whether the registry has the repository: on Docker Hub an official name or any user
/// namespace; on the other public registries any path.
pub(super) fn repository_exists(r: &ImageRef) -> bool {
    match (r.domain.as_str(), r.path.strip_prefix("library/")) {
        ("docker.io", Some(name)) => is_official(name),
        _ => true,
    }
}

/// Words tags are made of besides version numbers (`6.2.1-apache`, `3.12-slim-bookworm`,
/// `17-jdk`, `lts-alpine`).
const TAG_WORDS: &[&str] = &[
    "latest",
    "stable",
    "mainline",
    "edge",
    "lts",
    "current",
    "alpine",
    "slim",
    "bookworm",
    "bullseye",
    "buster",
    "stretch",
    "trixie",
    "jammy",
    "noble",
    "focal",
    "bionic",
    "xenial",
    "ubi",
    "ubi8",
    "ubi9",
    "jdk",
    "jre",
    "apache",
    "fpm",
    "cli",
    "zts",
    "management",
    "debian",
    "ubuntu",
    "centos",
    "rocky",
    "windowsservercore",
    "nanoserver",
    "ltsc",
    "musl",
    "glibc",
    "uclibc",
    "perl",
    "otel",
    "community",
    "enterprise",
    "oss",
    "release",
    "nightly",
    "dev",
    "beta",
    "rc",
    "alpha",
    "canary",
    "temurin",
    "openjdk",
    "corretto",
    "full",
    "minimal",
    "distroless",
    "nonroot",
    "root",
    "rootless",
    "amd64",
    "arm64",
    "arm",
    "armv7",
    "ppc64le",
    "s390x",
    "linux",
    "windows",
    "server",
    "client",
    "base",
    "runtime",
    "sdk",
    "aspnet",
    "chiseled",
    "extra",
    "debug",
    "plain",
    "text",
    "scratch",
    "web",
    "app",
    "main",
    "master",
    "go",
    "node",
    "python",
    "java",
    "php",
    "ruby",
    "rust",
    "maven",
    "gradle",
    "tomcat",
    "nginx",
    "unprivileged",
    "onbuild",
    "builder",
    "focal",
    "oracle",
    "oraclelinux",
    "amazonlinux",
    "al2",
    "al2023",
    "graalvm",
    "eclipse",
    "mysql",
    "postgres",
    "jessie",
    "wheezy",
    "precise",
    "trusty",
    "hardened",
    "fips",
    "sha",
    "mariadb",
    "apache2",
    "alpha",
    "preview",
    "insiders",
];

/// A tag the image could have: made of version numbers (`1.14.2`, `v5`, `0.21`), commit
/// hashes and the words tags use. `doesnotexist` or `no-such-tag` are not.
pub(super) fn plausible_tag(tag: &str) -> bool {
    tag.split(['-', '_', '.', '+']).filter(|p| !p.is_empty()).all(|part| {
        let word = part.trim_end_matches(|c: char| c.is_ascii_digit());
        part.starts_with(|c: char| c.is_ascii_digit())
            || (part.starts_with('v') && part[1..].starts_with(|c: char| c.is_ascii_digit()))
            || TAG_WORDS.contains(&word)
            || (part.len() >= 7 && part.bytes().all(|b| b.is_ascii_hexdigit()) && part.bytes().any(|b| b.is_ascii_digit()))
    })
}

/// `major.minor` of a version tag (`1.14.2-alpine` → (1, 14)); a missing minor is
/// unbounded.
fn version(tag: &str) -> Option<(u64, u64)> {
    let v = tag.strip_prefix('v').unwrap_or(tag);
    let mut parts = v.split(['-', '_']).next()?.split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next().map_or(Ok(u64::MAX), str::parse).ok()?;
    Some((major, minor))
}

/// Whether a version tag is no newer than the newest of the catalog's `known` tags: old
/// releases stay on the registry (`nginx:1.14.2`), versions not yet released do not
/// exist (`nginx:9.99`).
pub(super) fn not_newer(tag: &str, known: &[&str]) -> bool {
    match (version(tag), known.iter().filter_map(|k| version(k)).max()) {
        (Some(v), Some(newest)) => v <= newest,
        _ => true,
    }
}

/// The official image a missing Docker Hub name is likely a typo of (`ngnix` → `nginx`):
/// the nearest name within two edits (one for names of four letters or fewer).
pub fn suggestion(r: &ImageRef) -> Option<String> {
    let name = r.path.strip_prefix("library/").filter(|_| r.domain == "docker.io")?;
    if is_official(name) {
        return None;
    }
    let limit = if name.len() <= 4 { 1 } else { 2 };
    let best = official_names().map(|n| (edits(name, n), n)).filter(|(d, _)| *d <= limit).min()?;
    let tag = if r.tag.is_empty() { String::new() } else { format!(":{}", r.tag) };
    Some(format!("{}{tag}", best.1))
}

/// Levenshtein distance with adjacent transpositions counted as one edit.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

/// How `registry private NAME` keeps NAME: a host (`ghcr.io`), a Docker Hub namespace
/// (`acme` → `docker.io/acme`), or a repository in the normalized form (`acme/app` →
/// `docker.io/acme/app`). `None` when NAME is no image name or carries a tag.
pub fn private_name(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('/');
    if !name.contains('/') {
        let (host, port) = name.split_once(':').unwrap_or((name, ""));
        let is_host = (host.contains('.') || host == "localhost") && port.bytes().all(|b| b.is_ascii_digit());
        if is_host {
            let ok = host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b));
            return ok.then(|| name.to_ascii_lowercase());
        }
        let plain = !name.is_empty() && !name.contains([':', '@']);
        return ImageRef::parse(name).ok().filter(|_| plain).map(|_| format!("docker.io/{name}"));
    }
    let r = ImageRef::parse(name).ok()?;
    // `docker.io/acme` is the namespace again (what this function gave for `acme`).
    let path = match r.path.strip_prefix("library/") {
        Some(ns) if r.domain == "docker.io" && !name.contains("library/") => ns,
        _ => r.path.as_str(),
    };
    (r.tag == "latest" && r.digest.is_empty() && !name.ends_with(":latest")).then(|| format!("{}/{path}", r.domain))
}

/// Whether the registry wants credentials for `r`: a repository under a `private/`
/// namespace, or one a script marked private (its host, or it or a namespace above it).
pub fn is_private(r: &ImageRef, marked: &BTreeSet<String>) -> bool {
    if r.path.starts_with("private/") {
        return true;
    }
    // Asked for every container the kubelet starts; most scripts mark nothing.
    if marked.is_empty() {
        return false;
    }
    let full = format!("{}/{}", r.domain, r.path);
    marked.iter().any(|m| *m == r.domain || full == *m || full.strip_prefix(m.as_str()).is_some_and(|rest| rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_that_look_like_tags() {
        for t in
            ["1.14.2", "v5", "6.2.1-apache", "3.12-slim-bookworm", "17-jdk", "1.0-3.4.10", "lts-alpine", "alpine3.20", "latest", "0.21"]
        {
            assert!(plausible_tag(t), "{t}");
        }
        for t in ["doesnotexist", "no-such-tag", "typo", "lastest"] {
            assert!(!plausible_tag(t), "{t}");
        }
        let nginx = &["latest", "1.27", "1.29", "alpine"];
        assert!(not_newer("1.14.2", nginx) && not_newer("1.29.1-alpine", nginx) && not_newer("stable", nginx));
        assert!(!not_newer("9.99", nginx) && !not_newer("1.99", nginx) && !not_newer("2.0", nginx));
    }

    #[test]
    fn a_near_miss_suggests_the_official_name() {
        let s = |i: &str| suggestion(&ImageRef::parse(i).unwrap());
        assert_eq!(s("ngnix:1.27").as_deref(), Some("nginx:1.27"));
        assert_eq!(s("postgress").as_deref(), Some("postgres:latest"));
        assert_eq!(s("nginx"), None);
        assert_eq!(s("spring-server"), None);
        assert_eq!(s("acme/ngnix"), None, "only official names are guessed");
    }

    #[test]
    fn private_repositories() {
        let marked: BTreeSet<String> = ["ghcr.io".to_string(), private_name("acme").unwrap(), private_name("corp/app").unwrap()].into();
        let p = |i: &str| is_private(&ImageRef::parse(i).unwrap(), &marked);
        assert!(p("private/app:1"));
        assert!(p("ghcr.io/x/y:1"));
        assert!(p("docker.io/corp/app:2"));
        assert!(p("acme/web:1"));
        assert!(!p("corp/application:2"));
        assert!(!p("nginx"));
        assert_eq!(private_name("acme").as_deref(), Some("docker.io/acme"));
        for name in ["acme", "acme/app", "ghcr.io", "ghcr.io/acme", "localhost:5000/x"] {
            let once = private_name(name).unwrap();
            assert_eq!(private_name(&once).as_deref(), Some(once.as_str()), "the log keeps what the line gave");
        }
        assert_eq!(private_name("nginx:1.27"), None);
        assert_eq!(private_name("Bad Name"), None);
    }
}
