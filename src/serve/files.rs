//! Serve's copies of the handbook's own files: content assets (images beside
//! pages) and the root `static/` folder, read into memory. A file whose real
//! path lies outside the handbook (a symlink pointing out) is not served:
//! the dev server must not become a way to read the author's other files.

use std::collections::HashMap;
use std::path::Path;

use crate::config::Config;

/// Adds content assets and `static/` files to `files`, by output path.
pub fn add_disk_files(config: &Config, assets: &[String], files: &mut HashMap<String, Vec<u8>>) {
    let Ok(root) = config.root.canonicalize() else {
        return;
    };
    for asset in assets {
        let path = crate::source::join_rel(&config.content_dir, asset);
        if let Some(bytes) = read_inside(&root, &path) {
            files.insert(asset.clone(), bytes);
        }
    }
    let dir = config.root.join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        let Ok(rel) = entry.path().strip_prefix(&dir) else {
            continue;
        };
        if let Some(bytes) = read_inside(&root, entry.path()) {
            files.insert(rel.to_string_lossy().replace('\\', "/"), bytes);
        }
    }
}

/// The file's bytes if its real path is under `root`; a file removed since
/// the scan (an editor's save in progress) is skipped.
fn read_inside(root: &Path, path: &Path) -> Option<Vec<u8>> {
    let real = path.canonicalize().ok()?;
    if !real.starts_with(root) {
        return None;
    }
    std::fs::read(real).ok()
}
