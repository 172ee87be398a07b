//! JSON text as pydantic's parser (jiter) sees it, without building a tree.
//!
//! The free-form fields keep their source text (key order and number spelling are the SDK's),
//! so everything here works on text: checking it against jiter's limits, stripping
//! insignificant whitespace, walking members and items, and respelling numbers and strings as
//! `model_dump_json()` writes them.
//!
//! The walkers ([`skip_value`], [`members`], [`items`]) trust their input: they run on text that
//! [`compact`] produced (or that serde_json wrote), never on raw input.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::fmt;

/// jiter's recursion limit: at most this many nested non-empty arrays and objects, counting the
/// document itself. (Measured against the SDK: an empty container one level deeper is fine.)
pub(crate) const MAX_DEPTH: usize = 200;

/// Python's limit on the digits of an `int` read from text (`sys.get_int_max_str_digits`);
/// jiter reports a longer integer part as `number out of range`.
pub(crate) const MAX_INT_DIGITS: usize = 4300;

/// Why jiter would refuse text that serde_json's grammar accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TextError {
    /// More than [`MAX_DEPTH`] nested non-empty containers.
    TooDeep,
    /// A `\uD800`-`\uDFFF` escape that is not half of a surrogate pair.
    LoneSurrogate,
    /// A number with more than [`MAX_INT_DIGITS`] digits before its fraction or exponent.
    NumberOutOfRange,
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextError::TooDeep => "JSON nested more than 200 levels deep (the SDK's limit)",
            TextError::LoneSurrogate => {
                "lone surrogate escape in a string: not valid Unicode (the SDK rejects it)"
            }
            TextError::NumberOutOfRange => {
                "number out of range: more than 4300 integer digits (the SDK's limit)"
            }
        })
    }
}

fn hex4(bytes: &[u8]) -> Option<u16> {
    let s = std::str::from_utf8(bytes.get(..4)?).ok()?;
    u16::from_str_radix(s, 16).ok()
}

/// Length of the string token starting at `bytes[0] == b'"'`, checking surrogate escapes.
fn string_len(bytes: &[u8], check: bool) -> Result<usize, TextError> {
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => return Ok(i + 1),
            b'\\' => {
                if bytes.get(i + 1) == Some(&b'u') && check {
                    let unit = hex4(&bytes[i + 2..]).unwrap_or(0);
                    if (0xDC00..0xE000).contains(&unit) {
                        return Err(TextError::LoneSurrogate);
                    }
                    if (0xD800..0xDC00).contains(&unit) {
                        let low = (bytes.get(i + 6..i + 8) == Some(b"\\u"))
                            .then(|| hex4(&bytes[i + 8..]))
                            .flatten();
                        if !low.is_some_and(|l| (0xDC00..0xE000).contains(&l)) {
                            return Err(TextError::LoneSurrogate);
                        }
                        i += 12;
                        continue;
                    }
                    i += 6;
                } else {
                    i += 2;
                }
            }
            _ => i += 1,
        }
    }
    Ok(bytes.len())
}

fn number_len(bytes: &[u8]) -> Result<usize, TextError> {
    let end = bytes
        .iter()
        .position(|b| !matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
        .unwrap_or(bytes.len());
    let int_digits = bytes[..end]
        .iter()
        .skip_while(|b| **b == b'-')
        .take_while(|b| b.is_ascii_digit())
        .count();
    if int_digits > MAX_INT_DIGITS {
        return Err(TextError::NumberOutOfRange);
    }
    Ok(end)
}

fn next_significant(bytes: &[u8], mut i: usize) -> Option<u8> {
    while let Some(&b) = bytes.get(i) {
        if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            return Some(b);
        }
        i += 1;
    }
    None
}

