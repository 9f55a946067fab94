//! The docs against the code: every CLI command, argument and option (read
//! from clap's `--help` of each command, recursively), every front-matter
//! key (the lists the front-matter parser checks keys against) and every
//! `book.toml` key (the serde structs that parse the file) must be
//! documented in `docs/`. And the README and docs link only to
//! files that exist in the repository.

mod common;

use std::path::{Path, PathBuf};

use common::run_in;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The text under the `## ` heading that starts with `heading`, up to the
/// next `## ` heading.
fn section<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let start = doc.find(&format!("\n## {heading}"))? + 1;
    let rest = &doc[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    Some(&rest[..end])
}

/// What one command's `--help` lists.
#[derive(Debug, Default)]
struct Help {
    subcommands: Vec<String>,
    /// Positional arguments, by value name (`KIND`).
    arguments: Vec<String>,
    /// `(short, long)` of each option, e.g. `(Some('r'), "--root")`.
    options: Vec<(Option<char>, String)>,
    aliases: Vec<String>,
}

fn help(path: &[&str]) -> Help {
    let mut args = path.to_vec();
    args.push("--help");
    let run = run_in(repo(), &args);
    assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    let mut help = Help::default();
    let mut heading = "";
    for line in run.stdout.lines() {
        if !line.starts_with(' ') {
            heading = line;
            continue;
        }
        let item = line.trim_start();
        let first = item.split_whitespace().next().unwrap_or("");
        match heading {
            "Commands:" if first != "help" => help.subcommands.push(first.to_string()),
            "Arguments:" => help
                .arguments
                .push(first.trim_matches(['[', ']', '<', '>', '.']).to_string()),
            "Options:" => {
                let (short, long) = match item.split_once(", ") {
                    Some((short, rest)) if short.len() == 2 => (
                        short.chars().nth(1),
                        rest.split_whitespace().next().unwrap_or(""),
                    ),
                    _ => (None, first),
                };
                if !matches!(long, "--help" | "--version") {
                    help.options.push((short, long.to_string()));
                }
                if let Some((_, alias)) = item.split_once("[alias: ") {
                    help.aliases.push(alias.trim_end_matches(']').to_string());
                }
            }
            _ => {}
        }
    }
    help
}

#[test]
fn every_command_argument_and_option_is_in_docs_cli_md() {
    let doc = read("docs/cli.md");
    let mut missing = Vec::new();
    let mut queue: Vec<Vec<String>> = help(&[]).subcommands.into_iter().map(|c| vec![c]).collect();
    let mut seen = 0;
    while let Some(path) = queue.pop() {
        seen += 1;
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        let h = help(&args);
        let name = format!("`drillbook {}`", path.join(" "));
        if !h.subcommands.is_empty() {
            // A group (`export`): its leaves carry the options.
            queue.extend(h.subcommands.iter().map(|s| {
                let mut p = path.clone();
                p.push(s.clone());
                p
            }));
            continue;
        }
        let Some(text) = section(&doc, &name) else {
            missing.push(format!("a `## {name}` section"));
            continue;
        };
        for arg in &h.arguments {
            if !text.contains(arg.as_str()) {
                missing.push(format!("{name}: argument {arg}"));
            }
        }
        for (short, long) in &h.options {
            let shown = match short {
                Some(s) => format!("-{s}, {long}"),
                None => long.clone(),
            };
            if !text.contains(&shown) {
                missing.push(format!("{name}: option `{shown}`"));
            }
        }
        for alias in &h.aliases {
            if !text.contains(alias.as_str()) {
                missing.push(format!("{name}: alias `{alias}`"));
            }
        }
    }
    assert!(seen >= 9, "only {seen} commands found in --help");
    assert!(
        missing.is_empty(),
        "docs/cli.md lacks:\n{}",
        missing.join("\n")
    );
}

