//! What an image outside the catalog is like, by its family (the repository's last name):
//! web servers and brokers serve their port, databases want their password variable,
//! language runtimes and shells run the command given (or exit), and an image nobody
//! knows keeps running and listens on the ports its container declares. Size and digest
//! are derived from the full reference, so the same reference is the same image.

use super::catalog::{self, MIB};
use super::{Behaviour, Image, ImageRef};
use crate::time::{Millis, SECOND};

/// A server by repository name: ports, start-up time, memory (MiB), the program as `ps`
/// shows it, and a typical size (MB).
type Server = (&'static str, &'static [u16], Millis, i64, &'static str, u64);

const SERVERS: &[Server] = &[
    ("nginx", &[80], 500, 8, "nginx: master process nginx -g daemon off;", 190),
    ("nginx-slim", &[80], 300, 6, "nginx: master process nginx -g daemon off;", 45),
    ("nginx-unprivileged", &[8080], 500, 8, "nginx: master process nginx -g daemon off;", 190),
    ("httpd", &[80], 500, 10, "httpd-foreground", 150),
    ("apache", &[80], 500, 10, "httpd-foreground", 150),
    ("caddy", &[80, 443], 300, 12, "caddy run --config /etc/caddy/Caddyfile", 50),
    ("traefik", &[80, 8080], 1_000, 40, "traefik", 190),
    ("haproxy", &[80], 300, 10, "haproxy -W -db -f /usr/local/etc/haproxy/haproxy.cfg", 110),
    ("varnish", &[80], 500, 60, "varnishd -F", 270),
    ("tomcat", &[8080], 4_000, 150, "catalina.sh run", 460),
    ("tomee", &[8080], 5_000, 200, "catalina.sh run", 520),
    ("jetty", &[8080], 3_000, 120, "java -jar /usr/local/jetty/start.jar", 440),
    ("wordpress", &[80], 2_000, 40, "apache2 -DFOREGROUND", 700),
    ("drupal", &[80], 2_000, 40, "apache2 -DFOREGROUND", 560),
    ("joomla", &[80], 2_000, 40, "apache2 -DFOREGROUND", 640),
    ("mediawiki", &[80], 2_000, 40, "apache2 -DFOREGROUND", 800),
    ("nextcloud", &[80], 3_000, 60, "apache2 -DFOREGROUND", 1_250),
    ("matomo", &[80], 2_000, 40, "apache2 -DFOREGROUND", 620),
    ("phpmyadmin", &[80], 1_000, 30, "apache2 -DFOREGROUND", 560),
    ("adminer", &[8080], 500, 15, "php -S [::]:8080 -t /var/www/html", 120),
    ("ghost", &[2368], 4_000, 120, "node current/index.js", 590),
    ("redmine", &[3000], 6_000, 150, "rails server -b 0.0.0.0", 600),
    ("odoo", &[8069], 6_000, 150, "odoo", 1_500),
    ("gb-frontend", &[80], 1_000, 20, "apache2 -DFOREGROUND", 140),
    ("echoserver", &[8080], 500, 10, "nginx -g daemon off;", 95),
    ("hello-app", &[8080], 200, 5, "/hello-app", 11),
    ("redis", &[6379], 300, 12, "redis-server *:6379", 117),
    ("gb-redis-follower", &[6379], 300, 12, "redis-server *:6379", 105),
    ("gb-redis-leader", &[6379], 300, 12, "redis-server *:6379", 105),
    ("valkey", &[6379], 300, 12, "valkey-server *:6379", 120),
    ("memcached", &[11211], 200, 8, "memcached", 85),
    ("mongo", &[27017], 3_000, 150, "mongod --bind_ip_all", 800),
    ("cassandra", &[9042, 7000], 20 * SECOND, 1_000, "cassandra -f", 350),
    (
        "kubernetes-zookeeper",
        &[2181, 2888, 3888],
        3_000,
        200,
        "java -cp zookeeper.jar org.apache.zookeeper.server.quorum.QuorumPeerMain",
        300,
    ),
    ("zookeeper", &[2181], 3_000, 200, "zkServer.sh start-foreground", 300),
    ("kafka", &[9092], 8_000, 400, "kafka-server-start.sh", 600),
    ("rabbitmq", &[5672, 15672], 5_000, 120, "rabbitmq-server", 250),
    ("nats", &[4222], 200, 10, "nats-server", 20),
    ("eclipse-mosquitto", &[1883], 200, 5, "mosquitto -c /mosquitto/config/mosquitto.conf", 12),
    ("emqx", &[1883], 3_000, 150, "emqx foreground", 400),
    ("elasticsearch", &[9200, 9300], 15 * SECOND, 1_000, "java org.elasticsearch.bootstrap.Elasticsearch", 1_200),
    ("kibana", &[5601], 15 * SECOND, 400, "node src/cli/dist", 1_000),
    ("logstash", &[5044, 9600], 15 * SECOND, 600, "logstash", 800),
    ("fluentd", &[24224], 2_000, 60, "fluentd -c /fluentd/etc/fluent.conf", 180),
    ("fluentd-elasticsearch", &[24224], 2_000, 60, "fluentd", 180),
    ("fluent-bit", &[2020], 500, 10, "fluent-bit", 80),
    ("influxdb", &[8086], 2_000, 80, "influxd", 400),
    ("telegraf", &[8125], 500, 30, "telegraf", 300),
    ("grafana", &[3000], 3_000, 80, "grafana server", 400),
    ("prometheus", &[9090], 2_000, 100, "prometheus", 280),
    ("alertmanager", &[9093], 500, 20, "alertmanager", 70),
    ("node-exporter", &[9100], 200, 10, "node_exporter", 25),
    ("consul", &[8500], 1_000, 40, "consul agent -dev", 160),
    ("vault", &[8200], 1_000, 80, "vault server -dev", 400),
    ("etcd", &[2379, 2380], 1_000, 40, "etcd", 60),
    ("registry", &[5000], 300, 10, "registry serve /etc/docker/registry/config.yml", 25),
    ("couchdb", &[5984], 3_000, 80, "couchdb", 250),
    ("couchbase", &[8091], 10 * SECOND, 400, "couchbase-server", 800),
    ("neo4j", &[7474, 7687], 8_000, 500, "neo4j console", 550),
    ("arangodb", &[8529], 3_000, 200, "arangod", 450),
    ("rethinkdb", &[28015, 8080], 1_000, 80, "rethinkdb --bind all", 130),
    ("clickhouse", &[8123, 9000], 3_000, 300, "clickhouse-server", 600),
    ("minio", &[9000], 500, 60, "minio server /data", 160),
    ("solr", &[8983], 8_000, 500, "solr-foreground", 600),
    ("sonarqube", &[9000], 30 * SECOND, 1_500, "java -jar lib/sonarqube.jar", 800),
    ("jenkins", &[8080, 50000], 15 * SECOND, 500, "java -jar /usr/share/jenkins/jenkins.war", 470),
    ("keycloak", &[8080], 10 * SECOND, 400, "kc.sh start-dev", 450),
    ("kong", &[8000, 8443], 2_000, 100, "kong docker-start", 300),
    ("unit", &[80], 300, 10, "unitd --no-daemon", 200),
    ("coredns", &[53], 300, 15, "/coredns", 50),
];

/// Runtimes, shells and distributions: with no command they exit 0 (a REPL or shell with
/// no terminal), and any command given runs. Sizes in MB.
const RUNTIMES: &[(&str, &str, u64)] = &[
    ("busybox", "sh", 4),
    ("alpine", "/bin/sh", 8),
    ("cirros", "/bin/sh", 20),
    ("ubuntu", "/bin/bash", 78),
    ("debian", "bash", 117),
    ("centos", "/bin/bash", 204),
    ("fedora", "/bin/bash", 160),
    ("rockylinux", "/bin/bash", 180),
    ("almalinux", "/bin/bash", 190),
    ("amazonlinux", "/bin/bash", 150),
    ("oraclelinux", "/bin/bash", 230),
    ("archlinux", "/usr/bin/bash", 430),
    ("photon", "/bin/bash", 40),
    ("clearlinux", "/bin/bash", 100),
    ("mageia", "/bin/bash", 300),
    ("alt", "/bin/bash", 120),
    ("bash", "bash", 14),
    ("python", "python3", 1_020),
    ("pypy", "pypy3", 900),
    ("node", "node", 1_100),
    ("golang", "bash", 850),
    ("openjdk", "jshell", 470),
    ("eclipse-temurin", "jshell", 410),
    ("amazoncorretto", "jshell", 450),
    ("sapmachine", "jshell", 450),
    ("azul-zulu", "jshell", 430),
    ("ibm-semeru-runtimes", "jshell", 450),
    ("ibmjava", "jshell", 400),
    ("java", "jshell", 640),
    ("ruby", "irb", 1_000),
    ("jruby", "irb", 600),
    ("perl", "perl", 890),
    ("php", "php -a", 500),
    ("rust", "bash", 1_500),
    ("gcc", "bash", 1_400),
    ("erlang", "erl", 1_200),
    ("elixir", "iex", 1_300),
    ("haskell", "ghci", 1_700),
    ("julia", "julia", 900),
    ("r-base", "R", 800),
    ("swift", "swift", 2_200),
    ("dart", "bash", 800),
    ("clojure", "lein repl", 700),
    ("groovy", "groovysh", 600),
    ("maven", "jshell", 700),
    ("gradle", "jshell", 900),
    ("hylang", "hy", 1_000),
    ("nim", "bash", 900),
    ("haxe", "haxe", 700),
    ("rakudo-star", "raku", 500),
    ("swipl", "swipl", 500),
    ("buildpack-deps", "bash", 800),
    ("docker", "sh", 350),
    ("curl", "curl", 25),
    ("kubectl", "kubectl", 60),
    ("hello-world", "/hello", 1),
];

/// A number in 0..1000 from the reference, for sizes that differ per tag.
fn spread(full: &str) -> u64 {
    let d = super::digest_of(full);
    u64::from_str_radix(&d[7..11], 16).unwrap_or(0) % 1000
}

pub(super) fn derive(r: &ImageRef) -> Image {
    let full = r.full();
    let name = r.path.rsplit('/').next().unwrap_or(&r.path);
    let official = r.domain == "docker.io" && r.path.starts_with("library/");
    let entrypoint: &'static [&'static str] = if official { &["docker-entrypoint.sh"] } else { &[] };
    // vish/stress (the documentation's CPU example) runs `/stress -logtostderr` with the
    // container's args.
    let (behaviour, mb, entrypoint) = if r.path == "vish/stress" {
        (Behaviour { open: true, ..catalog::shell("/stress", MIB) }, 10, &["/stress", "-logtostderr"][..])
    } else {
        family(name, &r.tag, entrypoint)
    };
    // Slim and alpine variants are a fraction of the full image.
    let small = r.tag.contains("alpine") || r.tag.contains("slim");
    let mb = if small && mb > 50 { mb / 3 } else { mb };
    // ±15 % around the family's size, fixed by the reference.
    let size = mb * 1_000_000 / 1000 * (850 + spread(&full) * 300 / 1000);
    Image { size, behaviour, entrypoint }
}

