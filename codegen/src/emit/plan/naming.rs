//! Names of the generated items: operation names from the page's file stem (with word
//! boundaries taken from the English title and the camelCase path segments), variant
//! names from literal path segments, module-unique fn/request/path-type names, and test
//! names from example names.

use super::super::names::{self, camel_ident, snake_ident, snake_words, NameSet};
use super::ir::{OpNames, Plan};
use crate::model::{Page, SegmentPart, Severity};
use std::collections::{BTreeMap, BTreeSet};

/// The words of a page's operation name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StemName {
    /// `snake_case` name with word boundaries (`application_list_token_issuance_policies`).
    pub name: String,
    /// The name as the stem spells it (`application_list_tokenissuancepolicies`).
    pub plain: String,
    /// Long stem components whose words were found neither in the title nor in the paths.
    pub unsplit: Vec<String>,
}

/// Components at least this long that cannot be split are reported.
const REPORTED_LEN: usize = 10;

/// The `snake_case` words of an identifier (`tokenIssuancePolicies` → token, issuance,
/// policies).
fn ident_words(s: &str) -> Vec<String> {
    snake_words(s)
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The identifiers of a page's literal path segments (`microsoft.graph.` dropped) and of
/// its English title, each as its words.
fn page_identifiers(page: &Page) -> (Vec<Vec<String>>, Vec<Vec<String>>) {
    let mut paths = Vec::new();
    for t in &page.http {
        for seg in &t.template.segments {
            for part in &seg.parts {
                if let SegmentPart::Literal { text } = part {
                    let text = text.trim();
                    let text = text
                        .get(..16)
                        .filter(|p| p.eq_ignore_ascii_case("microsoft.graph."))
                        .map_or(text, |_| &text[16..]);
                    for piece in text.split(|c: char| !c.is_ascii_alphanumeric()) {
                        let w = ident_words(piece);
                        if !w.is_empty() {
                            paths.push(w);
                        }
                    }
                }
            }
        }
    }
    let title = page
        .title
        .en
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(ident_words)
        .filter(|w| !w.is_empty())
        .collect();
    (paths, title)
}

/// Lowercase word sequences of the page's literal path segments and its English title,
/// path segments first.
fn word_sources(page: &Page) -> Vec<Vec<String>> {
    let (mut out, title) = page_identifiers(page);
    out.push(title.into_iter().flatten().collect());
    out
}

/// Words and camelCase identifiers of the English titles and path segments of all pages:
/// a stem word that the page itself does not separate (`educationclass`) is split as an
/// identifier some page spells in camelCase (`educationClass`), and recognised as a word
/// when some page uses it as one.
#[derive(Debug, Default)]
pub struct Lexicon {
    words: BTreeSet<String>,
    /// Lowercase identifier → its words (two or more).
    idents: BTreeMap<String, Vec<String>>,
}

impl Lexicon {
    pub fn of<'a>(pages: impl IntoIterator<Item = &'a Page>) -> Self {
        let mut lex = Lexicon::default();
        for page in pages {
            let (paths, title) = page_identifiers(page);
            for words in paths.into_iter().chain(title) {
                if words.len() > 1 {
                    lex.idents
                        .entry(words.concat())
                        .or_insert_with(|| words.clone());
                }
                lex.words.extend(words);
            }
        }
        lex
    }

    /// The words of an identifier spelled `c` (or its singular or plural).
    fn split(&self, c: &str) -> Option<Vec<String>> {
        if let Some(w) = self.idents.get(c) {
            return Some(w.clone());
        }
        for tail in ["s", "es"] {
            if let Some(w) = self.idents.get(&format!("{c}{tail}")) {
                let mut w = w.clone();
                let last = w.pop()?;
                let cut = last.len().checked_sub(tail.len())?;
                w.push(last.get(..cut)?.to_owned());
                return Some(w);
            }
            if let Some(w) = c.strip_suffix(tail).and_then(|b| self.idents.get(b)) {
                let mut w = w.clone();
                let last = w.pop()?;
                w.push(format!("{last}{tail}"));
                return Some(w);
            }
        }
        self.segment(c)
    }

    /// Whether some lexicon word is `piece` in the sense of [`same_word`].
    fn has_word_like(&self, piece: &str) -> bool {
        let starts = piece.len() >= 3
            && self
                .words
                .range(piece.to_owned()..)
                .next()
                .is_some_and(|w| w.starts_with(piece));
        starts
            || self.words.contains(piece)
            || ["s", "es"].iter().any(|t| {
                piece
                    .strip_suffix(t)
                    .is_some_and(|b| self.words.contains(b))
            })
    }

    /// `c` as a run of lexicon words of at least three letters (the last one may be cut
    /// short, `config` of `configuration`): fewest words, then the longest first word.
    fn segment(&self, c: &str) -> Option<Vec<String>> {
        const MIN: usize = 3;
        let n = c.len();
        if !c.is_ascii() || n < 2 * MIN {
            return None;
        }
        // best[i]: fewest words covering `c[i..]`, with the end of the first word
        let mut best: Vec<Option<(usize, usize)>> = vec![None; n + 1];
        best[n] = Some((0, n));
        for i in (0..n).rev() {
            for j in (i + MIN..=n).rev() {
                let piece = &c[i..j];
                let fits = if j == n {
                    self.has_word_like(piece)
                } else {
                    self.words.contains(piece)
                };
                if let (true, Some((k, _))) = (fits, best[j]) {
                    if best[i].is_none_or(|(b, _)| k + 1 < b) {
                        best[i] = Some((k + 1, j));
                    }
                }
            }
        }
        let (count, _) = best[0]?;
        if count < 2 {
            return None;
        }
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let (_, j) = best[i]?;
            out.push(c[i..j].to_owned());
            i = j;
        }
        Some(out)
    }
}

