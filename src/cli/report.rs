//! How the CLI reports: diagnostics (coloured on a terminal unless
//! `NO_COLOR`), summaries, serve's progress lines and the exit code of each
//! command. Input: what the library returned. Output: text on stdout/stderr.

use std::io::Write;
use std::path::{Path, PathBuf};

use drillbook::diagnostic::{Diagnostic, Severity};
use drillbook::export::AnkiOptions;
use drillbook::scaffold::{NewPage, ScaffoldError};
use drillbook::serve::{Event, ServeOptions};
use drillbook::{Failure, Report};

/// The paths written, one a line (the command's output), then on stderr
/// the command to run next.
fn written(paths: &[PathBuf], next: &str) -> i32 {
    let mut text = String::new();
    for path in paths {
        text.push_str(&format!("{}\n", path.display()));
    }
    let _ = std::io::stdout().write_all(text.as_bytes());
    say(&format!("next: {next}"));
    0
}

fn scaffold_failed(error: &ScaffoldError, color: bool) -> i32 {
    match error {
        ScaffoldError::Config(diags) => {
            print_all(diags, color);
            say(&format!(
                "error: {} found; nothing was written",
                plural(diags.len(), "error")
            ));
        }
        other => {
            say(&format!("error: {other}"));
            if let Some(help) = other.help() {
                say(&format!("  = help: {help}"));
            }
        }
    }
    1
}

pub(super) fn new_page(request: &NewPage, color: bool) -> i32 {
    match drillbook::scaffold::new_page(request) {
        Ok(path) => {
            let next = format!(
                "edit `{}`, and watch it with `drillbook serve{} --open`",
                path.display(),
                root_arg(&request.root)
            );
            written(&[path], &next)
        }
        Err(e) => scaffold_failed(&e, color),
    }
}

pub(super) fn init(dir: &Path, force: bool, color: bool) -> i32 {
    match drillbook::scaffold::init(dir, force) {
        Ok(paths) => written(&paths, &format!("drillbook serve{} --open", root_arg(dir))),
        Err(e) => scaffold_failed(&e, color),
    }
}

/// ` --root DIR` as the user would type it, or nothing for `.`.
fn root_arg(root: &Path) -> String {
    if root == Path::new(".") || root.as_os_str().is_empty() {
        return String::new();
    }
    let shown = root.display().to_string();
    if shown.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
        format!(" --root '{}'", shown.replace('\'', r"'\''"))
    } else {
        format!(" --root {shown}")
    }
}

pub(super) fn clean(root: &Path, out: Option<&Path>, color: bool) -> i32 {
    match drillbook::clean::clean(root, out) {
        Ok(removed) => {
            let mut text = String::new();
            for path in &removed {
                text.push_str(&format!("removed {}\n", path.display()));
            }
            if removed.is_empty() {
                text.push_str("nothing to remove\n");
            }
            let _ = std::io::stdout().write_all(text.as_bytes());
            0
        }
        Err(errors) => {
            print_all(&errors, color);
            1
        }
    }
}

/// Writes the deck only when the whole handbook compiled.
pub(super) fn export_anki(options: &AnkiOptions, out: &std::path::Path, color: bool) -> i32 {
    let (deck, warnings) = match drillbook::export::anki(options) {
        Ok(done) => done,
        Err(failure) => return failed(&failure, color),
    };
    print_all(&warnings, color);
    let to_stdout = out == std::path::Path::new("-");
    let written = if to_stdout {
        std::io::stdout().write_all(deck.text.as_bytes())
    } else {
        drillbook::export::write_file(out, deck.text.as_bytes())
    };
    if let Err(e) = written {
        say(&format!("error: cannot write `{}`: {e}", out.display()));
        return 1;
    }
    let line = format!(
        "Exported {} from {} → {}",
        plural(deck.notes, "note"),
        plural(deck.drills, "drill"),
        if to_stdout {
            "standard output".to_string()
        } else {
            out.display().to_string()
        }
    );
    if to_stdout {
        say(&line);
    } else {
        let _ = writeln!(std::io::stdout(), "{line}");
    }
    0
}

