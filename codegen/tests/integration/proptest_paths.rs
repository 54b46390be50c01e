//! Property tests for request path templates: parsing never panics, and a well-formed
//! template survives rendering and parsing again unchanged.

use codegen::model::{PathTemplate, Segment, SegmentPart};
use codegen::parse::path_template::{parse_path_template, render_template};
use proptest::prelude::*;

/// A literal word: no `/ ? { } ( ) ' : |`, no whitespace.
fn word() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9$._-]{1,8}"
}

/// A placeholder name, possibly with inner spaces (`path and filename`).
fn name() -> impl Strategy<Value = String> {
    "[a-zA-Z][a-zA-Z0-9_.-]{0,8}( [a-zA-Z0-9_.-]{1,6}){0,2}"
}

fn param() -> impl Strategy<Value = SegmentPart> {
    prop::collection::vec(name(), 1..4).prop_map(|names| SegmentPart::Param { names })
}

/// Appends a part, merging adjacent literals as the parser does.
fn push(parts: &mut Vec<SegmentPart>, part: SegmentPart) {
    if let (Some(SegmentPart::Literal { text }), SegmentPart::Literal { text: more }) =
        (parts.last_mut(), &part)
    {
        text.push_str(more);
        return;
    }
    parts.push(part);
}

fn lit(text: impl Into<String>) -> SegmentPart {
    SegmentPart::Literal { text: text.into() }
}

/// Literal text and placeholders in any order (`users`, `{id}`, `a{b}c{d | e}`).
fn plain_segment() -> impl Strategy<Value = Vec<Segment>> {
    prop::collection::vec(prop_oneof![word().prop_map(lit), param()], 1..5).prop_map(|items| {
        let mut parts = Vec::new();
        for p in items {
            push(&mut parts, p);
        }
        vec![Segment { parts }]
    })
}

/// A function call: `f(a={a},b='{b}',c=1)`.
fn call_segment() -> impl Strategy<Value = Vec<Segment>> {
    let arg = (word(), 0..3u8, param(), word());
    (word(), prop::collection::vec(arg, 0..4)).prop_map(|(f, args)| {
        let mut parts = vec![lit(format!("{f}("))];
        for (i, (key, kind, p, value)) in args.into_iter().enumerate() {
            if i > 0 {
                push(&mut parts, lit(","));
            }
            push(&mut parts, lit(format!("{key}=")));
            match kind {
                0 => push(&mut parts, p),
                1 => {
                    push(&mut parts, lit("'"));
                    push(&mut parts, p);
                    push(&mut parts, lit("'"));
                }
                _ => push(&mut parts, lit(format!("'{value}'"))),
            }
        }
        push(&mut parts, lit(")"));
        vec![Segment { parts }]
    })
}

/// Colon addressing: `root:/{item-path}:` or `{parent-id}:/{filename}:`.
fn item_path_segments() -> impl Strategy<Value = Vec<Segment>> {
    let opener = prop_oneof![
        word().prop_map(|w| vec![lit(format!("{w}:"))]),
        param().prop_map(|p| vec![p, lit(":")]),
    ];
    (opener, name()).prop_map(|(opener, name)| {
        vec![
            Segment { parts: opener },
            Segment {
                parts: vec![SegmentPart::ItemPath { name }],
            },
        ]
    })
}

/// A query string that has no whitespace at its ends (the parser trims the input).
fn query() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        "([a-zA-Z0-9$=&,.()'/?{}:-]([a-zA-Z0-9$=&,. ()'/?{}:-]{0,20}[a-zA-Z0-9$=&,.()'/?{}:-])?)?",
    )
}

fn template() -> impl Strategy<Value = PathTemplate> {
    let group = prop_oneof![
        4 => plain_segment(),
        1 => call_segment(),
        1 => item_path_segments(),
    ];
    (prop::collection::vec(group, 0..6), query()).prop_map(|(groups, query)| PathTemplate {
        segments: groups.into_iter().flatten().collect(),
        query,
    })
}

/// Strings made mostly of the characters the path scanner cares about.
fn path_like() -> impl Strategy<Value = String> {
    "[ a-z{}()/:'?|=,\\[\\]é\t-]{0,40}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = parse_path_template(&s);
    }

    #[test]
    fn parse_never_panics_on_path_like_text(s in path_like()) {
        if let Ok(t) = parse_path_template(&s) {
            // Rendering a parsed template and parsing it again must work too.
            let rendered = render_template(&t);
            prop_assert!(parse_path_template(&rendered).is_ok(), "{s:?} -> {rendered:?}");
        }
    }

    #[test]
    fn well_formed_templates_round_trip(t in template()) {
        let rendered = render_template(&t);
        let parsed = parse_path_template(&rendered);
        prop_assert_eq!(parsed.as_ref(), Ok(&t), "rendered as {}", rendered);
        // And rendering is stable.
        if let Ok(p) = parsed {
            prop_assert_eq!(render_template(&p), rendered);
        }
    }

    #[test]
    fn absolute_urls_parse_like_relative_paths(t in template()) {
        let rendered = render_template(&t);
        let absolute = format!("https://graph.microsoft.com/v1.0{rendered}");
        prop_assert_eq!(parse_path_template(&absolute), Ok(t));
    }
}