/// Whether stem component `c` is source word `w`, a short form of it (`config` of
/// `configurations`, at least three letters) or its plural.
fn same_word(w: &str, c: &str) -> bool {
    c == w
        || (c.len() >= 3 && w.starts_with(c))
        || c.strip_prefix(w)
            .is_some_and(|tail| tail == "s" || tail == "es")
}

/// `component` as consecutive words of one source: every word but the last taken whole,
/// the last one whole or cut short (`manageddevice` from `managed devices`).
fn split_component(component: &str, sources: &[Vec<String>]) -> Option<Vec<String>> {
    for seq in sources {
        for start in 0..seq.len() {
            let mut pieces: Vec<String> = Vec::new();
            let mut rest = component;
            for w in &seq[start..] {
                if rest.is_empty() {
                    break;
                }
                if let Some(r) = rest.strip_prefix(w.as_str()) {
                    pieces.push(w.clone());
                    rest = r;
                } else if rest.len() >= 3 && w.starts_with(rest) {
                    pieces.push(rest.to_owned());
                    rest = "";
                } else {
                    break;
                }
            }
            if rest.is_empty() && pieces.len() >= 2 {
                return Some(pieces);
            }
        }
    }
    None
}

/// The operation name words of a page: each `snake_case` word of the file stem that runs
/// several words together is split where the page's title or path segments separate
/// them, else as an identifier of the [`Lexicon`] is spelled.
pub fn stem_name(page: &Page, stem: &str, lexicon: &Lexicon) -> StemName {
    let plain = snake_words(stem);
    let sources = word_sources(page);
    let mut words = Vec::new();
    let mut unsplit = Vec::new();
    for c in plain.split('_').filter(|c| !c.is_empty()) {
        let known = sources.iter().flatten().any(|w| same_word(w, c));
        let pieces = if known {
            None
        } else {
            split_component(c, &sources).or_else(|| lexicon.split(c))
        };
        match pieces {
            Some(pieces) => words.extend(pieces),
            None => {
                let word = known || lexicon.has_word_like(c);
                if !word && c.len() >= REPORTED_LEN && c.chars().all(|ch| ch.is_ascii_lowercase()) {
                    unsplit.push(c.to_owned());
                }
                words.push(c.to_owned());
            }
        }
    }
    StemName {
        name: words.join("_"),
        plain,
        unsplit,
    }
}

