//! What the `create` subcommands built from flags share: the one NAME they take, the
//! object written as kubectl's printer writes it, and the request kubectl sends (or, on
//! a client dry run, does not send).

use super::args::Parsed;
use super::get::{to_value, ObjRef};
use super::Output;
use crate::model::Kind;
use crate::value::Value;
use crate::world::World;

/// A map from pairs, in the order given (printing sorts them).
pub(super) fn map(pairs: Vec<(&str, Value)>) -> Value {
    Value::Map(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// `NameFromCommandArgs`: exactly one word that is not a flag. The usage hint names the
/// command as cobra does, by its `Use` (`poddisruptionbudget`, not `pdb`).
pub(super) fn name_of(p: &Parsed, command: &str) -> Result<String, Box<Output>> {
    match p.positional.as_slice() {
        [name] => Ok(name.clone()),
        words => Err(Box::new(Output::err(format!(
            "error: exactly one NAME is required, got {}\nSee 'kubectl create {command} -h' for help and examples",
            words.len()
        )))),
    }
}

/// Go's `strconv.Atoi` read into an `int32` as `intstr.FromInt` keeps it (wrapping what
/// does not fit); `None` when the text is not a whole number.
pub(super) fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = s.parse::<i64>().ok()?;
    Some(i64::from(n as i32))
}

/// pflag's `Int32` flag: `strconv.ParseInt(s, 0, 32)`, with its error as pflag words it.
pub(super) fn int32_flag(p: &Parsed, long: &str, command: &str) -> Result<i64, String> {
    let Some(v) = p.get(long) else { return Ok(0) };
    let fail = |why: &str| {
        format!(
            "error: invalid argument \"{v}\" for \"--{long}\" flag: strconv.ParseInt: parsing \"{v}\": {why}\nSee 'kubectl create {command} --help' for usage."
        )
    };
    let (negative, body) = match v.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, v.strip_prefix('+').unwrap_or(v)),
    };
    let (radix, digits) = match body.get(..2).map(str::to_ascii_lowercase).as_deref() {
        Some("0x") => (16, &body[2..]),
        Some("0o") => (8, &body[2..]),
        Some("0b") => (2, &body[2..]),
        _ if body.len() > 1 && body.starts_with('0') => (8, &body[1..]),
        _ => (10, body),
    };
    let digits = digits.replace('_', "");
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Err(fail("invalid syntax"));
    }
    let magnitude = i128::from_str_radix(&digits, radix).unwrap_or(i128::MAX);
    let n = if negative { -magnitude } else { magnitude };
    i32::try_from(n).map(i64::from).map_err(|_| fail("value out of range"))
}

/// Where the object goes and how kubectl names it when the API server refuses it
/// (`failed to create NOUN: …`).
pub(super) struct Sent<'a> {
    pub noun: &'a str,
    pub ns: &'a str,
}

/// The formats `-o` takes here; kubectl's others (templates, jsonpath) are not built.
fn output_of(p: &Parsed) -> Result<Option<&str>, Box<Output>> {
    match p.get("output") {
        None | Some("") => Ok(None),
        Some(o @ ("yaml" | "json" | "name")) => Ok(Some(o)),
        Some(o) => Err(Box::new(Output::err(format!(
            "error: unable to match a printer suitable for the output format \"{o}\", allowed formats are: json,name,yaml"
        )))),
    }
}

/// Sends the built object, or prints it on a client dry run; with `-o`, prints what the
/// API server stored instead of the `created` line.
pub(super) fn send(c: &mut World, words: &[String], p: &Parsed, manifest: &str, to: &Sent) -> Output {
    if let Some(out) = super::dry_run::client(words, manifest) {
        return out;
    }
    let output = match output_of(p) {
        Ok(o) => o,
        Err(e) => return *e,
    };
    let out = super::commands::create_config(c, manifest, to.noun, to.ns);
    let Some(format) = output.filter(|_| out.code == 0) else { return out };
    let Some(line) = out.stdout.lines().next() else { return out };
    let Some((ty, name)) = line.split(' ').next().and_then(|w| w.split_once('/')) else { return out };
    let Some(kind) = Kind::from_resource_arg(ty) else { return out };
    let ns = if kind.info().namespaced { to.ns.to_string() } else { String::new() };
    let v = to_value(c, &ObjRef { kind, ns, name: name.to_string() });
    Output::ok(match format {
        "name" => format!("{ty}/{name}\n"),
        "json" => v.to_json_pretty(),
        _ => v.to_yaml(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(value: &str) -> Parsed {
        Parsed { positional: vec![], values: vec![("value", value.to_string())] }
    }

    #[test]
    fn int32_flags_read_as_pflag_reads_them() {
        assert_eq!(int32_flag(&parsed("1000"), "value", "priorityclass"), Ok(1000));
        assert_eq!(int32_flag(&parsed("-5"), "value", "priorityclass"), Ok(-5));
        assert_eq!(int32_flag(&parsed("0x10"), "value", "priorityclass"), Ok(16));
        let e = int32_flag(&parsed("3000000000"), "value", "priorityclass").unwrap_err();
        assert!(e.contains("parsing \"3000000000\": value out of range"), "{e}");
        let e = int32_flag(&parsed("high"), "value", "priorityclass").unwrap_err();
        assert!(e.starts_with("error: invalid argument \"high\" for \"--value\" flag: strconv.ParseInt: parsing \"high\": invalid syntax"));
    }

    #[test]
    fn atoi_keeps_what_an_int32_holds() {
        assert_eq!(atoi("8080"), Some(8080));
        assert_eq!(atoi("http"), None);
        assert_eq!(atoi("4294967297"), Some(1));
        assert_eq!(atoi(""), None);
    }
}
