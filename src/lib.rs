//! drillbook: a static-site generator for bilingual SRE drill handbooks.
//! The pipeline is config → content → render → site → search → theme →
//! output, run by one driver (`build`) for `drillbook build`, `check` and
//! `serve`; `serve` sits beside it and keeps the driver's cache between saves.

pub mod build;
pub mod clean;
pub mod config;
pub mod content;
pub mod diagnostic;
pub mod export;
pub mod keys;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod source;
pub mod theme;

/// Helpers for the integration tests (not part of the library's API): they
/// read what a build wrote the way the site's own scripts do.
#[doc(hidden)]
pub mod test_support {
    pub use crate::search::query::query_files;
}

pub use build::{BuildOptions, Failure, Report, Target, build};
