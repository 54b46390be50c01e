//! Where a page's operations go: the area (module and feature) from `ms.prod`, and the
//! page group (the file of an area emitted as a module folder) from the page's file stem.

use super::super::names::snake_words;
use crate::model::Page;
use std::collections::BTreeMap;

/// The area of every page: `ms.prod` snake-cased, or for pages that leave it empty the
/// area most common among pages whose stem has the same first `-` component, else `misc`.
pub fn areas_of(pages: &[&Page]) -> Vec<String> {
    let prefix = |p: &Page| {
        p.stem()
            .split('-')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    // Spellings that differ only in case or separators (`SharePoint`, `sharepoint`) are
    // one area, named after the most common spelling.
    let key = |s: &str| -> String {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut spellings: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in pages {
        let area = snake_words(&p.area);
        if !area.is_empty() {
            *spellings
                .entry(key(&area))
                .or_default()
                .entry(area)
                .or_default() += 1;
        }
    }
    let canonical: BTreeMap<String, String> = spellings
        .iter()
        .filter_map(|(k, counts)| most_common(counts).map(|a| (k.clone(), a)))
        .collect();
    let area_of = |p: &Page| -> String {
        let area = snake_words(&p.area);
        canonical.get(&key(&area)).cloned().unwrap_or(area)
    };
    let mut by_prefix: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for p in pages {
        let area = area_of(p);
        if !area.is_empty() {
            *by_prefix
                .entry(prefix(p))
                .or_default()
                .entry(area)
                .or_default() += 1;
        }
    }
    pages
        .iter()
        .map(|p| {
            let area = area_of(p);
            if !area.is_empty() {
                return area;
            }
            by_prefix
                .get(&prefix(p))
                .and_then(most_common)
                .unwrap_or_else(|| "misc".to_owned())
        })
        .collect()
}

/// The most common name; ties go to the alphabetically first.
fn most_common(counts: &BTreeMap<String, usize>) -> Option<String> {
    let mut best: Option<(&String, usize)> = None;
    for (a, n) in counts {
        if best.is_none_or(|(_, b)| *n > b) {
            best = Some((a, *n));
        }
    }
    best.map(|(a, _)| a.clone())
}

/// A page group with more operations than this is divided by the next stem component.
pub const GROUP_OPS: usize = 100;

/// The page group of each stem of one area: the first `-` component after the
/// components all of the area's stems share (`intune-apps-mobileapp-get` in an area of
/// `intune-*` pages → `apps`); in a group of more than [`GROUP_OPS`] stems, that
/// component and the next (`deviceconfig_androidcompliancepolicy`). A stem with nothing
/// left is its own last component.
pub fn page_groups(stems: &[&str]) -> Vec<String> {
    let split: Vec<Vec<String>> = stems
        .iter()
        .map(|s| s.split('-').map(str::to_ascii_lowercase).collect())
        .collect();
    let mut shared = 0;
    if split.len() > 1 {
        while split
            .iter()
            .all(|c| c.len() > shared + 1 && c[shared] == split[0][shared])
        {
            shared += 1;
        }
    }
    let first: Vec<String> = split
        .iter()
        .map(|c| c.get(shared).or(c.last()).cloned().unwrap_or_default())
        .collect();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for g in &first {
        *sizes.entry(g.as_str()).or_default() += 1;
    }
    split
        .iter()
        .zip(&first)
        .map(|(c, g)| {
            let big = sizes.get(g.as_str()).is_some_and(|n| *n > GROUP_OPS);
            // the last component is the verb (`get`, `list`), not a resource
            match c.get(shared + 1).filter(|_| big && c.len() > shared + 2) {
                Some(next) => snake_words(&format!("{g}_{next}")),
                None => snake_words(g),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_skip_the_shared_prefix() {
        assert_eq!(
            page_groups(&["intune-apps-x-get", "intune-mam-y-list", "intune-apps-z"]),
            vec!["apps", "mam", "apps"]
        );
        assert_eq!(
            page_groups(&["chart-get", "range-clear", "chart"]),
            vec!["chart", "range", "chart"]
        );
        assert_eq!(page_groups(&["a-b"]), vec!["a"]);
        let mut big: Vec<String> = (0..=GROUP_OPS)
            .map(|i| format!("x-big-r{}-get", i % 2))
            .collect();
        big.push("x-big-list".into());
        big.push("x-small-get".into());
        let stems: Vec<&str> = big.iter().map(String::as_str).collect();
        let groups = page_groups(&stems);
        assert_eq!(groups[0], "big_r0");
        assert_eq!(groups[1], "big_r1");
        assert_eq!(groups[GROUP_OPS + 1], "big");
        assert_eq!(groups[GROUP_OPS + 2], "small");
    }
}
