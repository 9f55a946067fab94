//! The one place that names the YAML crate. serde_yaml is deprecated upstream;
//! a maintained fork with the same API (e.g. `serde_yml`) replaces it by
//! changing the `use` below. Input: YAML text. Output: a YAML `Value` tree,
//! or an error in plain words with its 1-based line and column inside the
//! YAML. Before the parser runs, a linear pre-check refuses what it handles
//! badly: control characters (it reports them without a line) and flow
//! lists nested so deep that its key tracking turns quadratic.

use serde_yaml as backend;
pub use serde_yaml::{Mapping, Value};

/// Deeper `[`/`{` nesting than this is refused before parsing.
const MAX_FLOW_DEPTH: usize = 64;

/// A YAML error reduced to what diagnostics need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The parser's message without any "at line N column M".
    pub message: String,
    /// 1-based (line, column) inside the YAML text, when known.
    pub location: Option<(usize, usize)>,
    /// What the parser was inside, and where it started: `("parsing a flow
    /// sequence", (1, 8))`.
    pub context: Option<(String, (usize, usize))>,
}

pub fn parse(text: &str) -> Result<Value, YamlError> {
    precheck(text)?;
    backend::from_str(text).map_err(|e| {
        let full = e.to_string();
        let (main, context) = match full.split_once(", while ") {
            Some((main, context)) => (main, Some(context)),
            None => (full.as_str(), None),
        };
        YamlError {
            message: strip_position(main).to_string(),
            location: e.location().map(|l| (l.line(), l.column())),
            context: context.and_then(|c| {
                let (what, at) = c.split_once(" at line ")?;
                let (line, col) = at.split_once(" column ")?;
                Some((
                    what.to_string(),
                    (line.trim().parse().ok()?, col.trim().parse().ok()?),
                ))
            }),
        }
    })
}

fn strip_position(message: &str) -> &str {
    let message = message.split(" at line ").next().unwrap_or(message);
    message.split(" at position ").next().unwrap_or(message)
}

/// Control characters and runaway flow nesting, at their own line:column.
fn precheck(text: &str) -> Result<(), YamlError> {
    let mut depth = 0usize;
    for (i, line) in text.split('\n').enumerate() {
        let mut quote: Option<char> = None;
        let mut prev = ' ';
        for (col, ch) in line.chars().enumerate() {
            let at = Some((i + 1, col + 1));
            if is_control(ch) {
                return Err(YamlError {
                    message: format!("control character U+{:04X}", ch as u32),
                    location: at,
                    context: None,
                });
            }
            match (quote, ch) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if matches!(prev, ' ' | '[' | '{' | ',' | ':') => {
                    quote = Some(ch);
                }
                (None, '#') if prev == ' ' || col == 0 => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_FLOW_DEPTH {
                        return Err(YamlError {
                            message: format!(
                                "lists and maps nested more than {MAX_FLOW_DEPTH} deep"
                            ),
                            location: at,
                            context: None,
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            prev = ch;
        }
    }
    Ok(())
}

/// What YAML refuses to read: C0 controls but tab and line feed, DEL, and
/// C1 controls but next-line.
fn is_control(ch: char) -> bool {
    (ch < ' ' && ch != '\t' && ch != '\n')
        || ch == '\u{7f}'
        || (('\u{80}'..='\u{9f}').contains(&ch) && ch != '\u{85}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_their_own_position() {
        let err = parse("title: [oops\n").unwrap_err();
        assert_eq!(err.message, "did not find expected ',' or ']'");
        assert_eq!(err.location, Some((2, 1)));
        assert_eq!(
            err.context,
            Some(("parsing a flow sequence".to_string(), (1, 8)))
        );
        let err = parse("title: x\nkind: a\u{7}b\n").unwrap_err();
        assert_eq!(err.location, Some((2, 8)));
        let deep = format!("title: {}\n", "[".repeat(2_000_000));
        let err = parse(&deep).unwrap_err();
        assert_eq!(err.location, Some((1, 8 + MAX_FLOW_DEPTH)));
        assert!(parse("title: \"[[[[# not a comment\"\n").is_ok());
    }
}