fn family(name: &str, tag: &str, entrypoint: &'static [&'static str]) -> (Behaviour, u64, &'static [&'static str]) {
    let open = |b: Behaviour| Behaviour { open: true, ..b };
    match name {
        "mysql" | "percona" | "mariadb" => {
            let (env, log): (&'static [&'static str], &'static str) =
                if name == "mariadb" { (MARIADB_ENV, MARIADB_LOG) } else { (catalog::MYSQL_ENV, catalog::MYSQL_LOG) };
            let b = Behaviour { requires_env: env, missing_env_log: log, ..catalog::serve(&[3306], 8 * SECOND, 360 * MIB, 5.0, "mysqld") };
            return (open(b), 600, entrypoint);
        }
        "postgres" | "postgis" => {
            let b = Behaviour {
                requires_env: catalog::POSTGRES_ENV,
                missing_env_log: catalog::POSTGRES_LOG,
                ..catalog::serve(&[5432], 3 * SECOND, 40 * MIB, 5.0, "postgres")
            };
            return (open(b), 440, entrypoint);
        }
        // php's variants: `-apache` serves on 80, `-fpm` on 9000, the CLI exits.
        "php" if tag.contains("apache") => {
            return (open(catalog::serve(&[80], 1_000, 20 * MIB, 2.0, "apache2 -DFOREGROUND")), 500, &["docker-php-entrypoint"])
        }
        "php" if tag.contains("fpm") => {
            return (open(catalog::serve(&[9000], 500, 20 * MIB, 2.0, "php-fpm")), 480, &["docker-php-entrypoint"])
        }
        _ => {}
    }
    if let Some((_, ports, startup, mem, program, mb)) = SERVERS.iter().find(|s| s.0 == name) {
        return (open(catalog::serve(ports, *startup, *mem * MIB, 2.0, program)), *mb, entrypoint);
    }
    if let Some((_, program, mb)) = RUNTIMES.iter().find(|s| s.0 == name) {
        return (open(catalog::shell(program, 4 * MIB)), *mb, &[]);
    }
    let unknown = Behaviour { serves_declared: true, ..open(catalog::serve(&[], SECOND, 20 * MIB, 1.0, "")) };
    (unknown, 120, &[])
}

/// mariadb's entrypoint takes its own variables or mysql's.
const MARIADB_ENV: &[&str] = &[
    "MARIADB_ROOT_PASSWORD",
    "MARIADB_ROOT_PASSWORD_HASH",
    "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD",
    "MARIADB_RANDOM_ROOT_PASSWORD",
    "MYSQL_ROOT_PASSWORD",
    "MYSQL_ALLOW_EMPTY_PASSWORD",
    "MYSQL_RANDOM_ROOT_PASSWORD",
];
const MARIADB_LOG: &str = "[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD";
