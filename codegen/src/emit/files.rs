//! Non-Rust outputs (Cargo.toml, COVERAGE.md).

use super::plan::{Area, BodyKind, Op, RetKind};
use super::{Coverage, PREAMBLE};
use std::collections::BTreeMap;

const DEPENDENCIES: &str = r#"[dependencies]
reqwest = { version = "0.12", default-features = false, features = ["rustls-tls", "json"] }
tokio = { version = "1", features = ["time"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
thiserror = "2"
percent-encoding = "2"
bytes = "1"
httpdate = "1"
rand = "0.9"
url = "2"
chrono = { version = "0.4", default-features = false, features = ["std"] }
base64 = "0.22"

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }
wiremock = "0.6"
clap = { version = "4", features = ["derive"] }
"#;

/// `generated/Cargo.toml`.
pub fn cargo_toml(areas: &[Area<'_>], example_feature: Option<&str>) -> String {
    let mut s = format!("# {PREAMBLE}\n");
    s.push_str(
        r#"[package]
name = "msgraph-docs-sdk"
version = "0.1.0"
description = "Microsoft Graph v1.0 client generated from the Graph reference documentation"
edition.workspace = true
license.workspace = true
publish.workspace = true

[lib]
name = "graph_sdk"

"#,
    );
    s.push_str(DEPENDENCIES);
    s.push_str("\n# One feature per documentation area (`ms.prod`); `full` enables all of them.\n");
    s.push_str("[features]\ndefault = [\"full\"]\n");
    let all: Vec<String> = areas.iter().map(|a| format!("\"{}\"", a.feature)).collect();
    if all.is_empty() {
        s.push_str("full = []\n");
    } else {
        s.push_str("full = [\n");
        for f in &all {
            s.push_str(&format!("    {f},\n"));
        }
        s.push_str("]\n");
    }
    for a in areas {
        s.push_str(&format!("{} = []\n", a.feature));
    }
    if let Some(feature) = example_feature {
        s.push_str(&format!(
            "\n[[example]]\nname = \"send_draft\"\nrequired-features = [\"{feature}\"]\n"
        ));
    }
    s
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `generated/COVERAGE.md`.
pub fn coverage_md(c: &Coverage, areas: &[Area<'_>]) -> String {
    let mut s = format!("<!-- {PREAMBLE} -->\n\n# Coverage of the generated SDK\n\n");
    s.push_str("| item | count |\n| --- | ---: |\n");
    for (k, v) in [
        ("pages", c.pages),
        ("api pages", c.api_pages),
        ("operations", c.operations),
        ("path variants", c.path_variants),
        ("example requests (api pages)", c.request_examples),
        ("tests generated", c.tests_generated),
        ("examples skipped", c.skipped.len()),
    ] {
        s.push_str(&format!("| {k} | {v} |\n"));
    }
    let mut by_reason: BTreeMap<&str, usize> = BTreeMap::new();
    for sk in &c.skipped {
        *by_reason.entry(sk.reason.as_str()).or_default() += 1;
    }
    let mut reasons: Vec<(&str, usize)> = by_reason.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    s.push_str("\n## Skipped examples by reason\n\n| reason | examples |\n| --- | ---: |\n");
    for (r, n) in reasons {
        s.push_str(&format!("| {} | {n} |\n", md_cell(r)));
    }
    s.push_str("\n## Areas\n\n| feature | module | operations | path variants | tests |\n| --- | --- | ---: | ---: | ---: |\n");
    for a in areas {
        let variants: usize = a.ops.iter().map(|o| o.variants.len()).sum();
        let tests: usize = a.ops.iter().map(|o| o.cases.len()).sum();
        s.push_str(&format!(
            "| `{}` | `{}` | {} | {variants} | {tests} |\n",
            a.feature,
            a.module,
            a.ops.len()
        ));
    }
    s.push_str("\n## Skipped examples\n\n| page | example | reason |\n| --- | --- | --- |\n");
    for sk in &c.skipped {
        s.push_str(&format!(
            "| {} | {} | {} |\n",
            md_cell(&sk.source),
            md_cell(&sk.example),
            md_cell(&sk.reason)
        ));
    }
    s
}

/// The `message_send` operation of the `outlook` area, when it has the documented shape
/// (`Me { message_id }` and `Users { user_id, message_id }`, no body, no result).
pub fn send_draft_op<'a, 'p>(areas: &'a [Area<'p>]) -> Option<(&'a Area<'p>, &'a Op<'p>)> {
    let area = areas.iter().find(|a| a.name == "outlook")?;
    let op = area.ops.iter().find(|o| o.fn_name == "message_send")?;
    let shape = |name: &str, fields: &[&str]| {
        op.variants.iter().any(|v| {
            v.name == name
                && v.fields
                    .iter()
                    .map(|f| f.name.as_str())
                    .eq(fields.iter().copied())
        })
    };
    (op.multi()
        && !op.odata
        && op.body == BodyKind::None
        && op.ret == RetKind::Empty
        && !op.fallible()
        && shape("Me", &["message_id"])
        && shape("Users", &["user_id", "message_id"]))
    .then_some((area, op))
}
