//! Thin CLI on top of the library: the command tree (clap), and dispatch to
//! the library; `report` prints what comes back. Short flags follow mdBook
//! and Zola (`-r`, `-o`, `-p`, `-i`, `-O`) and mean the same in every
//! subcommand.

mod report;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use drillbook::build::Caching;
use drillbook::content::Kind;
use drillbook::export::AnkiOptions;
use drillbook::output::Overwrite;
use drillbook::scaffold::NewPage;
use drillbook::serve::ServeOptions;
use drillbook::{BuildOptions, Target};

use report::{Printing, say};

#[derive(Debug, Parser)]
#[command(
    name = "drillbook",
    version,
    about = "Build bilingual SRE drill handbooks: drills, model answers, Chinese notes, copy-ready templates",
    after_help = "Exit codes: 0 success, 1 errors in the handbook or a failed command, 2 bad usage."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// `-r/--root`, shared by every command that reads a handbook.
#[derive(Debug, Args)]
struct Root {
    /// The handbook folder (holding book.toml)
    #[arg(short, long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (default `public/`)
    Build {
        #[command(flatten)]
        root: Root,
        /// Output folder, relative to the current directory
        #[arg(short, long, value_name = "DIR")]
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
        /// Build everything from scratch: neither read nor write the build
        /// cache (`.drillbook-cache/`)
        #[arg(long)]
        no_cache: bool,
    },
    /// Validate everything without writing any file
    Check {
        #[command(flatten)]
        root: Root,
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
        #[command(flatten)]
        root: Root,
        /// Port to listen on (default: 3000, or the next free one)
        #[arg(short, long)]
        port: Option<u16>,
        /// Address to listen on; only loopback unless asked
        #[arg(
            short = 'i',
            long,
            visible_alias = "interface",
            value_name = "ADDR",
            default_value = "127.0.0.1"
        )]
        host: std::net::IpAddr,
        /// Open the site in the default browser
        #[arg(short = 'O', long)]
        open: bool,
        /// Leave out pages marked `draft: true`
        #[arg(long)]
        no_drafts: bool,
    },
    /// Write a new page from a skeleton: content/<module>/<slug>.md
    New {
        /// What the page is
        #[arg(value_enum)]
        kind: PageKind,
        /// A module id from book.toml
        module: String,
        /// The page title (the file name is made from it)
        title: String,
        /// The Chinese title (`title_zh`)
        #[arg(long, value_name = "TEXT")]
        title_zh: Option<String>,
        /// A template's format; asked for on a terminal, else `slack`
        #[arg(short, long, value_enum)]
        format: Option<Format>,
        #[command(flatten)]
        root: Root,
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
    /// Remove the built site, leftovers of killed builds and the build cache
    Clean {
        #[command(flatten)]
        root: Root,
        /// The output folder to remove, if not book.toml's
        #[arg(short, long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Export the handbook to another tool's format
    #[command(subcommand)]
    Export(Export),
    /// Print a shell completion script (e.g. `drillbook completions bash > ~/.local/share/bash-completion/completions/drillbook`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// One tab-separated file for Anki's File → Import: a note per model answer
    Anki {
        #[command(flatten)]
        root: Root,
        /// File to write, relative to the current directory (`-`: standard output)
        #[arg(short, long, value_name = "FILE", default_value = "anki.txt")]
        out: PathBuf,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PageKind {
    Drill,
    Template,
    Guide,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Format {
    Slack,
    Github,
    Markdown,
    Email,
    Text,
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
            no_cache,
        } => {
            let overwrite = if force {
                Overwrite::Force
            } else {
                Overwrite::OwnOnly
            };
            let options = BuildOptions {
                root: root.root,
                target: Target::Write {
                    out,
                    overwrite,
                    cache: if no_cache {
                        Caching::Off
                    } else {
                        Caching::Persistent
                    },
                },
                drafts,
            };
            let printing = Printing {
                color,
                deny_warnings: false,
                timings,
            };
            report::finish(drillbook::build(&options), &printing)
        }
        Command::Check {
            root,
            deny_warnings,
            drafts,
            timings,
        } => {
            let options = BuildOptions {
                root: root.root,
                target: Target::Check,
                drafts,
            };
            let printing = Printing {
                color,
                deny_warnings,
                timings,
            };
            report::finish(drillbook::build(&options), &printing)
        }
        Command::Serve {
            root,
            port,
            host,
            open,
            no_drafts,
        } => {
            let options = ServeOptions {
                root: root.root,
                host,
                port,
                drafts: !no_drafts,
            };
            report::serve(&options, open, color)
        }
        Command::New {
            kind,
            module,
            title,
            title_zh,
            format,
            root,
        } => {
            let kind = match kind {
                PageKind::Drill => Kind::Drill,
                PageKind::Template => Kind::Template,
                PageKind::Guide => Kind::Guide,
            };
            let format = match (kind, format) {
                (Kind::Template, None) => ask_format(),
                (_, format) => format.map(format_name),
            };
            let request = NewPage {
                root: root.root,
                kind,
                module,
                title,
                title_zh,
                format,
            };
            report::new_page(&request, color)
        }
        Command::Init { dir, force } => report::init(&dir, force, color),
        Command::Clean { root, out } => report::clean(&root.root, out.as_deref(), color),
        Command::Export(Export::Anki { root, out, drafts }) => {
            let options = AnkiOptions {
                root: root.root,
                drafts,
            };
            report::export_anki(&options, &out, color)
        }
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "drillbook", &mut script);
            match std::io::stdout().write_all(&script) {
                Ok(()) => 0,
                Err(e) => {
                    say(&format!("error: cannot write the script: {e}"));
                    1
                }
            }
        }
    }
}

fn format_name(format: Format) -> String {
    format
        .to_possible_value()
        .map_or_else(|| "slack".to_string(), |v| v.get_name().to_string())
}

/// On a terminal, asks which format a new template has; elsewhere (scripts,
/// tests) takes `slack`, as `--format` documents.
fn ask_format() -> Option<String> {
    if !std::io::stdin().is_terminal() {
        return None;
    }
    let names: Vec<String> = Format::value_variants()
        .iter()
        .map(|f| format_name(*f))
        .collect();
    loop {
        let _ = write!(
            std::io::stderr(),
            "Template format ({}) [slack]: ",
            names.join(", ")
        );
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line).unwrap_or(0) == 0 {
            return None;
        }
        let answer = line.trim().to_lowercase();
        if answer.is_empty() {
            return None;
        }
        if names.contains(&answer) {
            return Some(answer);
        }
        let hint = drillbook::diagnostic::did_you_mean(&answer, names.iter().map(String::as_str))
            .map_or_else(String::new, |h| format!("; {h}"));
        say(&format!("error: unknown format `{answer}`{hint}"));
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
