//! The `drillbook` command line: parses arguments with clap, runs the library
//! and prints what it reports. Exit codes: 0 success, 1 bad content or a
//! failed build, 2 bad usage (clap's own).

mod cli;

// mimalloc instead of the system allocator: a build is malloc-heavy
// (syntect clones regex match regions and allocates per searched line), and
// mimalloc measured fewer CPU seconds at no cost in peak memory (see
// shared/PERF.md and bench/README.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(cli::run());
}
