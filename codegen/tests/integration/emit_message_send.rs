//! The emitter on the message-send shape: a hand-built page (two paths, Mail.Send,
//! `202 Accepted`, one example) and the vendored page through the parser.

use codegen::emit::{emit, emit_with, has_preamble, CrateOptions, Emitted, HandWritten};
use codegen::model::*;
use std::path::{Path, PathBuf};

fn lit(t: &str) -> SegmentPart {
    SegmentPart::Literal { text: t.into() }
}

fn param(names: &[&str]) -> SegmentPart {
    SegmentPart::Param {
        names: names.iter().map(|s| s.to_string()).collect(),
    }
}

fn template(parts: Vec<Vec<SegmentPart>>) -> PathTemplate {
    PathTemplate {
        segments: parts.into_iter().map(|parts| Segment { parts }).collect(),
        query: None,
    }
}

fn http(method: &str, path: &str, t: PathTemplate) -> HttpTemplate {
    HttpTemplate {
        method: method.into(),
        path: path.into(),
        template: t,
        section: "http-request".into(),
        line: 30,
    }
}

fn perm(kind: &str) -> Permission {
    Permission {
        kind: Text::same(kind),
        scopes: vec!["Mail.Send".into()],
        not_supported: false,
        resource: None,
        section: "permissions".into(),
        line: 20,
    }
}

pub fn blank_page(source: &str, area: &str) -> Page {
    Page {
        locale: Some("zh-CN".into()),
        doc_type: Some("apiPageType".into()),
        area: area.into(),
        ..Page::new(source, PageKind::Api)
    }
}

fn message_send_page() -> Page {
    let mut p = blank_page("zh-CN/v1.0/api/message-send.md", "outlook");
    p.title = Text {
        en: "message: send".into(),
        localized: "邮件：发送".into(),
    };
    p.description = Text {
        en: "Send a message in the draft folder. See [Permissions](/graph/permissions-reference) <br> and https://example.com/x."
            .into(),
        localized: "在草稿箱文件夹中发送邮件。".into(),
    };
    p.permissions = vec![
        perm("Delegated (work or school account)"),
        perm("Delegated (personal Microsoft account)"),
        perm("Application"),
    ];
    p.http = vec![
        http(
            "POST",
            "/me/messages/{id}/send",
            template(vec![
                vec![lit("me")],
                vec![lit("messages")],
                vec![param(&["id"])],
                vec![lit("send")],
            ]),
        ),
        http(
            "POST",
            "/users/{id | userPrincipalName}/messages/{id}/send",
            template(vec![
                vec![lit("users")],
                vec![param(&["id", "userPrincipalName"])],
                vec![lit("messages")],
                vec![param(&["id"])],
                vec![lit("send")],
            ]),
        ),
    ];
    p.request_headers = vec![HeaderParam {
        name: "Content-Length".into(),
        description: Text::same("0. Required."),
        type_name: Some("number".into()),
        required: Some(true),
        line: 40,
    }];
    p.response = ResponseInfo {
        status: Some(202),
        returns: None,
        description: Text::same("If successful, this method returns `202 Accepted` response code."),
    };
    p.examples = vec![Example {
        name: "message_send".into(),
        named: true,
        request: ExampleRequest {
            method: "POST".into(),
            url: "https://graph.microsoft.com/v1.0/me/messages/{id}/send".into(),
            target: codegen::parse::url::request_target(
                "https://graph.microsoft.com/v1.0/me/messages/{id}/send",
            ),
            headers: vec![],
            body: None,
            annotation: None,
            line: 76,
        },
        response: Some(ExampleResponse {
            status: 202,
            reason: "Accepted".into(),
            headers: vec![],
            body: None,
            truncated: true,
            odata_type: None,
            is_collection: false,
            annotation: None,
            line: 90,
        }),
    }];
    p
}

fn file<'a>(e: &'a Emitted, path: &str) -> &'a str {
    e.files
        .get(Path::new(path))
        .map(String::as_str)
        .unwrap_or_else(|| panic!("{path} not emitted: {:?}", e.files.keys()))
}

