//! Thin CLI on top of the library: argument parsing, printing diagnostics
//! (coloured on a terminal unless `NO_COLOR`), the summary line, exit codes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use drillbook::diagnostic::{Diagnostic, Severity};
use drillbook::output::Overwrite;
use drillbook::scaffold::{NewPage, ScaffoldError};
use drillbook::serve::{Event, ServeOptions};
use drillbook::{BuildOptions, Failure, Report, Target};

#[derive(Debug, Parser)]
#[command(
    name = "drillbook",
    version,
    about = "Build bilingual SRE drill handbooks: drills, model answers, Chinese notes, copy-ready templates"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`)
    Build {
        /// The handbook folder (holding book.toml)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder, relative to the current directory
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took
        #[arg(long)]
        timings: bool,
        /// Replace the output folder even if drillbook did not write it
        /// (never a folder of the handbook's own inputs)
        #[arg(long)]
        force: bool,
    },
    /// Validate everything without writing any file
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Print how long each stage took
        #[arg(long)]
        timings: bool,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild and reload on every save
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (default: 3000, or the next free one)
        #[arg(long)]
        port: Option<u16>,
        /// Address to listen on; only loopback unless asked
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Leave out pages marked `draft: true`
        #[arg(long)]
        no_drafts: bool,
    },
    /// Write a new page from a skeleton: content/<module>/<slug>.md
    New {
        /// `drill`, `template` or `guide`
        kind: String,
        /// A module id from book.toml
        module: String,
        /// The page title (the file name is made from it)
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Start a new handbook: book.toml, four modules, a sample drill and template
    Init {
        /// Folder to create the handbook in
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Add the files even if the folder is not empty (never overwrites)
        #[arg(long)]
        force: bool,
    },
}

pub fn run() -> i32 {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build {
            root,
            out,
            drafts,
            timings,
            force,
        } => {
            let overwrite = if force {
                Overwrite::Force
            } else {
                Overwrite::OwnOnly
            };
            let options = BuildOptions {
                root,
                target: Target::Write { out, overwrite },
                drafts,
            };
            let printing = Printing {
                color,
                deny_warnings: false,
                timings,
            };
            finish(drillbook::build(&options), &printing)
        }
        Command::Check {
            root,
            deny_warnings,
            drafts,
            timings,
        } => {
            let options = BuildOptions {
                root,
                target: Target::Check,
                drafts,
            };
            finish(
                drillbook::build(&options),
                &Printing {
                    color,
                    deny_warnings,
                    timings,
                },
            )
        }
        Command::Serve {
            root,
            port,
            host,
            open,
            no_drafts,
        } => {
            let options = ServeOptions {
                root,
                host,
                port,
                drafts: !no_drafts,
            };
            serve(&options, open, color)
        }
        Command::New {
            kind,
            module,
            title,
            root,
        } => {
            let request = NewPage {
                root,
                kind,
                module,
                title,
            };
            report_written(drillbook::scaffold::new_page(&request).map(|p| vec![p]))
        }
        Command::Init { dir, force } => report_written(drillbook::scaffold::init(&dir, force)),
    }
}

#[allow(
    clippy::print_stdout,
    reason = "the paths written are the command's output"
)]
fn report_written(result: Result<Vec<PathBuf>, ScaffoldError>) -> i32 {
    match result {
        Ok(paths) => {
            for path in paths {
                println!("{}", path.display());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn serve(options: &ServeOptions, open: bool, color: bool) -> i32 {
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
fn print_event(event: Event, color: bool) {
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
            errors,
            warnings,
        } => {
            print_all(&warnings, color);
            print_all(&errors, color);
            eprintln!(
                "error: {what}: {} found; still serving the last good site",
                plural(errors.len(), "error")
            );
        }
    }
}

/// Best effort: a missing opener is reported, not fatal.
fn open_browser(url: &str) {
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

fn print_all(diags: &[Diagnostic], color: bool) {
    for d in diags {
        say(&format!("{}\n", d.render(color)));
    }
}

/// A line on stderr; a closed stderr is not worth a panic.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// How `build` and `check` report.
struct Printing {
    color: bool,
    deny_warnings: bool,
    timings: bool,
}

fn finish(result: Result<Report, Failure>, printing: &Printing) -> i32 {
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
        Err(failure) => {
            print_all(&failure.warnings, color);
            print_all(&failure.errors, color);
            let n = failure.errors.len();
            say(&format!(
                "error: {} found; nothing was written",
                plural(n, "error")
            ));
            1
        }
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

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