/// The end of the string token starting at `bytes[start] == b'"'`, checking that every
/// surrogate escape is half of a pair. Fast: jumps between quotes and backslashes.
fn scan_string(bytes: &[u8], start: usize) -> Result<usize, TextError> {
    let mut i = start + 1;
    loop {
        match memchr::memchr2(b'"', b'\\', &bytes[i..]) {
            None => return Ok(bytes.len()),
            Some(n) if bytes[i + n] == b'"' => return Ok(i + n + 1),
            Some(n) => {
                i += n;
                if bytes.get(i + 1) != Some(&b'u') {
                    i += 2;
                    continue;
                }
                let unit = hex4(&bytes[i + 2..]).unwrap_or(0);
                if (0xDC00..0xE000).contains(&unit) {
                    return Err(TextError::LoneSurrogate);
                }
                if (0xD800..0xDC00).contains(&unit) {
                    let low = (bytes.get(i + 6..i + 8) == Some(b"\\u"))
                        .then(|| hex4(&bytes[i + 8..]))
                        .flatten();
                    if !low.is_some_and(|l| (0xDC00..0xE000).contains(&l)) {
                        return Err(TextError::LoneSurrogate);
                    }
                    i += 12;
                } else {
                    i += 6;
                }
            }
        }
    }
}

/// The keys of the open objects while compacting, to find duplicates without allocating for
/// the common small object.
#[derive(Default)]
struct OpenKeys<'a> {
    /// Keys (unescaped once) of every open object, innermost last.
    keys: Vec<Cow<'a, str>>,
    /// Per open container: where its keys start in `keys` (`None` for an array).
    frames: Vec<Option<usize>>,
    /// Sets for open objects past [`OpenKeys::SMALL`] keys, innermost last.
    large: Vec<HashSet<Cow<'a, str>>>,
}

impl<'a> OpenKeys<'a> {
    /// Up to this many keys an object is checked by scanning its keys.
    const SMALL: usize = 64;

    fn open(&mut self, object: bool) {
        self.frames.push(object.then_some(self.keys.len()));
    }

    fn close(&mut self) {
        if let Some(Some(from)) = self.frames.pop() {
            if self.keys.len() - from >= Self::SMALL {
                self.large.pop();
            }
            self.keys.truncate(from);
        }
    }

    fn in_object(&self) -> bool {
        matches!(self.frames.last(), Some(Some(_)))
    }

    /// Adds a key token to the innermost object; true when that object already had it.
    fn add(&mut self, token: &'a str) -> bool {
        let Some(Some(from)) = self.frames.last().copied() else {
            return false;
        };
        let count = self.keys.len() - from;
        let key = unescape(token);
        if count < Self::SMALL {
            let duplicate = self.keys[from..].contains(&key);
            self.keys.push(key);
            if count + 1 == Self::SMALL {
                // From here on, a set keeps the check linear.
                let set = self.keys[from..].iter().cloned().collect();
                self.large.push(set);
            }
            duplicate
        } else {
            self.large.last_mut().is_some_and(|set| !set.insert(key))
        }
    }
}

/// Checks `raw` (one JSON value that serde_json's grammar accepted) against jiter's limits,
/// `depth` being the number of non-empty containers it sits in, and returns it without
/// insignificant whitespace. Duplicate keys are merged as a Python `dict` merges them: the
/// last value, at the first key's place.
pub(crate) fn compact(raw: &str, depth: usize) -> Result<String, TextError> {
    let (out, duplicates) = scan(raw, depth, true, true).map_err(|(_, e)| e)?;
    if duplicates {
        let mut merged = String::with_capacity(out.len());
        write_merged(&out, &mut merged);
        return Ok(merged);
    }
    Ok(out)
}

/// Why pydantic's parser refuses a whole document.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// It is not JSON.
    Syntax(serde_json::Error),
    /// It breaks one of jiter's limits, at this byte offset.
    Limit(usize, TextError),
}

