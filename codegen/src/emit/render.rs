//! Tokens → files: each file parsed with `syn` and printed with `prettyplease` behind the
//! preamble, with a blank line between top-level items; and the files of an area (its
//! crate's code and manifest, its example tests), one file or one per page group.

use super::{code, example_tests, members, plan, CrateOptions, FOLDER_LINES, PREAMBLE};
use crate::model::{Diagnostic, Severity};
use proc_macro2::TokenStream;
use std::path::PathBuf;

/// Parse and pretty-print tokens; on a syntax error (a bug of the emitter) the raw
/// token text is kept and an error diagnostic is recorded.
pub(super) fn render(tokens: TokenStream, file: &str, diagnostics: &mut Vec<Diagnostic>) -> String {
    let body = match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(f) => prettyplease::unparse(&f),
        Err(e) => {
            diagnostics.push(Diagnostic {
                code: crate::diag::Code::EmitInvalidRust,
                severity: Severity::Error,
                file: file.to_owned(),
                line: 1,
                message: format!("generated tokens do not parse: {e}"),
            });
            tokens.to_string()
        }
    };
    format!("// {PREAMBLE}\n\n{}", space_out_items(&body))
}

/// The closing delimiter of a raw string opened on `line` and not closed on it.
fn open_raw_string(line: &str) -> Option<String> {
    let mut rest = line;
    let mut open = None;
    while let Some(i) = rest.find("r#") {
        let after = &rest[i + 1..];
        let hashes = after.chars().take_while(|c| *c == '#').count();
        if after[hashes..].starts_with('"') {
            let closer = format!("\"{}", "#".repeat(hashes));
            let body = &after[hashes + 1..];
            match body.find(&closer) {
                Some(j) => {
                    rest = &body[j + closer.len()..];
                    open = None;
                    continue;
                }
                None => {
                    open = Some(closer);
                    break;
                }
            }
        }
        rest = &after[hashes..];
    }
    open
}

/// A blank line between top-level items (prettyplease puts none after a closing `}`);
/// never inside a multi-line raw string.
fn space_out_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut prev_closed = false;
    let mut in_raw: Option<String> = None;
    for line in text.lines() {
        if let Some(closer) = &in_raw {
            out.push_str(line);
            out.push('\n');
            if let Some(j) = line.find(closer.as_str()) {
                in_raw = open_raw_string(&line[j + closer.len()..]);
            }
            prev_closed = false;
            continue;
        }
        let starts_item = line.starts_with("///")
            || line.starts_with("#[")
            || line.starts_with("pub ")
            || line.starts_with("fn ")
            || line.starts_with("async ")
            || line.starts_with("mod ")
            || line.starts_with("use ")
            || line.starts_with("struct ")
            || line.starts_with("impl ");
        if prev_closed && starts_item && !line.starts_with("use ") {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        prev_closed = line == "}" || (line.ends_with(';') && !line.starts_with(' '));
        in_raw = open_raw_string(line);
    }
    out
}

/// Rendered files with the problems found rendering them.
pub(super) type Rendered = (Vec<(PathBuf, String)>, Vec<Diagnostic>);

/// `<dir>/<name>.rs` for each file, in order. (Token streams cannot move between
/// threads, so the files of one folder are rendered on the thread that built them.)
fn render_files(dir: &str, files: impl IntoIterator<Item = (String, TokenStream)>) -> Rendered {
    let mut out: Rendered = Default::default();
    for (name, tokens) in files {
        let path = format!("{dir}/{name}.rs");
        let text = render(tokens, &path, &mut out.1);
        out.0.push((PathBuf::from(path), text));
    }
    out
}

/// `<dir>/<module>/mod.rs` and `<dir>/<module>/<group>.rs`.
fn render_folder(
    dir: &str,
    module: &str,
    mod_rs: TokenStream,
    groups: Vec<(String, TokenStream)>,
) -> Rendered {
    let files = std::iter::once(("mod".to_owned(), mod_rs)).chain(groups);
    render_files(&format!("{dir}/{module}"), files)
}

