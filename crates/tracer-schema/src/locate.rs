//! Where a JSON pointer's value starts in the source text, as a line and column.
//!
//! Validators report errors by JSON pointer; people want a line and column. This scanner walks
//! the text along the pointer without building a tree, and skips values iteratively, so a
//! deeply nested document cannot overflow the stack.

/// A place in the source text: byte offset, 1-based line, 1-based column in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    /// Byte offset from the start of the text.
    pub offset: usize,
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters (Unicode scalar values), from 1.
    pub column: usize,
}

impl Position {
    /// The line and column of byte `offset` in `text` (clamped to the text).
    #[must_use]
    pub fn at(text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            offset,
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// The byte offset where 1-based `line` starts in `text` (the end of the text past the last line).
#[must_use]
pub fn line_start(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// The byte offset of a 1-based line and character column in `text`.
#[must_use]
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = line_start(text, line).min(text.len());
    let rest = &text[start..];
    start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// The tokens of an RFC 6901 pointer (`/a~1b/0` is `["a/b", "0"]`).
#[must_use]
pub fn pointer_tokens(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        return Vec::new();
    }
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// Escapes one token for a JSON pointer.
#[must_use]
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn skip_ws(&mut self) {
        while matches!(
            self.text.as_bytes().get(self.pos),
            Some(b' ' | b'\t' | b'\n' | b'\r')
        ) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    /// Reads a string starting at its opening quote and returns it unescaped.
    fn string(&mut self) -> Option<std::borrow::Cow<'a, str>> {
        let start = self.pos;
        // Most keys have no escape: borrow them rather than decode them (quotes are ASCII, so
        // the text between them is whole characters).
        if self.skip_string()? {
            serde_json::from_str::<String>(self.text.get(start..self.pos)?)
                .ok()
                .map(std::borrow::Cow::Owned)
        } else {
            self.text
                .get(start + 1..self.pos - 1)
                .map(std::borrow::Cow::Borrowed)
        }
    }

    /// Moves past a string starting at its opening quote: whether it holds an escape.
    fn skip_string(&mut self) -> Option<bool> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let mut escaped = false;
        loop {
            // Jump to the next quote or backslash.
            self.pos += memchr::memchr2(b'"', b'\\', self.text.as_bytes().get(self.pos..)?)?;
            if self.peek()? == b'"' {
                self.pos += 1;
                return Some(escaped);
            }
            escaped = true;
            self.pos += 2;
        }
    }

    /// Moves past one value of any depth, without recursion.
    fn skip_value(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            self.skip_ws();
            match self.peek()? {
                b'"' => {
                    self.skip_string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                    continue;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b',' | b':' if depth > 0 => {
                    self.pos += 1;
                    continue;
                }
                _ => {
                    while self.peek().is_some_and(|b| {
                        !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                    }) {
                        self.pos += 1;
                    }
                }
            }
            if depth == 0 {
                return Some(());
            }
        }
    }

    /// From an object's `{`, the start of the value of the last member named `key`.
    fn member(&mut self, key: &str) -> Option<usize> {
        self.pos += 1;
        let mut found = None;
        loop {
            self.skip_ws();
            match self.peek()? {
                b',' => self.pos += 1,
                b'"' => {
                    let name = self.string()?;
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return found;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if name == key {
                        found = Some(self.pos);
                    }
                    self.skip_value()?;
                }
                // `}` or anything unexpected ends the object.
                _ => return found,
            }
        }
    }

    /// From an array's `[`, the start of element `index`.
    fn element(&mut self, index: usize) -> Option<usize> {
        self.pos += 1;
        for _ in 0..index {
            self.skip_ws();
            self.skip_value()?;
            self.skip_ws();
            if self.peek()? != b',' {
                return None;
            }
            self.pos += 1;
        }
        self.skip_ws();
        (self.peek()? != b']').then_some(self.pos)
    }
}

/// The requested pointers below one value, as a tree of tokens.
#[derive(Default)]
struct Wanted {
    /// Indexes (into the caller's list) of the pointers that end here.
    ends: Vec<usize>,
    children: std::collections::HashMap<String, Wanted>,
}

impl Scanner<'_> {
    /// Walks the value at the current position along `wanted`, recording where each requested
    /// value starts (the last duplicate member wins, as in a parser). Every byte is passed a
    /// bounded number of times: members and items off the requested paths are skipped.
    fn walk(&mut self, wanted: &Wanted, found: &mut [Option<usize>]) -> Option<()> {
        self.skip_ws();
        for &i in &wanted.ends {
            found[i] = Some(self.pos);
        }
        if wanted.children.is_empty() {
            return self.skip_value();
        }
        match self.peek()? {
            b'{' => {
                // First the last occurrence of each wanted member (a later duplicate replaces
                // an earlier one, as in a parser), skipping everything; then a walk into each.
                // Every byte is passed once here and once more only inside wanted members.
                self.pos += 1;
                let mut last: std::collections::HashMap<&str, usize> =
                    std::collections::HashMap::new();
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b',' => self.pos += 1,
                        b'"' => {
                            let name = self.string()?;
                            self.skip_ws();
                            if self.peek()? != b':' {
                                return None;
                            }
                            self.pos += 1;
                            self.skip_ws();
                            if let Some((key, _)) = wanted.children.get_key_value(name.as_ref()) {
                                last.insert(key.as_str(), self.pos);
                            }
                            self.skip_value()?;
                        }
                        b'}' => {
                            self.pos += 1;
                            break;
                        }
                        _ => return None,
                    }
                }
                let end = self.pos;
                for (key, at) in last {
                    self.pos = at;
                    self.walk(&wanted.children[key], found)?;
                }
                self.pos = end;
                Some(())
            }
            b'[' => {
                self.pos += 1;
                let mut index = 0usize;
                loop {
                    self.skip_ws();
                    match self.peek()? {
                        b']' => {
                            self.pos += 1;
                            return Some(());
                        }
                        b',' => self.pos += 1,
                        _ => {
                            match wanted.children.get(&index.to_string()) {
                                Some(child) => self.walk(child, found)?,
                                None => self.skip_value()?,
                            }
                            index += 1;
                        }
                    }
                }
            }
            _ => self.skip_value(),
        }
    }
}

