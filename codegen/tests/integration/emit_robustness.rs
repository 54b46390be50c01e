//! The emitter on hostile input: any string anywhere, collisions, keywords, unsupported
//! methods. It must not panic, every Rust file must parse, names must be unique.

use codegen::emit::{emit, Emitted};
use codegen::model::*;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn page(source: &str, area: &str) -> Page {
    Page {
        area: area.into(),
        ..Page::new(source, PageKind::Api)
    }
}

fn lit(t: &str) -> SegmentPart {
    SegmentPart::Literal { text: t.into() }
}

fn param(names: &[&str]) -> SegmentPart {
    SegmentPart::Param {
        names: names.iter().map(|s| s.to_string()).collect(),
    }
}

fn http(method: &str, segs: Vec<Vec<SegmentPart>>, query: Option<&str>) -> HttpTemplate {
    HttpTemplate {
        method: method.into(),
        path: "/documented path".into(),
        template: PathTemplate {
            segments: segs.into_iter().map(|parts| Segment { parts }).collect(),
            query: query.map(str::to_owned),
        },
        section: "http-request".into(),
        line: 1,
    }
}

fn example(
    method: &str,
    url: &str,
    body: Option<Body>,
    status: u16,
    resp: Option<Body>,
) -> Example {
    Example {
        name: "ex".into(),
        named: true,
        request: ExampleRequest {
            method: method.into(),
            url: url.into(),
            target: codegen::parse::url::request_target(url),
            headers: vec![("Content-type".into(), "text/plain".into())],
            body,
            annotation: None,
            line: 1,
        },
        response: Some(ExampleResponse {
            status,
            reason: String::new(),
            headers: vec![
                ("Content-Length".into(), "12".into()),
                ("Bad Header".into(), "x".into()),
                ("X-Ok".into(), "caf\u{e9}".into()),
            ],
            body: resp,
            truncated: false,
            odata_type: None,
            is_collection: false,
            annotation: None,
            line: 2,
        }),
    }
}

/// Parse every Rust file and check fn/type names are unique per file.
fn check(e: &Emitted) {
    for (path, text) in &e.files {
        if path.extension().is_none_or(|x| x != "rs") {
            continue;
        }
        let file = syn::parse_file(text)
            .unwrap_or_else(|err| panic!("{} does not parse: {err}\n{text}", path.display()));
        let mut names = BTreeSet::new();
        for item in &file.items {
            let name = match item {
                syn::Item::Fn(f) => f.sig.ident.to_string(),
                syn::Item::Enum(en) => en.ident.to_string(),
                syn::Item::Mod(m) => m.ident.to_string(),
                _ => continue,
            };
            assert!(
                names.insert(name.clone()),
                "{} defines `{name}` twice",
                path.display()
            );
        }
    }
}

