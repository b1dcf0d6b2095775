//! The network tools a container runs under `kubectl exec` (`nslookup`, `getent hosts`,
//! `curl`, `wget`, `nc -z`, `redis-cli ping`, `cat /etc/resolv.conf`): what they print and
//! how they exit, as busybox, curl and glibc word it. What the cluster answers comes
//! through `Network`, which the caller implements over the cluster as the pod sees it.
//! A main process's script gets the cluster's DNS alone (its output is worked out at
//! start, and again when a name it waits for comes to resolve).

/// What the pod's network answers.
pub trait Network {
    /// The pod's `/etc/resolv.conf`.
    fn resolv_conf(&self) -> Vec<String>;
    /// The first nameserver and, when it answers, its reverse name.
    fn server(&self) -> (String, Option<String>);
    fn lookup(&self, name: &str) -> Lookup;
    /// A TCP connection (and one request on it) to `ip:port`.
    fn connect(&self, ip: &str, port: u16) -> Connection;
    /// The container's image reference (busybox's tools changed their wording in 1.29).
    fn image(&self) -> String;
    /// The pod's host name (what `hostname` prints): the pod's name.
    fn hostname(&self) -> String {
        String::new()
    }
    /// What an HTTP request for `host` and `path` gets from the pod that answered, when
    /// that pod is an ingress controller (it routes by Host and path); `None` for any
    /// other server.
    fn http(&self, _pod: &str, _host: &str, _path: &str) -> Option<Http> {
        None
    }
    /// The page the pod that answered on `port` serves for `path`, when kubeplay knows
    /// it (see `web`).
    fn page(&self, _namespace: &str, _pod: &str, _port: u16, _path: &str) -> Option<(u16, String)> {
        None
    }
    /// Names only, no connections: the network a container's own script starts with.
    fn dns_only(&self) -> bool {
        false
    }
    /// The script's clock (from its start), set before each tool runs: a network whose
    /// answers changed while the script ran answers as they were then.
    fn clock(&self, _t: crate::time::Millis) {}
    /// From when (on the script's clock) its answers may differ from the first ones: a
    /// waiting loop is followed turn by turn until then.
    fn changes_at(&self) -> crate::time::Millis {
        0
    }
}

/// An ingress controller's answer to an HTTP request.
#[derive(Clone, Debug, PartialEq)]
pub enum Http {
    /// Passed on through the Ingress `ingress` to a backend, whose connection went so.
    /// `page`: the backend's answer, when kubeplay knows it (boxed: rare, and large).
    Proxied { ingress: String, connection: Connection, page: Option<Box<(u16, String)>> },
    /// nginx answered itself (`404` from its default backend, `503` without endpoints):
    /// the status, the page, and kubeplay's reason.
    Status { code: u16, body: String, why: String },
    /// nginx's `308 Permanent Redirect` of a plain-HTTP request to `location`.
    Redirect { location: String, why: String },
}

/// How curl shows an HTTP answer: the status line for `-I`, else the body (or kubeplay's
/// stand-in for a page it does not simulate), then `-w`'s code.
fn shown(code: u16, body: &str, head: bool, discard: bool, write_out: &Option<String>) -> Vec<String> {
    let mut out = Vec::new();
    if head {
        out.push(format!("HTTP/1.1 {code} {}", reason(code)));
    } else if !discard {
        out.extend(body.lines().map(str::to_string));
    }
    if let Some(w) = write_out {
        out.push(w.replace("%{http_code}", &code.to_string()).replace("\\n", ""));
    }
    out
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        308 => "Permanent Redirect",
        403 => "Forbidden",
        404 => "Not Found",
        502 => "Bad Gateway",
        503 => "Service Temporarily Unavailable",
        504 => "Gateway Time-out",
        _ => "",
    }
}

/// nginx's own page for a status it answers (what ingress-nginx returns on errors).
pub fn nginx_page(code: u16) -> String {
    let r = reason(code);
    format!("<html>\n<head><title>{code} {r}</title></head>\n<body>\n<center><h1>{code} {r}</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>")
}

