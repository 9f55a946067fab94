//! Syntax highlighting at build time with syntect and two-face's syntaxes.
//! Input: code and its fence language. Output: HTML with one short class per
//! token category (`<span class="h3">`), so the CSS from `css()` decides the
//! colours for light and dark. Categories come from a tiny syntect theme
//! whose "colours" are category numbers: syntect's own scope matching picks
//! the category, and pages stay small (a scope-named span per token would be
//! several times the code's size). An unknown language renders as escaped
//! plain code, never an error.

use std::str::FromStr;

use syntect::highlighting::ScopeSelectors;
use syntect::parsing::{
    ATOM_LEN_BITS, BasicScopeStackOp, ParseState, Scope, ScopeStack, SyntaxReference, SyntaxSet,
};
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
    /// Every single-scope selector of `CATEGORIES` with its category,
    /// longest first (ties in table order), as syntect's theme highlighter
    /// orders them.
    selectors: Vec<(Scope, u8)>,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter {
            syntaxes: two_face::syntax::extra_newlines(),
            selectors: category_selectors(),
        }
    }
}

/// The selectors of `CATEGORIES`, each with its category index. Every one
/// is a single scope (a test checks), so a token's category depends only on
/// the scopes pushed so far, as in syntect's highlighter.
fn category_selectors() -> Vec<(Scope, u8)> {
    let mut selectors: Vec<(Scope, u8)> = CATEGORIES
        .iter()
        .enumerate()
        .filter_map(|(i, (selectors, ..))| {
            Some((i as u8, ScopeSelectors::from_str(selectors).ok()?))
        })
        .flat_map(|(i, parsed)| {
            parsed
                .selectors
                .iter()
                .filter_map(|s| s.extract_single_scope())
                .map(|scope| (scope, i))
                .collect::<Vec<_>>()
        })
        .collect();
    // Stable, like syntect's: equal lengths keep the table's order.
    selectors.sort_by_key(|s| std::cmp::Reverse(s.0.len()));
    selectors
}

/// The category in force at one depth of the scope stack, with the score
/// that chose it (syntect's `MatchPower` for the foreground colour).
#[derive(Clone, Copy)]
struct Scored {
    score: f64,
    /// Category index plus one; zero: none.
    category: u8,
}

/// Nothing matched yet: the theme's default foreground, at syntect's -1.
const UNSCORED: Scored = Scored {
    score: -1.0,
    category: 0,
};

impl Highlighter {
    /// The inner HTML of `<code>` for `code` written in `lang`.
    ///
    /// Walks syntect's parse ops with its `ScopeStack` and keeps one
    /// category per stack level, computed the way syntect's theme
    /// highlighter computes a foreground colour: the same bytes as running
    /// `HighlightLines` with a theme of category "colours", without its
    /// per-token styles and per-line vectors.
    pub fn highlight(&self, code: &str, lang: &str) -> String {
        let Some(syntax) = self.find(lang) else {
            return escape(code);
        };
        let mut parse = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut levels: Vec<Scored> = vec![UNSCORED];
        let mut html = String::with_capacity(code.len() * 2);
        let mut run = Run::default();
        let mut matches = MatchCache::default();
        for line in LinesWithEndings::from(code) {
            let Ok(ops) = parse.parse_line(line, &self.syntaxes) else {
                return escape(code);
            };
            let mut pos = 0;
            for (end, op) in &ops {
                let end = (*end).min(line.len());
                if end > pos {
                    let category = levels.last().map_or(0, |l| l.category);
                    run.add(&mut html, line, pos, end, category);
                    pos = end;
                }
                let applied = stack.apply_with_hook(op, |basic, path| match basic {
                    BasicScopeStackOp::Push(scope) => {
                        let parent = levels.last().copied().unwrap_or(UNSCORED);
                        let best = *matches
                            .entry(scope)
                            .or_insert_with(|| self.best_selector(scope));
                        levels.push(push(parent, best, path.len()));
                    }
                    BasicScopeStackOp::Pop => {
                        levels.pop();
                    }
                });
                if applied.is_err() {
                    return escape(code);
                }
            }
            if pos < line.len() {
                let category = levels.last().map_or(0, |l| l.category);
                run.add(&mut html, line, pos, line.len(), category);
            }
            run.flush(&mut html, line);
        }
        html
    }

    /// The first selector (longest first) that matches `scope`, as its
    /// length in atoms and its category.
    fn best_selector(&self, scope: Scope) -> Option<(u32, u8)> {
        self.selectors
            .iter()
            .find(|(s, _)| s.is_prefix_of(scope))
            .map(|(s, category)| (s.len(), *category))
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

/// The category after pushing a scope whose best selector is `best` to make
/// a stack `depth` deep: syntect's `update_single_cache_for_push` for the
/// foreground alone. Selectors are tried longest first and a later one must
/// score strictly higher to win, so only the first match can.
fn push(parent: Scored, best: Option<(u32, u8)>, depth: usize) -> Scored {
    let Some((len, category)) = best else {
        return parent;
    };
    // In u16 and wrapping, as syntect computes it.
    let shift = f64::from(ATOM_LEN_BITS.wrapping_mul(depth.saturating_sub(1) as u16));
    let score = f64::from(len) * shift.exp2();
    if score > parent.score {
        Scored {
            score,
            category: category + 1,
        }
    } else {
        parent
    }
}

/// Each scope's best selector, per highlighted block: a block pushes the
/// same few dozen scopes over and over.
type MatchCache = rustc_hash::FxHashMap<Scope, Option<(u32, u8)>>;

/// The pending stretch of one line that has a single category: neighbours
/// of the same category merge into one span, as a slice of the line (no
/// copy; the escaping writes straight into the page).
#[derive(Default)]
struct Run {
    start: usize,
    end: usize,
    category: u8,
}

impl Run {
    /// Adds `line[start..end]` (right after the pending stretch).
    fn add(&mut self, html: &mut String, line: &str, start: usize, end: usize, category: u8) {
        if self.end > self.start && category != self.category {
            self.flush(html, line);
        }
        if self.end == self.start {
            self.start = start;
            self.category = category;
        }
        self.end = end;
    }

    /// Writes the pending stretch and empties it.
    fn flush(&mut self, html: &mut String, line: &str) {
        let text = line.get(self.start..self.end).unwrap_or_default();
        let category = self.category;
        *self = Run::default();
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
    fn every_category_selector_is_a_single_scope() {
        // `push` reproduces syntect's scoring of single-scope selectors
        // only; a selector with a space or an exclusion would need its
        // `does_match` on the whole stack.
        for (selectors, ..) in CATEGORIES {
            let parsed = ScopeSelectors::from_str(selectors).expect("a valid selector list");
            for s in &parsed.selectors {
                assert!(s.extract_single_scope().is_some(), "{selectors}");
            }
        }
        assert_eq!(
            category_selectors().len(),
            CATEGORIES
                .iter()
                .map(|(s, ..)| s.split(',').count())
                .sum::<usize>()
        );
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
