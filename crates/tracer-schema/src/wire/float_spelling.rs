//! How Python and pydantic spell a float, digit for digit.
//!
//! Both start from the shortest decimal digits that round-trip (what Rust's `{:e}` prints) and
//! differ only in where they switch to exponent notation and how they write the exponent:
//! Python's `repr` (used when pydantic turns a JSON float into a `Decimal`) writes `1e-05`, while
//! pydantic's JSON writer writes `0.00001` and `1e-7`.

/// Sign, shortest round-trip digits and decimal exponent: `value = d.ddd × 10^exp`.
fn shortest(v: f64) -> (bool, String, i32) {
    let text = format!("{:e}", v.abs());
    let (mantissa, exp) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (v.is_sign_negative(), digits, exp.parse().unwrap_or(0))
}

/// Writes `digits × 10^(exp - len + 1)` in positional notation, with `.0` for whole numbers.
fn positional(out: &mut String, digits: &str, exp: i32) {
    if exp < 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-exp - 1) as usize));
        out.push_str(digits);
    } else {
        let int_len = exp as usize + 1;
        if digits.len() <= int_len {
            out.push_str(digits);
            out.extend(std::iter::repeat_n('0', int_len - digits.len()));
            out.push_str(".0");
        } else {
            out.push_str(&digits[..int_len]);
            out.push('.');
            out.push_str(&digits[int_len..]);
        }
    }
}

fn scientific(out: &mut String, digits: &str, exp: i32, min_exp_digits: usize) {
    out.push_str(&digits[..1]);
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push('e');
    out.push(if exp < 0 { '-' } else { '+' });
    let magnitude = exp.unsigned_abs().to_string();
    out.extend(std::iter::repeat_n(
        '0',
        min_exp_digits.saturating_sub(magnitude.len()),
    ));
    out.push_str(&magnitude);
}

fn spell(v: f64, lowest_positional_exp: i32, min_exp_digits: usize) -> String {
    let (negative, digits, exp) = shortest(v);
    let mut out = String::with_capacity(digits.len() + 8);
    if negative {
        out.push('-');
    }
    if v == 0.0 {
        out.push_str("0.0");
    } else if (lowest_positional_exp..16).contains(&exp) {
        positional(&mut out, &digits, exp);
    } else {
        scientific(&mut out, &digits, exp, min_exp_digits);
    }
    out
}

/// Python's `repr(float)` for a finite value: `100.0`, `1e-05`, `1e+16`.
#[must_use]
pub fn python_repr(v: f64) -> String {
    spell(v, -4, 2)
}

/// pydantic's JSON spelling of a finite float: `100.0`, `0.00001`, `1e-7`, `1e+16`.
#[must_use]
pub fn pydantic_json(v: f64) -> String {
    spell(v, -5, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected spellings were checked against Python 3.11's repr() and pydantic 2.14's
    // model_dump_json() on the same values.
    #[test]
    fn python_repr_matches_cpython() {
        for (v, want) in [
            (100.0, "100.0"),
            (1e-5, "1e-05"),
            (1e-4, "0.0001"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1.5e300, "1.5e+300"),
            (-0.0, "-0.0"),
            (0.1, "0.1"),
            (5e-324, "5e-324"),
            (123_456_789.123, "123456789.123"),
        ] {
            assert_eq!(python_repr(v), want, "{v:e}");
        }
    }

    #[test]
    fn pydantic_json_matches_pydantic() {
        for (v, want) in [
            (1e-5, "0.00001"),
            (1.234e-5, "0.00001234"),
            (1e-6, "1e-6"),
            (2.5e-7, "2.5e-7"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (9_999_999_999_999_998.0, "9999999999999998.0"),
            (1.797_693_134_862_315_7e308, "1.7976931348623157e+308"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
        ] {
            assert_eq!(pydantic_json(v), want, "{v:e}");
        }
    }
}