/// The files and diagnostics of several renderings, in order.
pub(super) fn concat(parts: Vec<Rendered>) -> Rendered {
    let mut out: Rendered = Default::default();
    for (files, diagnostics) in parts {
        out.0.extend(files);
        out.1.extend(diagnostics);
    }
    out
}

/// One file rendered alone.
pub(super) fn render_one(path: String, tokens: TokenStream) -> Rendered {
    let mut diagnostics = Vec::new();
    let text = render(tokens, &path, &mut diagnostics);
    (vec![(PathBuf::from(path), text)], diagnostics)
}

/// Lines a group file may hold besides its operations' items (preamble, docs, lint
/// allowance, the `use` header): a bound, so that the group files' total tells, without
/// rendering the single file, that it would be longer than [`FOLDER_LINES`].
const GROUP_FILE_OVERHEAD: usize = 40;

/// Areas with at least this many operations are rendered as page groups first: nearly
/// all of them are folders, and rendering the single file first would render them twice.
const LIKELY_FOLDER_OPS: usize = 100;

/// The area's crate (see [`members`]) but its root: `areas/<feature>/src/operations.rs`,
/// or one file per page group when that file would be longer than [`FOLDER_LINES`] and
/// the area has several groups; and the crate's `Cargo.toml`. Returns the module names
/// for the root ([`code::area_root`]), which is rendered once the area's types are known.
///
/// A large area's groups are rendered first; their items are the single file's items, so
/// when their total, less [`GROUP_FILE_OVERHEAD`] per file, is over the limit, the single
/// file is never rendered.
pub(super) fn render_area(
    area: &plan::Area<'_>,
    options: &CrateOptions,
) -> (Vec<String>, Rendered) {
    let dir = members::area_dir(area);
    let (modules, (mut files, diagnostics)) = area_code(area, &format!("{dir}/src"));
    files.push((
        PathBuf::from(format!("{dir}/Cargo.toml")),
        members::area_manifest(area, options),
    ));
    (modules, (files, diagnostics))
}

/// The code files of an area crate in `src` and their module names (see [`render_area`]).
fn area_code(area: &plan::Area<'_>, src: &str) -> (Vec<String>, Rendered) {
    let render_groups = || {
        let groups = code::area_folder(area);
        let modules: Vec<String> = groups.iter().map(|(g, _)| g.clone()).collect();
        (modules, render_files(src, groups))
    };
    let several = area.groups().len() > 1;
    let mut grouped = None;
    if several && area.ops.len() >= LIKELY_FOLDER_OPS {
        let (modules, rendered) = render_groups();
        let lines: usize = rendered.0.iter().map(|(_, t)| t.lines().count()).sum();
        if lines.saturating_sub(GROUP_FILE_OVERHEAD * modules.len()) > FOLDER_LINES {
            return (modules, rendered);
        }
        grouped = Some((modules, rendered));
    }
    let path = format!("{src}/{}.rs", code::SINGLE_MODULE);
    let mut diagnostics = Vec::new();
    let text = render(code::area_module(area), &path, &mut diagnostics);
    if several && text.lines().count() > FOLDER_LINES {
        return grouped.unwrap_or_else(render_groups);
    }
    let single = vec![(PathBuf::from(path), text)];
    (vec![code::SINGLE_MODULE.to_owned()], (single, diagnostics))
}

/// The example tests of an area: `tests/examples/<module>.rs`, or a folder by the same
/// rule, and always a folder when the area's SDK module is one.
pub(super) fn render_area_tests(area: &plan::Area<'_>, sdk_folder: bool) -> Rendered {
    let dir = "tests/examples";
    let path = format!("{dir}/{}.rs", area.test_module);
    if sdk_folder {
        let (mod_rs, groups) = example_tests::area_test_folder(area);
        return render_folder(dir, &area.test_module, mod_rs, groups);
    }
    let mut diagnostics = Vec::new();
    let text = render(example_tests::area_tests(area), &path, &mut diagnostics);
    if text.lines().count() > FOLDER_LINES && area.groups().len() > 1 {
        let (mod_rs, groups) = example_tests::area_test_folder(area);
        return render_folder(dir, &area.test_module, mod_rs, groups);
    }
    (vec![(PathBuf::from(path), text)], diagnostics)
}