/// Token-level comparison: whitespace differences of the printer do not matter.
fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn assert_message_send_shape(e: &Emitted) {
    let outlook = file(e, "areas/outlook/src/operations.rs");
    let code = squash(outlook);
    for needle in [
        "pubenumMessageSendPath<'a>{",
        "Me{",
        "message_id:&'astr",
        "Users{",
        "user_id:&'astr",
        "pubfnmessage_send_request(path:MessageSendPath<'_>)->OperationRequest{",
        "MessageSendPath::Me{message_id}=>{OperationRequest::new(reqwest::Method::POST,format!(\"/me/messages/{}/send\",encode_segment(message_id)),)}",
        "format!(\"/users/{}/messages/{}/send\",encode_segment(user_id),encode_segment(message_id))",
        "#[inline]pubfnmessage_send<'c>(client:&'cClient,path:MessageSendPath<'_>)->Call<'c,()>{client.call_empty(Ok(message_send_request(path)))}",
    ] {
        assert!(code.contains(&squash(needle)), "missing `{needle}` in\n{outlook}");
    }
    // docs: permissions table, both paths in a text block, localized title, source
    for needle in [
        "/// | Delegated (work or school account) | Mail.Send |",
        "/// ```text",
        "/// POST /me/messages/{id}/send",
        "/// POST /users/{id | userPrincipalName}/messages/{id}/send",
        "Localized (zh-CN): 邮件：发送",
        "/// Source: `zh-CN/v1.0/api/message-send.md`",
        "/// Placeholder `{id | userPrincipalName}` after `users`: id or userPrincipalName.",
    ] {
        assert!(outlook.contains(needle), "missing `{needle}` in\n{outlook}");
    }
    // Content-Length: 0 is the runtime's job: the generated code never sets it
    assert!(!outlook.to_ascii_lowercase().contains("content-length"));

    let sdk = file(e, "src/lib.rs");
    assert!(squash(sdk).contains(&squash(
        "#[cfg(feature = \"outlook\")] #[doc(inline)] pub use graph_sdk_outlook as outlook;"
    )));
    assert!(squash(sdk).contains(&squash("pub use graph_sdk_model::*;")));
    let lib = file(e, "model/src/lib.rs");
    for needle in [
        "pub type Client = graph_runtime::Client<Api>;",
        "pub const DEFAULT_BASE_URL: &str = \"https://graph.microsoft.com/v1.0\";",
        "pub use graph_runtime::{Call, Error, GraphError, Nullable, ODataQuery, OperationRequest, Page, Pager, RequestBody, RetryPolicy, StaticToken, TokenProvider",
        "pub mod runtime { pub use graph_runtime::*; pub use super::{Client, ClientBuilder}; }",
    ] {
        assert!(squash(lib).contains(&squash(needle)), "missing `{needle}` in\n{lib}");
    }

    let cargo = file(e, "Cargo.toml");
    for needle in [
        "default = [\"full\"]",
        "outlook = [\"dep:msgraph-docs-sdk-outlook\", \"msgraph-docs-sdk-model/outlook\"]",
        "msgraph-docs-sdk-outlook = { path = \"areas/outlook\", optional = true }",
        "msgraph-docs-sdk-model = { path = \"model\" }",
        "    \"msgraph-docs-sdk-model/full\",",
        "    \"outlook\",",
        "msgraph-docs-runtime = { path = \"../runtime\" }",
        "msgraph-docs-runtime = { path = \"../runtime\", features = [\"test-support\"] }",
        "wiremock.workspace = true",
    ] {
        assert!(cargo.contains(needle), "missing `{needle}` in\n{cargo}");
    }

    let tests = squash(file(e, "tests/examples/outlook.rs"));
    for needle in [
        "#[test]fnmessage_send(){",
        "use graph_runtime::test_support as support;",
        "support::Replay::new(\"POST\", \"/me/messages/{id}/send\")",
        ".empty_body()",
        ".status(202)",
        ".run(|client| graph_sdk::outlook::message_send(client,graph_sdk::outlook::MessageSendPath::Me{message_id:\"{id}\",},))",
        "result.expect(\"documented success response\");",
    ] {
        assert!(tests.contains(&squash(needle)), "missing `{needle}`");
    }
    // Hand-written files are never emitted.
    assert!(!e.files.keys().any(|p| p.starts_with("examples")));
    assert!(!e.files.keys().any(|p| p.ends_with("support.rs")));
    assert!(!file(e, "tests/examples/main.rs").contains("mod support"));
}

#[test]
fn hand_written_apps_are_declared_from_their_headers() {
    let app = |path: &str, header: &str| HandWritten::from_header(Path::new(path), header);
    let options = CrateOptions {
        api_version: codegen::model::ApiVersion::beta(),
        locale: None,
        runtime_path: "../../runtime".into(),
        hand_written: vec![
            app(
                "examples/send_draft.rs",
                "//! Sends.\n//!\n//! required-features: outlook\n//! dev-dependencies: clap, tokio\n",
            ),
            app("examples/teams.rs", "//! required-features: microsoft-teams\n"),
            app("tests/examples/helpers.rs", "//! dev-dependencies: percent-encoding\n"),
        ],
    };
    let e = emit_with(&[message_send_page()], &options);
    let cargo = file(&e, "Cargo.toml");
    for needle in [
        "name = \"msgraph-docs-sdk-beta\"",
        "Microsoft Graph beta client",
        "msgraph-docs-runtime = { path = \"../../runtime\" }",
        "msgraph-docs-runtime = { path = \"../../runtime\", features = [\"test-support\"] }\nclap.workspace = true\npercent-encoding.workspace = true\ntokio.workspace = true\nwiremock.workspace = true\n",
        "autoexamples = false",
        "[[example]]\nname = \"send_draft\"\nrequired-features = [\"outlook\"]\n",
    ] {
        assert!(cargo.contains(needle), "missing `{needle}` in\n{cargo}");
    }
    // An app needing an area this docs tree lacks is reported, not declared.
    assert!(!cargo.contains("name = \"teams\""), "{cargo}");
    assert!(e
        .diagnostics
        .iter()
        .any(|d| d.code == "emit-example-feature-missing" && d.file == "examples/teams.rs"));
    let lib = file(&e, "model/src/lib.rs");
    assert!(
        lib.contains("pub const DEFAULT_BASE_URL: &str = \"https://graph.microsoft.com/beta\";")
    );
    assert!(lib.contains("pub const API_VERSION: &str = \"beta\";"));
}

