//! Syntax highlighting at build time with syntect and two-face's syntaxes.
//! Input: code and its fence language. Output: HTML with one short class per
//! token category (`<span class="h3">`), so the CSS from `css()` decides the
//! colours for light and dark. Categories come from a tiny syntect theme
//! whose "colours" are category numbers: syntect's own scope matching picks
//! the category, and pages stay small (a scope-named span per token would be
//! several times the code's size). An unknown language renders as escaped
//! plain code, never an error.

use std::str::FromStr;

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, ScopeSelectors, StyleModifier, Theme, ThemeItem};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::escape;

/// Token categories: (scope selectors, light colour, dark colour, bold/italic).
/// The index in this table is the `hN` class.
const CATEGORIES: &[(&str, &str, &str, &str)] = &[
    (
        "comment, punctuation.definition.comment",
        "#6e7781",
        "#8b949e",
        "font-style: italic",
    ),
    (
        "string, constant.character.escape",
        "#0a3069",
        "#a5d6ff",
        "",
    ),
    (
        "constant.numeric, constant.language, constant.other, support.constant",
        "#0550ae",
        "#79c0ff",
        "",
    ),
    (
        "keyword, storage, keyword.operator.word",
        "#cf222e",
        "#ff7b72",
        "",
    ),
    (
        "entity.name.function, support.function, variable.function",
        "#8250df",
        "#d2a8ff",
        "",
    ),
    (
        "entity.name.type, support.type, entity.name.class, storage.type.primitive, entity.other.inherited-class",
        "#953800",
        "#ffa657",
        "",
    ),
    (
        "variable.parameter, variable.other.readwrite, variable.other.member, variable.language",
        "#953800",
        "#ffa657",
        "",
    ),
    (
        "entity.name.tag, meta.mapping.key, entity.name.key, support.type.property-name, meta.object-literal.key",
        "#116329",
        "#7ee787",
        "",
    ),
    (
        "entity.other.attribute-name, variable.parameter.option, meta.parameter.option",
        "#0550ae",
        "#79c0ff",
        "",
    ),
    (
        "markup.heading, markup.bold",
        "#0550ae",
        "#79c0ff",
        "font-weight: 600",
    ),
    ("markup.inserted", "#116329", "#aff5b4", ""),
    ("markup.deleted, invalid", "#82071e", "#ffdcd7", ""),
];

/// Loaded once per build and shared by every rendering thread.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    theme: Theme,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            theme: category_theme(),
        }
    }
}

/// A syntect theme whose foreground red channel carries the category index
/// plus one (zero: no category).
fn category_theme() -> Theme {
    let scopes = CATEGORIES
        .iter()
        .enumerate()
        .filter_map(|(i, (selectors, ..))| {
            let scope = ScopeSelectors::from_str(selectors).ok()?;
            let foreground = Some(Color {
                r: (i + 1) as u8,
                g: 0,
                b: 0,
                a: 255,
            });
            Some(ThemeItem {
                scope,
                style: StyleModifier {
                    foreground,
                    background: None,
                    font_style: None,
                },
            })
        })
        .collect();
    let mut theme = Theme {
        scopes,
        ..Theme::default()
    };
    theme.settings.foreground = Some(Color {
        r: 0,
        g: 0,
        b: 0,
        a: 255,
    });
    theme
}

impl Highlighter {
    /// The inner HTML of `<code>` for `code` written in `lang`.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let Some(syntax) = self.find(lang) else {
            return escape(code);
        };
        let mut lines = HighlightLines::new(syntax, &self.theme);
        let mut html = String::with_capacity(code.len() * 2);
        for line in LinesWithEndings::from(code) {
            let Ok(pieces) = lines.highlight_line(line, &self.syntaxes) else {
                return escape(code);
            };
            // syntect's pieces cover the line exactly; if they ever did
            // not, slicing `line` by their lengths would be wrong.
            if pieces.iter().map(|(_, t)| t.len()).sum::<usize>() != line.len() {
                return escape(code);
            }
            push_line(&mut html, line, &pieces);
        }
        html
    }

    fn find(&self, lang: &str) -> Option<&SyntaxReference> {
        let token = match lang.to_ascii_lowercase().as_str() {
            "" | "text" | "txt" | "plain" | "plaintext" | "output" => return None,
            "shell" | "console" | "sh" | "zsh" | "shell-session" => "bash".to_string(),
            "terraform" | "tf" => "hcl".to_string(),
            "golang" => "go".to_string(),
            "docker" => "dockerfile".to_string(),
            other => other.to_string(),
        };
        self.syntaxes
            .find_syntax_by_token(&token)
            .or_else(|| self.syntaxes.find_syntax_by_name(lang))
    }
}

