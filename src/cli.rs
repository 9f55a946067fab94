//! Thin CLI on top of the library: argument parsing, printing diagnostics
//! (coloured on a terminal unless `NO_COLOR`), the summary line, exit codes.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use drillbook::diagnostic::{Diagnostic, Severity};
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
    },
}

pub fn run() -> i32 {
    let cli = Cli::parse();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    match cli.command {
        Command::Build { root, out, drafts } => {
            let options = BuildOptions {
                root,
                target: Target::Write(out),
                drafts,
            };
            finish(drillbook::build(&options), color, false)
        }
        Command::Check {
            root,
            deny_warnings,
            drafts,
        } => {
            let options = BuildOptions {
                root,
                target: Target::Check,
                drafts,
            };
            finish(drillbook::build(&options), color, deny_warnings)
        }
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

fn finish(result: Result<Report, Failure>, color: bool, deny_warnings: bool) -> i32 {
    match result {
        Ok(report) => {
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