/// An identifier from stem words: `operation` when empty, `op_` before a digit, `_op`
/// after a keyword (not `_`, so that `_request`/`_<method>` suffixes stay snake case).
pub fn op_ident(words: &str) -> String {
    let mut stem = words.to_owned();
    if stem.is_empty() {
        stem = "operation".to_owned();
    }
    if stem.starts_with(|c: char| c.is_ascii_digit()) {
        stem = format!("op_{stem}");
    }
    if names::is_keyword(&stem) {
        stem.push_str("_op");
    }
    stem
}

/// Variant names: the literal words of each path minus the words all paths end with;
/// duplicates get numeric suffixes in document order.
pub fn variant_names(lists: &[Vec<String>]) -> Vec<String> {
    let mut drop = 0;
    if lists.len() > 1 {
        loop {
            let next = drop + 1;
            let all_same = lists.iter().all(|l| l.len() > next)
                && lists.windows(2).all(|w| {
                    w[0][w[0].len() - next].eq_ignore_ascii_case(&w[1][w[1].len() - next])
                });
            if !all_same {
                break;
            }
            drop = next;
        }
    }
    let mut taken = NameSet::new();
    lists
        .iter()
        .map(|words| {
            let keep = &words[..words.len().saturating_sub(drop)];
            let joined: String = keep.concat();
            let base = camel_ident(&joined, "Root", "V");
            taken.unique(&base, "")
        })
        .collect()
}

/// The path enum name of an operation name.
fn path_type_of(name: &str) -> String {
    format!("{}Path", camel_ident(name, "Operation", "Op"))
}

/// The request body struct name of an operation name.
fn body_type_of(name: &str) -> String {
    format!("{}Body", camel_ident(name, "Operation", "Op"))
}

/// Module-unique names for an area's operations, in page order. `reserved` are the names
/// the module imports or refers to; `ops` gives each op's base name, page and line.
pub fn name_ops<'a>(
    ops: impl IntoIterator<Item = (&'a str, &'a str, u32)>,
    reserved: &[&str],
    plan: &mut Plan<'_>,
) -> Vec<OpNames> {
    let mut taken = NameSet::with_reserved(reserved.iter().copied());
    let mut out = Vec::new();
    for (base, source, line) in ops {
        let name = taken.first_free(base, "_", |n| {
            let req = format!("{n}_request");
            let pages = format!("{n}_pages");
            !taken.contains(&req)
                && !taken.contains(&pages)
                && !taken.contains(&path_type_of(n))
                && !taken.contains(&body_type_of(n))
        });
        if name != base {
            plan.diag(
                crate::diag::Code::EmitNameCollision,
                Severity::Warning,
                source,
                line,
                format!("operation name `{base}` is taken in its module; using `{name}`"),
            );
        }
        let names = OpNames {
            request_fn: format!("{name}_request"),
            pages_fn: format!("{name}_pages"),
            path_type: path_type_of(&name),
            body_type: body_type_of(&name),
            fn_name: name,
        };
        taken.insert(&names.fn_name);
        taken.insert(&names.request_fn);
        taken.insert(&names.pages_fn);
        taken.insert(&names.path_type);
        taken.insert(&names.body_type);
        if !names::is_valid_ident(&names.fn_name) {
            plan.diag(
                crate::diag::Code::EmitInvalidIdentifier,
                Severity::Error,
                source,
                1,
                format!("`{}` is not a valid identifier", names.fn_name),
            );
        }
        out.push(names);
    }
    out
}

