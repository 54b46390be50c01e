//! Tables under the page's sections: permissions (plain, pivoted, or recognised by their
//! scope names), request headers, enum members and parameter rows, with the checks on
//! parameter names that the emitter relies on.

use super::Walker;
use crate::diag::Code;
use crate::model::*;
use crate::parse::cells::{required_of, type_ref};
use crate::parse::spans::{self, plain};
use crate::parse::tables::Table;
use crate::parse::Issue;

impl Walker<'_> {
    pub(super) fn table(&mut self, table: Table) {
        let first = table.keys.first().cloned().unwrap_or_default();
        if first.starts_with("permission type")
            || first == "permission"
            || self.looks_like_permissions(&table)
        {
            return self.permission_table(&table);
        }
        let pivot_cols: Vec<usize> = (1..table.keys.len())
            .filter(|&i| {
                table.keys[i].starts_with("delegated") || table.keys[i].starts_with("application")
            })
            .collect();
        if pivot_cols.len() >= 2 {
            return self.pivoted_permission_table(&table, &pivot_cols);
        }
        if self.is_query_section() {
            for row in &table.rows {
                if let Some(c) = row.cells.first() {
                    self.collect_query_options(&c.en);
                }
            }
        }
        if self.in_section(|a| a.contains("header"))
            && matches!(
                first.as_str(),
                "header" | "name" | "request header" | "header name"
            )
        {
            return self.header_table(&table);
        }
        if first == "member"
            || (first == "value" || first == "name")
                && self.in_section(|a| a == "members" || a.ends_with("-values"))
        {
            return self.enum_table(&table);
        }
        let name_like = matches!(
            first.as_str(),
            "property"
                | "property name"
                | "parameter"
                | "parameter name"
                | "name"
                | "query parameter"
                | "relationship"
                | "relationship name"
        );
        if !name_like {
            return;
        }
        let params = self.param_rows(&table);
        let h2 = self.h2().to_string();
        if self.in_section(|a| a == "request-body") {
            self.page.body_parameters.extend(params);
        } else if self.in_section(|a| a == "path-parameters") {
            self.page.path_parameters.extend(params);
        } else if self.in_section(|a| a == "function-parameters" || a == "parameters") {
            self.page.function_parameters.extend(params);
        } else if self.is_query_section() {
            self.page.query_parameters.extend(params);
        } else if h2 == "relationships" || first.starts_with("relationship") {
            self.resource_mut().relationships.extend(params);
        } else if h2 == "properties"
            || (self.page.kind == PageKind::Resource && first.starts_with("property"))
        {
            self.resource_mut().properties.extend(params);
        }
    }

    /// A permissions table on a page without English headers (plain translated releases):
    /// two columns, before any other permissions, with scope names in the second column.
    fn looks_like_permissions(&self, table: &Table) -> bool {
        let scope_like = |w: &str| {
            let mut parts = w.split('.');
            let head_ok = parts
                .next()
                .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphabetic()));
            let rest: Vec<&str> = parts.collect();
            head_ok
                && !rest.is_empty()
                && rest
                    .iter()
                    .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()))
        };
        self.page.kind == PageKind::Api
            && self.page.permissions.is_empty()
            && self.page.http.is_empty()
            && table.keys.len() == 2
            && table.rows.iter().any(|r| {
                r.cells.get(1).is_some_and(|c| {
                    let p = plain(&c.en);
                    let words: Vec<&str> = p
                        .split([',', '、', '，', ' '])
                        .filter(|w| !w.is_empty())
                        .collect();
                    !words.is_empty() && words.iter().all(|w| scope_like(w))
                })
            })
    }

    fn permission_table(&mut self, table: &Table) {
        let section = self.anchor().to_string();
        for row in &table.rows {
            let (Some(kind), Some(cell)) = (row.cells.first(), row.cells.get(1)) else {
                continue;
            };
            let kind = spans::plain_text(kind);
            let (scopes, not_supported) = self.scopes(&cell.en, row.line);
            self.page.permissions.push(Permission {
                kind,
                scopes,
                not_supported,
                resource: None,
                section: section.clone(),
                line: row.line,
            });
        }
    }

    fn pivoted_permission_table(&mut self, table: &Table, cols: &[usize]) {
        let section = self.anchor().to_string();
        for row in &table.rows {
            let resource = row.cells.first().map(spans::plain_text);
            for &c in cols {
                let (Some(cell), Some(head)) = (row.cells.get(c), table.header.cells.get(c)) else {
                    continue;
                };
                let (scopes, not_supported) = self.scopes(&cell.en, row.line);
                self.page.permissions.push(Permission {
                    kind: spans::plain_text(head),
                    scopes,
                    not_supported,
                    resource: resource.clone(),
                    section: section.clone(),
                    line: row.line,
                });
            }
        }
    }

    /// Scopes of a permissions cell (English side): comma, `、`, `，`, `;` or `and`
    /// separated; "Not supported." and its variants give none.
    fn scopes(&mut self, en: &str, line: u32) -> (Vec<String>, bool) {
        let p = plain(en);
        let lower = p.to_lowercase();
        if lower.is_empty()
            || lower.starts_with("not supported")
            || lower.starts_with("not applicable")
            || lower.starts_with("none")
        {
            return (Vec::new(), true);
        }
        let mut scopes = Vec::new();
        for piece in p
            .split([',', '、', '，', ';'])
            .flat_map(|s| s.split(" and "))
            .flat_map(|s| s.split(" or "))
        {
            let s = piece.trim().trim_end_matches('.').trim();
            if s.is_empty() {
                continue;
            }
            if s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
            {
                scopes.push(s.to_string());
            } else {
                self.issues.push(Issue::warning(
                    Code::PermissionScopeUnreadable,
                    line,
                    format!("permission cell part {s:?} is not a scope name"),
                ));
            }
        }
        (scopes, false)
    }

    fn header_table(&mut self, table: &Table) {
        let desc_col = table
            .col(|k| k == "description" || k == "value")
            .unwrap_or(table.keys.len().saturating_sub(1));
        let type_col = table.col(|k| k == "type");
        for row in &table.rows {
            let Some(name) = row.cells.first().map(|c| plain(&c.en)) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            let description = row.cells.get(desc_col).cloned().unwrap_or_default();
            let required = required_of(&plain(&description.en));
            self.page.request_headers.push(HeaderParam {
                name,
                type_name: type_col
                    .and_then(|c| row.cells.get(c))
                    .map(|c| plain(&c.en)),
                description,
                required,
                line: row.line,
            });
        }
    }

    fn enum_table(&mut self, table: &Table) {
        let title = self
            .stack
            .last()
            .map(|s| plain(&s.title.en))
            .unwrap_or_default();
        let name = title
            .strip_suffix(" values")
            .or_else(|| title.strip_suffix(" Values"))
            .filter(|_| self.anchor().ends_with("-values"))
            .map(str::to_string)
            .unwrap_or_else(|| self.stem.to_string());
        let value_col = table
            .col(|k| k == "value" || k == "int value")
            .filter(|&c| c > 0);
        let desc_col = table.col(|k| k == "description").filter(|&c| c > 0);
        let line = table.header.line;
        let members = table
            .rows
            .iter()
            .filter_map(|row| {
                let name = plain(&row.cells.first()?.en);
                (!name.is_empty()).then(|| EnumMember {
                    name,
                    value: value_col
                        .and_then(|c| row.cells.get(c))
                        .map(|c| plain(&c.en)),
                    description: desc_col
                        .and_then(|c| row.cells.get(c))
                        .cloned()
                        .unwrap_or_default(),
                    line: row.line,
                })
            })
            .collect();
        self.page.enums.push(EnumType {
            name,
            members,
            line,
        });
    }

    fn param_rows(&mut self, table: &Table) -> Vec<Param> {
        let type_col = table.col(|k| k == "type");
        let desc_col = table
            .col(|k| k == "description")
            .or_else(|| table.keys.len().checked_sub(1));
        let req_col = table.col(|k| k.starts_with("required"));
        let section = self.anchor().to_string();
        let mut out = Vec::new();
        for row in &table.rows {
            let Some(first) = row.cells.first() else {
                continue;
            };
            let name = plain(&first.en).trim_matches('*').trim().to_string();
            if name.is_empty() {
                continue;
            }
            let description = desc_col
                .and_then(|c| row.cells.get(c))
                .cloned()
                .unwrap_or_default();
            let required = match req_col.and_then(|c| row.cells.get(c)) {
                Some(c) => {
                    let v = plain(&c.en).to_lowercase();
                    if v.starts_with('y') || v == "true" || v.starts_with("required") {
                        Some(true)
                    } else if v.starts_with('n') || v == "false" || v.starts_with("optional") {
                        Some(false)
                    } else {
                        None
                    }
                }
                None => required_of(&plain(&description.en)),
            };
            out.push(Param {
                name,
                type_ref: type_col
                    .and_then(|c| row.cells.get(c))
                    .and_then(|c| type_ref(&c.en)),
                description,
                required,
                section: section.clone(),
                line: row.line,
            });
        }
        self.check_param_names(&out);
        out
    }

    /// Names of one table that the emitter cannot use as they are: names that are not
    /// identifier-like (`3dModel`, `显示名称` on the English side) and names that collide
    /// after case conversion (`displayName` / `DisplayName` / `display_name`, or the same
    /// name twice). The names stay verbatim in the model; the emitter sanitizes them.
    fn check_param_names(&mut self, params: &[Param]) {
        let mut seen = std::collections::HashMap::<String, (&str, u32)>::new();
        for p in params {
            if !is_identifier_like(&p.name) {
                self.issues.push(Issue::warning(
                    Code::ParamNameNotIdentifier,
                    p.line,
                    format!(
                        "name {:?} is not an ASCII identifier (a letter, `_`, `@` or `$`, then letters, digits, `_ . @ $ -`)",
                        p.name
                    ),
                ));
            }
            let key: String = p
                .name
                .chars()
                .filter(|c| !matches!(c, '_' | '-'))
                .flat_map(char::to_lowercase)
                .collect();
            match seen.get(&key) {
                Some(&(first, line)) => self.issues.push(Issue::warning(
                    Code::PropertyNameCollision,
                    p.line,
                    if first == p.name {
                        format!("name {first:?} appears twice in one table (first on line {line})")
                    } else {
                        format!(
                            "name {:?} collides with {first:?} (line {line}) after case conversion",
                            p.name
                        )
                    },
                )),
                None => {
                    seen.insert(key, (&p.name, p.line));
                }
            }
        }
    }
}

/// A letter, `_`, `@` or `$`, then ASCII letters, digits or `_ . @ $ -` (`displayName`,
/// `@odata.type`, `$filter`, `If-Match`).
fn is_identifier_like(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '_' | '@' | '$'))
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '@' | '$' | '-'))
}
