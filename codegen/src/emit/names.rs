//! Identifier sanitizing: any string from the docs becomes a valid, deterministic Rust
//! identifier, never a panic.

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};
use std::collections::BTreeSet;

/// Strict and reserved keywords of Rust (2015–2024 editions), plus `_`.
const KEYWORDS: &[&str] = &[
    "_", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` can be passed to [`Ident::new`] and parses back as an identifier.
pub fn is_valid_ident(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !is_keyword(s)
}

/// An identifier token for an already-sanitized name; falls back to a fixed name
/// (never panics) if the name is somehow invalid.
pub fn ident(s: &str) -> Ident {
    if is_valid_ident(s) {
        Ident::new(s, Span::call_site())
    } else {
        Ident::new("invalid_identifier", Span::call_site())
    }
}

/// Keep ASCII alphanumerics and `_`, turning everything else into `_`.
fn ascii_only(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// Collapse runs of `_` and trim them at both ends.
fn tidy_underscores(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == '_' && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// `snake_case` words of `s` (ASCII, `_`-separated, possibly empty).
pub fn snake_words(s: &str) -> String {
    tidy_underscores(&ascii_only(&s.to_snake_case())).to_ascii_lowercase()
}

/// A `snake_case` identifier for `s`; `fallback` when nothing usable is left,
/// `prefix` before a leading digit, `_` after a keyword.
pub fn snake_ident(s: &str, fallback: &str, prefix: &str) -> String {
    let mut name = snake_words(s);
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{prefix}_{name}");
    }
    if is_keyword(&name) {
        name.push('_');
    }
    name
}

/// An `UpperCamelCase` identifier for `s`.
pub fn camel_ident(s: &str, fallback: &str, prefix: &str) -> String {
    let mut name: String = ascii_only(&s.to_upper_camel_case())
        .chars()
        .filter(|c| *c != '_')
        .collect();
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{prefix}{name}");
    }
    if is_keyword(&name) {
        // `Self_` would not be upper camel case
        name.push_str("Value");
    }
    name
}

/// A cargo feature name (`kebab-case`, ASCII, starting with a letter).
pub fn feature_name(s: &str, fallback: &str) -> String {
    let mut name = tidy_underscores(&ascii_only(&s.to_kebab_case()).replace('-', "_"))
        .to_ascii_lowercase()
        .replace('_', "-");
    if name.is_empty() {
        name = fallback.to_owned();
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name = format!("area-{name}");
    }
    name
}

/// A naive English singular of the last `_` word of a snake-case name.
pub fn singular(word: &str) -> String {
    let (head, last) = match word.rfind('_') {
        Some(i) => (&word[..=i], &word[i + 1..]),
        None => ("", word),
    };
    let irregular = match last {
        "children" => Some("child"),
        "people" => Some("person"),
        "men" => Some("man"),
        "women" => Some("woman"),
        "data" => Some("data"),
        "media" => Some("media"),
        _ => None,
    };
    let single = if let Some(s) = irregular {
        s.to_owned()
    } else if last.len() > 3 && last.ends_with("ies") {
        format!("{}y", &last[..last.len() - 3])
    } else if last.ends_with("sses")
        || last.ends_with("xes")
        || last.ends_with("ches")
        || last.ends_with("shes")
        || last.ends_with("uses")
    {
        last[..last.len() - 2].to_owned()
    } else if last.len() > 1
        && last.ends_with('s')
        && !last.ends_with("ss")
        && !last.ends_with("us")
    {
        last[..last.len() - 1].to_owned()
    } else {
        last.to_owned()
    };
    format!("{head}{single}")
}

/// A set of taken names that hands out deterministic numeric suffixes on collision.
#[derive(Debug, Default, Clone)]
pub struct NameSet {
    taken: BTreeSet<String>,
}

impl NameSet {
    pub fn new() -> Self {
        NameSet::default()
    }

    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        NameSet {
            taken: names.into_iter().map(str::to_owned).collect(),
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    pub fn insert(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `base` if free, else `base{sep}2`, `base{sep}3`, …; the result is taken.
    pub fn unique(&mut self, base: &str, sep: &str) -> String {
        let name = self.first_free(base, sep, |_| true);
        self.taken.insert(name.clone());
        name
    }

    /// The first of `base`, `base{sep}2`, … that is free and passes `also_free`.
    pub fn first_free(&self, base: &str, sep: &str, also_free: impl Fn(&str) -> bool) -> String {
        if !self.taken.contains(base) && also_free(base) {
            return base.to_owned();
        }
        // `type_` + `_2` would give `type__2`, which is not snake case
        let sep = if !sep.is_empty() && base.ends_with(sep) {
            ""
        } else {
            sep
        };
        let mut n = 2u32;
        loop {
            let candidate = format!("{base}{sep}{n}");
            if !self.taken.contains(&candidate) && also_free(&candidate) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_and_camel() {
        assert_eq!(snake_ident("message-send", "op", "op"), "message_send");
        assert_eq!(snake_ident("type", "x", "p"), "type_");
        assert_eq!(snake_ident("self", "x", "p"), "self_");
        assert_eq!(snake_ident("365apps", "x", "p"), "p_365apps");
        assert_eq!(snake_ident("邮件", "x", "p"), "x");
        assert_eq!(snake_ident("", "x", "p"), "x");
        assert_eq!(snake_ident("{tenant id}", "x", "p"), "tenant_id");
        assert_eq!(camel_ident("mailFolders", "X", "V"), "MailFolders");
        assert_eq!(camel_ident("$value", "X", "V"), "Value");
        assert_eq!(camel_ident("self", "X", "V"), "SelfValue");
        assert_eq!(camel_ident("2fa", "X", "V"), "V2fa");
        assert_eq!(
            feature_name("microsoft-identity-platform", "misc"),
            "microsoft-identity-platform"
        );
        assert_eq!(feature_name("365", "misc"), "area-365");
        for s in ["", "_", "a b", "fn", "Self", "1a", "é"] {
            assert!(!is_valid_ident(s), "{s}");
        }
        assert!(is_valid_ident("r_"));
    }

    #[test]
    fn singulars() {
        assert_eq!(singular("users"), "user");
        assert_eq!(singular("mail_folders"), "mail_folder");
        assert_eq!(singular("policies"), "policy");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("children"), "child");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("me"), "me");
    }

    #[test]
    fn name_set_suffixes() {
        let mut set = NameSet::with_reserved(["client"]);
        assert_eq!(set.unique("client", "_"), "client_2");
        assert_eq!(set.unique("a", "_"), "a");
        assert_eq!(set.unique("a", "_"), "a_2");
        assert_eq!(set.unique("a", "_"), "a_3");
        assert_eq!(set.unique("type_", "_"), "type_");
        assert_eq!(set.unique("type_", "_"), "type_2");
    }
}

#[cfg(test)]
mod sanitize_props {
    use super::*;
    use proptest::prelude::*;

    fn parses_as_ident(s: &str) -> bool {
        syn::parse_str::<syn::Ident>(s).is_ok()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Any string from the docs, keywords included, gives an identifier that `syn`
        /// accepts, and names handed out by one `NameSet` never repeat.
        #[test]
        fn always_a_valid_unique_identifier(
            names in proptest::collection::vec(
                prop_oneof![
                    "\\PC{0,12}",
                    prop::sample::select(vec![
                        "type", "ref", "self", "Self", "crate", "match", "displayName",
                        "DisplayName", "display_name", "1st", "", "名称", "_", "async",
                    ]).prop_map(str::to_owned),
                ],
                1..12,
            )
        ) {
            let mut snake = NameSet::new();
            let mut camel = NameSet::new();
            let mut seen_snake = BTreeSet::new();
            let mut seen_camel = BTreeSet::new();
            for n in &names {
                let s = snake.unique(&snake_ident(n, "value", "n"), "_");
                prop_assert!(is_valid_ident(&s) && parses_as_ident(&s), "snake {s:?} from {n:?}");
                prop_assert!(seen_snake.insert(s.clone()), "duplicate {s:?}");
                let c = camel.unique(&camel_ident(n, "Value", "N"), "");
                prop_assert!(is_valid_ident(&c) && parses_as_ident(&c), "camel {c:?} from {n:?}");
                prop_assert!(seen_camel.insert(c.clone()), "duplicate {c:?}");
                let f = feature_name(n, "misc");
                prop_assert!(f.starts_with(|ch: char| ch.is_ascii_alphabetic()));
                prop_assert!(f.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'));
            }
        }
    }
}
