//! Doc comments of the generated operations as markdown: title and description (English,
//! then the localized text labelled with the docs tree's locale, when it differs from the
//! English), permissions table, documented paths, one line per argument and the response,
//! plus the docs of path parameters.

use super::docs;
use super::plan::{BodyKind, Field, Op, RetKind, Sibling};
use crate::model::{Page, Permission};

/// The `Localized (<locale>): …` paragraph: the page's localized title and description,
/// labelled with the docs tree's locale (not a page's own front matter, which may guess).
/// `None` when the localized text is the English (a plain, untranslated tree) or empty.
fn localized_section(page: &Page, docs_locale: Option<&str>) -> Option<String> {
    let (title, desc) = (&page.title, &page.description);
    if title.localized.trim() == title.en.trim() && desc.localized.trim() == desc.en.trim() {
        return None;
    }
    let (lt, ld) = (docs::line(&title.localized), docs::prose(&desc.localized));
    if lt.is_empty() && ld.is_empty() {
        return None;
    }
    let label = docs_locale
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .unwrap_or("localized");
    let mut l = format!("Localized ({}): {}", docs::line(label), lt);
    if !ld.is_empty() {
        l.push_str("\n\n");
        l.push_str(&ld);
    }
    Some(l)
}

/// Markdown permissions table.
fn permissions_table(perms: &[Permission]) -> Vec<String> {
    if perms.is_empty() {
        return Vec::new();
    }
    let with_resource = perms.iter().any(|p| p.resource.is_some());
    let sections: std::collections::BTreeSet<&str> =
        perms.iter().map(|p| p.section.as_str()).collect();
    let with_section = sections.len() > 1;
    let mut head = Vec::new();
    if with_section {
        head.push("Section");
    }
    if with_resource {
        head.push("Resource");
    }
    head.push("Permission type");
    head.push("Permissions (least to most privileged)");
    let mut out = vec![
        format!("| {} |", head.join(" | ")),
        format!("|{}", " --- |".repeat(head.len())),
    ];
    for p in perms {
        let mut cells = Vec::new();
        if with_section {
            cells.push(docs::code(&p.section));
        }
        if with_resource {
            cells.push(
                p.resource
                    .as_ref()
                    .map(|r| docs::cell(&r.en))
                    .unwrap_or_default(),
            );
        }
        cells.push(docs::cell(&p.kind.en));
        let scopes = if p.not_supported || p.scopes.is_empty() {
            "Not supported".to_owned()
        } else {
            p.scopes
                .iter()
                .map(|s| docs::cell(s))
                .collect::<Vec<_>>()
                .join(", ")
        };
        cells.push(scopes);
        out.push(format!("| {} |", cells.join(" | ")));
    }
    out
}

pub fn field_doc(f: &Field) -> String {
    let mut s = format!(
        "Placeholder {}",
        docs::code(&format!("{{{}}}", f.placeholder))
    );
    if let Some(after) = &f.after {
        s.push_str(&format!(" after {}", docs::code(after)));
    }
    if f.in_query {
        s.push_str(" in the query string");
    }
    if f.alternatives.len() > 1 {
        let alts: Vec<String> = f.alternatives.iter().map(|a| docs::line(a)).collect();
        s.push_str(&format!(": {}", alts.join(" or ")));
    }
    if f.item_path {
        s.push_str(" (a `/`-separated path below the drive root, without leading `/`)");
    }
    s.push('.');
    if let Some(p) = &f.param {
        let d = docs::line(&p.description.en);
        if !d.is_empty() {
            s.push(' ');
            s.push_str(&d);
        }
    }
    s
}

