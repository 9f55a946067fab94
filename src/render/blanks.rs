//! Template blanks: `{{name}}` with an ASCII identifier inside and nothing
//! else. Input: template text. Output: the text split into literal pieces and
//! blanks. `{{ .Values.x }}` or `${{ secrets.TOKEN }}` stay literal text.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Blank(&'a str),
}

/// Blank names are a content rule (front matter checks `placeholders:` keys
/// with it too), so it lives there.
pub use crate::content::is_blank_name;

pub fn split(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut literal_start = 0;
    let mut search = 0;
    // The next `}}` at or after a position only moves forward, so it is
    // found once per run of `{{`, not once per `{{` (10 MB of `{{` before
    // one `}}` stays linear).
    let mut close: Option<usize> = None;
    while let Some(found) = text[search..].find("{{") {
        let open = search + found;
        search = open + 2;
        if close.is_none_or(|c| c < open + 2) {
            close = text[open + 2..].find("}}").map(|c| open + 2 + c);
        }
        let Some(len) = close.map(|c| c - open - 2) else {
            break;
        };
        let name = &text[open + 2..open + 2 + len];
        // `${{name}}` is GitHub Actions syntax and `{{{x}}}` a mustache triple.
        let literal = text[..open].ends_with(['$', '{']) || text[open + 4 + len..].starts_with('}');
        if !is_blank_name(name) || literal {
            continue;
        }
        if open > literal_start {
            pieces.push(Piece::Text(&text[literal_start..open]));
        }
        pieces.push(Piece::Blank(name));
        literal_start = open + 4 + len;
        search = literal_start;
    }
    if literal_start < text.len() {
        pieces.push(Piece::Text(&text[literal_start..]));
    }
    pieces
}

/// The distinct blank names of `text`, in order of first use.
pub fn names(text: &str) -> Vec<&str> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<&str> = Vec::new();
    for piece in split(text) {
        if let Piece::Blank(name) = piece
            && seen.insert(name)
        {
            out.push(name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_blanks_from_text() {
        let cases: &[(&str, &[&str])] = &[
            ("Hi @{{team}} on `{{node}}`", &["team", "node"]),
            ("{{ .Values.x }} and ${{ secrets.TOKEN }}", &[]),
            ("${{name}} {{{raw}}} {{9lives}} {{a-b}}", &[]),
            ("{{_x1}}{{_x1}}", &["_x1"]),
            ("{{open", &[]),
            ("{{{{a}} {{b}}", &["b"]),
            ("{{x {{y}}", &["y"]),
        ];
        for (text, want) in cases {
            assert_eq!(names(text), *want, "{text}");
        }
        assert_eq!(
            split("a {{b}} c"),
            vec![Piece::Text("a "), Piece::Blank("b"), Piece::Text(" c")]
        );
    }
}
