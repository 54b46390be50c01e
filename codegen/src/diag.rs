//! The catalogue of diagnostic codes: one [`Code`] per problem the parser or the emitter
//! reports, each with its stable kebab-case string, its default severity and a one-line
//! explanation. `cargo xtask codegen --format json` carries the explanation with every
//! diagnostic, and `cargo xtask diagnostics` prints the catalogue as the table in README.md.
//!
//! The table below is the single place a code is declared. It is a `macro_rules!` table
//! rather than a hand-written enum plus three `match`es so that a code cannot be added
//! without its string, severity and explanation, and so that [`Code::ALL`] lists every
//! variant (no kept library derives this).

use crate::model::Severity;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

macro_rules! catalogue {
    ($($variant:ident = $code:literal, $severity:ident, $explanation:literal;)*) => {
        /// A diagnostic code. Serialized as its kebab-case string ([`Code::as_str`]).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $explanation]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The stable kebab-case string (`annotation-not-strict-json`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The severity the code is reported with.
            pub fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the code means, in one line.
            pub fn explanation(self) -> &'static str {
                match self {
                    $(Code::$variant => $explanation,)*
                }
            }
        }
    };
}

catalogue! {
    // Reading the page as text.
    Bom = "bom", Warning,
        "The page starts with a UTF-8 byte order mark; it is skipped.";
    EmptyPage = "empty-page", Warning,
        "The file is empty; there is nothing to read.";
    InvalidUtf8 = "invalid-utf8", Error,
        "The file is not valid UTF-8; invalid bytes were replaced with U+FFFD.";
    CrlfLineEndings = "crlf-line-endings", Warning,
        "The page uses CR or CRLF line endings; it is read as LF.";
    FrontMatterMissing = "front-matter-missing", Warning,
        "The page has no `---` front matter block.";
    FrontMatterLineUnreadable = "front-matter-line-unreadable", Warning,
        "A front matter line is not `key: value`; it is skipped.";
    FrontMatterUnterminated = "front-matter-unterminated", Warning,
        "The front matter has no closing `---` line; it ends before its first line that is not `key: value`.";
    UnclosedCodeFence = "unclosed-code-fence", Error,
        "A code fence is never closed: an error when it swallows a heading, table or code block (or holds another opening fence), else a warning.";
    UnclosedHtmlComment = "unclosed-html-comment", Error,
        "An HTML comment is never closed: an error when it swallows a heading, table or code block, else a warning.";
    TitleMissing = "title-missing", Warning,
        "The page has no H1 title; the front matter `title` is used if present.";
    // Side-by-side localized spans.
    SpanNoncanonical = "span-noncanonical", Warning,
        "Span markup is not the canonical side-by-side pair; it is read with an HTML parser.";
    SpanMismatchedIds = "span-mismatched-ids", Warning,
        "A localized span and its English span carry different ids.";
    SpanUnclosed = "span-unclosed", Warning,
        "A span is never closed; the text after it is taken as is.";
    SpanMarkupTooLarge = "span-markup-too-large", Warning,
        "Span markup too large for the HTML parser; tags are dropped and both languages keep the same text.";
    // Annotations (`<!-- { \"blockType\": ... } -->`).
    AnnotationNotStrictJson = "annotation-not-strict-json", Warning,
        "An annotation is not strict JSON; it was read after tolerant fixes.";
    AnnotationUnreadable = "annotation-unreadable", Warning,
        "An annotation cannot be read as JSON; it is ignored.";
    AnnotationUnknownBlockType = "annotation-unknown-block-type", Warning,
        "An annotation names a `blockType` the parser does not know; it is kept as written.";
    AnnotationWrongType = "annotation-wrong-type", Warning,
        "An annotation key has a value of the wrong JSON type; `\"true\"`-like strings are read leniently, others ignored.";
    AnnotationWithoutBlock = "annotation-without-block", Warning,
        "A request, response or resource annotation is not followed by a code block.";
    AnnotationBlockMismatch = "annotation-block-mismatch", Warning,
        "A `response` annotation sits on a request block; the block is read as a request.";
    // HTTP request sections.
    HttpUnknownMethod = "http-unknown-method", Warning,
        "A request line starts with a method that is not an upper-case HTTP method; it is skipped.";
    HttpRequestLineUnreadable = "http-request-line-unreadable", Warning,
        "A line of an HTTP request block is not `METHOD /path`; it is skipped.";
    HttpPathUnparseable = "http-path-unparseable", Warning,
        "A documented request path is empty or has unbalanced braces or parentheses; it is skipped.";
    // Example blocks.
    ExampleRequestUnreadable = "example-request-unreadable", Warning,
        "An example request block does not start with a request line; it is skipped.";
    ExampleResponseUnreadable = "example-response-unreadable", Warning,
        "An example response block does not start with a status line; it is skipped.";
    HttpHeaderUnreadable = "http-header-unreadable", Warning,
        "A line among the headers is not `Name: value`; it is read as the start of the body.";
    HttpOddStatusLine = "http-odd-status-line", Warning,
        "A status line lacks the HTTP version or reason phrase, or its phrase is not the standard one.";
    ExampleBodyNotStrictJson = "example-body-not-strict-json", Warning,
        "An example body is not strict JSON; it was read after tolerant fixes.";
    ExampleBodyInvalidJson = "example-body-invalid-json", Warning,
        "An example body looks like JSON but does not parse; it is kept as text.";
    RequestWithoutResponse = "request-without-response", Warning,
        "A named example request has no response to pair with.";
    ResponseWithoutRequest = "response-without-request", Warning,
        "An example response has no request before it to pair with; it is skipped.";
    DuplicateExampleName = "duplicate-example-name", Warning,
        "Two example requests on one page have the same name.";
    // Resources and tables.
    ResourceJsonNotStrict = "resource-json-not-strict", Warning,
        "A resource's JSON representation is not strict JSON; it was read after tolerant fixes.";
    ResourceJsonInvalid = "resource-json-invalid", Warning,
        "A resource's JSON representation does not parse; it is kept as text.";
    ResourceDuplicate = "resource-duplicate", Warning,
        "A page defines a second resource; only the first is kept.";
    PermissionScopeUnreadable = "permission-scope-unreadable", Warning,
        "Part of a permissions cell is not a scope name; it is skipped.";
    ParamNameNotIdentifier = "param-name-not-identifier", Warning,
        "A parameter or property name is not an ASCII identifier; the emitter sanitizes it.";
    PropertyNameCollision = "property-name-collision", Warning,
        "Two names of one table are equal after case conversion.";
    // The emitter.
    EmitUnsupportedMethod = "emit-unsupported-method", Warning,
        "A documented request uses an HTTP method the SDK cannot send; the path is skipped.";
    EmitDuplicatePath = "emit-duplicate-path", Warning,
        "The same method and path are documented twice on a page; the repetition is ignored.";
    EmitEmptyPath = "emit-empty-path", Warning,
        "A documented request path has no segments.";
    EmitNoHttpRequest = "emit-no-http-request", Warning,
        "An api page documents no request path, so no operation is generated for it.";
    EmitNameCollision = "emit-name-collision", Warning,
        "An operation name is taken in its module; a suffixed name is used.";
    EmitInvalidIdentifier = "emit-invalid-identifier", Error,
        "A generated name is not a valid Rust identifier.";
    EmitInvalidRust = "emit-invalid-rust", Error,
        "Generated tokens do not parse as Rust (an emitter bug); the raw tokens are kept.";
    EmitExampleFeatureMissing = "emit-example-feature-missing", Warning,
        "A hand-written app needs an area feature the docs tree does not produce; it is not declared as an example.";
    // Typed models.
    TypeNameInvalid = "type-name-invalid", Warning,
        "A documented type name is not an identifier; the type is left out.";
    ResourceWithoutAnnotation = "resource-without-annotation", Warning,
        "A resource page has a properties table but no resource annotation; the type is named from the title.";
    TypeDefinedTwice = "type-defined-twice", Warning,
        "Two pages define the same type; their properties are merged.";
    EnumNameInvalid = "enum-name-invalid", Warning,
        "A documented enum name is not an identifier; the enum is left out.";
    EnumDefinedTwice = "enum-defined-twice", Warning,
        "Two tables define the same enum; their members are merged.";
    BaseTypeFromProse = "base-type-from-prose", Warning,
        "A type has no `baseType` annotation but its page says it inherits from another type (a doc defect); the prose link is used.";
    BaseTypeUnknown = "base-type-unknown", Warning,
        "A type names a base type that no page documents; its own fields are kept.";
    TypeCellEmpty = "type-cell-empty", Warning,
        "A property row has an empty Type cell; the field is untyped JSON.";
    TypeAlternatives = "type-alternatives", Warning,
        "A Type cell names several types (`A or B`); the field is untyped JSON.";
    TypeUntypedJson = "type-untyped-json", Warning,
        "A Type cell says the value is untyped JSON; the field is `serde_json::Value`.";
    TypeCellProse = "type-cell-prose", Warning,
        "A Type cell holds a description rather than a type; the field is untyped JSON.";
    TypeUnknown = "type-unknown", Warning,
        "A Type cell names a type no page documents; the field is untyped JSON.";
    DocsVersionsMixed = "docs-versions-mixed", Error,
        "The docs tree holds pages of several API versions; point the generator at one version's folder.";
    DocsVersionUrlsDisagree = "docs-version-urls-disagree", Warning,
        "The folder names one API version and most example URLs another; the folder wins.";
    DocsVersionUnknown = "docs-version-unknown", Error,
        "Neither a folder nor an example URL names the API version of the docs tree; it is never assumed.";
    DuplicateExampleNameAcrossPages = "duplicate-example-name-across-pages", Warning,
        "An example name is already used on another page.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A string that is no code of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown diagnostic code `{0}`")]
