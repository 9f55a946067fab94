//! The text of the pages `drillbook new` writes: front matter with every key
//! an author usually sets (`title_zh` included) and a body per kind; a
//! template's body per format, so a `github` template is not a Slack message.

use super::NewPage;
use crate::content::Kind;

/// The formats a `::: template` may have.
pub const FORMATS: &[&str] = &["slack", "github", "markdown", "email", "text"];

/// A YAML string: JSON's quoting is valid YAML and escapes what must be.
fn yaml_str(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

pub fn page(request: &NewPage, format: &str) -> String {
    let title = &request.title;
    let title_zh = match &request.title_zh {
        Some(zh) => yaml_str(zh),
        None => format!("{}   # the Chinese title", yaml_str(title)),
    };
    let front = format!(
        "---\ntitle: {}\ntitle_zh: {title_zh}\nkind: {}\nmodule: {}\ntags: []\n",
        yaml_str(title),
        request.kind.as_str(),
        request.module
    );
    match request.kind {
        Kind::Drill => format!("{front}---\n\n{DRILL_BODY}"),
        Kind::Template => format!(
            "{front}{TEMPLATE_PLACEHOLDERS}---\n\nWhen to use this template, in one sentence.\n\n::: template {format} \"{}\"\n{}\n:::\n",
            // The directive's title is a quoted argument on one line.
            title.replace('"', "'"),
            template_text(format)
        ),
        Kind::Guide => format!("{front}---\n\n{GUIDE_BODY}"),
    }
}

/// A sample body in the shape of each format; every one uses `{{service}}`.
fn template_text(format: &str) -> &'static str {
    match format {
        "github" => {
            "**Suggestion:** `{{service}}` retries without backoff. Could we add exponential backoff with jitter?\n\n```go\n// sketch of the change\n```"
        }
        "markdown" => {
            "## {{service}}: incident summary\n\n- **Impact:** …\n- **Cause:** …\n- **Next steps:** …"
        }
        "email" => {
            "Subject: {{service}} degraded — update\n\nHi all,\n\n{{service}} is degraded; we are on it and will send the next update in 30 minutes.\n\nThanks"
        }
        "text" => "{{service}} is degraded; next update in 30 minutes.",
        _ => "Heads-up: {{service}} is degraded; we are on it and will update in 30 minutes.",
    }
}

const DRILL_BODY: &str = "## Scenario

Describe the alert, symptom or question the reader faces.

## Tasks

1. Give a three-sentence opening.
2. Walk the path you would take, with commands.
3. Separate mitigation from prevention.

::: zh
中文学习笔记：为什么这个答案好，值得学习的术语。
:::

::: answer
The model answer, in English, structured.
:::

::: rubric
- States the impact first
- Names the evidence that decides the path
- Separates mitigation from the long-term fix
- Says what would prevent a repeat
:::
";

const TEMPLATE_PLACEHOLDERS: &str =
    "placeholders:\n  service: { label: Service, label_zh: 服务, example: checkout-api }\n";

const GUIDE_BODY: &str = "## Overview

What this guide explains, and for whom.
";