/// The options of a zh-CN v1.0 docs tree: the localized docs are labelled `zh-CN`.
fn zh_cn() -> CrateOptions {
    CrateOptions {
        locale: Some("zh-CN".into()),
        ..CrateOptions::default()
    }
}

#[test]
fn hand_built_message_send() {
    let e = emit_with(&[message_send_page()], &zh_cn());
    assert_message_send_shape(&e);
    let r = &e.report;
    assert_eq!(
        (
            r.pages,
            r.api_pages,
            r.operations,
            r.path_variants,
            r.request_examples,
            r.tests_generated
        ),
        (1, 1, 1, 2, 1, 1)
    );
    assert!(r.skipped.is_empty());
    assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
    // markdown of the description neutralized for rustdoc
    let outlook = file(&e, "areas/outlook/src/operations.rs");
    let line = outlook
        .lines()
        .find(|l| l.contains("draft folder"))
        .unwrap_or_default();
    assert_eq!(
        line,
        "/// Send a message in the draft folder. See Permissions and <https://example.com/x>."
    );
}

#[test]
fn every_file_has_the_preamble_and_rust_files_parse() {
    let e = emit(&[message_send_page()]);
    let expected: Vec<PathBuf> = [
        "COVERAGE.md",
        "Cargo.toml",
        "areas/outlook/Cargo.toml",
        "areas/outlook/src/lib.rs",
        "areas/outlook/src/operations.rs",
        "model/Cargo.toml",
        "model/src/lib.rs",
        "model/src/types/mod.rs",
        "src/lib.rs",
        "tests/examples/main.rs",
        "tests/examples/outlook.rs",
    ]
    .iter()
    .map(PathBuf::from)
    .collect();
    assert_eq!(e.files.keys().cloned().collect::<Vec<_>>(), expected);
    for (path, text) in &e.files {
        assert!(has_preamble(text), "{} lacks the preamble", path.display());
        if path.extension().is_some_and(|x| x == "rs") {
            syn::parse_file(text).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
        }
    }
}

#[test]
fn deterministic_and_order_independent() {
    let mut other = blank_page("zh-CN/v1.0/api/user-get.md", "users");
    other.http = vec![http("GET", "/me", template(vec![vec![lit("me")]]))];
    let a = emit(&[message_send_page(), other.clone()]);
    let b = emit(&[other, message_send_page()]);
    assert_eq!(a.files, b.files);
    assert_eq!(a.report, b.report);
}

#[test]
fn vendored_page_through_the_parser() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let source = "zh-CN/v1.0/api/message-send.md";
    let bytes = std::fs::read(docs.join(source)).expect("vendored message-send.md");
    let page = codegen::parse::parse_page(source, &bytes);
    let e = emit_with(&[page], &zh_cn());
    assert_message_send_shape(&e);
    assert_eq!(e.report.tests_generated, 1, "{:?}", e.report.skipped);
}

#[test]
fn localized_docs_are_labelled_with_the_trees_locale_and_absent_when_english() {
    // The page's own front matter says zh-CN; the tree's locale labels the text.
    let options = CrateOptions {
        locale: Some("zh-TW".into()),
        ..CrateOptions::default()
    };
    let e = emit_with(&[message_send_page()], &options);
    let outlook = file(&e, "areas/outlook/src/operations.rs");
    assert!(outlook.contains("Localized (zh-TW): "), "{outlook}");
    assert!(!outlook.contains("Localized (zh-CN)"), "{outlook}");

    // A plain English page: the localized text is the English, no section at all.
    let mut page = message_send_page();
    page.title = Text::same(page.title.en.clone());
    page.description = Text::same(page.description.en.clone());
    let english = CrateOptions {
        locale: Some("en-US".into()),
        ..CrateOptions::default()
    };
    let e = emit_with(&[page], &english);
    let outlook = file(&e, "areas/outlook/src/operations.rs");
    assert!(!outlook.contains("Localized"), "{outlook}");
}
