//! Property tests for side-by-side span unwrapping: `unwrap` never panics, and canonical
//! pairs around arbitrary span-free text give back exactly both languages.

use codegen::parse::spans::{plain, unwrap};
use proptest::prelude::*;

/// Pieces of span markup and near misses, to build hostile strings from.
const PIECES: &[&str] = &[
    "<span",
    "</span>",
    "</span",
    "<span data-ttu-id=\"",
    "<span class=\"sxs-lookup\">",
    "<span class=\"sxs-lookup\"><span data-stu-id=\"",
    "<span data-stu-id=\"",
    "\">",
    "\"",
    ">",
    "<",
    "<b>",
    "</b>",
    "<br/>",
    "<!--",
    "-->",
    "&quot;",
    "&",
    "a-1",
    "名称",
    "Name",
    " ",
    "\n",
    "|",
    "`",
    "[x](y)",
    "\\",
    "*",
];

/// Strings made of markup pieces and arbitrary characters.
fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|v| v.concat())
}

/// Text without span markup: any string that contains no `<span` and no `</span`.
fn span_free() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), hostile()].prop_filter("span-free", |s| {
        !s.contains("<span") && !s.contains("</span")
    })
}

fn id() -> impl Strategy<Value = String> {
    "[0-9a-f]{1,5}-[a-z0-9]{1,4}"
}

fn pair(id: &str, loc: &str, en: &str) -> String {
    format!(
        "<span data-ttu-id=\"{id}\">{loc}</span><span class=\"sxs-lookup\"><span data-stu-id=\"{id}\">{en}</span></span>"
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn unwrap_never_panics_on_arbitrary_strings(s in any::<String>()) {
        let u = unwrap(&s);
        let _ = plain(&u.text.en);
        let _ = plain(&u.text.localized);
    }

    #[test]
    fn unwrap_never_panics_on_markup_soup(s in hostile()) {
        let u = unwrap(&s);
        let _ = plain(&u.text.en);
        let _ = plain(&u.text.localized);
        // Text without span markup is passed through unchanged on both sides.
        if !s.contains("<span") && !s.contains("</span") {
            prop_assert_eq!(&u.text.en, &s);
            prop_assert_eq!(&u.text.localized, &s);
        }
    }

    #[test]
    fn a_canonical_pair_gives_back_both_sides(
        id in id(),
        loc in span_free(),
        en in span_free(),
    ) {
        let u = unwrap(&pair(&id, &loc, &en));
        prop_assert_eq!(&u.text.en, &en);
        prop_assert_eq!(&u.text.localized, &loc);
        prop_assert_eq!(u.pairs, 1);
        prop_assert!(u.problems.is_empty(), "{:?}", u.problems);
    }

    #[test]
    fn pairs_among_text_give_back_both_sides(
        parts in prop::collection::vec((span_free(), id(), span_free(), span_free()), 1..5),
        tail in span_free(),
    ) {
        // `before pair before pair … tail`: the text outside the pairs goes to both sides.
        let mut src = String::new();
        let mut en = String::new();
        let mut loc = String::new();
        for (before, id, l, e) in &parts {
            src.push_str(before);
            src.push_str(&pair(id, l, e));
            en.push_str(before);
            en.push_str(e);
            loc.push_str(before);
            loc.push_str(l);
        }
        src.push_str(&tail);
        en.push_str(&tail);
        loc.push_str(&tail);
        let u = unwrap(&src);
        prop_assert_eq!(&u.text.en, &en);
        prop_assert_eq!(&u.text.localized, &loc);
        prop_assert_eq!(u.pairs, parts.len());
        prop_assert!(u.problems.is_empty(), "{:?}", u.problems);
    }
}