#[test]
fn hostile_names_and_text() {
    let mut a = page("zh-CN/v1.0/api/type.md", "Self");
    a.title = Text {
        en: "</span> <script> ``` [x] ]] `odd */ \u{0} <br/>".into(),
        localized: "    indented\n```rust\nfn main() {}\n".into(),
    };
    a.description = Text::same("https://x.test/a_(b) [t](u) ![i](p) \\");
    a.http = vec![
        http(
            "get",
            vec![
                vec![lit("users")],
                vec![param(&["self"])],
                vec![param(&["client", "body"])],
                vec![param(&["id"])],
                vec![lit("sp ace{}\"\\%é`")],
                vec![param(&["邮件"])],
                vec![param(&[""])],
                vec![lit("root:")],
                vec![SegmentPart::ItemPath {
                    name: "path".into(),
                }],
                vec![lit("$value")],
            ],
            Some("$filter=id eq '{id}'&x={query}&&=v&k"),
        ),
        http("GET", vec![vec![lit("users")], vec![lit("users")]], None),
        http("GET", vec![vec![lit("users")], vec![lit("users")]], None),
        http("FOO", vec![vec![lit("x")]], None),
        http("POST", vec![], None),
    ];
    a.examples = vec![
        example(
            "GET",
            "https://graph.microsoft.com/v1.0/users/a/b/c/sp ace{}\"\\%25é`/d/e/root:/f/g:/$value?$filter=id eq 'z'&x=1",
            None,
            200,
            Some(Body::Raw("\"##\"# raw\r\n".into())),
        ),
        example("POST", "/", Some(Body::Raw("a \"# b".into())), 99, None),
        example("DELETE", "https://bot.contoso.com/x", None, 204, None),
        example("GET", "/beta/users", None, 200, None),
        example("GET", "https://graph.microsoft.com/v1.0/users/users", None, 404, Some(Body::Json(serde_json::json!({"error": {}})))),
    ];
    let mut b = page("zh-CN/v1.0/api/123-request.md", "");
    b.http = vec![http("PATCH", vec![vec![lit("x")]], None)];
    let mut c = page("other/api/123.md", "");
    c.http = vec![http("PATCH", vec![vec![lit("x")]], None)];
    let mut d = page("zh-CN/v1.0/api/123.md", "runtime");
    d.http = vec![http("PUT", vec![vec![param(&["fn"])]], None)];
    let mut f = page("zh-CN/v1.0/api/邮件.md", "full");
    f.http = vec![
        http("DELETE", vec![vec![lit("a")]], None),
        http("GET", vec![vec![lit("a")]], None),
    ];
    // an area named like the model crate (its lib and package names are taken)
    let mut m = page("zh-CN/v1.0/api/model-get.md", "model");
    m.http = vec![http("GET", vec![vec![lit("model")]], None)];
    let e = emit(&[a, b, c, d, f, m]);
    check(&e);
    // `EMIT_DUMP_DIR=/some/dir` writes the output, to compile it by hand against the runtime
    if let Ok(dir) = std::env::var("EMIT_DUMP_DIR") {
        for (path, text) in &e.files {
            let target = std::path::Path::new(&dir).join(path);
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::write(target, text).unwrap();
        }
    }
    let errors: Vec<&Diagnostic> = e
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(
        errors.iter().all(|d| d.code == "emit-unsupported-method"),
        "{errors:?}"
    );
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.code == "emit-name-collision"));
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.code == "emit-duplicate-path"));
    let lib = &e.files[std::path::Path::new("src/lib.rs")];
    assert!(!lib.contains("as runtime;"));
    assert!(
        lib.contains("pub use graph_sdk_runtime_2 as runtime_2;"),
        "{lib}"
    );
    assert!(
        lib.contains("pub use graph_sdk_model_2 as model_2;"),
        "{lib}"
    );
    let cargo = &e.files[std::path::Path::new("Cargo.toml")];
    assert!(
        cargo.contains(
            "full-2 = [\"dep:msgraph-docs-sdk-full-2\", \"msgraph-docs-sdk-model/full-2\"]"
        ),
        "{cargo}"
    );
    assert!(
        cargo.contains(
            "model-2 = [\"dep:msgraph-docs-sdk-model-2\", \"msgraph-docs-sdk-model/model-2\"]"
        ),
        "{cargo}"
    );
    assert!(e
        .files
        .contains_key(std::path::Path::new("areas/model-2/Cargo.toml")));
    assert!(e
        .files
        .contains_key(std::path::Path::new("model/Cargo.toml")));
    assert_eq!(
        e.report.request_examples,
        e.report.tests_generated + e.report.skipped.len()
    );
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        ".{0,12}",
        Just("self".to_string()),
        Just("type".to_string()),
        Just("{id}".to_string()),
        Just("9".to_string()),
        Just("\"#".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn never_panics_and_always_parses(
        stem in any_text(),
        area in any_text(),
        lits in proptest::collection::vec(any_text(), 0..4),
        names in proptest::collection::vec(any_text(), 0..3),
        query in proptest::option::of(any_text()),
        url in any_text(),
        text in any_text(),
    ) {
        let mut p = page(&format!("x/api/{stem}.md"), &area);
        p.title = Text::same(text.clone());
        p.description = Text { en: text.clone(), localized: text.clone() };
        let mut segs: Vec<Vec<SegmentPart>> = lits.iter().map(|l| vec![lit(l)]).collect();
        for n in &names {
            segs.push(vec![param(&[n.as_str(), n.as_str()])]);
            segs.push(vec![lit(n), param(&[n.as_str()]), lit(&text)]);
        }
        p.http = vec![
            http("POST", segs.clone(), query.as_deref()),
            http("GET", segs, None),
        ];
        p.query_options = vec![text.clone()];
        p.examples = vec![
            example("POST", &format!("https://graph.microsoft.com/v1.0/{url}"), Some(Body::Raw(text.clone())), 201, Some(Body::Raw(text.clone()))),
            example("GET", &url, None, 200, Some(Body::Json(serde_json::json!({ "k": text })))),
        ];
        let e = emit(&[p.clone(), p]);
        check(&e);
    }
}

#[test]
fn two_pages_with_one_operation_name_and_one_example_name() {
    let mut a = page("zh-CN/v1.0/api/message-send.md", "outlook");
    a.http = vec![http("POST", vec![vec![lit("me")], vec![lit("send")]], None)];
    a.examples = vec![example(
        "POST",
        "https://graph.microsoft.com/v1.0/me/send",
        None,
        202,
        None,
    )];
    let mut b = page("zh-CN/v1.0/api/message_send.md", "outlook");
    b.http = vec![http(
        "POST",
        vec![vec![lit("users")], vec![lit("send")]],
        None,
    )];
    b.examples = vec![example(
        "POST",
        "https://graph.microsoft.com/v1.0/users/send",
        None,
        202,
        None,
    )];
    let e = emit(&[a, b]);
    check(&e);
    let outlook = &e.files[std::path::Path::new("areas/outlook/src/operations.rs")];
    assert!(outlook.contains("pub fn message_send<"), "{outlook}");
    assert!(outlook.contains("pub fn message_send_2<"), "{outlook}");
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.code == "emit-name-collision"));
    let dup: Vec<_> = e
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-example-name-across-pages")
        .collect();
    assert_eq!(dup.len(), 1, "{:?}", e.diagnostics);
    assert_eq!(dup[0].file, "zh-CN/v1.0/api/message_send.md");
}
