//! The images kubeplay knows in detail: their tags, sizes, ENTRYPOINT and what their
//! process does. Other images that exist on the registries get a behaviour by family
//! (`families.rs`).

use super::Behaviour;
use crate::time::{Millis, SECOND};

pub struct CatalogEntry {
    pub domain: &'static str,
    pub path: &'static str,
    pub tags: &'static [&'static str],
    /// Uncompressed size in bytes (what the kubelet reports as "Image size").
    pub size: u64,
    pub behaviour: Behaviour,
}

pub(super) const MIB: i64 = 1 << 20;

pub(super) const fn serve(ports: &'static [u16], startup: Millis, memory: i64, cpu: f64, program: &'static str) -> Behaviour {
    Behaviour {
        ports,
        startup,
        exits: None,
        memory,
        cpu_per_request: cpu,
        program,
        requires_env: &[],
        missing_env_log: "",
        open: false,
        serves_declared: false,
    }
}

pub(super) const fn shell(program: &'static str, memory: i64) -> Behaviour {
    Behaviour {
        ports: &[],
        startup: 0,
        exits: Some(0),
        memory,
        cpu_per_request: 0.0,
        program,
        requires_env: &[],
        missing_env_log: "",
        open: false,
        serves_declared: false,
    }
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

/// postgres' entrypoint starts with a password, or with `trust` authentication.
pub(super) const POSTGRES_ENV: &[&str] = &["POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD"];
pub(super) const POSTGRES_LOG: &str = "Error: Database is uninitialized and superuser password is not specified.\n       You must specify POSTGRES_PASSWORD to a non-empty value for the\n       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".\n\n       You may also use \"POSTGRES_HOST_AUTH_METHOD=trust\" to allow all\n       connections without a password. This is *not* recommended.\n\n       See PostgreSQL documentation about \"trust\":\n       https://www.postgresql.org/docs/current/auth-trust.html";
/// mysql's (and percona's) entrypoint wants one of these.
pub(super) const MYSQL_ENV: &[&str] = &["MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD"];
pub(super) const MYSQL_LOG: &str = "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD";

pub const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        domain: "docker.io",
        path: "library/nginx",
        tags: &["latest", "1.25", "1.26", "1.27", "1.28", "1.29", "alpine", "stable", "mainline"],
        size: 192_004_242,
        behaviour: serve(&[80], 500, 8 * MIB, 2.0, "nginx: master process nginx -g daemon off;"),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/httpd",
        tags: &["latest", "2.4", "alpine"],
        size: 148_189_640,
        behaviour: serve(&[80], 500, 10 * MIB, 2.0, "httpd-foreground"),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/busybox",
        tags: &["latest", "1.28", "1.36", "1.37", "stable", "musl", "glibc"],
        size: 4_269_000,
        behaviour: shell("sh", MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/alpine",
        tags: &["latest", "3.19", "3.20", "3.21", "3.22"],
        size: 8_310_000,
        behaviour: shell("/bin/sh", MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/ubuntu",
        tags: &["latest", "22.04", "24.04", "jammy", "noble"],
        size: 78_118_000,
        behaviour: shell("/bin/bash", 2 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/debian",
        tags: &["latest", "12", "bookworm", "bookworm-slim"],
        size: 116_700_000,
        behaviour: shell("bash", 2 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/redis",
        tags: &["latest", "7", "7.2", "7.4", "8", "alpine"],
        size: 117_400_000,
        behaviour: serve(&[6379], 300, 12 * MIB, 0.5, "redis-server *:6379"),
    },
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
            requires_env: POSTGRES_ENV,
            missing_env_log: POSTGRES_LOG,
            open: false,
            serves_declared: false,
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
            requires_env: MYSQL_ENV,
            missing_env_log: MYSQL_LOG,
            open: false,
            serves_declared: false,
        },
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/perl",
        tags: &["latest", "5", "5.34", "5.34.0", "5.40", "slim"],
        size: 889_700_000,
        behaviour: shell("perl", 4 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/openjdk",
        tags: &["17-jdk", "17", "21-jdk", "21"],
        size: 470_800_000,
        behaviour: shell("jshell", 60 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/eclipse-temurin",
        tags: &["17-jdk", "17-jre", "21-jdk", "21-jre", "latest"],
        size: 407_000_000,
        behaviour: shell("jshell", 60 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/python",
        tags: &["latest", "3.11", "3.12", "3.13", "3.12-slim", "3.13-slim", "alpine"],
        size: 1_020_000_000,
        behaviour: shell("python3", 10 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/node",
        tags: &["latest", "18", "20", "22", "24", "lts", "alpine"],
        size: 1_110_000_000,
        behaviour: shell("node", 40 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/golang",
        tags: &["latest", "1.23", "1.24", "alpine"],
        size: 852_000_000,
        behaviour: shell("bash", 2 * MIB),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "library/traefik",
        tags: &["latest", "v3", "v3.4"],
        size: 190_000_000,
        behaviour: serve(&[80, 8080], 1_000, 40 * MIB, 1.0, "traefik"),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "traefik/whoami",
        tags: &["latest", "v1.10", "v1.11"],
        size: 6_800_000,
        behaviour: serve(&[80], 100, 4 * MIB, 0.5, "/whoami"),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "hashicorp/http-echo",
        tags: &["latest", "1.0"],
        size: 6_600_000,
        behaviour: serve(&[5678], 100, 3 * MIB, 0.5, "/http-echo"),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "kennethreitz/httpbin",
        tags: &["latest"],
        size: 534_000_000,
        behaviour: serve(&[80], 2 * SECOND, 45 * MIB, 3.0, "gunicorn -b 0.0.0.0:80 httpbin:app -k gevent"),
    },
    CatalogEntry {
        domain: "docker.io",
        path: "nginxdemos/hello",
        tags: &["latest", "plain-text"],
        size: 23_400_000,
        behaviour: serve(&[80], 300, 6 * MIB, 2.0, "nginx: master process nginx -g daemon off;"),
    },
    CatalogEntry {
        domain: "registry.k8s.io",
        path: "pause",
        tags: &["3.9", "3.10"],
        size: 736_000,
        behaviour: serve(&[], 0, MIB, 0.0, "/pause"),
    },
    CatalogEntry {
        domain: "registry.k8s.io",
        path: "echoserver",
        tags: &["1.10", "1.4"],
        size: 95_400_000,
        behaviour: serve(&[8080], 500, 10 * MIB, 1.0, "nginx -g daemon off;"),
    },
    CatalogEntry {
        domain: "registry.k8s.io",
        path: "hpa-example",
        tags: &["latest"],
        size: 481_000_000,
        behaviour: serve(&[80], 1_000, 20 * MIB, 200.0, "apache2-foreground"),
    },
    CatalogEntry {
        domain: "gcr.io",
        path: "google-samples/hello-app",
        tags: &["1.0", "2.0"],
        size: 11_600_000,
        behaviour: serve(&[8080], 200, 5 * MIB, 1.0, "/hello-app"),
    },
    CatalogEntry {
        domain: "registry.k8s.io",
        path: "e2e-test-images/agnhost",
        tags: &["2.39", "2.52", "2.53"],
        size: 56_000_000,
        behaviour: serve(&[80], 300, 10 * MIB, 1.0, "/agnhost serve-hostname"),
    },
    CatalogEntry {
        domain: "registry.k8s.io",
        path: "metrics-server/metrics-server",
        tags: &["v0.7.1", "v0.7.2", "v0.8.0"],
        size: 67_300_000,
        behaviour: serve(&[10250], 1_000, 20 * MIB, 0.5, "/metrics-server"),
    },
    CatalogEntry {
        domain: "registry.k8s.io",
        path: "ingress-nginx/controller",
        tags: &["v1.11.5", "v1.12.0", "v1.12.1", "v1.12.2"],
        size: 315_000_000,
        // nginx on 80/443, the admission webhook on 8443, /healthz and metrics on 10254.
        behaviour: serve(&[80, 443, 8443, 10254], 2 * SECOND, 90 * MIB, 1.0, "/nginx-ingress-controller"),
    },
];