/// What curl prints for an ingress controller's answer.
pub fn curl_http(answer: Http, head: bool, discard: bool, write_out: &Option<String>) -> Vec<String> {
    match answer {
        Http::Status { code, body, why } => {
            let mut out = shown(code, &body, head, discard, write_out);
            out.push(format!("{NOTE}{why}"));
            out
        }
        Http::Redirect { location, why } => {
            let mut out = shown(308, &nginx_page(308), head, discard, write_out);
            if head {
                out.insert(1, format!("Location: {location}"));
            }
            out.push(format!("{NOTE}{why}"));
            out
        }
        Http::Proxied { ingress, connection, page } => match connection {
            Connection::Answered { .. } if page.is_some() => {
                let (code, body) = page.map(|p| *p).unwrap_or_default();
                shown(code, &body, head, discard, write_out)
            }
            Connection::Answered { pod, program, .. } => {
                let body = format!("{NOTE}200 OK from pod {pod} ({program}) through ingress {ingress}; the page itself is not simulated");
                shown(200, &body, head, discard, write_out)
            }
            Connection::Refused(why) => {
                let mut out = shown(502, &nginx_page(502), head, discard, write_out);
                out.push(format!("{NOTE}ingress {ingress} sent it on, and the backend refused: {why}"));
                out
            }
            Connection::Dropped(why) | Connection::Unreachable(why) => {
                let mut out = shown(504, &nginx_page(504), head, discard, write_out);
                out.push(format!("{NOTE}ingress {ingress} sent it on and nginx gave up after its 60 s proxy timeout: {why}"));
                out
            }
        },
    }
}

/// What a name resolved to.
#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// `name` is the fully qualified name that answered; `reverse` the name each
    /// address has in reverse, if any.
    Found {
        name: String,
        cname: Option<String>,
        ips: Vec<(String, Option<String>)>,
    },
    NotFound,
    /// No nameserver answered (kubeplay's reason).
    NoServer(String),
    /// The Internet's DNS would answer; kubeplay does not simulate it.
    Outside {
        name: String,
        cname: Option<String>,
    },
}

/// How a connection went.
#[derive(Clone, Debug, PartialEq)]
pub enum Connection {
    /// A process of the pod `pod` in `namespace` accepted it on `port` (a Service's
    /// target port); `program` is what listens (as `ps` shows it).
    Answered { pod: String, namespace: String, port: u16, program: String },
    /// Nothing listens there, or the Service has no endpoints (kube-proxy rejects).
    Refused(String),
    /// The packets were dropped (a NetworkPolicy, a dead node): the client waits.
    Dropped(String),
    /// No route to that address.
    Unreachable(String),
}

const NOTE: &str = "kubeplay: ";

/// busybox before 1.29 has the classic nslookup (`Address 1:` lines, `can't resolve`).
fn classic_busybox(image: &str) -> bool {
    let Some((repo, tag)) = image.rsplit_once(':') else { return false };
    if !repo.ends_with("busybox") {
        return false;
    }
    let mut nums = tag.split(['.', '-']).map(|n| n.parse::<u32>().ok());
    matches!((nums.next().flatten(), nums.next().flatten()), (Some(1), Some(minor)) if minor <= 28)
}

