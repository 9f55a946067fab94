//! drillbook: a static-site generator for bilingual SRE drill handbooks.
//! The pipeline is config → content → render → site → search → theme → output.

pub mod config;
pub mod content;
pub mod diagnostic;
pub mod render;
pub mod search;