/// Appends one line's pieces, merging neighbours of the same category. The
/// pieces are consecutive slices of `line`, so a run of them is one slice
/// of it: no copy, and the escaping writes straight into `html`.
fn push_line(html: &mut String, line: &str, pieces: &[(syntect::highlighting::Style, &str)]) {
    let mut start = 0;
    let mut i = 0;
    while i < pieces.len() {
        let category = pieces[i].0.foreground.r;
        let mut end = start + pieces[i].1.len();
        i += 1;
        while i < pieces.len() && pieces[i].0.foreground.r == category {
            end += pieces[i].1.len();
            i += 1;
        }
        let text = &line[start..end];
        start = end;
        // A span around only whitespace changes nothing a reader sees.
        if category == 0 || text.trim().is_empty() {
            escape_into(html, text);
        } else {
            html.push_str("<span class=\"h");
            push_category(html, category - 1);
            html.push_str("\">");
            escape_into(html, text);
            html.push_str("</span>");
        }
    }
}

/// `n` in decimal, without `format!`'s machinery (there are 12 categories).
fn push_category(html: &mut String, n: u8) {
    if n >= 10 {
        html.push(char::from(b'0' + n / 10));
    }
    html.push(char::from(b'0' + n % 10));
}

/// Escapes `text` onto the end of `html` (what `escape` does, without the
/// intermediate string).
fn escape_into(html: &mut String, text: &str) {
    let _ = pulldown_cmark_escape::escape_html(&mut *html, text);
}

/// The stylesheet for highlighted code: light colours, and dark ones under
/// `prefers-color-scheme: dark` unless the page forces `data-theme=light`.
pub fn css() -> String {
    let mut light =
        String::from("/* Generated by drillbook: token colours for highlighted code. */\n");
    let mut dark = String::new();
    for (i, (_, l, d, extra)) in CATEGORIES.iter().enumerate() {
        let extra = if extra.is_empty() {
            String::new()
        } else {
            format!(" {extra};")
        };
        light.push_str(&format!(".h{i} {{ color: {l};{extra} }}\n"));
        dark.push_str(&format!(
            "  :root:not([data-theme=light]) .h{i} {{ color: {d}; }}\n"
        ));
    }
    format!(
        "{light}@media (prefers-color-scheme: dark) {{\n{dark}}}\n:root[data-theme=dark] {{}}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_and_escapes_unknown_ones() {
        let hl = Highlighter::default();
        for lang in [
            "bash",
            "yaml",
            "toml",
            "json",
            "go",
            "python",
            "rust",
            "sql",
            "hcl",
            "dockerfile",
            "ini",
            "nginx",
        ] {
            assert!(hl.find(lang).is_some(), "{lang} should be known");
        }
        assert_eq!(hl.highlight("<a>\n", "no-such-lang"), "&lt;a&gt;\n");
        assert!(css().contains("prefers-color-scheme: dark"));
    }

    #[test]
    fn output_is_the_code_with_short_category_spans() {
        let hl = Highlighter::default();
        let code = "# check the kernel log\ndmesg -T | grep -i \"read-only\" > /tmp/x\n";
        let html = hl.highlight(code, "bash");
        assert!(
            html.contains("<span class=\"h0\"># check the kernel log\n</span>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"h1\">&quot;read-only&quot;</span>"),
            "{html}"
        );
        let text: String = html
            .split('<')
            .map(|p| p.split_once('>').map_or(p, |(_, t)| t))
            .collect();
        assert_eq!(text.replace("&quot;", "\"").replace("&gt;", ">"), code);
    }
}