/// `nslookup NAME`.
pub fn nslookup(net: &dyn Network, args: &[String], busybox: bool) -> (Vec<String>, i32) {
    let Some(name) = args.iter().find(|a| !a.starts_with('-')) else {
        return (
            vec![
                "BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.".into(),
                String::new(),
                "Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]".into(),
            ],
            1,
        );
    };
    let (server, server_name) = net.server();
    let answer = net.lookup(name);
    let mut out = Vec::new();
    if busybox && classic_busybox(&net.image()) {
        let reached = !matches!(answer, Lookup::NoServer(_));
        out.push(format!("Server:    {server}"));
        match server_name.filter(|_| reached) {
            Some(n) => out.push(format!("Address 1: {server} {n}")),
            None => out.push(format!("Address 1: {server}")),
        }
        out.push(String::new());
        return match answer {
            Lookup::Found { ips, .. } => {
                out.push(format!("Name:      {name}"));
                for (i, (ip, rev)) in ips.iter().enumerate() {
                    match rev {
                        Some(r) => out.push(format!("Address {}: {ip} {r}", i + 1)),
                        None => out.push(format!("Address {}: {ip}", i + 1)),
                    }
                }
                (out, 0)
            }
            Lookup::Outside { name: n, .. } => {
                out.push(format!("{NOTE}{n} is answered by the Internet's DNS, which kubeplay does not simulate"));
                (out, 0)
            }
            Lookup::NoServer(why) => {
                out.push(format!("nslookup: can't resolve '{name}'"));
                out.push(format!("{NOTE}{why}"));
                (out, 1)
            }
            Lookup::NotFound => {
                out.push(format!("nslookup: can't resolve '{name}'"));
                (out, 1)
            }
        };
    }
    // busybox 1.29 and later, and BIND's nslookup, print the same shape here.
    if let Lookup::NoServer(why) = &answer {
        return (vec![";; connection timed out; no servers could be reached".into(), String::new(), format!("{NOTE}{why}")], 1);
    }
    out.push(format!("Server:\t\t{server}"));
    out.push(format!("Address:\t{server}{}53", if busybox { ":" } else { "#" }));
    out.push(String::new());
    match answer {
        Lookup::Found { name: fqdn, cname, ips } => {
            if let Some(c) = &cname {
                out.push(format!("{fqdn}\tcanonical name = {c}."));
            }
            let shown = cname.clone().unwrap_or(fqdn);
            for (ip, _) in ips {
                out.push(format!("Name:\t{shown}"));
                out.push(format!("Address: {ip}"));
            }
            out.push(String::new());
            (out, 0)
        }
        Lookup::Outside { name: n, cname } => {
            if let Some(c) = cname {
                out.push(format!("{n}\tcanonical name = {c}."));
            }
            out.push(format!("{NOTE}this name is answered by the Internet's DNS, which kubeplay does not simulate"));
            (out, 0)
        }
        _ => {
            out.push(format!("** server can't find {name}: NXDOMAIN"));
            out.push(String::new());
            (out, 1)
        }
    }
}

/// `getent hosts NAME` (glibc): the address and the canonical name; status 2 when the
/// name is unknown.
pub fn getent(net: &dyn Network, args: &[String]) -> (Vec<String>, i32) {
    match args.first().map(String::as_str) {
        Some("hosts" | "ahosts" | "ahostsv4") => {}
        Some(db) => {
            return (vec![format!("Unknown database: {db}"), "Try `getent --help' or `getent --usage' for more information.".into()], 1)
        }
        None => return (vec!["getent: wrong number of arguments".into()], 1),
    }
    let mut out = Vec::new();
    let mut code = 0;
    for name in &args[1..] {
        match net.lookup(name) {
            Lookup::Found { name: fqdn, cname, ips } => {
                let canonical = cname.unwrap_or(fqdn);
                if let Some((ip, _)) = ips.first() {
                    out.push(format!("{ip:<15} {canonical}"));
                }
            }
            Lookup::Outside { name, .. } => {
                out.push(format!("{NOTE}{name} is answered by the Internet's DNS, which kubeplay does not simulate"))
            }
            Lookup::NoServer(_) | Lookup::NotFound => code = 2,
        }
    }
    (out, code)
}

/// A URL's host, port and path (`http://web:8080/x`, `web`, `web:80`).
fn split_url(url: &str) -> (String, u16, String, bool) {
    let https = url.starts_with("https://");
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (hostport, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].to_string()),
        None => (rest, "/".to_string()),
    };
    let (host, port) = match hostport.rsplit_once(':') {
        Some((h, p)) if p.parse::<u16>().is_ok() => (h.to_string(), p.parse().unwrap_or(80)),
        _ => (hostport.to_string(), if https { 443 } else { 80 }),
    };
    (host, port, path, https)
}

/// Whether `program` speaks HTTP (else a plain TCP server: Redis drops an HTTP request).
fn speaks_http(program: &str) -> bool {
    ![
        "redis",
        "valkey",
        "memcached",
        "mongod",
        "postgres",
        "mysqld",
        "mariadbd",
        "coredns",
        "zookeeper",
        "QuorumPeerMain",
        "kafka",
        "rabbitmq",
        "nats",
    ]
    .iter()
    .any(|p| program.contains(p))
}

