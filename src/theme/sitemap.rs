//! `sitemap.xml`: every page of the site a search engine should know, at its
//! absolute URL under `base_url`. Input: the `Site` and the absolute base.
//! Output: the file's text. Drafts are never listed, even in a build that
//! includes them; a tag whose pages are all drafts is left out too.

use crate::render::escape;
use crate::site::{Site, relative};

pub fn sitemap(base: &str, module_ids: &[&str], site: &Site) -> String {
    let mut urls = vec![String::new()];
    urls.extend(module_ids.iter().map(|id| format!("{id}/")));
    urls.extend(
        site.pages
            .iter()
            .filter(|p| !p.page.fm.draft)
            .map(|p| p.url.clone()),
    );
    // The Review page is a page of every handbook (its list is filled in by
    // the reader's browser), so it is listed like the tag index.
    urls.push("review/".to_string());
    urls.push("tags/".to_string());
    urls.extend(
        site.tags
            .iter()
            .filter(|t| t.pages.iter().any(|&i| !site.pages[i].page.fm.draft))
            .map(|t| t.url.clone()),
    );
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&format!("{base}{}", relative("", &url)))
        ));
    }
    xml.push_str("</urlset>\n");
    xml
}
