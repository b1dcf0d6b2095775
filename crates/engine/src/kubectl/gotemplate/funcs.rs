//! The functions a template can call: text/template's builtins and kubectl's
//! `base64decode`, with Go's error texts (`error calling index: …`).

use super::fmt::{plain, sprintf, G};

pub fn call(name: &str, args: &[G]) -> Result<G, String> {
    let want = |n: usize| -> Result<(), String> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("wrong number of args for {name}: want {n} got {}", args.len()))
        }
    };
    Ok(match name {
        "not" => {
            want(1)?;
            G::Bool(!args[0].truthy())
        }
        "len" => {
            want(1)?;
            G::Int(match &args[0] {
                G::Str(s) => s.len(),
                G::Seq(s) => s.len(),
                G::Map(m) => m.len(),
                G::Missing | G::Nil => return Err("error calling len: len of nil pointer".into()),
                other => return Err(format!("error calling len: len of type {}", other.type_name())),
            } as i64)
        }
        "index" => {
            let Some((first, keys)) = args.split_first() else {
                return Err("wrong number of args for index: want at least 1 got 0".into());
            };
            let mut v = first.clone();
            for k in keys {
                v = match (&v, k) {
                    (G::Map(m), G::Str(key)) => m.iter().find(|(x, _)| x == key).map(|(_, x)| x.clone()).unwrap_or(G::Missing),
                    (G::Map(_), other) => {
                        return Err(format!("error calling index: value has type {}; should be string", other.type_name()))
                    }
                    (G::Seq(items), G::Int(i)) => match usize::try_from(*i).ok().and_then(|i| items.get(i)) {
                        Some(x) => x.clone(),
                        None => return Err(format!("error calling index: index out of range: {i}")),
                    },
                    (G::Seq(_), other) => {
                        return Err(format!("error calling index: cannot index slice/array with type {}", other.type_name()))
                    }
                    (G::Missing | G::Nil, _) => return Err("error calling index: index of untyped nil".into()),
                    (other, _) => return Err(format!("error calling index: can't index item of type {}", other.type_name())),
                };
            }
            v
        }
        "print" => {
            // Sprint puts a space between operands when neither is a string.
            let mut s = String::new();
            for (i, a) in args.iter().enumerate() {
                if i > 0 && !matches!(a, G::Str(_)) && !matches!(args[i - 1], G::Str(_)) {
                    s.push(' ');
                }
                s.push_str(&plain(a));
            }
            G::Str(s)
        }
        "println" => G::Str(format!("{}\n", args.iter().map(plain).collect::<Vec<_>>().join(" "))),
        "printf" => match args.split_first() {
            Some((G::Str(f), rest)) => G::Str(sprintf(f, rest)),
            Some((other, _)) => return Err(format!("wrong type for value; expected string; got {}", other.type_name())),
            None => return Err("wrong number of args for printf: want at least 1 got 0".into()),
        },
        "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
            if args.len() < 2 {
                return Err("missing argument for comparison".to_string());
            }
            if name == "eq" {
                // eq compares its first argument with each of the others.
                let mut any = false;
                for b in &args[1..] {
                    if compare(&args[0], b).map_err(|e| format!("error calling eq: {e}"))? == std::cmp::Ordering::Equal {
                        any = true;
                    }
                }
                return Ok(G::Bool(any));
            }
            want(2)?;
            let ord = compare(&args[0], &args[1]).map_err(|e| format!("error calling {name}: {e}"))?;
            if !matches!(name, "ne") && matches!((&args[0], &args[1]), (G::Bool(_), _) | (G::Map(_), _) | (G::Seq(_), _)) {
                return Err(format!("error calling {name}: invalid type for comparison"));
            }
            G::Bool(match name {
                "ne" => ord != std::cmp::Ordering::Equal,
                "lt" => ord == std::cmp::Ordering::Less,
                "le" => ord != std::cmp::Ordering::Greater,
                "gt" => ord == std::cmp::Ordering::Greater,
                _ => ord != std::cmp::Ordering::Less,
            })
        }
        "base64decode" => {
            want(1)?;
            let G::Str(s) = &args[0] else {
                return Err(format!("wrong type for value; expected string; got {}", args[0].type_name()));
            };
            match crate::model::base64::decode(s) {
                Ok(bytes) => G::Str(String::from_utf8_lossy(&bytes).into_owned()),
                Err(at) => return Err(format!("error calling base64decode: base64 decode failed: illegal base64 data at input byte {at}")),
            }
        }
        other => return Err(format!("kubeplay does not run the template function {other} yet")),
    })
}

/// Go's `eq`/`lt` rules: same basic kind or an error; an int literal and a float64 from
/// the data are different kinds.
fn compare(a: &G, b: &G) -> Result<std::cmp::Ordering, String> {
    use std::cmp::Ordering;
    Ok(match (a, b) {
        (G::Int(x), G::Int(y)) => x.cmp(y),
        (G::Float(x), G::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Less),
        (G::Str(x), G::Str(y)) => x.cmp(y),
        (G::Bool(x), G::Bool(y)) => x.cmp(y),
        (G::Missing | G::Nil, G::Missing | G::Nil) => Ordering::Equal,
        (G::Missing | G::Nil, _) | (_, G::Missing | G::Nil) => return Err("incompatible types for comparison".into()),
        (G::Seq(_) | G::Map(_), _) | (_, G::Seq(_) | G::Map(_)) => return Err("non-comparable types".into()),
        _ => return Err("incompatible types for comparison".into()),
    })
}
