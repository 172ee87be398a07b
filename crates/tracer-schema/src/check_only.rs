//! A check-only reading of a model: answers "surely valid" or "surely invalid" without
//! building anything, or "not sure", after which the model is read in full.
//!
//! The validator spends most of its time reading records that are valid. Reading one into the
//! typed model allocates every string and copies every free-form value, only to drop them. A
//! [`Plan`] walks the record's text once instead and checks each field's value with the wire
//! type's own conversion (`from_scalar` on the same token text), so that what it accepts is by
//! construction what the model accepts. Anything it does not handle in the plainest way (an
//! escape in a key or a scalar, a lone or paired surrogate escape, a repeated field, a key the
//! model's `__init__` refuses, deep nesting, long numbers, the literals `NaN` and `Infinity`,
//! text that is not JSON) makes it unsure, never wrong: the caller then reads the record in
//! full, which decides. A record is surely invalid when a field's value is refused by its
//! conversion (or is `null` where that is refused, or of a kind the field never takes) or a
//! required field is missing, and nothing in the record could change that (only a repeated key
//! or a literal the SDK's parser reads could, and those make it unsure). `tests/fast_path.rs`
//! checks both verdicts against the model's, and the explanation of a refused record (see
//! [`Plan::reduced`]) against the whole record's, on every input it has.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};

use crate::wire::scalar::Scalar;
use crate::wire::{Decimal, Duration, Float, Int, Timestamp, Uuid};

/// How deep free-form values may nest before the plan is unsure: far below the SDK's limit of
/// 200 and serde_json's of 128, so that depth never decides a verdict here.
const MOST_DEPTH: u32 = 64;

/// The longest number token the plan reads; longer ones (4,300-digit integers, huge
/// exponents) are left to the full reading.
const LONGEST_NUMBER: usize = 40;

/// What a field's value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Kind {
    /// A [`Uuid`]: a string.
    Uuid,
    /// A lax scalar wire type ([`Int`], [`Float`], [`Decimal`], [`Duration`],
    /// [`Timestamp`]): a string, number or boolean its conversion takes.
    Scalar(fn(&Scalar<'_>) -> bool),
    /// A `String`.
    Str,
    /// An [`Object`](crate::wire::Object): a JSON object of anything.
    Object,
    /// A list of [`Object`](crate::wire::Object)s.
    ObjectList,
}

impl Kind {
    /// An [`Int`] field.
    pub(crate) const INT: Kind = Kind::Scalar(Int::accepts);
    /// A [`Float`] field. Rust's parser reads every JSON number written as a float (one too
    /// large is infinite, which the field takes), and an integer of at most
    /// [`LONGEST_NUMBER`] digits is finite (it would need 309 to round beyond the largest
    /// double, which the field refuses): so these are taken without parsing them.
    pub(crate) const FLOAT: Kind = Kind::Scalar(|s| match s {
        Scalar::Float(text) if short_number(text).is_some() => true,
        Scalar::Int(text) if short_number(text).is_some_and(|n| n.is_integer()) => true,
        _ => Float::from_scalar(s).is_ok(),
    });
    /// A [`Decimal`] field.
    pub(crate) const DECIMAL: Kind = Kind::Scalar(Decimal::accepts);
    /// A [`Duration`] field. A number of seconds with at most 13 integer digits and no
    /// exponent is under 10^13 seconds, about 116 million days: inside `timedelta`'s
    /// 999,999,999 days, so taken without parsing it.
    pub(crate) const DURATION: Kind = Kind::Scalar(|s| match s {
        Scalar::Float(text)
            if short_number(text).is_some_and(|n| n.digits <= 13 && !n.exponent) =>
        {
            true
        }
        Scalar::Int(text)
            if short_number(text).is_some_and(|n| n.digits <= 13 && n.is_integer()) =>
        {
            true
        }
        _ => Duration::from_scalar(s).is_ok(),
    });
    /// A [`Timestamp`] field.
    pub(crate) const TIMESTAMP: Kind = Kind::Scalar(|s| Timestamp::from_scalar(s).is_ok());
}

/// The shape of a short JSON number: [`short_number`].
struct Number {
    /// Digits of the integer part.
    digits: usize,
    /// Whether it has a fraction.
    fraction: bool,
    /// Whether it has an exponent.
    exponent: bool,
}

impl Number {
    /// An integer: no fraction, no exponent.
    fn is_integer(&self) -> bool {
        !self.fraction && !self.exponent
    }
}

/// The shape of a JSON number (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`) of at most
/// [`LONGEST_NUMBER`] bytes; `None` for anything else.
fn short_number(text: &str) -> Option<Number> {
    let b = text.as_bytes();
    if b.len() > LONGEST_NUMBER {
        return None;
    }
    let digits_from = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        i
    };
    let start = usize::from(b.first() == Some(&b'-'));
    let int_end = match b.get(start)? {
        b'0' => start + 1,
        b'1'..=b'9' => digits_from(start + 1),
        _ => return None,
    };
    let mut i = int_end;
    let fraction = b.get(i) == Some(&b'.');
    if fraction {
        let end = digits_from(i + 1);
        if end == i + 1 {
            return None;
        }
        i = end;
    }
    let exponent = matches!(b.get(i), Some(b'e' | b'E'));
    if exponent {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let end = digits_from(i);
        if end == i {
            return None;
        }
        i = end;
    }
    (i == b.len()).then_some(Number {
        digits: int_end - start,
        fraction,
        exponent,
    })
}