/// The document `text` with every duplicated key merged as pydantic's parser merges it (the
/// last value, at the first key's place), or `None` when no object in it repeats a key; an
/// error when pydantic's parser would refuse the document (not JSON, or beyond jiter's
/// limits), which is then the document's first problem. Numbers are kept as written, so the
/// result reads as the SDK reads the original.
fn merge_duplicate_keys(text: &str) -> Result<Option<String>, Unreadable> {
    // `scan` trusts its input's grammar: check it first (this runs on refused text only).
    serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(Unreadable::Syntax)?;
    // Most refused documents repeat no key: look before copying anything.
    let (_, duplicates) =
        scan(text, 0, false, false).map_err(|(at, e)| Unreadable::Limit(at, e))?;
    if !duplicates {
        return Ok(None);
    }
    let (out, _) = scan(text, 0, false, true).map_err(|(at, e)| Unreadable::Limit(at, e))?;
    let mut merged = String::with_capacity(out.len());
    write_merged(&out, &mut merged);
    Ok(Some(merged))
}

/// The document as pydantic's parser reads it, where that differs from serde_json's reading:
/// the literals `NaN`, `Infinity` and `-Infinity` (see [`spell_infinities`]) and repeated keys
/// (see [`merge_duplicate_keys`]); `None` when neither occurs. An error says why pydantic's
/// parser refuses the document, with offsets into `text`.
pub(crate) fn as_the_sdk_reads(text: &str) -> Result<Option<String>, Unreadable> {
    let spelled = spell_infinities(text);
    let Some((respelled, grown)) = spelled else {
        return merge_duplicate_keys(text);
    };
    match merge_duplicate_keys(&respelled) {
        Ok(Some(merged)) => Ok(Some(merged)),
        Ok(None) => Ok(Some(respelled)),
        Err(Unreadable::Limit(at, e)) => Err(Unreadable::Limit(unspelled(&grown, at), e)),
        Err(e) => Err(e),
    }
}

/// The offset in the original text of offset `at` in its [`spell_infinities`] text, whose
/// literals grew as `grown` says: what the literals before it grew by is taken off.
pub(crate) fn unspelled(grown: &[(usize, usize)], at: usize) -> usize {
    let before: usize = grown
        .iter()
        .scan(0, |shift, &(from, by)| {
            let now = from + *shift;
            *shift += by;
            Some((now, by))
        })
        .take_while(|&(now, _)| now < at)
        .map(|(_, by)| by)
        .sum();
    at.saturating_sub(before)
}

/// The numbers the literals pydantic's parser reads beyond JSON are spelled as: beyond every
/// double (so a float field reads an infinity, a free-form value is written `null`, as the
/// SDK writes a NaN) and beyond every decimal exponent (so a decimal field refuses it, as the
/// SDK refuses a NaN there); integers, strings and the other types refuse a number so large.
const INFINITIES: [(&str, &str); 3] = [
    ("-Infinity", "-1e9999999999999999999"),
    ("Infinity", "1e9999999999999999999"),
    ("NaN", NAN_SPELLING),
];

/// How `NaN` is spelled for a second reading: like the infinities, with one more digit, so that
/// a float field reads it as a NaN (see `wire::Float`), not as an infinity.
pub(crate) const NAN_SPELLING: &str = "1e99999999999999999999";

/// `text` with `NaN`, `Infinity` and `-Infinity` outside strings (jiter reads them; `-NaN` it
/// does not) spelled as numbers (see [`INFINITIES`]), and where each was: its offset in `text`
/// and how much longer it got. `None` when there is none.
pub(crate) fn spell_infinities(text: &str) -> Option<(String, Vec<(usize, usize)>)> {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut grown = Vec::new();
    let (mut copied, mut i) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += string_len(&bytes[i..], false).unwrap_or(bytes.len() - i);
            }
            b'-' | b'I' | b'N' => {
                // Only a whole token: `1NaN`, `NaN1` and `1.Infinity` must stay refused, not
                // merge with a digit into a number.
                let starts_value = i == 0
                    || matches!(
                        bytes[i - 1],
                        b'[' | b',' | b':' | b' ' | b'\t' | b'\n' | b'\r'
                    );
                let found = INFINITIES.iter().find(|(literal, _)| {
                    starts_value
                        && bytes[i..].starts_with(literal.as_bytes())
                        && bytes.get(i + literal.len()).is_none_or(|b| {
                            matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                        })
                });
                match found {
                    Some((literal, number)) => {
                        out.push_str(&text[copied..i]);
                        out.push_str(number);
                        grown.push((i, number.len() - literal.len()));
                        i += literal.len();
                        copied = i;
                    }
                    // `-NaN` stays as written (and is refused).
                    None if bytes[i] == b'-' && bytes.get(i + 1) == Some(&b'N') => i += 2,
                    None => i += 1,
                }
            }
            _ => i += 1,
        }
    }
    if grown.is_empty() {
        return None;
    }
    out.push_str(&text[copied.min(text.len())..]);
    Some((out, grown))
}

