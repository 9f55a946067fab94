//! Serve's quick path: saves to pages the last good build already has.
//! Input: the saved paths and the kept `Last` build. Output: the new files,
//! or `None` when the change needs the full rebuild (a page created or
//! removed, a changed slug or draft state — both move routes —, anything but
//! pages, or no good build to start from). Steps: re-read only the named
//! files → re-parse and re-render the changed ones → place them in the kept
//! `Site` (re-assembled if their titles, order or tags changed) → pick the
//! HTML files that can differ (`place`) → render only those and swap them in.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use crate::Failure;
use crate::config::Config;
use crate::content::{self, FrontMatter, Page};
use crate::diagnostic::{self, Diagnostic};
use crate::output::OutFile;
use crate::render::{Rendered, slug};
use crate::site::{self, Routes, Site};
use crate::theme::{self, Selection};

use super::cache::{Parsed, fresh, hash_of, render_one};
use super::rebuild::{Builder, Last, Outcome, page_file};
use super::state::Files;

type Built = Result<(Arc<Files>, Outcome), Failure>;
type Edits = Vec<(Page, Rendered)>;

impl Builder {
    /// Rebuilds after saves to `paths` (relative to the root), if it can.
    pub(super) fn quick(&mut self, paths: &[PathBuf]) -> Option<Built> {
        let config = self.config.clone()?;
        let rels = self.named_pages(paths)?;
        let mut outcome = Outcome::default();
        self.reread(&config, &rels, &mut outcome)?;
        let edits = match self.check(&mut outcome)? {
            Ok(edits) => edits,
            Err(mut errors) => {
                diagnostic::sort(&mut errors);
                let warnings = self.warnings();
                return Some(Err(Failure { errors, warnings }));
            }
        };
        let last = self.last.as_mut()?;
        last.dirty.clear();
        let selection = place(&config, last, edits);
        let out = match self.render_selection(&config, &selection) {
            Ok(out) => out,
            Err(errors) => {
                // The kept site now differs from what is published: start
                // over from a full build next time.
                self.last = None;
                return Some(Err(Failure::from(errors)));
            }
        };
        let files = self.swap_in(out, &selection, &mut outcome);
        outcome.warnings = self.warnings();
        Some(Ok((files, outcome)))
    }

    /// The content-relative paths of `paths`, if each is a page of the
    /// kept site.
    fn named_pages(&self, paths: &[PathBuf]) -> Option<Vec<String>> {
        let last = self.last.as_ref()?;
        let content = self.layout().content;
        let rels: Option<Vec<String>> = paths
            .iter()
            .map(|p| {
                let rel = p.strip_prefix(&content).ok()?.to_string_lossy();
                let rel = rel.replace('\\', "/");
                index_of(&last.site, &rel).map(|_| rel)
            })
            .collect();
        rels.filter(|r| !r.is_empty())
    }

    /// Re-reads the named files, re-parsing those whose bytes changed.
    fn reread(&mut self, config: &Config, rels: &[String], outcome: &mut Outcome) -> Option<()> {
        let last = self.last.as_mut()?;
        for rel in rels {
            // Gone since the event: removed, or mid-save; the full path
            // rescans and sees which.
            let bytes = std::fs::read(crate::source::join_rel(&config.content_dir, rel)).ok()?;
            let hash = hash_of(&bytes);
            if self.parsed.get(rel).is_some_and(|p| p.hash == hash) {
                continue;
            }
            outcome.parsed += 1;
            let page = content::parse_page(config, rel, &bytes);
            self.parsed.insert(rel.clone(), Parsed { hash, page });
            last.dirty.insert(rel.clone());
        }
        Some(())
    }

    /// Renders the dirty pages: `None` if one moves routes, `Err` with every
    /// error while one of them fails.
    fn check(&mut self, outcome: &mut Outcome) -> Option<Result<Edits, Vec<Diagnostic>>> {
        let last = self.last.as_ref()?;
        let (mut edits, mut errors) = (Vec::new(), Vec::new());
        for rel in &last.dirty {
            let page = match &self.parsed.get(rel)?.page {
                Ok(page) => page,
                Err(e) => {
                    errors.extend(e.iter().cloned());
                    continue;
                }
            };
            let old = &last.site.pages[index_of(&last.site, rel)?].page;
            if moves_routes(&old.fm, &page.fm, self.drafts) {
                return None;
            }
            if !fresh(&self.rendered, page, &last.routes) {
                outcome.rendered += 1;
                let cache = render_one(page, &last.routes, &self.highlighter);
                self.rendered.insert(rel.clone(), cache);
            }
            match &self.rendered.get(rel)?.result {
                Ok(r) => edits.push((page.clone(), r.clone())),
                Err(e) => errors.extend(e.iter().cloned()),
            }
        }
        if errors.is_empty() {
            // Anchors across pages, with the edited pages' new ids.
            let edited: HashMap<&str, &Rendered> = edits
                .iter()
                .map(|(p, r)| (p.source.rel.as_str(), r))
                .collect();
            errors = crate::render::check_anchors(last.site.pages.iter().map(|sp| {
                let rel = sp.page.source.rel.as_str();
                (rel, edited.get(rel).copied().unwrap_or(&sp.rendered))
            }));
        }
        Some(if errors.is_empty() {
            Ok(edits)
        } else {
            Err(errors)
        })
    }