pub struct UnknownCode(pub String);

impl FromStr for Code {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Code {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The catalogue as a markdown table (code, severity, explanation), as README.md shows it.
pub fn markdown_table() -> String {
    let mut out = String::from("| Code | Severity | Explanation |\n|---|---|---|\n");
    for code in Code::ALL {
        let severity = match code.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "| `{}` | {severity} | {} |\n",
            code.as_str(),
            code.explanation().replace('|', "\\|")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn codes_are_unique_kebab_case_and_round_trip() {
        let mut seen = BTreeSet::new();
        for &code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(
                s.split('-').all(|w| !w.is_empty()
                    && w.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                "{s} is not kebab-case"
            );
            assert_eq!(s.parse::<Code>(), Ok(code));
            assert_eq!(code.to_string(), s);
            let json = serde_json::to_string(&code).expect("serializes");
            assert_eq!(json, format!("\"{s}\""));
            assert_eq!(serde_json::from_str::<Code>(&json).ok(), Some(code));
            assert!(!code.explanation().is_empty() && !code.explanation().contains('\n'));
        }
        assert!("no-such-code".parse::<Code>().is_err());
        assert!(Code::Bom == "bom");
    }

    /// README.md shows the table between marker comments; regenerate it with
    /// `cargo xtask diagnostics`.
    #[test]
    fn readme_table_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md");
        let readme = std::fs::read_to_string(path).expect("README.md is readable");
        let section = readme
            .split_once("<!-- diagnostics:start -->\n")
            .and_then(|(_, rest)| rest.split_once("<!-- diagnostics:end -->"))
            .map(|(table, _)| table);
        assert_eq!(
            section,
            Some(markdown_table().as_str()),
            "README.md's diagnostic table is stale: replace it with `cargo xtask diagnostics`"
        );
    }

    #[test]
    fn table_has_one_row_per_code() {
        let table = markdown_table();
        assert_eq!(table.lines().count(), Code::ALL.len() + 2);
        assert!(table.contains("| `unclosed-code-fence` | error | "));
    }
}
