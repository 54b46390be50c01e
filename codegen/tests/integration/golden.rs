//! Golden snapshots of the model for the tricky pages listed in the corpus survey (§9) and
//! the seed page. Review changes with `cargo insta review` (or `INSTA_UPDATE=always`).

use codegen::parse::parse_page;
use std::path::Path;

const TRICKY: [&str; 20] = [
    "api/singlevaluelegacyextendedproperty-get.md",
    "api/drive-get.md",
    "api/site-get.md",
    "api/chat-post-members.md",
    "api/driveitem-put-content.md",
    "api/calendar-delete.md",
    "api/attachment-get.md",
    "api/application-post-calls.md",
    "api/driveitem-createuploadsession.md",
    "api/b2xidentityuserflow-put-apiconnectorconfiguration.md",
    "api/user-getmailtips.md",
    "resources/list.md",
    "resources/parentalcontrolsettings.md",
    "api/driveitem-list-thumbnails.md",
    "api/intune-mam-windowsinformationprotectionpolicy-create.md",
    "resources/enums.md",
    "api/opentypeextension-get.md",
    "api/chart-image.md",
    "resources/driveitem.md",
    "api/intune-apps-mobileapp-assign.md",
];

fn docs() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

#[test]
fn tricky_pages_match_their_snapshots() {
    for rel in TRICKY {
        let source = format!("zh-CN/v1.0/{rel}");
        let bytes = std::fs::read(docs().join(&source)).expect("vendored page");
        let page = parse_page(&source, &bytes);
        let name = rel.trim_end_matches(".md").replace('/', "__");
        insta::assert_json_snapshot!(name, page);
    }
}

fn assert_message_send(page: &codegen::model::Page) {
    assert_eq!(page.title.en, "message: send");
    assert_eq!(page.title.localized, "邮件：发送");
    let perms: Vec<(&str, Vec<&str>)> = page
        .permissions
        .iter()
        .map(|p| {
            (
                p.kind.en.as_str(),
                p.scopes.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    assert_eq!(
        perms,
        vec![
            ("Delegated (work or school account)", vec!["Mail.Send"]),
            ("Delegated (personal Microsoft account)", vec!["Mail.Send"]),
            ("Application", vec!["Mail.Send"]),
        ]
    );
    let http: Vec<(&str, &str)> = page
        .http
        .iter()
        .map(|h| (h.method.as_str(), h.path.as_str()))
        .collect();
    assert_eq!(
        http,
        vec![
            ("POST", "/me/messages/{id}/send"),
            ("POST", "/users/{id | userPrincipalName}/messages/{id}/send"),
        ]
    );
    assert_eq!(page.examples.len(), 1);
    let ex = &page.examples[0];
    assert_eq!(ex.name, "message_send");
    assert_eq!(ex.request.method, "POST");
    assert_eq!(
        ex.request.url,
        "https://graph.microsoft.com/v1.0/me/messages/{id}/send"
    );
    let response = ex.response.as_ref().expect("paired response");
    assert_eq!(response.status, 202);
    assert!(response.truncated);
    assert_eq!(page.response.status, Some(202));
}

#[test]
fn message_send_vendored_page() {
    let source = "zh-CN/v1.0/api/message-send.md";
    let bytes = std::fs::read(docs().join(source)).expect("vendored page");
    let page = parse_page(source, &bytes);
    assert_message_send(&page);
    insta::assert_json_snapshot!("api__message-send", page);
}

#[test]
fn message_send_seed_page() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/seed/message-send.md");
    let Ok(bytes) = std::fs::read(&path) else {
        println!("skipped: {} is not present", path.display());
        return;
    };
    let page = parse_page("seed/message-send.md", &bytes);
    assert_message_send(&page);
    assert_eq!(page.kind, codegen::model::PageKind::Api);
}

#[test]
fn plain_english_page_gives_the_same_model() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain");
    let bytes = std::fs::read(dir.join("message-send.en-US.md")).expect("fixture");
    let page = parse_page("en-US/v1.0/api/message-send.md", &bytes);
    assert_eq!(page.locale.as_deref(), Some("en-US"));
    assert_eq!(page.title.en, "message: send");
    assert_eq!(page.title.localized, "message: send");
    let sbs = std::fs::read(docs().join("zh-CN/v1.0/api/message-send.md")).expect("page");
    let sbs = parse_page("zh-CN/v1.0/api/message-send.md", &sbs);
    assert_eq!(page.http, sbs.http);
    assert_eq!(page.examples, sbs.examples);
    assert_eq!(page.response.status, Some(202));
    let en = |p: &codegen::model::Page| -> Vec<(String, Vec<String>)> {
        p.permissions
            .iter()
            .map(|x| (x.kind.en.clone(), x.scopes.clone()))
            .collect()
    };
    assert_eq!(en(&page), en(&sbs));
    assert!(page.diagnostics.is_empty(), "{:?}", page.diagnostics);
}

#[test]
fn translated_page_without_spans_or_anchors_still_yields_the_operation() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plain");
    let bytes = std::fs::read(dir.join("message-send.zh-CN-no-spans.md")).expect("fixture");
    let page = parse_page("zh-CN/v1.0/api/message-send.md", &bytes);
    assert_eq!(page.title.en, "邮件：发送");
    let http: Vec<&str> = page.http.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(
        http,
        vec![
            "/me/messages/{id}/send",
            "/users/{id | userPrincipalName}/messages/{id}/send"
        ]
    );
    let scopes: Vec<&[String]> = page
        .permissions
        .iter()
        .map(|p| p.scopes.as_slice())
        .collect();
    assert_eq!(scopes.len(), 3);
    assert!(scopes.iter().all(|s| s == &["Mail.Send".to_string()]));
    assert_eq!(page.examples.len(), 1);
    assert_eq!(
        page.examples[0].response.as_ref().map(|r| r.status),
        Some(202)
    );
}
