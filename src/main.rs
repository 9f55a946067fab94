//! The `drillbook` command line: parses arguments with clap, runs the library
//! and prints what it reports. Exit codes: 0 success, 1 bad content or a
//! failed build, 2 bad usage (clap's own).

mod cli;

fn main() {
    std::process::exit(cli::run());
}
