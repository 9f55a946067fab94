//! Link and image targets written in a page body. Input: the target as
//! written, whether it is an image, the page's ids and the site's `Links`.
//! Output: the href to write (`None`: keep it as written) or why it is
//! refused. Only `http:`, `https:`, `mailto:`, `tel:` (an on-call number in
//! an escalation template) and, for images, `data:image/` may carry a scheme, so no page can hold a link that runs script; a
//! same-page `#anchor` must name an id on the page; everything else goes to
//! `Links`, and what comes back always starts with `./` or `../`, so no page
//! name can ever be read as a scheme.

use percent_encoding::percent_decode_str;

use super::Context;
use super::ids::Ids;

/// (message, label) of a refused target.
pub type Refusal = (String, String);

/// Whether a target's scheme (if any) is one a page may link to.
pub fn safe(dest: &str, image: bool) -> bool {
    scheme_allowed(dest, image).is_ok()
}

fn scheme_allowed(dest: &str, image: bool) -> Result<(), Refusal> {
    let Some(scheme) = scheme(dest) else {
        return Ok(());
    };
    let rest = &dest[dest.find(':').map_or(0, |i| i + 1)..];
    let allowed = matches!(scheme.as_str(), "http" | "https" | "mailto")
        || (!image && scheme == "tel")
        || (image
            && scheme == "data"
            && rest.trim_start().to_ascii_lowercase().starts_with("image/"));
    if allowed {
        return Ok(());
    }
    let what = if image { "image" } else { "link" };
    Err((
        format!("{what} with the scheme `{scheme}:` is not allowed"),
        if image {
            "expected `http:`, `https:`, `data:image/…` or a relative path".to_string()
        } else {
            "expected `http:`, `https:`, `mailto:`, `tel:` or a relative path".to_string()
        },
    ))
}

pub fn target(
    ctx: &Context,
    dest: &str,
    image: bool,
    ids: &Ids,
) -> Result<Option<String>, Refusal> {
    scheme_allowed(dest, image)?;
    if scheme(dest).is_some() {
        return Ok(None);
    }
    if dest.starts_with("//") {
        return Ok(None);
    }
    let (path, fragment) = dest.split_at(dest.find(['#', '?']).unwrap_or(dest.len()));
    if path.is_empty() {
        let anchor = fragment.strip_prefix('#').unwrap_or("");
        let anchor = percent_decode_str(anchor).decode_utf8_lossy();
        if !anchor.is_empty() && !ids.contains(&anchor) {
            return Err((
                format!("no heading `#{anchor}` on this page"),
                "expected the id of a heading, answer, template or footnote on this page"
                    .to_string(),
            ));
        }
        return Ok(None);
    }
    // `/debug/x.md` means the content folder's `debug/x.md`: written
    // relative, so the site still works under any sub-path.
    let written = dest;
    let relative;
    let dest = match dest.strip_prefix('/') {
        Some(rest) => {
            relative = format!("{}{rest}", "../".repeat(ctx.page_rel.matches('/').count()));
            relative.as_str()
        }
        None => dest,
    };
    match ctx.links.resolve(ctx.page_rel, dest) {
        Ok(Some(href)) if href.starts_with("./") || href.starts_with("../") => Ok(Some(href)),
        Ok(Some(href)) => Ok(Some(format!("./{href}"))),
        Ok(None) => Ok(None),
        Err(why) => Err((format!("broken link to `{written}`"), why)),
    }
}

/// `(page, fragment)` for a link to an anchor on another page of the build.
pub fn other_page_anchor(ctx: &Context, dest: &str) -> Option<(String, String)> {
    let (path, fragment) = dest.split_once('#')?;
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || fragment.is_empty() {
        return None;
    }
    let relative;
    let path = match path.strip_prefix('/') {
        Some(rest) => {
            relative = format!("{}{rest}", "../".repeat(ctx.page_rel.matches('/').count()));
            relative.as_str()
        }
        None => path,
    };
    let page = ctx.links.target_page(ctx.page_rel, path)?;
    let fragment = percent_decode_str(fragment)
        .decode_utf8_lossy()
        .into_owned();
    Some((page, fragment))
}

/// The lowercase scheme of a URL, read the way browsers read it (leading
/// spaces and controls dropped, tabs and line breaks inside ignored).
fn scheme(dest: &str) -> Option<String> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|c| *c != ':' && *c != '/' && *c != '?' && *c != '#')
        .collect();
    let after = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .nth(cleaned.chars().count());
    let valid = cleaned.starts_with(|c: char| c.is_ascii_alphabetic())
        && cleaned
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (after == Some(':') && valid).then(|| cleaned.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_schemes_as_browsers_do() {
        let cases: &[(&str, Option<&str>)] = &[
            ("https://x.dev", Some("https")),
            ("JavaScript:alert(1)", Some("javascript")),
            (" \u{1}java\tscript:alert(1)", Some("javascript")),
            ("../a:b.md", None),
            ("a.md", None),
            ("#x:y", None),
            ("data:image/png;base64,AA", Some("data")),
            ("vbscript:msgbox", Some("vbscript")),
            ("1ab:c", None),
        ];
        for (dest, want) in cases {
            assert_eq!(scheme(dest).as_deref(), *want, "{dest:?}");
        }
    }

    #[test]
    fn phone_links_pass_and_other_schemes_stay_refused() {
        assert!(safe("tel:+1-555-0100", false));
        assert!(safe("TEL:+44 20 7946 0000", false));
        // An image cannot be a phone call; ftp, irc and file stay refused.
        assert!(!safe("tel:+1-555-0100", true));
        for dest in ["ftp://x.dev/a", "irc://x.dev/#ops", "file:///etc/passwd"] {
            assert!(!safe(dest, false), "{dest}");
        }
        let refused = scheme_allowed("ftp://x.dev/a", false).unwrap_err();
        assert_eq!(refused.0, "link with the scheme `ftp:` is not allowed");
        assert!(refused.1.contains("`tel:`"), "{}", refused.1);
    }
}
