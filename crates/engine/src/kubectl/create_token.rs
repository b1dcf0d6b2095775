//! `kubectl create token SERVICE_ACCOUNT_NAME [--duration=D] [--audience=A …]
//! [--bound-object-kind=Pod|Secret --bound-object-name=N [--bound-object-uid=U]]`
//! (`create_token.go`): a TokenRequest for the account, answered as the API server's
//! token registry answers it (`serviceaccount/storage/token.go`).
//!
//! The token is shaped as the API server's: a JWT whose header and claims are what it
//! signs. kubeplay holds no signing key, so the signature is bytes derived from the
//! cluster's seed and the claims: the same script prints the same token, and nothing
//! outside kubeplay accepts it.

use super::args::{self, flag, FlagSpec, Parsed};
use super::create_common::{map, name_of};
use super::get::{to_value, ObjRef};
use super::Output;
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

const FLAGS: &[FlagSpec] = &[
    flag("audience", None, true),
    flag("duration", None, true),
    flag("bound-object-kind", None, true),
    flag("bound-object-name", None, true),
    flag("bound-object-uid", None, true),
    flag("output", Some('o'), true),
    flag("allow-missing-template-keys", None, false),
    flag("show-managed-fields", None, false),
    flag("template", None, true),
];

/// The API server's `--api-audiences` and `--service-account-issuer` on the clusters
/// kubeplay models: the in-cluster address of the API.
const API_AUDIENCE: &str = "https://kubernetes.default.svc.cluster.local";
/// `SetDefaults_TokenRequestSpec`: an hour.
const DEFAULT_SECONDS: i64 = 3600;
/// `boundObjectKindToAPIVersions` without `KUBECTL_NODE_BOUND_TOKENS`.
const BOUND_KINDS: &[&str] = &["Pod", "Secret"];

pub(super) fn create(c: &mut World, words: &[String]) -> Output {
    let p = match args::parse(words, FLAGS, "create token") {
        Ok(p) => p,
        Err(e) => return Output::err(e),
    };
    // pflag parses `--duration` with the line, before the command runs.
    let nanos = match p.get("duration").map(go_duration) {
        None => 0,
        Some(Ok(n)) => n,
        Some(Err(e)) => {
            let v = p.get("duration").unwrap_or("");
            return Output::err(format!(
                "error: invalid argument \"{v}\" for \"--duration\" flag: {e}\nSee 'kubectl create token --help' for usage."
            ));
        }
    };
    let name = match name_of(&p, "token") {
        Ok(n) => n,
        Err(o) => return *o,
    };
    let output = match p.get("output") {
        None | Some("") => None,
        Some(o @ ("yaml" | "json" | "name")) => Some(o),
        Some(o) => {
            return Output::err(format!(
                "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,name,yaml"
            ))
        }
    };
    if let Err(e) = validate(&p, nanos) {
        return Output::err(format!("error: {e}"));
    }
    let ns = super::namespace(&p);
    let request = Request {
        audiences: p.all("audience").iter().map(|a| a.to_string()).collect(),
        seconds: (nanos > 0).then_some(nanos / 1_000_000_000),
        bound: p.get("bound-object-kind").filter(|k| !k.is_empty()).map(|k| Bound {
            kind: k.to_string(),
            name: p.get("bound-object-name").unwrap_or("").to_string(),
            uid: p.get("bound-object-uid").unwrap_or("").to_string(),
        }),
    };
    match issue(c, &ns, &name, &request) {
        Err(e) => Output::err(format!("error: failed to create token: {e}")),
        Ok(response) => match output {
            // kubectl adds the newline when its output is a terminal, as the console is.
            None => Output::ok(format!("{}\n", response.get("status").and_then(|s| s.get("token")).and_then(Value::as_str).unwrap_or(""))),
            Some("name") => Output::ok(format!("tokenrequest.authentication.k8s.io/{name}\n")),
            Some("json") => Output::ok(response.to_json_pretty()),
            Some(_) => Output::ok(response.to_yaml()),
        },
    }
}

/// `TokenOptions.Validate`.
fn validate(p: &Parsed, nanos: i128) -> Result<(), String> {
    if nanos < 0 {
        return Err("--duration must be greater than or equal to 0".into());
    }
    if nanos % 1_000_000_000 != 0 {
        return Err("--duration cannot be expressed in units less than seconds".into());
    }
    if p.all("audience").iter().any(|a| a.is_empty()) {
        return Err("--audience must not be an empty string".into());
    }
    let kind = p.get("bound-object-kind").unwrap_or("");
    if kind.is_empty() {
        if !p.get("bound-object-name").unwrap_or("").is_empty() {
            return Err("--bound-object-name can only be set if --bound-object-kind is provided".into());
        }
        if !p.get("bound-object-uid").unwrap_or("").is_empty() {
            return Err("--bound-object-uid can only be set if --bound-object-kind is provided".into());
        }
        return Ok(());
    }
    if !BOUND_KINDS.contains(&kind) {
        return Err(format!("supported --bound-object-kind values are {}", BOUND_KINDS.join(", ")));
    }
    if p.get("bound-object-name").unwrap_or("").is_empty() {
        return Err("--bound-object-name is required if --bound-object-kind is provided".into());
    }
    Ok(())
}