/// Where [`scan`] writes the compact text: nowhere, when only its checks are wanted.
struct Compacted(Option<String>);

impl Compacted {
    fn push_str(&mut self, text: &str) {
        if let Some(out) = &mut self.0 {
            out.push_str(text);
        }
    }
}

/// Checks `raw` against jiter's limits and strips its insignificant whitespace (and, with
/// `infinite_as_null`, writes floats beyond a double as `null`); also says whether an object in
/// it repeats a key. An error comes with the byte offset of the value that breaks the limit.
/// Without `write`, the text returned is empty.
fn scan(
    raw: &str,
    depth: usize,
    infinite_as_null: bool,
    write: bool,
) -> Result<(String, bool), (usize, TextError)> {
    let bytes = raw.as_bytes();
    let mut out = Compacted(write.then(|| String::with_capacity(bytes.len())));
    let mut depth = depth;
    let mut open = OpenKeys::default();
    let mut expect_key = false;
    let mut duplicates = false;
    // The last structural byte, to tell an empty container from a full one on closing.
    let mut previous = 0u8;
    // Text is copied in runs between stretches of whitespace.
    let mut run_start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\n' | b'\r' => {
                out.push_str(&raw[run_start..i]);
                while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                    i += 1;
                }
                run_start = i;
            }
            b'"' => {
                let end = scan_string(bytes, i).map_err(|e| (i, e))?;
                if expect_key {
                    duplicates |= open.add(&raw[i..end]);
                    expect_key = false;
                }
                previous = b'"';
                i = end;
            }
            open_byte @ (b'{' | b'[') => {
                let close = if open_byte == b'{' { b'}' } else { b']' };
                if next_significant(bytes, i + 1) != Some(close) {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return Err((i, TextError::TooDeep));
                    }
                }
                open.open(open_byte == b'{');
                expect_key = open_byte == b'{';
                previous = open_byte;
                i += 1;
            }
            close @ (b'}' | b']') => {
                // An empty container was not counted on the way in.
                if previous != if close == b'}' { b'{' } else { b'[' } {
                    depth = depth.saturating_sub(1);
                }
                open.close();
                expect_key = false;
                previous = close;
                i += 1;
            }
            b',' => {
                expect_key = open.in_object();
                previous = b',';
                i += 1;
            }
            b'-' | b'0'..=b'9' => {
                let len = number_len(&bytes[i..]).map_err(|e| (i, e))?;
                let number = &raw[i..i + len];
                // A float beyond the largest double: pydantic's parser reads it as an infinity,
                // which the SDK writes as `null`; so is it kept.
                if infinite_as_null
                    && number.contains(['.', 'e', 'E'])
                    && number.parse::<f64>().is_ok_and(f64::is_infinite)
                {
                    out.push_str(&raw[run_start..i]);
                    out.push_str("null");
                    run_start = i + len;
                }
                previous = b'0';
                i += len;
            }
            other => {
                if other != b':' {
                    previous = other;
                }
                i += 1;
            }
        }
    }
    out.push_str(&raw[run_start..]);
    Ok((out.0.unwrap_or_default(), duplicates))
}