/// How long a connect waits for a dropped SYN without a timeout: Linux gives up after six
/// retries (1 + 2 + … + 64 s).
const SYN_GIVE_UP_MS: u64 = 127_000;

fn seconds_flag(args: &[String], names: &[&str]) -> Option<f64> {
    args.windows(2)
        .find(|w| names.contains(&w[0].as_str()))
        .and_then(|w| w[1].parse().ok())
        .or_else(|| args.iter().find_map(|a| names.iter().find_map(|n| a.strip_prefix(&format!("{n}="))).and_then(|v| v.parse().ok())))
}

/// `curl [-s] [-I] [-o FILE] [-w FORMAT] [-m S] [--connect-timeout S] URL`.
pub fn curl(net: &dyn Network, args: &[String]) -> (Vec<String>, i32) {
    let takes_value = [
        "-o",
        "--output",
        "-w",
        "--write-out",
        "-m",
        "--max-time",
        "--connect-timeout",
        "-H",
        "--header",
        "-X",
        "--request",
        "-d",
        "--data",
        "-u",
        "--user",
        "-A",
        "--user-agent",
    ];
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if takes_value.contains(&a.as_str()) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') && url.is_none() {
            url = Some(a.clone());
        }
        i += 1;
    }
    let Some(url) = url else {
        return (vec!["curl: try 'curl --help' or 'curl --manual' for more information".into()], 2);
    };
    let flag = |names: &[&str]| {
        args.iter().any(|a| {
            names.contains(&a.as_str())
                || (a.starts_with('-') && !a.starts_with("--") && names.iter().any(|n| n.len() == 2 && a.contains(&n[1..])))
        })
    };
    let silent = flag(&["-s", "--silent"]);
    let show_error = flag(&["-S", "--show-error"]);
    let head = flag(&["-I", "--head"]);
    let write_out = args.windows(2).find(|w| w[0] == "-w" || w[0] == "--write-out").map(|w| w[1].clone());
    let discard = args.windows(2).any(|w| (w[0] == "-o" || w[0] == "--output") && w[1] == "/dev/null");
    let timeout = seconds_flag(args, &["-m", "--max-time", "--connect-timeout"]);
    let (host, port, path, _) = split_url(&url);
    // `-H "Host: name"` names the virtual host, as an Ingress rule's `host` matches it.
    let host_header = args
        .windows(2)
        .filter(|w| w[0] == "-H" || w[0] == "--header")
        .find_map(|w| w[1].split_once(':').filter(|(k, _)| k.trim().eq_ignore_ascii_case("host")).map(|(_, v)| v.trim().to_string()))
        .unwrap_or_else(|| host.clone());
    let error = |code: i32, text: String| -> (Vec<String>, i32) {
        let mut out = Vec::new();
        if let Some(w) = &write_out {
            out.push(w.replace("%{http_code}", "000").replace("\\n", ""));
        }
        if !silent || show_error {
            out.push(format!("curl: ({code}) {text}"));
        }
        (out, code)
    };
    let ip = match net.lookup(&host) {
        Lookup::Found { ips, .. } => ips.first().map(|(ip, _)| ip.clone()).unwrap_or_default(),
        Lookup::Outside { name, .. } => {
            return (vec![format!("{NOTE}{name} is on the Internet, which kubeplay does not simulate")], 6);
        }
        Lookup::NoServer(why) => {
            let (mut out, code) = error(6, format!("Could not resolve host: {host}"));
            out.push(format!("{NOTE}{why}"));
            return (out, code);
        }
        Lookup::NotFound => return error(6, format!("Could not resolve host: {host}")),
    };
    match net.connect(&ip, port) {
        Connection::Answered { pod, namespace, port: reached, program } => {
            if !speaks_http(&program) {
                let (mut out, code) = error(52, "Empty reply from server".into());
                out.push(format!("{NOTE}pod {pod} runs {program}, which closes a connection that speaks HTTP to it"));
                return (out, code);
            }
            if let Some(answer) = net.http(&pod, &host_header, &path) {
                return (curl_http(answer, head, discard, &write_out), 0);
            }
            if let Some((code, body)) = net.page(&namespace, &pod, reached, &path) {
                return (shown(code, &body, head, discard, &write_out), 0);
            }
            let mut out = Vec::new();
            if head {
                out.push("HTTP/1.1 200 OK".into());
            } else if !discard {
                out.push(format!("{NOTE}200 OK from pod {pod} ({program}); the page itself is not simulated"));
            }
            if let Some(w) = &write_out {
                out.push(w.replace("%{http_code}", "200").replace("\\n", ""));
            }
            (out, 0)
        }
        Connection::Refused(why) => {
            let (mut out, code) = error(7, format!("Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"));
            out.push(format!("{NOTE}{why}"));
            (out, code)
        }
        Connection::Dropped(why) | Connection::Unreachable(why) => {
            let text = match timeout {
                Some(s) => format!("Connection timed out after {} milliseconds", (s * 1000.0) as u64 + 1),
                None => format!("Failed to connect to {host} port {port} after {} ms: Couldn't connect to server", SYN_GIVE_UP_MS + 2),
            };
            let (mut out, code) = error(28, text);
            out.push(format!("{NOTE}{why}"));
            (out, code)
        }
    }
}