    fn render_selection(
        &self,
        config: &Config,
        selection: &Selection,
    ) -> Result<Vec<OutFile>, Vec<Diagnostic>> {
        let (Some(theme), Some(last)) = (&self.theme, &self.last) else {
            return Ok(Vec::new());
        };
        let view = theme::Options {
            drafts: self.drafts,
            live_reload: true,
        };
        let out = Mutex::new(Vec::new());
        let sink = |f: OutFile| out.lock().unwrap_or_else(PoisonError::into_inner).push(f);
        theme::render_some(config, &last.site, theme, &view, selection, &sink)?;
        Ok(out.into_inner().unwrap_or_else(PoisonError::into_inner))
    }

    /// The published files with `out` swapped in: only these are compared.
    fn swap_in(&mut self, out: Vec<OutFile>, sel: &Selection, outcome: &mut Outcome) -> Arc<Files> {
        let Some(last) = self.last.as_mut() else {
            return self.files.clone();
        };
        let pages: HashSet<String> = sel
            .pages
            .iter()
            .map(|&i| page_file(&last.site.pages[i]))
            .collect();
        let mut next = Files::clone(&self.files);
        if sel.all_listings {
            let listings: HashSet<String> = out
                .iter()
                .filter(|f| !pages.contains(&f.path))
                .map(|f| f.path.clone())
                .collect();
            for gone in last.listings.difference(&listings) {
                outcome.removed += usize::from(next.remove(gone).is_some());
            }
            last.listings = listings;
        }
        for f in out {
            if next.get(&f.path).is_some_and(|old| old[..] == f.bytes[..]) {
                continue;
            }
            if pages.contains(&f.path) {
                outcome.pages_changed += 1;
            } else {
                outcome.listings_changed += 1;
            }
            next.insert(f.path, Arc::from(f.bytes));
        }
        self.files = Arc::new(next);
        self.files.clone()
    }

    /// Every warning of the site as it stands: the scan's and each page's.
    fn warnings(&self) -> Vec<Diagnostic> {
        let Some(last) = &self.last else {
            return Vec::new();
        };
        let mut warnings = last.scan_warnings.clone();
        warnings.extend(last.warned.values().flatten().cloned());
        diagnostic::sort(&mut warnings);
        warnings
    }
}

fn index_of(site: &Site, rel: &str) -> Option<usize> {
    site.pages.iter().position(|p| p.page.source.rel == rel)
}

/// A new slug moves the page's URL; a draft flag, with drafts left out,
/// adds or drops it: either changes how every link resolves.
fn moves_routes(old: &FrontMatter, new: &FrontMatter, drafts: bool) -> bool {
    old.slug != new.slug || (!drafts && old.draft != new.draft)
}

/// Whether what other pages show of this one (its `Item` in listings and
/// previous/next links, its place in order, its tags) changed.
fn item_changed(old: &FrontMatter, new: &FrontMatter) -> bool {
    old.title != new.title
        || old.title_zh != new.title_zh
        || old.kind != new.kind
        || old.description != new.description
        || old.level != new.level
        || old.order != new.order
        || old.tags != new.tags
}

/// Whether page `i`, with front matter `fm`, still sorts between its
/// neighbours (so the site's order, and every previous/next link, holds).
fn keeps_place(site: &Site, i: usize, fm: &FrontMatter) -> bool {
    let url = &site.pages[i].url;
    let me = site::order_key(fm, url);
    let key = |j: usize| site::order_key(&site.pages[j].page.fm, &site.pages[j].url);
    let p = &site.pages[i];
    p.prev.is_none_or(|j| key(j) <= me) && p.next.is_none_or(|j| me <= key(j))
}