/// Writes the compact value `text` with duplicate keys merged, recursively, in one pass:
/// containers' ends are looked up, not rescanned, and a value a later duplicate replaces is
/// never visited. Memory: 8 bytes per container beside the text (a document of 4 GiB or more is
/// written as it is, unmerged).
fn write_merged(text: &str, out: &mut String) {
    let Some(ends) = container_ends(text) else {
        out.push_str(text);
        return;
    };
    Merger { text, ends }.write(0, out);
}

/// Where each container ends: `(start, end)` pairs in order of their starts (`None` for a text
/// too long for 32-bit offsets).
fn container_ends(text: &str) -> Option<Vec<(u32, u32)>> {
    let bytes = text.as_bytes();
    let len = u32::try_from(bytes.len()).ok()?;
    let mut ends = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += string_len(&bytes[i..], false).unwrap_or(bytes.len() - i);
                continue;
            }
            // Offsets below `len` fit in a u32.
            b'{' | b'[' => {
                open.push(ends.len());
                ends.push((i as u32, len));
            }
            b'}' | b']' => {
                if let Some(at) = open.pop() {
                    ends[at].1 = i as u32 + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Some(ends)
}

struct Merger<'a> {
    text: &'a str,
    ends: Vec<(u32, u32)>,
}

impl Merger<'_> {
    /// The end of the value starting at `start`.
    fn end_of(&self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        match bytes.get(start) {
            Some(b'{' | b'[') => self
                .ends
                .binary_search_by_key(&start, |(s, _)| *s as usize)
                .map_or(bytes.len(), |i| self.ends[i].1 as usize),
            Some(b'"') => start + string_len(&bytes[start..], false).unwrap_or(bytes.len() - start),
            _ => bytes[start..]
                .iter()
                .position(|b| matches!(b, b',' | b':' | b'}' | b']'))
                .map_or(bytes.len(), |n| start + n),
        }
    }

    /// The items (or keys) directly inside the container at `start`, as `(start, end)`, one at
    /// a time (an array of millions of items holds no list of them).
    fn children(&self, start: usize, object: bool) -> impl Iterator<Item = (usize, usize)> + '_ {
        let bytes = self.text.as_bytes();
        let end = self.end_of(start);
        let mut i = start + 1;
        let mut done = false;
        std::iter::from_fn(move || {
            if done || i >= end.saturating_sub(1) {
                return None;
            }
            let child = if object {
                let key_end = self.end_of(i);
                let value_end = self.end_of(key_end + 1);
                let child = (i, key_end);
                i = value_end + 1;
                child
            } else {
                let item_end = self.end_of(i);
                let child = (i, item_end);
                i = item_end + 1;
                child
            };
            done = bytes.get(i - 1) != Some(&b',');
            Some(child)
        })
    }

    fn write(&self, start: usize, out: &mut String) {
        let text = self.text;
        match text.as_bytes().get(start) {
            Some(b'{') => {
                // First place of each key, last value.
                let mut kept: Vec<(usize, usize, usize)> = Vec::new();
                let mut index: HashMap<Cow<'_, str>, usize> = HashMap::new();
                for (key_start, key_end) in self.children(start, true) {
                    let value = key_end + 1;
                    match index.entry(unescape(&text[key_start..key_end])) {
                        Entry::Occupied(slot) => kept[*slot.get()].2 = value,
                        Entry::Vacant(slot) => {
                            slot.insert(kept.len());
                            kept.push((key_start, key_end, value));
                        }
                    }
                }
                out.push('{');
                for (i, (key_start, key_end, value)) in kept.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&text[key_start..key_end]);
                    out.push(':');
                    self.write(value, out);
                }
                out.push('}');
            }
            Some(b'[') => {
                out.push('[');
                for (i, (item, _)) in self.children(start, false).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.write(item, out);
                }
                out.push(']');
            }
            Some(_) => out.push_str(&text[start..self.end_of(start)]),
            None => {}
        }
    }
}