/// busybox `wget [-q] [-O FILE] [--spider] [-T S] URL`.
pub fn wget(net: &dyn Network, args: &[String]) -> (Vec<String>, i32) {
    let mut url = None;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if matches!(a.as_str(), "-O" | "-T" | "-U" | "--header" | "-Y") {
            i += 2;
            continue;
        }
        if !a.starts_with('-') && url.is_none() {
            url = Some(a.clone());
        }
        i += 1;
    }
    let Some(url) = url else {
        return (vec!["BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.".into(), String::new(), "Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...".into()], 1);
    };
    let quiet = args.iter().any(|a| a == "-q" || (a.starts_with('-') && !a.starts_with("--") && a.contains('q')));
    let spider = args.iter().any(|a| a == "--spider");
    let timeout = seconds_flag(args, &["-T", "--timeout"]);
    let (host, port, path, _) = split_url(&url);
    let ip = match net.lookup(&host) {
        Lookup::Found { ips, .. } => ips.first().map(|(ip, _)| ip.clone()).unwrap_or_default(),
        Lookup::Outside { name, .. } => return (vec![format!("{NOTE}{name} is on the Internet, which kubeplay does not simulate")], 1),
        Lookup::NoServer(why) => return (vec![format!("wget: bad address '{host}'"), format!("{NOTE}{why}")], 1),
        Lookup::NotFound => return (vec![format!("wget: bad address '{host}'")], 1),
    };
    let mut out = Vec::new();
    if !quiet {
        out.push(format!("Connecting to {host} ({ip}:{port})"));
    }
    match net.connect(&ip, port) {
        Connection::Answered { pod, namespace, port: reached, program } if speaks_http(&program) => {
            if spider {
                if !quiet {
                    out.push("remote file exists".into());
                }
            } else {
                match net.page(&namespace, &pod, reached, &path) {
                    Some((200, body)) => out.extend(body.lines().map(str::to_string)),
                    Some((code, _)) => {
                        out.push(format!("wget: server returned error: HTTP/1.1 {code} {}", reason(code)));
                        return (out, 1);
                    }
                    None => out.push(format!("{NOTE}200 OK from pod {pod} ({program}); the page itself is not simulated")),
                }
                if !quiet {
                    out.push("written to stdout".into());
                }
            }
            (out, 0)
        }
        Connection::Answered { pod, program, .. } => {
            out.push("wget: error getting response: Connection reset by peer".into());
            out.push(format!("{NOTE}pod {pod} runs {program}, which closes a connection that speaks HTTP to it"));
            (out, 1)
        }
        Connection::Refused(why) => {
            out.push(format!("wget: can't connect to remote host ({ip}): Connection refused"));
            out.push(format!("{NOTE}{why}"));
            (out, 1)
        }
        Connection::Dropped(why) | Connection::Unreachable(why) => {
            out.push(match timeout {
                Some(_) => "wget: download timed out".into(),
                None => format!("wget: can't connect to remote host ({ip}): Connection timed out"),
            });
            out.push(format!("{NOTE}{why}"));
            (out, 1)
        }
    }
}

