//! Workspace tasks: `cargo xtask codegen [--check]`, `cargo xtask report`,
//! `cargo xtask model PATH…`, `cargo xtask diagnostics`, `cargo xtask bench`,
//! `cargo xtask bench-build`.

mod bench;
mod bench_build;
mod crate_options;
mod diagnostics;
#[cfg(test)]
mod incremental_tests;
mod model_cmd;
mod progress;
mod sync;
#[cfg(test)]
mod versions;

use diagnostics::{Format, Show};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use codegen::model::{Diagnostic, DocsTree, VersionSource};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The generator builds and drops millions of small token streams and strings; mimalloc
/// serves them faster than the system allocator (measured in `cargo xtask bench`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(name = "xtask", about = "Workspace tasks of the Graph SDK generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the SDK crate from the reference pages.
    Codegen {
        /// Write nothing; fail (exit 1) and name the files that are not up to date.
        #[arg(long)]
        check: bool,
        /// Docs root (default: `docs` in the workspace).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Output crate (default: `generated` in the workspace).
        #[arg(long)]
        out: Option<PathBuf>,
        /// `human`: rendered snippets and a summary on stderr; `json`: all diagnostics as
        /// one JSON array on stdout, each with the explanation of its code.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Which diagnostics the human format renders one by one.
        #[arg(long, value_enum, default_value = "errors")]
        show: Show,
        /// Leave pages with errors out and generate the rest (exit 0); they are listed in
        /// `COVERAGE.md` and `cargo xtask report`. Without it, any error writes nothing.
        #[arg(long)]
        keep_going: bool,
    },
    /// Print the coverage report of the generated crate as JSON.
    Report {
        /// Docs root (default: `docs` in the workspace).
        #[arg(long)]
        docs: Option<PathBuf>,
    },
    /// Print the parsed model of pages (files or directories, recursively) as JSON.
    Model {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Time the codegen pipeline against a bare pulldown-cmark pass over the same pages, on
    /// the docs and on a synthetic tree `--scale` times their size; print medians, ratios
    /// and peak memory.
    Bench {
        /// Docs root (default: `docs` in the workspace).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// Runs of each measurement (the median is printed).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Size of the synthetic tree, in copies of every page.
        #[arg(long, default_value_t = 4)]
        scale: usize,
    },
    /// One measurement of `bench`, run in a child process.
    #[command(hide = true)]
    BenchRun {
        #[arg(long, value_enum)]
        mode: bench::Mode,
        #[arg(long)]
        docs: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Time rustc on the generated SDK crate alone (`full` and the mail area, dependencies
    /// built), optionally beside graph-rs-sdk's crate and with every area alone.
    BenchBuild {
        /// Runs of each measurement, alternating between the crates (medians printed).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also build each area's feature alone, once, and list them slowest first.
        #[arg(long)]
        areas: bool,
        /// Also time graph-rs-sdk's crate at this version (fetched from crates.io).
        #[arg(long, value_name = "VERSION")]
        graph_rs: Option<String>,
    },
    /// Print the catalogue of diagnostic codes as a markdown table (the one in README.md).
    Diagnostics,
}

/// The workspace root (parent of this crate).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Parse the docs tree and emit the crate that lives in `out` (its API version comes from
/// the tree's release; the hand-written files already in `out` are declared, not written).
pub fn generate(docs: &Path, out: &Path) -> Result<(DocsTree, codegen::emit::Emitted)> {
    generate_with(docs, out, &())
}

/// [`generate`], telling `progress` how far reading and rendering are.
pub fn generate_with(
    docs: &Path,
    out: &Path,
    progress: &dyn codegen::progress::Progress,
) -> Result<(DocsTree, codegen::emit::Emitted)> {
    let start = Instant::now();
    let tree = codegen::parse::read_tree_with(docs, progress)
        .with_context(|| format!("reading pages below {}", docs.display()))?;
    let parsed = start.elapsed();
    let r = &tree.release;
    let version = match (&r.version, &r.version_source) {
        (Some(v), Some(VersionSource::Folder { folder })) => format!("{v} (folder {folder})"),
        (Some(v), Some(VersionSource::ExampleUrls { naming, total })) => {
            format!("{v} ({naming} of {total} example URLs)")
        }
        (Some(v), None) => v.to_string(),
        (None, _) => "unknown".to_string(),
    };
    eprintln!(
        "docs: locale {}, API version {version}",
        r.locale.as_deref().unwrap_or("unknown")
    );
    let options = crate_options::for_output(&tree, out, &workspace_root().join("runtime"))?;
    let emitted = codegen::emit::emit_tree_with(&tree, &options, progress);
    eprintln!(
        "parsed {} pages in {:.2?}, emitted {} files in {:.2?}",
        tree.pages.len(),
        parsed,
        emitted.files.len(),
        start.elapsed() - parsed
    );
    Ok((tree, emitted))
}

/// How a `codegen` run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Output written (or already up to date).
    Written,
    /// `--check`: everything up to date.
    Fresh,
    /// `--check`: some files differ.
    Stale,
    /// The docs have errors: nothing was written.
    Errors,
}

impl From<Outcome> for ExitCode {
    fn from(o: Outcome) -> ExitCode {
        match o {
            Outcome::Written | Outcome::Fresh => ExitCode::SUCCESS,
            Outcome::Stale | Outcome::Errors => ExitCode::FAILURE,
        }
    }
}

/// Options of `cargo xtask codegen`.
pub struct CodegenArgs {
    pub check: bool,
    pub docs: PathBuf,
    pub out: PathBuf,
    pub format: Format,
    pub show: Show,
    /// Leave pages with errors out instead of writing nothing.
    pub keep_going: bool,
}

pub fn codegen(args: &CodegenArgs) -> Result<Outcome> {
    let start = Instant::now();
    let bar = progress::Bar::new();
    let generated = generate_with(&args.docs, &args.out, &bar);
    bar.finish();
    let (tree, emitted) = generated?;
    let diags: Vec<&Diagnostic> = tree
        .pages
        .iter()
        .flat_map(|p| &p.diagnostics)
        .chain(&tree.diagnostics)
        .chain(&emitted.diagnostics)
        .collect();
    let errors = diagnostics::report(&diags, &args.docs, args.format, args.show);
    let outcome = write_or_check(args, &emitted, errors)?;
    let r = &emitted.report;
    // The one line every run ends with.
    eprintln!(
        "codegen: {} pages ({} api), {} operations, {} tests, {} diagnostics ({errors} errors), {} in {:.2} s",
        r.pages,
        r.api_pages,
        r.operations,
        r.tests_generated,
        diags.len(),
        match outcome {
            Outcome::Written => "written",
            Outcome::Fresh => "up to date",
            Outcome::Stale => "stale",
            Outcome::Errors => "nothing written",
        },
        start.elapsed().as_secs_f64()
    );
    Ok(outcome)
}

/// After the diagnostics: write the output (or check it), unless the docs have errors.
fn write_or_check(
    args: &CodegenArgs,
    emitted: &codegen::emit::Emitted,
    errors: usize,
) -> Result<Outcome> {
    // The emitter leaves pages with errors out; only their errors can be passed over.
    let page_errors = emitted.report.skipped_pages.len();
    if errors > 0 {
        if !args.keep_going || errors > page_errors {
            if args.keep_going {
                eprintln!(
                    "{} error(s) are not errors of a page, which --keep-going could leave out",
                    errors - page_errors
                );
            }
            eprintln!(
                "{errors} error(s) in the docs: {} was left untouched",
                args.out.display()
            );
            return Ok(Outcome::Errors);
        }
        let pages: std::collections::BTreeSet<&str> = emitted
            .report
            .skipped_pages
            .iter()
            .map(|p| p.source.as_str())
            .collect();
        eprintln!(
            "--keep-going: {} page(s) with {errors} error(s) left out (listed in COVERAGE.md)",
            pages.len()
        );
    }
    let out = &args.out;
    let changes = sync::plan(out, &emitted.files)?;
    let outcome = if args.check {
        if changes.is_empty() {
            eprintln!(
                "{}: up to date ({} files)",
                out.display(),
                emitted.files.len()
            );
            Outcome::Fresh
        } else {
            for p in &changes.write {
                eprintln!("stale: {} (would be written)", out.join(&p.0).display());
            }
            for p in &changes.delete {
                eprintln!("stale: {} (would be deleted)", out.join(p).display());
            }
            eprintln!(
                "{} generated file(s) are not up to date; run `cargo xtask codegen`",
                changes.write.len() + changes.delete.len()
            );
            Outcome::Stale
        }
    } else {
        sync::apply(out, &changes)?;
        eprintln!(
            "{}: {} files, {} written, {} deleted, {} unchanged",
            out.display(),
            emitted.files.len(),
            changes.write.len(),
            changes.delete.len(),
            emitted.files.len() - changes.write.len()
        );
        Outcome::Written
    };
    let r = &emitted.report;
    eprintln!(
        "path variants {}, example requests {}, examples skipped {}",
        r.path_variants,
        r.request_examples,
        r.skipped.len(),
    );
    Ok(outcome)
}

fn main() -> Result<ExitCode> {
    // `bench-build` runs cargo with this binary as `RUSTC_WRAPPER`
    if let Some(log) = std::env::var_os(bench_build::LOG_VAR) {
        let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
        let code = bench_build::wrap_rustc(&args, Path::new(&log))?;
        return Ok(ExitCode::from(u8::try_from(code).unwrap_or(1)));
    }
    let cli = Cli::parse();
    match cli.command {
        Command::Codegen {
            check,
            docs,
            out,
            format,
            show,
            keep_going,
        } => {
            let root = workspace_root();
            let args = CodegenArgs {
                check,
                docs: docs.unwrap_or_else(|| root.join("docs")),
                out: out.unwrap_or_else(|| root.join("generated")),
                format,
                show,
                keep_going,
            };
            Ok(codegen(&args)?.into())
        }
        Command::Report { docs } => {
            let docs = docs.unwrap_or_else(|| workspace_root().join("docs"));
            let (_, emitted) = generate(&docs, &workspace_root().join("generated"))?;
            println!("{}", serde_json::to_string_pretty(&emitted.report)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Model { paths } => {
            model_cmd::run(&paths)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench { docs, runs, scale } => {
            let docs = docs.unwrap_or_else(|| workspace_root().join("docs"));
            bench::run(&docs, runs, scale)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::BenchBuild {
            runs,
            areas,
            graph_rs,
        } => {
            bench_build::run_bench(runs, areas, graph_rs.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::BenchRun { mode, docs, out } => {
            bench::run_once(mode, &docs, &out)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Diagnostics => {
            print!("{}", codegen::diag::markdown_table());
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/` read and emitted for `generated/`, once for all the tests that look at it
    /// (the whole pipeline is the slowest thing the tests run).
    fn docs_emission() -> &'static (DocsTree, codegen::emit::Emitted) {
        static EMISSION: std::sync::OnceLock<(DocsTree, codegen::emit::Emitted)> =
            std::sync::OnceLock::new();
        EMISSION.get_or_init(|| {
            let root = workspace_root();
            generate(&root.join("docs"), &root.join("generated")).expect("generate")
        })
    }

    /// `cargo test` fails when `generated/` is not what `cargo xtask codegen` would write.
    #[test]
    fn generated_crate_is_fresh() {
        let root = workspace_root();
        let (_, emitted) = docs_emission();
        let changes = sync::plan(&root.join("generated"), &emitted.files).expect("compare");
        let stale: Vec<String> = changes
            .write
            .iter()
            .map(|(p, _)| p.display().to_string())
            .chain(
                changes
                    .delete
                    .iter()
                    .map(|p| format!("{} (to delete)", p.display())),
            )
            .collect();
        assert!(
            stale.is_empty(),
            "generated/ is stale, run `cargo xtask codegen`: {}",
            stale.join(", ")
        );
    }

    /// Over `docs/`: every api page with an http-request block yields at least one
    /// generated call, and at least 95 % of the examples whose request matches a documented
    /// path become tests.
    #[test]
    fn every_api_page_with_paths_yields_a_call() {
        use codegen::emit::SkipReason;
        use codegen::model::PageKind;
        let (tree, emitted) = docs_emission();
        // the pages the generated calls name (`Source: `<page>``), read in one pass
        let sources: std::collections::BTreeSet<&str> = emitted
            .files
            .iter()
            .filter(|(p, _)| p.starts_with("areas"))
            .flat_map(|(_, t)| t.split("Source: `").skip(1))
            .filter_map(|rest| rest.split('`').next())
            .collect();
        let mut missing = Vec::new();
        let mut with_paths = 0;
        for page in tree.pages.iter().filter(|p| p.kind == PageKind::Api) {
            if page.http.is_empty() {
                continue;
            }
            with_paths += 1;
            if !sources.contains(page.source.as_str()) {
                missing.push(page.source.clone());
            }
        }
        println!("api pages with paths: {with_paths}, without a generated call: {missing:?}");
        assert!(missing.is_empty(), "no generated call for {missing:?}");

        let r = &emitted.report;
        let no_match = r
            .skipped
            .iter()
            .filter(|s| {
                matches!(
                    s.reason,
                    SkipReason::NoPathMatches
                        | SkipReason::NonGraphHost
                        | SkipReason::OtherVersion(_)
                )
            })
            .count();
        let matching = r.request_examples - no_match;
        println!(
            "example requests {}, matching a documented path {matching}, tests {}",
            r.request_examples, r.tests_generated
        );
        assert!(
            r.tests_generated as f64 >= 0.95 * matching as f64,
            "{} tests < 95 % of {matching} matching examples",
            r.tests_generated
        );
    }

    /// Every file below `dir`, sorted (the tests' view of an output folder).
    pub(crate) fn files_below(dir: &Path) -> Vec<PathBuf> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).expect("list") {
                let p = e.expect("entry").path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push(p);
                }
            }
        }
        out.sort();
        out
    }

    fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        files_below(dir)
            .into_iter()
            .map(|p| {
                let bytes = std::fs::read(&p).expect("read");
                (p, bytes)
            })
            .collect()
    }

    const GOOD_PAGE: &str = "---\ntitle: x\nms.prod: outlook\n---\n# <a name=\"x\"></a>message: send\n\n## <a name=\"http-request\"></a>HTTP request\n\n```http\nPOST /me/messages/{id}/send\n```\n";

    #[test]
    fn a_run_with_errors_leaves_the_output_byte_identical() {
        let docs = tempfile::tempdir().expect("tempdir");
        let api = docs.path().join("v1.0/api");
        std::fs::create_dir_all(&api).expect("mkdir");
        std::fs::write(api.join("message-send.md"), GOOD_PAGE).expect("write");
        let out = tempfile::tempdir().expect("tempdir");
        let args = CodegenArgs {
            check: false,
            docs: docs.path().to_path_buf(),
            out: out.path().to_path_buf(),
            format: Format::Human,
            show: Show::Errors,
            keep_going: false,
        };
        assert_eq!(codegen(&args).expect("run"), Outcome::Written);
        let before = snapshot(out.path());
        assert!(before
            .iter()
            .any(|(p, _)| p.ends_with("areas/outlook/src/operations.rs")));

        // A page that is not UTF-8 is an error: nothing may change.
        std::fs::write(
            api.join("message-reply.md"),
            b"---\ntitle: \xff\xfe\n---\n# x\n",
        )
        .expect("write");
        std::fs::write(
            api.join("message-send.md"),
            GOOD_PAGE.replace("send", "forward"),
        )
        .expect("write");
        assert_eq!(codegen(&args).expect("run"), Outcome::Errors);
        assert_eq!(snapshot(out.path()), before);
        let check = CodegenArgs {
            check: true,
            ..args
        };
        assert_eq!(codegen(&check).expect("run"), Outcome::Errors);
        assert_eq!(snapshot(out.path()), before);
    }

    /// An open fence that swallows the next section: an error of this page only.
    const BROKEN_PAGE: &str = "---\ntitle: x\nms.prod: outlook\n---\n# message: reply\n\n## HTTP request\n\n```http\nPOST /me/messages/{id}/reply\n\n## Request body\n\n| Property | Type |\n|---|---|\n| comment | String |\n";

    #[test]
    fn keep_going_leaves_pages_with_errors_out_and_lists_them() {
        let docs = tempfile::tempdir().expect("tempdir");
        let api = docs.path().join("v1.0/api");
        std::fs::create_dir_all(&api).expect("mkdir");
        std::fs::write(api.join("message-send.md"), GOOD_PAGE).expect("write");
        let out = tempfile::tempdir().expect("tempdir");
        let mut args = CodegenArgs {
            check: false,
            docs: docs.path().to_path_buf(),
            out: out.path().to_path_buf(),
            format: Format::Human,
            show: Show::Errors,
            keep_going: false,
        };
        assert_eq!(codegen(&args).expect("run"), Outcome::Written);
        std::fs::write(api.join("message-reply.md"), BROKEN_PAGE).expect("write");
        // Without the flag: exit 1, the output byte-identical.
        let before = snapshot(out.path());
        assert_eq!(codegen(&args).expect("run"), Outcome::Errors);
        assert_eq!(snapshot(out.path()), before);
        assert_eq!(ExitCode::from(Outcome::Errors), ExitCode::FAILURE);

        // With it: the good page is generated, the broken one listed with its error.
        args.keep_going = true;
        assert_eq!(codegen(&args).expect("run"), Outcome::Written);
        assert_eq!(ExitCode::from(Outcome::Written), ExitCode::SUCCESS);
        let outlook = std::fs::read_to_string(out.path().join("areas/outlook/src/operations.rs"))
            .expect("read");
        assert!(outlook.contains("pub fn message_send<"), "{outlook}");
        assert!(!outlook.contains("message_reply"), "{outlook}");
        let coverage = std::fs::read_to_string(out.path().join("COVERAGE.md")).expect("read");
        assert!(coverage.contains("## Skipped pages"), "{coverage}");
        assert!(
            coverage.contains("| v1.0/api/message-reply.md | 9 | `unclosed-code-fence` |"),
            "{coverage}"
        );
        let (tree, emitted) = generate(docs.path(), out.path()).expect("generate");
        let skipped = &emitted.report.skipped_pages;
        assert_eq!(skipped.len(), 1);
        assert_eq!(
            (
                skipped[0].source.as_str(),
                skipped[0].line,
                skipped[0].code.as_str()
            ),
            ("v1.0/api/message-reply.md", 9, "unclosed-code-fence")
        );
        let report = serde_json::to_value(&emitted.report).expect("json");
        assert_eq!(report["skipped_pages"][0]["code"], "unclosed-code-fence");
        assert_eq!(report["release"]["version"], "v1.0");
        assert_eq!(
            tree.release.version.map(|v| v.to_string()).as_deref(),
            Some("v1.0")
        );

        // The output is fresh for `--check --keep-going`, stale-free without errors.
        args.check = true;
        assert_eq!(codegen(&args).expect("run"), Outcome::Fresh);
        args.keep_going = false;
        assert_eq!(codegen(&args).expect("run"), Outcome::Errors);
    }

    #[test]
    fn check_reports_stale_output_and_writes_nothing() {
        let docs = tempfile::tempdir().expect("tempdir");
        let api = docs.path().join("v1.0/api");
        std::fs::create_dir_all(&api).expect("mkdir");
        std::fs::write(api.join("message-send.md"), GOOD_PAGE).expect("write");
        let out = tempfile::tempdir().expect("tempdir");
        let mut args = CodegenArgs {
            check: true,
            docs: docs.path().to_path_buf(),
            out: out.path().to_path_buf(),
            format: Format::Json,
            show: Show::All,
            keep_going: false,
        };
        assert_eq!(codegen(&args).expect("run"), Outcome::Stale);
        assert!(snapshot(out.path()).is_empty());
        args.check = false;
        assert_eq!(codegen(&args).expect("run"), Outcome::Written);
        args.check = true;
        assert_eq!(codegen(&args).expect("run"), Outcome::Fresh);
    }
}