#[test]
fn every_front_matter_key_is_in_docs_authoring_md() {
    let doc = read("docs/authoring.md");
    let groups = drillbook::content::front_matter_keys();
    assert!(groups.len() >= 3 && groups[0].1.contains(&"title"));
    let mut missing = Vec::new();
    for (group, keys) in &groups {
        for key in keys {
            if !doc.contains(&format!("| `{key}` |")) {
                missing.push(format!("{group} {key}"));
            }
        }
        if !group.is_empty() && !doc.contains(&format!("Each entry of `{group}`")) {
            missing.push(format!("the keys of a `{group}` entry"));
        }
    }
    assert!(
        missing.is_empty(),
        "docs/authoring.md has no table row for: {missing:?}"
    );
}

#[test]
fn every_book_toml_key_is_in_docs_configuration_md() {
    let doc = read("docs/configuration.md");
    let mut missing = Vec::new();
    for (table, key) in drillbook::config::book_toml_keys() {
        let heading = if table == "modules" {
            "`[[modules]]`".to_string()
        } else {
            format!("`[{table}]`")
        };
        match section(&doc, &heading) {
            Some(text) if text.contains(&format!("| `{key}` |")) => {}
            _ => missing.push(format!("{heading} {key}")),
        }
    }
    assert!(
        missing.is_empty(),
        "docs/configuration.md lacks: {missing:?}"
    );
}

/// The text outside fenced code blocks and `code spans`, where examples of
/// links are not links.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            let spans: Vec<&str> = line.split('`').collect();
            for (i, part) in spans.iter().enumerate() {
                if i % 2 == 0 {
                    out.push_str(part);
                }
            }
            out.push('\n');
        }
    }
    out
}

/// Markdown link targets `](x)` of a document's prose.
fn links(text: &str) -> Vec<String> {
    prose(text)
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split_once(')').map(|(t, _)| t.to_string()))
        .collect()
}

fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md")];
    for entry in walkdir::WalkDir::new(repo().join("docs")) {
        let entry = entry.expect("walk docs");
        if entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.path().to_path_buf());
        }
    }
    files
}

#[test]
fn readme_and_docs_link_only_to_files_in_the_repository() {
    let root = repo().canonicalize().expect("repo");
    let mut bad = Vec::new();
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).expect("read");
        for target in links(&text) {
            let path = target.split('#').next().unwrap_or("");
            if path.is_empty() {
                continue;
            }
            let resolved = file.parent().expect("in a folder").join(path);
            let inside = resolved.canonicalize().is_ok_and(|p| p.starts_with(&root));
            if target.contains("://") || !inside {
                bad.push(format!("{}: {target}", file.display()));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "links that leave the repository or go nowhere:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_readme_links_every_reference_page() {
    let readme = read("README.md");
    for page in ["authoring", "configuration", "cli", "reader", "deploy"] {
        assert!(
            readme.contains(&format!("(docs/{page}.md)")),
            "README.md does not link docs/{page}.md"
        );
    }
}

/// The README opens with exactly two set-up commands — one builds this
/// repository's handbook, one runs the tests — and names everything the
/// test command needs.
#[test]
fn the_readme_sets_up_with_two_commands_and_lists_their_prerequisites() {
    let readme = read("README.md");
    let setup = section(&readme, "Set up").expect("a `## Set up` section");
    let block = setup
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a shell block");
    let commands: Vec<&str> = block
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        commands,
        vec!["cargo run --release -- build", "bash .ci/test"]
    );
    let first_heading = readme.lines().find(|l| l.starts_with("## "));
    assert_eq!(first_heading, Some("## Set up"), "Set up comes first");
    for needed in [
        "Rust",
        "npm",
        "python3",
        "chromium",
        "fonts-noto-cjk",
        "cargo install --locked --path .",
    ] {
        assert!(
            setup.contains(needed),
            "the set-up section does not mention {needed}"
        );
    }
    let ci = read(".ci/test");
    assert!(ci.contains("python3 ") && ci.contains("npm ci") && ci.contains("chromium"));
}
