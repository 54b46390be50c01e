//! Regeneration is incremental: a run over unchanged docs rewrites no file, and a change to
//! one page rewrites only the files that page feeds. Checked by modification times, which
//! are set far in the past before the second run so that any rewrite shows.

use crate::diagnostics::{Format, Show};
use crate::{codegen, CodegenArgs, Outcome};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

const SEND: &str = "---\ntitle: x\nms.prod: outlook\n---\n# message: send\n\nSend a message.\n\n## HTTP request\n\n```http\nPOST /me/messages/{id}/send\n```\n\n## Example\n\n### Request\n\n```http\nPOST https://graph.microsoft.com/v1.0/me/messages/AAMk/send\n```\n\n### Response\n\n```http\nHTTP/1.1 202 Accepted\n```\n";

const CHANNEL: &str = "---\ntitle: x\nms.prod: microsoft-teams\n---\n# channel: get\n\nGet a channel.\n\n## HTTP request\n\n```http\nGET /teams/{team-id}/channels/{channel-id}\n```\n\n## Example\n\n### Request\n\n```http\nGET https://graph.microsoft.com/v1.0/teams/1/channels/2\n```\n\n### Response\n\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"2\"}\n```\n";

/// Every file below `dir` with its modification time.
fn mtimes(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    crate::tests::files_below(dir)
        .into_iter()
        .map(|p| {
            let t = std::fs::metadata(&p).and_then(|m| m.modified());
            (
                p.strip_prefix(dir).expect("below").to_path_buf(),
                t.expect("mtime"),
            )
        })
        .collect()
}

/// Set every file below `dir` to a time long past, so that a rewrite cannot keep it.
fn age(dir: &Path) {
    let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for p in mtimes(dir).keys() {
        let f = std::fs::File::options()
            .write(true)
            .open(dir.join(p))
            .expect("open");
        f.set_modified(past).expect("set mtime");
    }
}

/// The files whose modification time changed between two listings.
fn rewritten(
    before: &BTreeMap<PathBuf, SystemTime>,
    after: &BTreeMap<PathBuf, SystemTime>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(p, t)| before.get(*p) != Some(t))
        .map(|(p, _)| p.display().to_string())
        .collect()
}

struct Fixture {
    docs: tempfile::TempDir,
    out: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let docs = tempfile::tempdir().expect("tempdir");
        let api = docs.path().join("v1.0/api");
        std::fs::create_dir_all(&api).expect("mkdir");
        std::fs::write(api.join("message-send.md"), SEND).expect("write");
        std::fs::write(api.join("channel-get.md"), CHANNEL).expect("write");
        let out = tempfile::tempdir().expect("tempdir");
        let fixture = Fixture { docs, out };
        assert_eq!(fixture.run(), Outcome::Written);
        age(fixture.out.path());
        fixture
    }

    fn run(&self) -> Outcome {
        codegen(&CodegenArgs {
            check: false,
            docs: self.docs.path().to_path_buf(),
            out: self.out.path().to_path_buf(),
            format: Format::Human,
            show: Show::Errors,
            keep_going: false,
        })
        .expect("run")
    }
}

#[test]
fn a_run_over_unchanged_docs_rewrites_no_file() {
    let f = Fixture::new();
    let before = mtimes(f.out.path());
    assert!(
        before.contains_key(Path::new("areas/outlook/src/operations.rs")),
        "{before:?}"
    );
    assert!(before.contains_key(Path::new("areas/microsoft-teams/src/operations.rs")));
    assert_eq!(f.run(), Outcome::Written);
    assert_eq!(
        rewritten(&before, &mtimes(f.out.path())),
        Vec::<String>::new()
    );
}

#[test]
fn a_changed_page_rewrites_only_the_files_it_feeds() {
    let f = Fixture::new();
    let before = mtimes(f.out.path());
    // A new description: the operation's doc comment, nothing else.
    let page = f.docs.path().join("v1.0/api/message-send.md");
    std::fs::write(
        &page,
        SEND.replace("Send a message.", "Send a draft message."),
    )
    .expect("write");
    assert_eq!(f.run(), Outcome::Written);
    let after = mtimes(f.out.path());
    assert_eq!(
        rewritten(&before, &after),
        vec!["areas/outlook/src/operations.rs".to_string()]
    );
    let text = std::fs::read_to_string(f.out.path().join("areas/outlook/src/operations.rs"))
        .expect("read");
    assert!(text.contains("Send a draft message."), "{text}");

    // A new example of the page: its area's module (operation docs) and example tests, and
    // the coverage counts; the other area is untouched.
    let before = after;
    let second = "\n## Example 2\n\n### Request\n\n```http\nPOST https://graph.microsoft.com/v1.0/me/messages/BBMk/send\n```\n\n### Response\n\n```http\nHTTP/1.1 202 Accepted\n```\n";
    let text = SEND.replace("Send a message.", "Send a draft message.") + second;
    std::fs::write(&page, text).expect("write");
    assert_eq!(f.run(), Outcome::Written);
    let changed = rewritten(&before, &mtimes(f.out.path()));
    assert!(changed.iter().all(|p| !p.contains("teams")), "{changed:?}");
    assert!(
        changed.contains(&"tests/examples/outlook.rs".to_string()),
        "{changed:?}"
    );
}