/// The base of a test name: the example name when it already starts with the operation
/// name (or with the name as the stem spells it), else `<operation>_<example>`.
pub fn test_base(fn_name: &str, plain: &str, example: &str) -> String {
    let ex = snake_words(example);
    let starts = |ex: &str, n: &str| ex == n || ex.starts_with(&format!("{n}_"));
    let base = if starts(&ex, fn_name) {
        ex
    } else if plain != fn_name && !plain.is_empty() && starts(&ex, plain) {
        format!("{fn_name}{}", &ex[plain.len()..])
    } else if ex.is_empty() {
        fn_name.to_owned()
    } else {
        format!("{fn_name}_{ex}")
    };
    snake_ident(&base, "example", "test")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{HttpTemplate, PageKind, PathTemplate, Segment, Text};

    fn page(title: &str, segs: &[&str]) -> Page {
        let mut p = Page::new("api/x.md", PageKind::Api);
        p.title = Text::same(title);
        p.http = vec![HttpTemplate {
            method: "GET".into(),
            path: String::new(),
            template: PathTemplate {
                segments: segs
                    .iter()
                    .map(|s| Segment {
                        parts: vec![SegmentPart::Literal { text: (*s).into() }],
                    })
                    .collect(),
                query: None,
            },
            section: String::new(),
            line: 1,
        }];
        p
    }

    #[test]
    fn words_from_path_segments_and_title() {
        let none = Lexicon::default();
        let p = page(
            "List tokenIssuancePolicies",
            &["applications", "{id}", "tokenIssuancePolicies"],
        );
        let n = stem_name(&p, "application-list-tokenissuancepolicies", &none);
        assert_eq!(n.name, "application_list_token_issuance_policies");
        assert_eq!(n.plain, "application_list_tokenissuancepolicies");
        assert!(n.unsplit.is_empty());

        let p = page("attachment: createUploadSession", &["me", "attachments"]);
        assert_eq!(
            stem_name(&p, "attachment-createuploadsession", &none).name,
            "attachment_create_upload_session"
        );
        // a singular stem word from a plural segment
        let p = page("Get managedDevice", &["deviceManagement", "managedDevices"]);
        assert_eq!(
            stem_name(&p, "intune-devices-manageddevice-get", &none).name,
            "intune_devices_managed_device_get"
        );
    }

    #[test]
    fn known_words_stay_and_unknown_long_ones_are_reported() {
        let none = Lexicon::default();
        let p = page("Send mail", &["me", "sendMail"]);
        let n = stem_name(&p, "user-sendmail", &none);
        assert_eq!(n.name, "user_send_mail");
        let n = stem_name(&p, "message-send", &none);
        assert_eq!(n.name, "message_send");
        let n = stem_name(&p, "user-mysteriousthing", &none);
        assert_eq!(n.name, "user_mysteriousthing");
        assert_eq!(n.unsplit, vec!["mysteriousthing"]);
    }

    #[test]
    fn words_from_other_pages() {
        let other = page("educationClass resource type", &["education", "classes"]);
        let plural = page("List educationAssignments", &["x"]);
        let lex = Lexicon::of([&other, &plural]);
        let p = page(
            "List teachers",
            &["education", "classes", "{id}", "teachers"],
        );
        let n = stem_name(&p, "educationclass-list-teachers", &lex);
        assert_eq!(n.name, "education_class_list_teachers");
        let n = stem_name(&p, "educationassignment-get", &lex);
        assert_eq!(n.name, "education_assignment_get");
        let n = stem_name(&p, "educationclasses-get", &lex);
        assert_eq!(n.name, "education_classes_get");
        // words of different identifiers; too short a rest stays one word
        let n = stem_name(&p, "classeducation-get", &lex);
        assert_eq!(n.name, "class_education_get");
        let n = stem_name(&p, "classeducationx-get", &lex);
        assert_eq!(n.name, "classeducationx_get");
    }

    #[test]
    fn variant_names_drop_the_shared_tail() {
        let w = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            variant_names(&[
                w(&["Me", "Messages", "Send"]),
                w(&["Users", "Messages", "Send"]),
                w(&["Me", "MailFolders", "Messages", "Send"]),
            ]),
            vec!["Me", "Users", "MeMailFolders"]
        );
        assert_eq!(
            variant_names(&[w(&["Me"]), w(&["Me"]), w(&[])]),
            vec!["Me", "Me2", "Root"]
        );
        assert_eq!(variant_names(&[w(&["Me", "Send"])]), vec!["MeSend"]);
    }

    #[test]
    fn test_names_follow_the_operation_name() {
        assert_eq!(
            test_base("message_send", "message_send", "message_send"),
            "message_send"
        );
        assert_eq!(
            test_base("a_token_policies", "a_tokenpolicies", "a_tokenpolicies_2"),
            "a_token_policies_2"
        );
        assert_eq!(
            test_base("message_get", "message_get", "get_x"),
            "message_get_get_x"
        );
        assert_eq!(
            test_base("message_get", "message_get", "示例"),
            "message_get"
        );
    }
}