/// busybox `nc -z[v] [-w S] HOST PORT`: whether the port is open.
pub fn nc(net: &dyn Network, args: &[String]) -> Option<(Vec<String>, i32)> {
    let words: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if !args.iter().any(|a| a.starts_with('-') && a.contains('z')) || words.len() < 2 {
        return None;
    }
    let verbose = args.iter().any(|a| a.starts_with('-') && a.contains('v'));
    let (host, port) = (words[words.len() - 2].clone(), words[words.len() - 1].parse::<u16>().ok()?);
    let ip = match net.lookup(&host) {
        Lookup::Found { ips, .. } => ips.first().map(|(ip, _)| ip.clone()).unwrap_or_default(),
        _ => return Some((vec![format!("nc: bad address '{host}'")], 1)),
    };
    Some(match net.connect(&ip, port) {
        Connection::Answered { .. } => (if verbose { vec![format!("{host} ({ip}:{port}) open")] } else { vec![] }, 0),
        Connection::Refused(why) => (vec![format!("nc: {host} ({ip}:{port}): Connection refused"), format!("{NOTE}{why}")], 1),
        Connection::Dropped(why) | Connection::Unreachable(why) => {
            (vec![format!("nc: {host} ({ip}:{port}): Connection timed out"), format!("{NOTE}{why}")], 1)
        }
    })
}

/// `redis-cli [-h HOST] [-p PORT] ping`.
pub fn redis_cli(net: &dyn Network, args: &[String]) -> (Vec<String>, i32) {
    let value = |f: &str| args.windows(2).find(|w| w[0] == f).map(|w| w[1].clone());
    let host = value("-h").unwrap_or_else(|| "127.0.0.1".into());
    let port: u16 = value("-p").and_then(|p| p.parse().ok()).unwrap_or(6379);
    let ip = match net.lookup(&host) {
        Lookup::Found { ips, .. } => ips.first().map(|(ip, _)| ip.clone()).unwrap_or_default(),
        _ => {
            return (vec![format!("Could not connect to Redis at {host}:{port}: Name or service not known")], 1);
        }
    };
    match net.connect(&ip, port) {
        Connection::Answered { pod, program, .. } if program.contains("redis") || program.contains("valkey") => {
            let mut out = vec!["PONG".to_string()];
            if !args.iter().any(|a| a.eq_ignore_ascii_case("ping")) {
                out = vec![format!("{NOTE}redis-cli reached pod {pod}; kubeplay answers only PING")];
            }
            (out, 0)
        }
        Connection::Answered { .. } => (vec!["Error: Connection reset by peer".into()], 1),
        Connection::Refused(why) => {
            (vec![format!("Could not connect to Redis at {host}:{port}: Connection refused"), format!("{NOTE}{why}")], 1)
        }
        Connection::Dropped(why) | Connection::Unreachable(why) => {
            (vec![format!("Could not connect to Redis at {host}:{port}: Connection timed out"), format!("{NOTE}{why}")], 1)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_split_into_host_port_and_path() {
        assert_eq!(split_url("http://redis-leader:6379"), ("redis-leader".into(), 6379, "/".into(), false));
        assert_eq!(split_url("web.shop.svc.cluster.local/x"), ("web.shop.svc.cluster.local".into(), 80, "/x".into(), false));
        assert_eq!(split_url("https://api"), ("api".into(), 443, "/".into(), true));
    }

    #[test]
    fn busybox_before_1_29_has_the_classic_nslookup() {
        assert!(classic_busybox("busybox:1.28"));
        assert!(classic_busybox("docker.io/library/busybox:1.28.4"));
        assert!(!classic_busybox("busybox:1.36"));
        assert!(!classic_busybox("busybox"));
        assert!(!classic_busybox("alpine:1.2"));
    }
}
