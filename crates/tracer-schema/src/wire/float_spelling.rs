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
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exp = exp.parse().unwrap_or(0);
    if let Some(even) = tie_to_even(v.abs(), &digits, exp) {
        digits = even;
    }
    (v.is_sign_negative(), digits, exp)
}

/// When `v` lies exactly halfway between two shortest round-trip candidates, Rust's formatter
/// takes the upper one and Python (David Gay's dtoa, which pydantic's output agrees with) the
/// one whose last digit is even: `661442783748560.25` is `661442783748560.2` in Python.
fn tie_to_even(v: f64, digits: &str, exp: i32) -> Option<String> {
    let n = digits.len();
    // Only an odd last digit can lose to an even neighbour.
    if !digits.ends_with(['1', '3', '5', '7', '9']) || !v.is_finite() || v == 0.0 {
        return None;
    }
    // A tie needs the value's exact decimal expansion to be the n digits and a final 5. A cheap
    // look at n+1 digits first; the exact expansion (at most 767 digits) only when it may be.
    let near = format!("{v:.n$e}");
    if !near.split_once('e')?.0.ends_with('5') {
        return None;
    }
    let exact = format!("{v:.800e}");
    let (mantissa, exact_exp) = exact.split_once('e')?;
    if exact_exp.parse::<i32>().ok()? != exp {
        return None;
    }
    let exact_digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exact_digits = exact_digits.trim_end_matches('0');
    if exact_digits.len() != n + 1 || !exact_digits.ends_with('5') {
        return None;
    }
    let lower = &exact_digits[..n];
    if !lower.ends_with(['0', '2', '4', '6', '8']) || lower == digits {
        return None;
    }
    // The even candidate must read back as the same float, as the shortest digits do.
    let back: f64 = format!("{lower}e{}", exp - n as i32 + 1).parse().ok()?;
    // Bit equality: the question is whether the text reads back as this very double.
    (back.to_bits() == v.to_bits()).then(|| lower.to_owned())
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

    // Python 3.11: repr(661442783748560.25) == '661442783748560.2'; the SDK dumps the same
    // value as `661442783748560.2` (float) and `"661442783748560.2"` (Decimal from a float).
    #[test]
    fn ties_round_to_even_as_python_does() {
        // Written as text: these doubles are exact midpoints, which float literals obscure.
        let f = |text: &str| text.parse::<f64>().expect("a float");
        assert_eq!(python_repr(f("661442783748560.25")), "661442783748560.2");
        assert_eq!(pydantic_json(f("661442783748560.25")), "661442783748560.2");
        assert_eq!(python_repr(f("661442783748560.75")), "661442783748560.8");
        assert_eq!(python_repr(f("9007199254740993")), "9007199254740992.0");
        // Found by a hostile-input run: a float32 value widened to f64.
        assert_eq!(pydantic_json(f("85.16604614257812")), "85.16604614257812");
        for v in ["0.5", "2.5", "1.25", "123456789.125"] {
            assert_eq!(python_repr(f(v)), v);
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

    /// 8,000 doubles (random bit patterns, exact decimal midpoints, wide magnitudes) spelled by
    /// Python's repr() and by pydantic-core's JSON writer: `tests/fixtures/floats`.
    #[test]
    fn agrees_with_python_on_the_float_corpus() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/floats/floats.tsv"
        );
        let text = std::fs::read_to_string(path).expect("tests/fixtures/floats/floats.tsv");
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(bits), Some(repr), Some(json)) = (cols.next(), cols.next(), cols.next())
            else {
                panic!("bad line {line}");
            };
            let v = f64::from_bits(u64::from_str_radix(bits, 16).expect("hex bits"));
            assert_eq!(python_repr(v), repr, "repr of {bits}");
            assert_eq!(pydantic_json(v), json, "pydantic JSON of {bits}");
            checked += 1;
        }
        assert!(checked > 7000, "{checked}");
    }
}
