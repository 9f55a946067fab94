//! drillbook: a static-site generator for bilingual SRE drill handbooks.
//! The pipeline is config → content → render → site → search → theme → output.

pub mod search;
