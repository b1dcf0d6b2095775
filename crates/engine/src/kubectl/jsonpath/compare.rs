//! The comparisons of a filter, as client-go's forked text/template funcs.go makes
//! them: only values of one basic kind compare (an int64 field with an integer
//! literal, a string with a quoted one); anything else is an error, not a mismatch.

use crate::value::Value;

const BAD_TYPE: &str = "invalid type for comparison";
const BAD_COMPARISON: &str = "incompatible types for comparison";

#[derive(PartialEq)]
enum Kind {
    Bool,
    Int,
    Float,
    Str,
}

fn basic_kind(v: &Value) -> Result<Kind, String> {
    match v {
        Value::Bool(_) => Ok(Kind::Bool),
        Value::Int(_) => Ok(Kind::Int),
        Value::Float(_) => Ok(Kind::Float),
        Value::Str(_) => Ok(Kind::Str),
        Value::Null | Value::Seq(_) | Value::Map(_) => Err(BAD_TYPE.into()),
    }
}

pub fn equal(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (basic_kind(a)?, basic_kind(b)?);
    if ka != kb {
        return Err(BAD_COMPARISON.into());
    }
    Ok(match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        _ => false,
    })
}

pub fn less(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (basic_kind(a)?, basic_kind(b)?);
    if ka != kb {
        return Err(BAD_COMPARISON.into());
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        // Go compares strings bytewise, as Rust does.
        (Value::Str(x), Value::Str(y)) => Ok(x < y),
        _ => Err(BAD_TYPE.into()),
    }
}

pub fn less_equal(a: &Value, b: &Value) -> Result<bool, String> {
    let lt = less(a, b)?;
    if lt {
        return Ok(true);
    }
    equal(a, b)
}

pub fn greater(a: &Value, b: &Value) -> Result<bool, String> {
    less_equal(a, b).map(|le| !le)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_must_match() {
        assert_eq!(less(&Value::Int(1), &Value::Int(2)), Ok(true));
        assert_eq!(greater(&Value::str("b"), &Value::str("a")), Ok(true));
        assert_eq!(equal(&Value::Int(1), &Value::str("1")), Err(BAD_COMPARISON.into()));
        assert_eq!(equal(&Value::Int(1), &Value::Float(1.0)), Err(BAD_COMPARISON.into()));
        assert_eq!(less(&Value::Bool(true), &Value::Bool(false)), Err(BAD_TYPE.into()));
        assert_eq!(equal(&Value::Null, &Value::Int(1)), Err(BAD_TYPE.into()));
    }
}