struct Bound {
    kind: String,
    name: String,
    uid: String,
}

struct Request {
    audiences: Vec<String>,
    seconds: Option<i128>,
    bound: Option<Bound>,
}

/// `TokenREST.Create`: the account first, then the request's validation, then the bound
/// object; the answer is the request with its status filled in.
fn issue(c: &World, ns: &str, account: &str, req: &Request) -> Result<Value, String> {
    let sa = to_value(c, &ObjRef { kind: Kind::ServiceAccount, ns: ns.to_string(), name: account.to_string() });
    if sa.is_null() {
        return Err(format!("serviceaccounts \"{account}\" not found"));
    }
    let seconds = req.seconds.unwrap_or(i128::from(DEFAULT_SECONDS));
    // `ValidateTokenRequest`, named "" as the registry names it.
    let invalid = |detail: &str| {
        format!("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: {seconds}: {detail}")
    };
    if seconds < 600 {
        return Err(invalid("may not specify a duration less than 10 minutes"));
    }
    if seconds > 1 << 32 {
        return Err(invalid("may not specify a duration larger than 2^32 seconds"));
    }
    let seconds = seconds as i64;
    let uid_of = |v: &Value| meta_str(v, "uid");
    let mut claims_k8s = vec![("namespace", Value::str(ns))];
    if let Some(b) = &req.bound {
        let kind = if b.kind == "Pod" { Kind::Pod } else { Kind::Secret };
        let obj = to_value(c, &ObjRef { kind, ns: ns.to_string(), name: b.name.clone() });
        if obj.is_null() {
            return Err(format!("{} \"{}\" not found", kind.info().plural, b.name));
        }
        if kind == Kind::Pod {
            let pod_account = obj.get("spec").and_then(|s| s.get("serviceAccountName")).and_then(Value::as_str).unwrap_or("");
            if pod_account != account {
                return Err(format!(
                    "cannot bind token for serviceaccount \"{account}\" to pod running with different serviceaccount name."
                ));
            }
        }
        let uid = uid_of(&obj);
        if !b.uid.is_empty() && b.uid != uid {
            return Err(format!(
                "Operation cannot be fulfilled on {} \"{}\": the UID in the bound object reference ({}) does not match the UID in record. The object might have been deleted and then recreated",
                b.kind, b.name, b.uid
            ));
        }
        // `ServiceAccountTokenPodNodeInfo`: a pod-bound token names the pod's node too.
        let node = obj.get("spec").and_then(|s| s.get("nodeName")).and_then(Value::as_str).filter(|n| !n.is_empty());
        if let Some(node) = node.filter(|_| kind == Kind::Pod) {
            let n = to_value(c, &ObjRef { kind: Kind::Node, ns: String::new(), name: node.to_string() });
            let mut r = vec![("name", Value::str(node))];
            if !n.is_null() {
                r.push(("uid", Value::str(uid_of(&n))));
            }
            claims_k8s.push(("node", map(r)));
        }
        let key = if kind == Kind::Pod { "pod" } else { "secret" };
        claims_k8s.push((key, map(vec![("name", Value::str(&b.name)), ("uid", Value::str(uid))])));
    }
    claims_k8s.push(("serviceaccount", map(vec![("name", Value::str(account)), ("uid", Value::str(uid_of(&sa)))])));
    let audiences = if req.audiences.is_empty() { vec![API_AUDIENCE.to_string()] } else { req.audiences.clone() };
    let now = crate::time::EPOCH_UNIX_SECS + (c.api.now / crate::time::SECOND) as i64;
    let token = jwt(c.api.seed, ns, account, &audiences, now, seconds, claims_k8s);
    let bound = match &req.bound {
        None => Value::Null,
        Some(b) => {
            let mut r = vec![("apiVersion", Value::str("v1")), ("kind", Value::str(&b.kind)), ("name", Value::str(&b.name))];
            if !b.uid.is_empty() {
                r.push(("uid", Value::str(&b.uid)));
            }
            map(r)
        }
    };
    Ok(map(vec![
        ("apiVersion", Value::str("authentication.k8s.io/v1")),
        ("kind", Value::str("TokenRequest")),
        (
            "metadata",
            map(vec![
                ("creationTimestamp", Value::str(crate::time::rfc3339(c.api.now))),
                ("name", Value::str(account)),
                ("namespace", Value::str(ns)),
            ]),
        ),
        (
            "spec",
            map(vec![
                ("audiences", Value::Seq(audiences.iter().map(Value::str).collect())),
                ("boundObjectRef", bound),
                ("expirationSeconds", Value::Int(seconds)),
            ]),
        ),
        (
            "status",
            map(vec![
                ("expirationTimestamp", Value::str(crate::time::rfc3339(c.api.now + seconds as u64 * crate::time::SECOND))),
                ("token", Value::Str(token)),
            ]),
        ),
    ]))
}

fn meta_str(v: &Value, key: &str) -> String {
    v.get("metadata").and_then(|m| m.get(key)).and_then(Value::as_str).unwrap_or("").to_string()
}

