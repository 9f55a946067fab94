//! The one place that names the YAML crate. serde_yaml is deprecated upstream;
//! a maintained fork with the same API (e.g. `serde_yml`) replaces it by
//! changing the `use` below. Input: YAML text. Output: typed values, or an
//! error with its message and 1-based line/column inside the YAML.

use serde::de::DeserializeOwned;
use serde_yaml as backend;

/// A YAML error reduced to what diagnostics need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The message without serde_yaml's " at line N column M" suffix.
    pub message: String,
    /// 1-based (line, column) inside the YAML text, when known.
    pub location: Option<(usize, usize)>,
}

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    backend::from_str(text).map_err(|e| {
        let full = e.to_string();
        let message = match full.rfind(" at line ") {
            Some(at) => full[..at].to_string(),
            None => full,
        };
        YamlError {
            message,
            location: e.location().map(|l| (l.line(), l.column())),
        }
    })
}