/// The end of the value starting at `start` in compact, valid text.
pub(crate) fn skip_value(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let string_end = |i: usize| i + string_len(&bytes[i..], false).unwrap_or(bytes.len() - i);
    match bytes.get(start) {
        Some(b'"') => string_end(start),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => i = string_end(i),
                    b'{' | b'[' => {
                        depth += 1;
                        i += 1;
                    }
                    b'}' | b']' => {
                        depth -= 1;
                        i += 1;
                        if depth == 0 {
                            return i;
                        }
                    }
                    _ => i += 1,
                }
            }
            i
        }
        _ => bytes[start..]
            .iter()
            .position(|b| matches!(b, b',' | b':' | b'}' | b']'))
            .map_or(bytes.len(), |n| start + n),
    }
}

/// The members of the compact object `text` (`{...}`), as raw key tokens and raw values.
pub(crate) fn members(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut i = 1;
    std::iter::from_fn(move || {
        if i >= text.len() || text.as_bytes()[i] == b'}' {
            return None;
        }
        let key_end = skip_value(text, i);
        let value_end = skip_value(text, key_end + 1);
        // `get` keeps malformed text from panicking; the walk just stops.
        let key = text.get(i..key_end)?;
        let value = text.get(key_end + 1..value_end)?;
        i = value_end + 1;
        Some((key, value))
    })
}

/// The items of the compact array `text` (`[...]`), as raw values.
pub(crate) fn items(text: &str) -> impl Iterator<Item = &str> {
    let mut i = 1;
    std::iter::from_fn(move || {
        if i >= text.len() || text.as_bytes()[i] == b']' {
            return None;
        }
        let end = skip_value(text, i);
        let item = text.get(i..end)?;
        i = end + 1;
        Some(item)
    })
}

/// The value of the string token `raw` (`"..."`), unescaped; borrowed when it has no escapes.
pub(crate) fn unescape(raw: &str) -> Cow<'_, str> {
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    if inner.contains('\\') {
        Cow::Owned(serde_json::from_str::<String>(raw).unwrap_or_default())
    } else {
        Cow::Borrowed(inner)
    }
}

/// Rewrites compact JSON text as pydantic writes the same data: floats in pydantic's notation
/// (`100.0`, `0.00001`, `1e-7`; non-finite as `null`), `-0` as `0`, and strings re-escaped
/// the way serde_json (and pydantic) escape them.
pub(crate) fn respell_pydantic(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let n = string_len(&bytes[i..], false).unwrap_or(bytes.len() - i);
                let token = &text[i..i + n];
                if token.contains('\\') {
                    let value = unescape(token);
                    // Writing a `str` into a `String` cannot fail.
                    out.push_str(&serde_json::to_string(value.as_ref()).unwrap_or_default());
                } else {
                    out.push_str(token);
                }
                i += n;
            }
            b'-' | b'0'..=b'9' => {
                let n = number_len(&bytes[i..]).unwrap_or_else(|_| {
                    bytes[i..]
                        .iter()
                        .position(|b| matches!(b, b',' | b'}' | b']'))
                        .unwrap_or(bytes.len() - i)
                });
                respell_number(&text[i..i + n], out);
                i += n;
            }
            _ => {
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b'"' | b'-' | b'0'..=b'9') {
                    i += 1;
                }
                out.push_str(&text[start..i]);
            }
        }
    }
}