/// FNV-1a, to fold text into the seed of a stream of its own.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// base64url without padding, as JWTs write their parts.
fn url64(bytes: &[u8]) -> String {
    crate::model::base64::encode(bytes).trim_end_matches('=').replace('+', "-").replace('/', "_")
}

/// The JWT: header, the claims (keys sorted, as go-jose writes them), and 256 bytes of
/// made-up RS256 signature drawn from the cluster's seed and the signed text.
fn jwt(seed: u64, ns: &str, account: &str, audiences: &[String], now: i64, seconds: i64, k8s: Vec<(&str, Value)>) -> String {
    let header = url64(format!("{{\"alg\":\"RS256\",\"kid\":\"{}\"}}", key_id(seed)).as_bytes());
    let mut jti = crate::rng::Rng::new(seed ^ fnv(&format!("{ns}/{account}/{now}/{seconds}/{}", audiences.join(","))));
    let mut k8s = k8s;
    k8s.sort_by(|a, b| a.0.cmp(b.0));
    let claims = map(vec![
        ("aud", Value::Seq(audiences.iter().map(Value::str).collect())),
        ("exp", Value::Int(now + seconds)),
        ("iat", Value::Int(now)),
        ("iss", Value::str(API_AUDIENCE)),
        ("jti", Value::str(jti.uuid())),
        ("kubernetes.io", map(k8s)),
        ("nbf", Value::Int(now)),
        ("sub", Value::str(format!("system:serviceaccount:{ns}:{account}"))),
    ]);
    let signed = format!("{header}.{}", url64(claims.to_json().as_bytes()));
    let mut rng = crate::rng::Rng::new(seed ^ fnv(&signed));
    let signature: Vec<u8> = (0..256).map(|_| rng.below(256) as u8).collect();
    format!("{signed}.{}", url64(&signature))
}

/// The signing key's id: 43 base64url characters (a SHA-256), here from the seed.
fn key_id(seed: u64) -> String {
    let mut rng = crate::rng::Rng::new(seed ^ 0x6b69_6400);
    let bytes: Vec<u8> = (0..32).map(|_| rng.below(256) as u8).collect();
    url64(&bytes)
}

/// Go's `time.ParseDuration` in nanoseconds, with its error texts.
fn go_duration(text: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {}", super::commands::quote(text));
    let (negative, mut s) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    while !s.is_empty() {
        let number_len = s.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        let number = &s[..number_len];
        if number.is_empty() || number == "." || number.matches('.').count() > 1 {
            return Err(invalid());
        }
        s = &s[number_len..];
        let unit_len = s.find(|ch: char| ch.is_ascii_digit() || ch == '.').unwrap_or(s.len());
        let unit = &s[..unit_len];
        s = &s[unit_len..];
        let scale: f64 = match unit {
            "" => return Err(format!("time: missing unit in duration {}", super::commands::quote(text))),
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            other => {
                return Err(format!("time: unknown unit {} in duration {}", super::commands::quote(other), super::commands::quote(text)))
            }
        };
        total += number.parse::<f64>().map_err(|_| invalid())? * scale;
    }
    if total > 9.223_372_036_854_775e18 {
        return Err(invalid());
    }
    let n = total.round() as i128;
    Ok(if negative { -n } else { n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_as_go_parses_them() {
        assert_eq!(go_duration("10m"), Ok(600_000_000_000));
        assert_eq!(go_duration("1h30m"), Ok(5_400_000_000_000));
        assert_eq!(go_duration("1.5s"), Ok(1_500_000_000));
        assert_eq!(go_duration("0"), Ok(0));
        assert_eq!(go_duration("-1h"), Ok(-3_600_000_000_000));
        assert_eq!(go_duration("10"), Err("time: missing unit in duration \"10\"".into()));
        assert_eq!(go_duration("1d"), Err("time: unknown unit \"d\" in duration \"1d\"".into()));
        assert_eq!(go_duration("soon"), Err("time: invalid duration \"soon\"".into()));
    }

    #[test]
    fn the_token_is_a_jwt_of_the_claims() {
        let token = jwt(7, "default", "default", &[API_AUDIENCE.into()], 1_748_062_080, 3600, vec![("namespace", Value::str("default"))]);
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 3);
        let claims = crate::model::base64::decode(&format!(
            "{}{}",
            parts[1].replace('-', "+").replace('_', "/"),
            "=".repeat((4 - parts[1].len() % 4) % 4)
        ))
        .unwrap();
        let claims = String::from_utf8(claims).unwrap();
        assert!(claims.contains("\"exp\":1748065680"), "{claims}");
        assert!(claims.contains("\"sub\":\"system:serviceaccount:default:default\""), "{claims}");
        assert_eq!(
            token,
            jwt(7, "default", "default", &[API_AUDIENCE.into()], 1_748_062_080, 3600, vec![("namespace", Value::str("default"))])
        );
        assert_ne!(parts[2], jwt(8, "default", "default", &[API_AUDIENCE.into()], 1_748_062_080, 3600, vec![]).split('.').nth(2).unwrap());
    }
}
