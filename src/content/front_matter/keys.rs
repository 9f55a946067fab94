//! Where each key of a front matter is written: a single pass over the YAML
//! lines that records the line and columns of every top-level key and every
//! entry of the block-style `placeholders:` map, and finds keys written
//! twice (YAML parsers report those at the first one, or without a line).
//! Input: the YAML text and its first file line. Output: `Keys`, looked up
//! in constant time, so a front matter's positions cost one pass however
//! many errors it has.

use std::collections::HashMap;

/// One `key: value` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyLine<'a> {
    /// File line.
    pub line: usize,
    /// 1-based character columns of the key and of its value.
    pub key_col: usize,
    pub value_col: usize,
    /// Characters of the value as written (up to a comment).
    pub value_len: usize,
    pub text: &'a str,
    /// Index of the line in the YAML, for scans below it.
    pub index: usize,
}

/// A key written a second time in the same map.
#[derive(Debug, Clone)]
pub struct Duplicate<'a> {
    pub key: &'a str,
    pub at: KeyLine<'a>,
    pub first_line: usize,
    /// `Some(map)` for a key inside a nested map (`placeholders`).
    pub parent: Option<&'a str>,
}

#[derive(Debug, Default)]
pub struct Keys<'a> {
    pub lines: Vec<&'a str>,
    pub first_line: usize,
    pub top: HashMap<&'a str, KeyLine<'a>>,
    pub placeholders: HashMap<&'a str, KeyLine<'a>>,
    pub duplicates: Vec<Duplicate<'a>>,
}

impl<'a> Keys<'a> {
    pub fn scan(yaml: &'a str, first_line: usize) -> Self {
        let mut keys = Keys {
            lines: yaml.lines().collect(),
            first_line,
            ..Keys::default()
        };
        let mut parent: Option<&str> = None;
        let mut child_indent: Option<usize> = None;
        for index in 0..keys.lines.len() {
            let text = keys.lines[index];
            let indent = text.len() - text.trim_start_matches(' ').len();
            let rest = &text[indent..];
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let Some(at) = key_line(text, indent, first_line + index, index) else {
                if indent == 0 {
                    parent = None;
                }
                continue;
            };
            let key = &text[indent..indent + key_len(rest)];
            let key = key.trim_matches(['"', '\'']);
            if indent == 0 {
                parent = Some(key);
                child_indent = None;
                if let Some(first) = keys.top.get(key) {
                    keys.duplicates.push(Duplicate {
                        key,
                        at,
                        first_line: first.line,
                        parent: None,
                    });
                } else {
                    keys.top.insert(key, at);
                }
            } else if parent == Some("placeholders")
                && *child_indent.get_or_insert(indent) == indent
            {
                if let Some(first) = keys.placeholders.get(key) {
                    keys.duplicates.push(Duplicate {
                        key,
                        at,
                        first_line: first.line,
                        parent: Some("placeholders"),
                    });
                } else {
                    keys.placeholders.insert(key, at);
                }
            }
        }
        keys
    }

    /// The YAML with every duplicate key line (and the lines indented under
    /// it) blanked, line count kept, so the rest can still be read.
    pub fn without_duplicates(&self) -> Option<String> {
        if self.duplicates.is_empty() {
            return None;
        }
        let mut blank = vec![false; self.lines.len()];
        for d in &self.duplicates {
            let indent = d.at.key_col - 1;
            blank[d.at.index] = true;
            for (i, line) in self.lines.iter().enumerate().skip(d.at.index + 1) {
                let own = line.len() - line.trim_start_matches(' ').len();
                if !line.trim().is_empty() && own <= indent {
                    break;
                }
                blank[i] = true;
            }
        }
        let mut out = String::new();
        for (line, blank) in self.lines.iter().zip(blank) {
            if !blank {
                out.push_str(line);
            }
            out.push('\n');
        }
        Some(out)
    }

    /// The line of `key:` written under the map entry at `under` (nested
    /// deeper than it), or the entry's own line when written inline.
    pub fn nested(&self, under: &KeyLine<'a>, key: &str) -> KeyLine<'a> {
        let needle = format!("{key}:");
        let indent = under.key_col - 1;
        let scan = std::iter::once(under.index).chain(
            (under.index + 1..self.lines.len()).take_while(|&i| {
                let line = self.lines[i];
                line.trim().is_empty() || line.len() - line.trim_start_matches(' ').len() > indent
            }),
        );
        for i in scan {
            let line = self.lines[i];
            let from = if i == under.index {
                under.value_col - 1
            } else {
                0
            };
            let skip: usize = line.char_indices().nth(from).map_or(line.len(), |(b, _)| b);
            let Some(pos) = line[skip..].find(&needle).map(|p| p + skip) else {
                continue;
            };
            if pos > 0 && !line[..pos].ends_with([' ', '{', ',']) {
                continue;
            }
            let after = &line[pos + needle.len()..];
            let value_at = pos + needle.len() + (after.len() - after.trim_start().len());
            let value = line[value_at..]
                .split([',', '}'])
                .next()
                .unwrap_or("")
                .trim_end();
            return KeyLine {
                line: self.first_line + i,
                key_col: line[..pos].chars().count() + 1,
                value_col: line[..value_at].chars().count() + 1,
                value_len: value.chars().count(),
                text: line,
                index: i,
            };
        }
        *under
    }
}

/// Byte length of the key at the start of `rest` (a `key:` line).
fn key_len(rest: &str) -> usize {
    match rest.chars().next() {
        Some(q @ ('"' | '\'')) => rest[1..].find(q).map_or(rest.len(), |e| e + 2),
        _ => rest.find(':').unwrap_or(rest.len()),
    }
}

fn key_line(text: &str, indent: usize, line: usize, index: usize) -> Option<KeyLine<'_>> {
    let rest = &text[indent..];
    if rest.starts_with(['-', '{', '[', '?', '|', '>', '&', '*', '!']) {
        return None;
    }
    let len = key_len(rest);
    let after = rest[len..].strip_prefix(':')?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) || len == 0 {
        return None;
    }
    let value_at = indent + len + 1 + (after.len() - after.trim_start().len());
    let value = text[value_at..].split(" #").next().unwrap_or("").trim_end();
    Some(KeyLine {
        line,
        key_col: text[..indent].chars().count() + 1,
        value_col: text[..value_at].chars().count() + 1,
        value_len: value.chars().count(),
        text,
        index,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_keys_and_duplicates_at_their_own_line() {
        let yaml = "title: a\nplaceholders:\n  node: { label: N }\n  node:\n    label: M\nkind: drill\ntitle: b\n";
        let keys = Keys::scan(yaml, 2);
        assert_eq!(keys.top["kind"].line, 7);
        assert_eq!(
            (keys.top["kind"].value_col, keys.top["kind"].value_len),
            (7, 5)
        );
        assert_eq!(keys.placeholders["node"].line, 4);
        let dups: Vec<(&str, usize, usize)> = keys
            .duplicates
            .iter()
            .map(|d| (d.key, d.at.line, d.first_line))
            .collect();
        assert_eq!(dups, vec![("node", 5, 4), ("title", 8, 2)]);
        assert_eq!(
            keys.without_duplicates().as_deref(),
            Some("title: a\nplaceholders:\n  node: { label: N }\n\n\nkind: drill\n\n")
        );
        let label = keys.nested(&keys.placeholders["node"], "label");
        assert_eq!((label.line, label.value_col), (4, 18));
    }
}