fn respell_number(number: &str, out: &mut String) {
    if number.bytes().any(|b| matches!(b, b'.' | b'e' | b'E')) {
        match number.parse::<f64>() {
            Ok(f) if f.is_finite() => out.push_str(&super::float_spelling::pydantic_json(f)),
            _ => out.push_str("null"),
        }
    } else if number.bytes().all(|b| b == b'-' || b == b'0') {
        out.push('0');
    } else {
        out.push_str(number);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
        format!("{}{inner}{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn compacts_and_keeps_spelling() {
        assert_eq!(
            compact("{ \"a\" : [1.50, -0, 1E2 ,\"x y\\u0041\"],\n\"b\":{} }", 1).unwrap(),
            r#"{"a":[1.50,-0,1E2,"x y\u0041"],"b":{}}"#
        );
    }

    // The limits below were measured against langsmith 0.14.17 (pydantic-core's jiter): with
    // the document counted, 200 nested non-empty containers are accepted and 201 are not; an
    // empty container beyond them is fine.
    #[test]
    fn depth_counts_non_empty_containers() {
        let ok = nested("{\"a\":", "1", "}", 199);
        assert!(compact(&ok, 1).is_ok());
        let deep = nested("{\"a\":", "1", "}", 200);
        assert_eq!(compact(&deep, 1), Err(TextError::TooDeep));
        let empty_inside = nested("[", "[]", "]", 199);
        assert!(compact(&empty_inside, 1).is_ok());
    }

    // What Python's dict does with repeated keys, checked with the SDK: `{"a": 1, "b": 2, "a": 3}`
    // dumps as `{"a":3,"b":2}`.
    #[test]
    fn duplicate_keys_merge_like_a_python_dict() {
        assert_eq!(
            compact(r#"{"a":1,"b":{"x":1,"x":[2]},"\u0061":3}"#, 1).unwrap(),
            r#"{"a":3,"b":{"x":[2]}}"#
        );
        assert_eq!(
            compact(r#"[{"k":1},{"k":2}]"#, 1).unwrap(),
            r#"[{"k":1},{"k":2}]"#
        );
    }

    #[test]
    fn surrogates_must_pair() {
        assert_eq!(
            compact(r#"{"a":"\ud800"}"#, 1),
            Err(TextError::LoneSurrogate)
        );
        assert_eq!(
            compact(r#"{"a":"\udc00x"}"#, 1),
            Err(TextError::LoneSurrogate)
        );
        assert_eq!(
            compact(r#"{"\uD800\u0041":1}"#, 1),
            Err(TextError::LoneSurrogate)
        );
        assert!(compact(r#"{"a":"\ud800\udc00\\ud800"}"#, 1).is_ok());
    }

    #[test]
    fn integer_digits_are_capped() {
        let at = format!("[{}]", "9".repeat(MAX_INT_DIGITS));
        assert!(compact(&at, 1).is_ok());
        let over = format!("[-{}.5]", "9".repeat(MAX_INT_DIGITS + 1));
        assert_eq!(compact(&over, 1), Err(TextError::NumberOutOfRange));
        let fraction = format!("[0.{}]", "9".repeat(MAX_INT_DIGITS + 1));
        assert!(compact(&fraction, 1).is_ok());
    }

    #[test]
    fn walks_members_and_items() {
        let text = r#"{"a":[1,{"b":"]}"}],"c\"d":-1.5e3,"e":null,"f":"x"}"#;
        let got: Vec<_> = members(text).collect();
        assert_eq!(
            got,
            [
                (r#""a""#, r#"[1,{"b":"]}"}]"#),
                (r#""c\"d""#, "-1.5e3"),
                (r#""e""#, "null"),
                (r#""f""#, r#""x""#)
            ]
        );
        assert_eq!(
            items(r#"[1,{"b":"]}"},[],true]"#).collect::<Vec<_>>(),
            ["1", r#"{"b":"]}"}"#, "[]", "true"]
        );
        assert_eq!(members("{}").count(), 0);
        assert_eq!(items("[]").count(), 0);
        assert_eq!(unescape(r#""c\"d""#), "c\"d");
    }

    #[test]
    fn respells_like_pydantic() {
        let mut out = String::new();
        respell_pydantic(
            r#"{"a":1.50,"b":1E2,"d":-0.0,"e":-0,"f":[1e-5,1e16,2.5e-7,1e400],"g":123456789012345678901234567890,"h":"\u0041\/"}"#,
            &mut out,
        );
        // Produced by pydantic's model_dump_json() for the same `extra` dict.
        assert_eq!(
            out,
            r#"{"a":1.5,"b":100.0,"d":-0.0,"e":0,"f":[0.00001,1e+16,2.5e-7,null],"g":123456789012345678901234567890,"h":"A/"}"#
        );
    }
}