/// Whether two short strings (keys, literals) are equal, compared in line, eight bytes at a
/// time: a call to `memcmp` per comparison cost more than the comparison.
fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same`] on bytes.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |s: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(s);
        u64::from_ne_bytes(w)
    };
    let mut i = 0;
    while i + 8 <= a.len() {
        if word(&a[i..i + 8]) != word(&b[i..i + 8]) {
            return false;
        }
        i += 8;
    }
    a[i..].iter().zip(&b[i..]).all(|(x, y)| x == y)
}

/// A member of a record, as [`Plan::record`] read it.
#[cfg_attr(not(feature = "validate"), allow(dead_code))]
struct Member {
    /// From the key's opening quote to the end of the value.
    span: std::ops::Range<usize>,
    /// The plan's field it is, if any.
    field: Option<usize>,
    /// Whether its value is refused.
    refused: bool,
}

/// A record cut down to some of its members, and where each piece of it came from.
#[cfg(feature = "validate")]
#[derive(Debug)]
pub(crate) struct Reduced {
    /// `{`, the members kept (as written, separated by commas), `}`.
    pub(crate) text: String,
    /// `(offset in text, offset in the record, length)` of each piece taken from the record.
    segments: Vec<(usize, usize, usize)>,
}

/// What one walk of a record found: [`Plan::read`].
#[cfg(feature = "validate")]
#[derive(Debug)]
pub(crate) enum Reading {
    /// Surely valid.
    Valid,
    /// Surely invalid, and the members that decide why.
    Refused(Reduced),
    /// Only reading it in full can tell.
    Unsure,
}

#[cfg(feature = "validate")]
impl Reduced {
    /// `text` (a record) cut down to the members at `spans`, in the order given.
    fn of(text: &str, spans: impl Iterator<Item = std::ops::Range<usize>> + Clone) -> Self {
        let open = text.len() - text.trim_start().len();
        let close = text.trim_end().len() - 1;
        let mut reduced = Reduced {
            text: String::with_capacity(2 + spans.clone().map(|s| s.len() + 1).sum::<usize>()),
            segments: Vec::new(),
        };
        reduced.push("{", open);
        for (n, span) in spans.enumerate() {
            if n > 0 {
                reduced.text.push(',');
            }
            reduced.push(&text[span.clone()], span.start);
        }
        reduced.push("}", close);
        reduced
    }

    fn push(&mut self, piece: &str, from: usize) {
        self.segments.push((self.text.len(), from, piece.len()));
        self.text.push_str(piece);
    }

    /// The record's offset of `offset` in the reduced text (a separating comma maps to the
    /// end of the member before it).
    pub(crate) fn original(&self, offset: usize) -> usize {
        let at = self
            .segments
            .partition_point(|&(start, _, _)| start <= offset);
        match at.checked_sub(1).map(|i| self.segments[i]) {
            Some((start, from, len)) => from + (offset - start).min(len),
            None => offset,
        }
    }
}

/// One field of a [`Plan`]: its key and what its value must be.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    key: &'static str,
    kind: Kind,
    /// Whether `null` is accepted (an `Option` field).
    nullable: bool,
    /// Whether the key must be present (no serde default).
    required: bool,
}

impl Field {
    /// A field that must be present and must not be `null`.
    pub(crate) const fn required(key: &'static str, kind: Kind) -> Self {
        Field {
            key,
            kind,
            nullable: false,
            required: true,
        }
    }

    /// A field that must be present and may be `null` (`required_nullable`).
    pub(crate) const fn required_nullable(key: &'static str, kind: Kind) -> Self {
        Field {
            key,
            kind,
            nullable: true,
            required: true,
        }
    }

    /// A field with a default that must not be `null` when present.
    pub(crate) const fn defaulted(key: &'static str, kind: Kind) -> Self {
        Field {
            key,
            kind,
            nullable: false,
            required: false,
        }
    }

    /// An `Option` field with a default: absent or `null` are both fine.
    pub(crate) const fn optional(key: &'static str, kind: Kind) -> Self {
        Field {
            key,
            kind,
            nullable: true,
            required: false,
        }
    }
}

/// `base`'s fields followed by `more`: the fields of a model that extends another (pydantic
/// lays out a subclass's fields after its base's).
pub(crate) const fn extend<const B: usize, const M: usize, const N: usize>(
    base: [Field; B],
    more: [Field; M],
) -> [Field; N] {
    assert!(B + M == N && B > 0, "N is the fields of both");
    let mut out = [base[0]; N];
    let mut n = 0;
    while n < N {
        out[n] = if n < B { base[n] } else { more[n - B] };
        n += 1;
    }
    out
}

/// The check-only reading of one model: its fields (at most 64) and the keys its `__init__`
/// refuses. Unknown keys are allowed, their values checked as the parser checks them. Not
/// public API (the derive's `__check_only` names one).
#[doc(hidden)]
#[derive(Debug)]
pub struct Plan {
    fields: &'static [Field],
    refused_keys: &'static [&'static str],
    required: u64,
    /// The field expected after field `n` (at `n`), or first (at [`FIRST`]): the one that
    /// followed it when the prediction last failed, learned as records are read. A record's key
    /// that is the expected field's is matched in one comparison, without scanning it as a
    /// string or searching the fields; producers write their keys in one order, which is often
    /// not the model's (the API's differs). Only a hint: a wrong one costs the search it saves,
    /// so relaxed loads and stores from any number of threads are fine.
    next: [AtomicU8; FIRST + 1],
}

/// Where [`Plan::next`] keeps the field expected first.
const FIRST: usize = 64;

impl Plan {
    /// A plan for a model with `fields` (serde's names, in any order) and `refused_keys`.
    pub(crate) const fn new(
        fields: &'static [Field],
        refused_keys: &'static [&'static str],
    ) -> Self {
        assert!(fields.len() <= 64, "a plan has at most 64 fields");
        let mut required = 0u64;
        let mut next = [const { AtomicU8::new(u8::MAX) }; FIRST + 1];
        let mut n = 0;
        while n < fields.len() {
            if fields[n].required {
                required |= 1 << n;
            }
            // A key is matched by comparing its bytes with the text's between two quotes: so it
            // must be its own JSON spelling.
            let key = fields[n].key.as_bytes();
            let mut i = 0;
            while i < key.len() {
                assert!(
                    !matches!(key[i], b'"' | b'\\' | 0..=0x1f),
                    "a plan's keys need no escapes"
                );
                i += 1;
            }
            // At first, the model's order.
            next[if n == 0 { FIRST } else { n - 1 }] = AtomicU8::new(n as u8);
            n += 1;
        }
        Plan {
            fields,
            refused_keys,
            required,
            next,
        }
    }

    /// `Some(true)` when `text` is surely a valid record, `Some(false)` when it surely is not,
    /// `None` when only reading it in full can tell.
    #[must_use]
    pub fn verdict(&self, text: &str) -> Option<bool> {
        let mut cursor = Cursor { text, at: 0 };
        self.record(&mut cursor, &mut |_| {})
    }

    /// [`Plan::verdict`] and, for a record it calls surely invalid, the [`Reduced`] record that
    /// explains it, from one walk of the text: a refused record is not walked again. The
    /// deciding members are kept on the stack while walking (a valid record allocates
    /// nothing); only a record with more of them than that is walked a second time.
    #[cfg(feature = "validate")]
    pub(crate) fn read(&self, text: &str) -> Reading {
        const KEPT: usize = 16;
        let mut kept = [(0usize, 0usize); KEPT];
        let mut count = 0;
        let mut cursor = Cursor { text, at: 0 };
        let verdict = self.record(&mut cursor, &mut |m: Member| {
            if self.decides(&m) {
                if let Some(slot) = kept.get_mut(count) {
                    *slot = (m.span.start, m.span.end);
                }
                count += 1;
            }
        });
        match verdict {
            Some(true) => Reading::Valid,
            None => Reading::Unsure,
            Some(false) if count <= KEPT => {
                Reading::Refused(Reduced::of(text, kept[..count].iter().map(|&(s, e)| s..e)))
            }
            Some(false) => self.reduced(text).map_or(Reading::Unsure, Reading::Refused),
        }
    }

    /// For a record [`Plan::verdict`] calls surely invalid: the record with only the members
    /// that decide its errors, those whose value is refused and the required ones (present or
    /// not, they decide the `required` errors), as a [`Reduced`] document. The schema explains
    /// that as it would the whole record, at a fraction of the cost: each property's
    /// subschema sees only its own value.
    #[cfg(feature = "validate")]
    pub(crate) fn reduced(&self, text: &str) -> Option<Reduced> {
        let mut cursor = Cursor { text, at: 0 };
        let mut members = Vec::new();
        let verdict = self.record(&mut cursor, &mut |m: Member| {
            if self.decides(&m) {
                members.push(m.span);
            }
        });
        (verdict == Some(false)).then(|| Reduced::of(text, members.into_iter()))
    }

    /// Whether `m` decides a refused record's errors: its value is refused, or it is a
    /// required field (present or not, those decide the `required` errors).
    #[cfg(feature = "validate")]
    fn decides(&self, m: &Member) -> bool {
        m.refused || m.field.is_some_and(|n| self.required & (1 << n) != 0)
    }

    /// The record: one object, whitespace around it. `member` hears of every member read.
    fn record(&self, c: &mut Cursor<'_>, member: &mut impl FnMut(Member)) -> Option<bool> {
        c.skip_whitespace();
        c.expect(b'{')?;
        c.skip_whitespace();
        let mut seen = 0u64;
        let mut refused = false;
        let mut previous = FIRST;
        if !c.eat(b'}') {
            loop {
                let start = c.at;
                let expected = usize::from(self.next[previous].load(Ordering::Relaxed));
                let found = match self.fields.get(expected) {
                    Some(f) if c.key_is(f.key) => Some(expected),
                    _ => {
                        let key = c.plain_string()?;
                        let found = self.fields.iter().position(|f| same(f.key, key));
                        if let Some(n) = found {
                            self.next[previous].store(n as u8, Ordering::Relaxed);
                        } else if self.refused_keys.contains(&key) {
                            return None;
                        }
                        found
                    }
                };
                c.skip_whitespace();
                c.expect(b':')?;
                c.skip_whitespace();
                if let Some(n) = found {
                    previous = n;
                    let bit = 1u64 << n;
                    if seen & bit != 0 {
                        return None;
                    }
                    seen |= bit;
                    let taken = self.fields[n].check(c)?;
                    refused |= !taken;
                    member(Member {
                        span: start..c.at,
                        field: Some(n),
                        refused: !taken,
                    });
                } else {
                    c.value(1)?;
                    member(Member {
                        span: start..c.at,
                        field: None,
                        refused: false,
                    });
                }
                c.skip_whitespace();
                match c.next()? {
                    b',' => c.skip_whitespace(),
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        c.skip_whitespace();
        if c.at != c.text.len() {
            return None;
        }
        Some(!refused && seen & self.required == self.required)
    }

    /// The keys of the plan's fields, in its order (for tests).
    #[cfg(test)]
    pub(crate) fn keys(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.key)
    }
}

impl Field {
    /// Checks the field's value at the cursor and moves past it: whether the model takes it.
    fn check(&self, c: &mut Cursor<'_>) -> Option<bool> {
        if c.peek()? == b'n' {
            c.literal("null")?;
            return Some(self.nullable);
        }
        match self.kind {
            Kind::Uuid => match c.peek()? {
                b'"' => Some(Uuid::from_str(c.plain_string()?).is_ok()),
                // Not a string: refused, once the value is known to be well formed.
                _ => c.value(1).map(|()| false),
            },
            Kind::Scalar(convert) => {
                let scalar = match c.peek()? {
                    b'"' => Scalar::Str(Cow::Borrowed(c.plain_string()?)),
                    b't' => c.literal("true").map(|()| Scalar::Bool(true))?,
                    b'f' => c.literal("false").map(|()| Scalar::Bool(false))?,
                    // A list or an object: refused.
                    b'[' | b'{' => return c.value(1).map(|()| false),
                    // Classified as `Scalar::number` does: a fraction or an exponent makes
                    // a float (the digit limit is far above `LONGEST_NUMBER`).
                    _ => match c.number()? {
                        (text, false) => Scalar::Int(Cow::Borrowed(text)),
                        (text, true) => Scalar::Float(Cow::Borrowed(text)),
                    },
                };
                Some(convert(&scalar))
            }
            Kind::Str => match c.peek()? {
                b'"' => c.string().map(|()| true),
                _ => c.value(1).map(|()| false),
            },
            // Anything but an object is refused.
            Kind::Object => {
                let object = c.peek()? == b'{';
                c.value(1).map(|()| object)
            }
            // Anything but a list of objects is refused.
            Kind::ObjectList => {
                if c.peek()? != b'[' {
                    return c.value(1).map(|()| false);
                }
                c.at += 1;
                c.skip_whitespace();
                if c.eat(b']') {
                    return Some(true);
                }
                let mut taken = true;
                loop {
                    taken &= c.peek()? == b'{';
                    c.value(2)?;
                    c.skip_whitespace();
                    match c.next()? {
                        b',' => c.skip_whitespace(),
                        b']' => return Some(taken),
                        _ => return None,
                    }
                }
            }
        }
    }
}

/// The first byte at or after `from` that ends a string's plain run: a quote, a backslash or a
/// control character (`bytes.len()` when there is none). Eight bytes are tested at a time.
fn skip_plain(bytes: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word);
        // A byte's high bit is set in `zero(v)` when the byte is zero, and in `control` when it
        // is below 0x20. Borrows only run upwards from such a byte, so the lowest flag is
        // always a true one: it is the first special byte.
        let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
        let quote = zero(x ^ (ONES * u64::from(b'"')));
        let backslash = zero(x ^ (ONES * u64::from(b'\\')));
        let control = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
        let flags = quote | backslash | control;
        if flags != 0 {
            return from + (flags.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while bytes
        .get(from)
        .is_some_and(|b| !matches!(b, b'"' | b'\\' | 0..=0x1f))
    {
        from += 1;
    }
    from
}

/// A position in a record's text. Every method returns `None` when unsure.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.peek() == Some(b);
        self.at += usize::from(found);
        found
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        self.eat(b).then_some(())
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.at + word.len();
        same(self.text.get(self.at..end)?, word).then(|| self.at = end)
    }

    /// Moves past the string at the cursor if it is `"key"` (a key needing no escapes).
    #[inline]
    fn key_is(&mut self, key: &str) -> bool {
        let bytes = self.text.as_bytes();
        let end = self.at + 1 + key.len();
        let found = bytes.get(self.at) == Some(&b'"')
            && bytes.get(end) == Some(&b'"')
            && same_bytes(&bytes[self.at + 1..end], key.as_bytes());
        if found {
            self.at = end + 1;
        }
        found
    }

    /// A string without escapes, returned without its quotes.
    fn plain_string(&mut self) -> Option<&'a str> {
        let start = self.at + 1;
        let (end, escaped) = self.scan_string()?;
        if escaped {
            return None;
        }
        // Quotes are ASCII, so these are character boundaries.
        self.text.get(start..end - 1)
    }

    /// Any string the parser surely reads (escapes other than surrogates allowed).
    fn string(&mut self) -> Option<()> {
        self.scan_string().map(drop)
    }

    /// Moves past the string at the cursor; the end (after the closing quote) and whether it
    /// holds an escape. Unsure of control characters, unknown escapes and every `\uD800` to
    /// `\uDFFF` escape (paired or not: the full reading decides those).
    fn scan_string(&mut self) -> Option<(usize, bool)> {
        let bytes = self.text.as_bytes();
        if bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let mut i = self.at + 1;
        let mut escaped = false;
        loop {
            i = skip_plain(bytes, i);
            match *bytes.get(i)? {
                b'"' => {
                    self.at = i + 1;
                    return Some((self.at, escaped));
                }
                b'\\' => {
                    escaped = true;
                    match *bytes.get(i + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => i += 2,
                        b'u' => {
                            let hex = bytes.get(i + 2..i + 6)?;
                            if !hex.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            // `hex` is four ASCII hex digits.
                            let unit =
                                u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                            if (0xD800..0xE000).contains(&unit) {
                                return None;
                            }
                            i += 6;
                        }
                        _ => return None,
                    }
                }
                0..=0x1f => return None,
                _ => i += 1,
            }
        }
    }

    /// A number in JSON's grammar, at most [`LONGEST_NUMBER`] bytes, as written, and whether
    /// it has a fraction or an exponent.
    fn number(&mut self) -> Option<(&'a str, bool)> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i)? {
            b'0' => i += 1,
            b'1'..=b'9' => {
                digits(&mut i);
            }
            _ => return None,
        }
        let mut float = false;
        if bytes.get(i) == Some(&b'.') {
            float = true;
            i += 1;
            if !digits(&mut i) {
                return None;
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            float = true;
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !digits(&mut i) {
                return None;
            }
        }
        if i - start > LONGEST_NUMBER {
            return None;
        }
        self.at = i;
        self.text.get(start..i).map(|text| (text, float))
    }

    /// Any JSON value inside a container `depth` levels deep, checked as the parser checks it.
    fn value(&mut self, depth: u32) -> Option<()> {
        match self.peek()? {
            b'{' => {
                if depth >= MOST_DEPTH {
                    return None;
                }
                self.at += 1;
                self.skip_whitespace();
                if self.eat(b'}') {
                    return Some(());
                }
                loop {
                    self.string()?;
                    self.skip_whitespace();
                    self.expect(b':')?;
                    self.skip_whitespace();
                    self.value(depth + 1)?;
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => self.skip_whitespace(),
                        b'}' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b'[' => {
                if depth >= MOST_DEPTH {
                    return None;
                }
                self.at += 1;
                self.skip_whitespace();
                if self.eat(b']') {
                    return Some(());
                }
                loop {
                    self.value(depth + 1)?;
                    self.skip_whitespace();
                    match self.next()? {
                        b',' => self.skip_whitespace(),
                        b']' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b'"' => self.string(),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.number().map(drop),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static PLAN: Plan = Plan::new(
        &[
            Field::required("id", Kind::Uuid),
            Field::optional("n", Kind::INT),
            Field::optional("s", Kind::Str),
            Field::optional("o", Kind::Object),
            Field::optional("l", Kind::ObjectList),
        ],
        &["self"],
    );

    const ID: &str = r#""id": "00000000-0000-4000-8000-000000000001""#;

    fn verdict(rest: &str) -> Option<bool> {
        PLAN.verdict(&format!("{{{ID}{rest}}}"))
    }

    fn sure(rest: &str) -> bool {
        verdict(rest) == Some(true)
    }

    /// The plan's fields and a value of each, refused or taken.
    const MEMBERS: [(&str, &str, &str); 5] = [
        ("id", r#""00000000-0000-4000-8000-000000000001""#, "1"),
        ("n", "7", r#""x""#),
        ("s", r#""text""#, "[]"),
        ("o", r#"{"k": [1]}"#, "2"),
        ("l", "[{}]", "[1]"),
    ];

    /// A fresh copy of [`PLAN`], with nothing learned.
    fn fresh() -> Plan {
        Plan::new(PLAN.fields, PLAN.refused_keys)
    }

    #[test]
    fn key_prediction_never_changes_a_verdict() {
        // Records whose keys come in every rotation of the fields and with a key the model
        // does not have, some near a field's key (a prefix, a longer key, an escaped spelling),
        // some values refused: a plan that has learned from the records before gives each the
        // verdict a plan that has learned nothing gives it.
        let learning = fresh();
        let extras = [
            "",
            r#""i": 1"#,
            r#""idx": 1"#,
            r#""\u0069d": 1"#,
            r#""self": 1"#,
        ];
        let mut seen = [0; 3];
        for rotation in 0..MEMBERS.len() {
            for refuse in 0..=MEMBERS.len() {
                for (at, extra) in extras.iter().enumerate() {
                    let mut members: Vec<String> = (0..MEMBERS.len())
                        .map(|i| {
                            let (key, taken, refused) = MEMBERS[(i + rotation) % MEMBERS.len()];
                            let value = if (i + rotation) % MEMBERS.len() == refuse {
                                refused
                            } else {
                                taken
                            };
                            format!(r#""{key}": {value}"#)
                        })
                        .collect();
                    if !extra.is_empty() {
                        members.insert(at % members.len(), (*extra).to_owned());
                    }
                    let record = format!("{{{}}}", members.join(", "));
                    let verdict = learning.verdict(&record);
                    assert_eq!(verdict, fresh().verdict(&record), "{record}");
                    seen[match verdict {
                        Some(true) => 0,
                        Some(false) => 1,
                        None => 2,
                    }] += 1;
                }
            }
        }
        // Valid, refused and unsure records all came up.
        assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
        assert_eq!(seen.iter().sum::<usize>(), 5 * 6 * 5);
    }

    /// Number tokens: plain, signed, fractions, exponents, the 13-digit boundary, long ones,
    /// and text that is not a JSON number.
    fn number_tokens() -> Vec<String> {
        let mut tokens: Vec<String> = [
            "0",
            "-0",
            "7",
            "-7",
            "0.5",
            "-0.5",
            "9.183",
            "0.9999995",
            "-0.9999995",
            "1e5",
            "1E+5",
            "1e-5",
            "-1e308",
            "1e309",
            "1e400",
            "-1e400",
            "2.5e-400",
            "01",
            "1.",
            ".5",
            "+1",
            "-",
            "",
            "1e",
            "1e+",
            "NaN",
            "nan",
            "inf",
            "1_0",
            "0x10",
            " 1",
            "1 ",
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        for digits in 1..=45 {
            let nines = "9".repeat(digits);
            for t in [
                nines.clone(),
                format!("-{nines}"),
                format!("{nines}.999999"),
                format!("-{nines}.5"),
                format!("1{}", "0".repeat(digits - 1)),
                format!("{nines}e1"),
            ] {
                tokens.push(t);
            }
        }
        // 86,399,999,999,999 seconds is the largest timedelta's whole seconds.
        for t in [
            "86399999999999",
            "86399999999999.9",
            "86400000000000",
            "-86399999999999.99",
        ] {
            tokens.push(t.to_owned());
        }
        tokens
    }

    #[test]
    fn number_shortcuts_agree_with_the_conversions() {
        let (Kind::Scalar(float), Kind::Scalar(duration)) = (Kind::FLOAT, Kind::DURATION) else {
            unreachable!("both are scalar kinds")
        };
        let mut taken = [0; 2];
        for token in number_tokens() {
            for scalar in [
                Scalar::Int(Cow::Borrowed(token.as_str())),
                Scalar::Float(Cow::Borrowed(token.as_str())),
            ] {
                let slow = Float::from_scalar(&scalar).is_ok();
                assert_eq!(float(&scalar), slow, "Float {scalar:?}");
                let slow_duration = Duration::from_scalar(&scalar).is_ok();
                assert_eq!(duration(&scalar), slow_duration, "Duration {scalar:?}");
                taken[0] += usize::from(slow);
                taken[1] += usize::from(slow_duration);
            }
        }
        // Both take many and refuse some.
        assert!(taken.iter().all(|&n| n > 50), "{taken:?}");
    }

    #[test]
    fn same_bytes_is_equality() {
        let texts = [
            "",
            "a",
            "id",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "run_facets_",
            "first_token_p50",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same(a, b), a == b, "{a:?} {b:?}");
                // Differing only in the last byte, or only in the first.
                let mut c = b.as_bytes().to_vec();
                if let Some(last) = c.last_mut() {
                    *last ^= 1;
                    assert_eq!(same_bytes(a.as_bytes(), &c), a.as_bytes() == c.as_slice());
                }
                let mut d = b.as_bytes().to_vec();
                if let Some(first) = d.first_mut() {
                    *first ^= 1;
                    assert_eq!(same_bytes(a.as_bytes(), &d), a.as_bytes() == d.as_slice());
                }
            }
        }
    }

    #[test]
    fn plain_records_are_surely_valid() {
        assert!(sure(""));
        assert!(sure(
            r#", "n": 1, "s": "a\nb\u00e9", "o": {"a": [1, -2.5e3, true, null, {}]}"#
        ));
        assert!(sure(
            r#", "l": [{}, {"x": "y"}], "other": [[], {"k": "v"}]"#
        ));
        assert!(sure(r#", "n": "12", "n2": 1.5"#));
        assert!(PLAN.verdict(&format!(" \t{{{ID}}}\r\n")) == Some(true));
    }

    #[test]
    fn anything_unusual_is_unsure() {
        for rest in [
            r#", "n": 1.5"#,            // the conversion refuses it
            r#", "n": 1, "n": 2"#,      // a repeated field
            r#", "self": 1"#,           // a refused key
            r#", "\u0073": 1"#,         // an escaped key
            r#", "s": "\ud83d\ude00""#, // a surrogate pair
            r#", "x": "\udc00""#,       // a lone surrogate
            r#", "s": 1"#,              // a number for a string
            r#", "n": 01"#,             // not JSON
            r#", "n": 1."#,             // not JSON
            r#", "x": NaN"#,            // the parser's literal
            r#", "x": -Infinity"#,      // the parser's literal
            ", \"s\": \"a\tb\"",        // a control character
            r#", "x": 123456789012345678901234567890123456789012"#,
        ] {
            assert!(!sure(rest), "{rest}");
        }
        assert!(
            PLAN.verdict(&format!("{{{ID}}} x")).is_none(),
            "trailing text"
        );
        assert!(
            PLAN.verdict(&format!("[{{{ID}}}]")).is_none(),
            "not an object"
        );
        let deep = format!("{}1{}", "[".repeat(70), "]".repeat(70));
        assert!(!sure(&format!(r#", "x": {deep}"#)), "deep nesting");
        assert!(PLAN.verdict(&format!("{{{ID}")).is_none(), "truncated");
    }

    #[test]
    fn refused_values_are_surely_invalid_unless_something_could_rescue_them() {
        assert_eq!(
            PLAN.verdict("{}"),
            Some(false),
            "a required field is missing"
        );
        assert_eq!(verdict(r#", "n": 1.5"#), Some(false));
        assert_eq!(verdict(r#", "n": [1]"#), Some(false));
        assert_eq!(verdict(r#", "s": 1"#), Some(false));
        assert_eq!(verdict(r#", "s": {"a": 1}"#), Some(false));
        assert_eq!(verdict(r#", "o": []"#), Some(false));
        assert_eq!(verdict(r#", "o": "{}""#), Some(false));
        assert_eq!(verdict(r#", "l": [1]"#), Some(false));
        assert_eq!(verdict(r#", "l": [{}, null]"#), Some(false));
        assert_eq!(verdict(r#", "l": {}"#), Some(false));
        assert_eq!(verdict(r#", "l": [{}, {"a": [1, {}]}]"#), Some(true));
        assert_eq!(PLAN.verdict(r#"{"id": null}"#), Some(false));
        assert_eq!(PLAN.verdict(r#"{"id": 7}"#), Some(false));
        assert_eq!(PLAN.verdict(r#"{"id": "x"}"#), Some(false));
        // A later repeat of the field, a literal or bad JSON further on: unsure.
        assert_eq!(verdict(r#", "n": 1.5, "n": 2"#), None);
        assert_eq!(verdict(r#", "n": 1.5, "x": NaN"#), None);
        assert_eq!(verdict(r#", "n": 1.5, "x": [1,]"#), None);
        assert_eq!(verdict(r#", "n": 1.5, "x": "\ud800""#), None);
    }

    /// A plan lists exactly the fields the model reads: a field it missed would be skipped
    /// unchecked, as an unknown key.
    #[test]
    fn plans_list_every_field_of_their_model() {
        use crate::{Mode, Model, TracerSession, TracerSessionResult};
        fn properties<M: Model>() -> Vec<String> {
            let schema = M::schema(Mode::Validation);
            let mut keys: Vec<String> = schema["properties"]
                .as_object()
                .expect("an object schema")
                .keys()
                .filter(|k| *k != "self")
                .cloned()
                .collect();
            keys.sort();
            keys
        }
        fn keys(plan: &Plan) -> Vec<String> {
            let mut keys: Vec<String> = plan.keys().map(str::to_owned).collect();
            keys.sort();
            keys
        }
        assert_eq!(
            keys(&crate::session::CHECK_ONLY),
            properties::<TracerSession>()
        );
        assert_eq!(
            keys(&crate::session_result::CHECK_ONLY),
            properties::<TracerSessionResult>()
        );
        assert!(TracerSession::__check_only().is_some());
        assert!(TracerSessionResult::__check_only().is_some());
        assert!(!TracerSessionResult::__constrained());
    }

    /// The eight-at-a-time skip stops exactly at the first quote, backslash or control
    /// character, whatever surrounds it.
    #[test]
    fn skip_plain_stops_at_every_special_byte() {
        let alphabet = [
            b'a', b' ', b'"', b'\\', 0x1f, 0x20, 0x00, 0x7f, 0x80, 0xff, 0x21, 0x5b, 0x5d,
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let mut bytes = Vec::with_capacity(len);
            let mut s = state;
            for _ in 0..len {
                // Mostly plain bytes, so that runs are long enough to skip.
                let pick = (s % 64) as usize;
                bytes.push(if pick < alphabet.len() {
                    alphabet[pick]
                } else {
                    b'x'
                });
                s = s.rotate_left(7) ^ 0x5851_f42d_4c95_7f2d;
            }
            for from in 0..=len {
                let stop = skip_plain(&bytes, from);
                let first = bytes[from..]
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\\' | 0..=0x1f))
                    .map_or(len, |p| from + p);
                assert!(
                    stop >= from && stop <= first,
                    "{bytes:?} from {from}: {stop} > {first}"
                );
            }
        }
    }
}
