//! Test support for the render stage: a `Links` that leaves every link as
//! written, for the conformance and fuzz tests that render pages with no
//! site around them. Input: the raw HTML policy to report. Output: none.

use super::{Links, RawHtml};

/// Resolves nothing (links stay as written) and reports its own raw HTML
/// policy.
pub(super) struct AsWritten(pub(super) RawHtml);

impl Links for AsWritten {
    fn resolve(&self, _: &str, _: &str) -> Result<Option<String>, String> {
        Ok(None)
    }

    fn target_page(&self, _: &str, _: &str) -> Option<String> {
        None
    }

    fn raw_html(&self) -> RawHtml {
        self.0
    }
}