/// Puts the edited pages into the kept site and picks the HTML files that
/// can change: the pages themselves; if what others show of them changed,
/// their old and new neighbours, their module page, their tags' pages and,
/// for a tag whose name or count changed, every page carrying it; and
/// everything if a module's counts or the guide list (on every page) moved.
fn place(config: &Config, last: &mut Last, edits: Edits) -> Selection {
    let mut sel = Selection::default();
    let (mut shown, mut moved, mut everything) = (false, false, false);
    let mut shown_in: Vec<String> = Vec::new();
    let mut tag_urls: HashSet<String> = HashSet::new();
    let edited: Vec<String> = edits.iter().map(|(p, _)| p.source.rel.clone()).collect();
    for (page, rendered) in edits {
        let Some(i) = index_of(&last.site, &page.source.rel) else {
            continue;
        };
        let old = &last.site.pages[i];
        if item_changed(&old.page.fm, &page.fm) {
            shown = true;
            moved |= old.page.fm.tags != page.fm.tags || !keeps_place(&last.site, i, &page.fm);
            everything |= old.page.fm.kind != page.fm.kind || page.module.is_none();
            let neighbours = [old.prev, old.next].into_iter().flatten();
            shown_in.extend(neighbours.map(|j| last.site.pages[j].page.source.rel.clone()));
            tag_urls.extend(old.tags.iter().map(|&t| last.site.tags[t].url.clone()));
            tag_urls.extend(page.fm.tags.iter().map(|n| format!("tags/{}/", slug(n))));
        }
        if rendered.warnings.is_empty() {
            last.warned.remove(&page.source.rel);
        } else {
            let warnings = rendered.warnings.clone();
            last.warned.insert(page.source.rel.clone(), warnings);
        }
        let p = &mut last.site.pages[i];
        (p.page, p.rendered) = (page, rendered);
    }
    let old_tags: HashMap<String, (String, usize)> = last
        .site
        .tags
        .iter()
        .map(|t| (t.url.clone(), (t.name.clone(), t.pages.len())))
        .collect();
    if moved {
        reassemble(config, &last.routes, &mut last.site);
    }
    let index: HashMap<String, usize> = if moved {
        let rels = last.site.pages.iter().map(|p| p.page.source.rel.clone());
        rels.enumerate().map(|(i, r)| (r, i)).collect()
    } else {
        let found = edited
            .iter()
            .map(|r| Some((r.clone(), index_of(&last.site, r)?)));
        found.flatten().collect()
    };
    for rel in &edited {
        let Some(&i) = index.get(rel.as_str()) else {
            continue;
        };
        let doc = last.site.take_search_doc(config, i);
        last.docs.insert(rel.clone(), Arc::new(doc));
        sel.pages.push(i);
        if shown {
            let p = &last.site.pages[i];
            sel.pages.extend([p.prev, p.next].into_iter().flatten());
            let module = p.page.module.as_deref();
            sel.modules.extend(
                config
                    .modules
                    .iter()
                    .position(|m| Some(m.id.as_str()) == module),
            );
        }
    }
    sel.pages
        .extend(shown_in.iter().filter_map(|r| index.get(r.as_str())));
    pick_tags(&mut sel, &last.site, &old_tags, &tag_urls);
    if everything {
        sel.pages = (0..last.site.pages.len()).collect();
        sel.all_listings = true;
    }
    for list in [&mut sel.pages, &mut sel.modules, &mut sel.tags] {
        list.sort_unstable();
        list.dedup();
    }
    last.indexed &= edited.is_empty();
    sel
}

/// Tag pages of the edited pages' tags; for a tag whose name or count
/// changed, every page carrying it too (their tag links show both) and the
/// tag index; every listing if a tag appeared or vanished.
fn pick_tags(
    sel: &mut Selection,
    site: &Site,
    old: &HashMap<String, (String, usize)>,
    urls: &HashSet<String>,
) {
    let mut kept = 0;
    for (t, tag) in site.tags.iter().enumerate() {
        let was = old.get(&tag.url);
        kept += usize::from(was.is_some());
        if was != Some(&(tag.name.clone(), tag.pages.len())) {
            sel.pages.extend(&tag.pages);
            sel.tags.push(t);
            sel.tag_index = true;
        } else if urls.contains(&tag.url) {
            sel.tags.push(t);
        }
    }
    sel.all_listings |= kept != site.tags.len() || kept != old.len();
}

/// Re-runs `assemble` on the kept pages (moved, not copied) after a change
/// to their order, titles or tags.
fn reassemble(config: &Config, routes: &Routes, site: &mut Site) {
    let empty = Site {
        pages: Vec::new(),
        modules: Vec::new(),
        guides: Vec::new(),
        tags: Vec::new(),
    };
    let old = std::mem::replace(site, empty);
    let pages = old
        .pages
        .into_iter()
        .map(|p| (p.page, p.rendered))
        .collect();
    *site = site::assemble(config, routes, pages);
}
