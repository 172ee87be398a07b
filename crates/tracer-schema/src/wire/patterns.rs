//! Regular expressions the wire types' schemas are built from.

/// A regular expression (without anchors) for the decimal integers `0..=max`, leading zeros
/// allowed, so that schemas can bound digit strings that JSON Schema cannot compare as numbers.
#[must_use]
pub(crate) fn uint_at_most(max: u64) -> String {
    let digits = max.to_string();
    let n = digits.len();
    let mut alternatives = Vec::new();
    if n > 1 {
        alternatives.push(format!("[0-9]{{1,{}}}", n - 1));
    }
    // Numbers with exactly n digits that are <= max: share a prefix, then a smaller digit.
    let bytes = digits.as_bytes();
    for i in 0..n {
        let d = bytes[i] - b'0';
        let rest = n - i - 1;
        if d > 0 {
            let upper = char::from(b'0' + d - 1);
            let class = if d == 1 {
                "0".to_owned()
            } else {
                format!("[0-{upper}]")
            };
            let tail = if rest > 0 {
                format!("[0-9]{{{rest}}}")
            } else {
                String::new()
            };
            alternatives.push(format!("{}{class}{tail}", &digits[..i]));
        }
    }
    alternatives.push(digits.clone());
    format!("0*(?:{})", alternatives.join("|"))
}

#[cfg(test)]
mod tests {
    #[cfg(feature = "validate")]
    #[test]
    fn uint_bounds() {
        let re = format!("^{}$", super::uint_at_most(2_739_726));
        let matches = |s: &str| {
            jsonschema::is_valid(
                &serde_json::json!({"type": "string", "pattern": re}),
                &serde_json::json!(s),
            )
        };
        for ok in ["0", "7", "2739726", "2739719", "999999", "0002739726"] {
            assert!(matches(ok), "{ok}");
        }
        for bad in ["2739727", "2739800", "3000000", "10000000", ""] {
            assert!(!matches(bad), "{bad}");
        }
    }
}