pub(super) fn serve(options: &ServeOptions, open: bool, color: bool) -> i32 {
    if let Some(warning) = drillbook::serve::http::exposure_warning(options.host) {
        say(&warning);
    }
    let result = drillbook::serve::bind(options.host, options.port).and_then(|bound| {
        let url = bound.url.clone();
        drillbook::serve::run(options, bound, &|event| {
            if open && matches!(event, Event::Listening(_)) {
                open_browser(&url);
            }
            print_event(event, color);
        })
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

#[allow(clippy::print_stdout, reason = "serve's progress lines are its output")]
pub(super) fn print_event(event: Event, color: bool) {
    match event {
        Event::Listening(url) => println!("Serving on {url} (Ctrl-C to stop)"),
        Event::Built {
            what,
            outcome,
            elapsed,
        } => {
            print_all(&outcome.warnings, color);
            let mut parts = vec![
                plural(outcome.pages_changed, "page"),
                plural(outcome.listings_changed, "listing"),
            ];
            if outcome.others_changed > 0 {
                parts.push(plural(outcome.others_changed, "other file"));
            }
            if outcome.removed > 0 {
                parts.push(format!("{} removed", plural(outcome.removed, "file")));
            }
            println!(
                "Rebuilt {what} ({}; parsed {}, rendered {}) in {} ms",
                parts.join(", "),
                outcome.parsed,
                outcome.rendered,
                elapsed.as_millis()
            );
        }
        Event::SearchUpdated { elapsed } => {
            println!("  search index updated in {} ms", elapsed.as_millis());
        }
        Event::Failed {
            what,
            first,
            errors,
            warnings,
        } => {
            print_all(&warnings, color);
            print_all(&errors, color);
            let count = plural(errors.len(), "error");
            if first {
                eprintln!(
                    "error: {what}: {count} found; the first build failed, so there is no last good site yet — fix it and open pages reload"
                );
            } else {
                eprintln!("error: {what}: {count} found; still serving the last good site");
            }
        }
    }
}

/// Best effort: a missing opener is reported, not fatal.
pub(super) fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: cannot open a browser with `{opener}`: {e}");
    }
}

pub(super) fn print_all(diags: &[Diagnostic], color: bool) {
    for d in diags {
        say(&format!("{}\n", d.render(color)));
    }
}

/// A line on stderr; a closed stderr is not worth a panic.
pub(super) fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

pub(super) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// How `build` and `check` report.
pub(super) struct Printing {
    pub color: bool,
    pub deny_warnings: bool,
    pub timings: bool,
}

pub(super) fn finish(result: Result<Report, Failure>, printing: &Printing) -> i32 {
    let Printing {
        color,
        deny_warnings,
        timings,
    } = *printing;
    match result {
        Ok(report) => {
            if timings {
                for (stage, took) in &report.timings {
                    say(&format!("{:>8.1} ms  {stage}", took.as_secs_f64() * 1000.0));
                }
            }
            print_all(&report.warnings, color);
            let warned = report
                .warnings
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count();
            if deny_warnings && warned > 0 {
                say(&format!(
                    "error: {} denied by --deny-warnings",
                    plural(warned, "warning")
                ));
                return 1;
            }
            summary(&report, warned);
            0
        }
        Err(failure) => failed(&failure, color),
    }
}

/// The summary is the command's output. Written with `writeln!` so a closed
/// pipe (`drillbook build | head -1`) is not a panic.
fn summary(report: &Report, warned: usize) {
    let secs = report.elapsed.as_secs_f64();
    let pages = plural(report.pages, "page");
    let warnings = if warned > 0 {
        format!(" ({})", plural(warned, "warning"))
    } else {
        String::new()
    };
    let mut text = match &report.out {
        Some(out) => {
            let shown = std::env::current_dir()
                .ok()
                .and_then(|cwd| out.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
                .unwrap_or_else(|| out.display().to_string());
            format!("Built {pages} in {secs:.2} s → {shown}/{warnings}\n")
        }
        None => format!("Checked {pages} in {secs:.2} s: no errors{warnings}\n"),
    };
    if let Some(bytes) = report.search_first_query_bytes {
        text.push_str(&format!(
            "Search: a first query loads at most {:.1} kB\n",
            bytes as f64 / 1000.0
        ));
    }
    let _ = std::io::stdout().write_all(text.as_bytes());
}

/// Every error and warning of a failed run, then one closing line.
pub(super) fn failed(failure: &Failure, color: bool) -> i32 {
    print_all(&failure.warnings, color);
    print_all(&failure.errors, color);
    say(&format!(
        "error: {} found; nothing was written",
        plural(failure.errors.len(), "error")
    ));
    1
}