pub fn op_doc(op: &Op<'_>) -> String {
    let page = op.page;
    let mut parts: Vec<String> = Vec::new();
    let title = docs::line(&page.title.en);
    parts.push(if title.is_empty() {
        docs::code(&op.fn_name)
    } else {
        title
    });
    let desc = docs::prose(&page.description.en);
    if !desc.is_empty() {
        parts.push(desc);
    }
    match &op.sibling {
        None => {}
        Some(Sibling::Content(f)) => parts.push(format!(
            "The documented paths that return the raw content are the separate call [`{f}`]."
        )),
        Some(Sibling::Json(f)) => parts.push(format!(
            "The raw-content paths of the page (`$value`, `content`); the JSON resource is \
             returned by [`{f}`]."
        )),
    }
    parts.extend(localized_section(page, op.docs_locale.as_deref()));
    let perms = permissions_table(&page.permissions);
    if !perms.is_empty() {
        parts.push(format!("# Permissions\n\n{}", perms.join("\n")));
    }
    let mut http = vec![
        "# HTTP request".to_owned(),
        String::new(),
        "```text".to_owned(),
    ];
    for v in &op.variants {
        http.push(docs::code_block_line(&format!(
            "{} {}",
            op.method,
            v.template.path.trim()
        )));
    }
    http.push("```".into());
    parts.push(http.join("\n"));

    let mut args: Vec<String> = Vec::new();
    if op.multi() {
        args.push(format!(
            "- `path`: which documented path to call, see [`{}`].",
            op.path_type
        ));
    } else if let Some(v) = op.variants.first() {
        for f in &v.fields {
            args.push(format!("- `{}`: {}", f.name, field_doc(f)));
        }
    }
    if op.odata {
        let opts: Vec<String> = page.query_options.iter().map(|o| docs::code(o)).collect();
        args.push(format!(
            "- `query`: OData query options; the page documents {}.",
            opts.join(", ")
        ));
    }
    let props: Vec<String> = page
        .body_parameters
        .iter()
        .map(|p| docs::code(&p.name))
        .collect();
    let props = if props.is_empty() {
        String::new()
    } else {
        format!(" Documented properties: {}.", props.join(", "))
    };
    match &op.body {
        _ if op.typed_body.is_some() => {
            let name = op
                .typed_body
                .as_ref()
                .map(|b| b.doc_link())
                .unwrap_or_default();
            let raw = match &op.body {
                BodyKind::Any => " (for the raw body the page also documents, or",
                _ => " (for",
            };
            args.push(format!(
                "- `body`: the request body, {name}, sent as JSON{raw} raw JSON, build \
                 the request with [`{}`] and attach the body).",
                op.request_fn
            ));
        }
        BodyKind::None => {}
        BodyKind::Json => args.push(format!("- `body`: the JSON request body.{props}")),
        BodyKind::Raw { content_type } => args.push(format!(
            "- `body`: the request body, sent as {}.",
            docs::code(content_type)
        )),
        BodyKind::Any => args.push(format!(
            "- `body`: the request body (the page documents JSON and raw bodies).{props}"
        )),
    }
    if !args.is_empty() {
        parts.push(format!("# Arguments\n\n{}", args.join("\n")));
    }

    let mut resp = String::from("# Response\n\n");
    match (&op.ret, &op.response) {
        (RetKind::Json, Some(t)) => {
            let path = t.item.replace(' ', "");
            let item = match path.strip_prefix("crate::types::") {
                Some(name) => format!("[`{name}`]({path})"),
                None => format!("`{path}`"),
            };
            resp.push_str(&if t.resolved.collection {
                format!(
                    "Returns one page of {item} items ([`Page`](crate::runtime::Page)); \
                     [`{}`] reads every page",
                    op.pages_fn
                )
            } else {
                format!("Returns the documented type {item}")
            })
        }
        (RetKind::Empty, _) => resp.push_str("Returns `()` on success"),
        (RetKind::Json, None) => {
            resp.push_str("Returns the JSON body (`serde_json::Value`, `Null` when empty)")
        }
        (RetKind::Bytes, _) => resp.push_str("Returns the raw body (`bytes::Bytes`)"),
    }
    if let Some(status) = page.response.status {
        resp.push_str(&format!("; the documented success status is `{status}`"));
    }
    if let Some(t) = page
        .response
        .returns
        .as_ref()
        .filter(|t| !t.name.trim().is_empty())
    {
        let name = if t.collection {
            format!("{} collection", t.name.trim())
        } else {
            t.name.trim().to_owned()
        };
        resp.push_str(&format!("; the documented type is {}", docs::code(&name)));
    }
    resp.push('.');
    let rd = docs::prose(&page.response.description.en);
    if !rd.is_empty() {
        resp.push_str("\n\n");
        resp.push_str(&rd);
    }
    parts.push(resp);
    parts.push(format!("Source: {}", docs::code(&page.source)));
    parts.join("\n\n")
}