/// The byte offsets where the values at `pointers` start in `text` (`None` where the text has
/// no such value), found in one pass over the text however many pointers there are.
#[must_use]
pub fn locate_all(text: &str, pointers: &[&str]) -> Vec<Option<usize>> {
    let mut root = Wanted::default();
    for (i, pointer) in pointers.iter().enumerate() {
        let mut node = &mut root;
        for token in pointer_tokens(pointer) {
            node = node.children.entry(token).or_default();
        }
        node.ends.push(i);
    }
    let mut found = vec![None; pointers.len()];
    let mut scanner = Scanner { text, pos: 0 };
    // A malformed text just leaves the rest unfound.
    let _ = scanner.walk(&root, &mut found);
    found
}

/// The positions of many byte offsets in `text`, in one pass (sorted internally): line and
/// column are counted once, not from the start of the text for each offset.
#[must_use]
pub fn positions(text: &str, offsets: &[usize]) -> Vec<Position> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![
        Position {
            offset: 0,
            line: 1,
            column: 1
        };
        offsets.len()
    ];
    let (mut at, mut line, mut column) = (0usize, 1usize, 1usize);
    for i in order {
        let mut target = offsets[i].min(text.len());
        while !text.is_char_boundary(target) {
            target -= 1;
        }
        for c in text[at..target].chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        at = target;
        out[i] = Position {
            offset: target,
            line,
            column,
        };
    }
    out
}

/// The byte range of the value at `pointer` in `text`.
#[must_use]
pub fn locate_span(text: &str, pointer: &str) -> Option<std::ops::Range<usize>> {
    let start = locate(text, pointer)?.offset;
    let mut scanner = Scanner { text, pos: start };
    scanner.skip_value();
    let end = scanner.pos.clamp(start, text.len());
    Some(start..end)
}

/// The position of the value at `pointer` in `text`, or `None` when the text has no such
/// value (or is not JSON along the way).
#[must_use]
pub fn locate(text: &str, pointer: &str) -> Option<Position> {
    let mut scanner = Scanner { text, pos: 0 };
    scanner.skip_ws();
    for token in pointer_tokens(pointer) {
        scanner.skip_ws();
        let start = match scanner.peek()? {
            b'{' => scanner.member(&token)?,
            b'[' => scanner.element(token.parse().ok()?)?,
            _ => return None,
        };
        scanner.pos = start;
    }
    scanner.skip_ws();
    Some(Position::at(text, scanner.pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"a\": {\"b/c\": [1, {\"d\": \"x\\\"y\"}, [2]]},\n  \"é\": 5,\n  \"a\": {\"z\": 1}\n}";

    fn at(pointer: &str) -> Option<(usize, usize)> {
        locate(TEXT, pointer).map(|p| (p.line, p.column))
    }

    #[test]
    fn finds_nested_values() {
        assert_eq!(at(""), Some((1, 1)));
        // The last of two `a` members is the one a JSON parser keeps.
        assert_eq!(at("/a"), Some((4, 8)));
        assert_eq!(at("/a/z"), Some((4, 14)));
        assert_eq!(at("/é"), Some((3, 8)));
        assert_eq!(at("/missing"), None);
    }

    #[test]
    fn escaped_tokens_and_arrays() {
        let text = r#"{"b/c": [1, {"d": "x\"y"}, [2]]}"#;
        assert_eq!(locate(text, "/b~1c/1/d").map(|p| p.column), Some(19));
        assert_eq!(locate(text, "/b~1c/2/0").map(|p| p.column), Some(29));
        assert_eq!(locate(text, "/b~1c/3"), None);
    }

    #[test]
    fn many_pointers_in_one_pass() {
        let pointers = ["", "/a", "/a/z", "/é", "/missing", "/a/b~1c/1/d"];
        let offsets = locate_all(TEXT, &pointers);
        let one_by_one: Vec<Option<usize>> = pointers
            .iter()
            .map(|p| locate(TEXT, p).map(|p| p.offset))
            .collect();
        assert_eq!(offsets, one_by_one);
        let found: Vec<usize> = offsets.iter().flatten().copied().collect();
        let at_once = positions(TEXT, &found);
        for (offset, p) in found.iter().zip(at_once) {
            assert_eq!(p, Position::at(TEXT, *offset));
        }
    }

    #[test]
    fn deep_nesting_does_not_recurse() {
        let depth = 100_000;
        let text = format!(
            "{{\"a\": {}1{}, \"b\": 2}}",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        assert_eq!(locate(&text, "/b").map(|p| p.column), Some(text.len() - 1));
    }
}
