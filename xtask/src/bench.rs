//! `cargo xtask bench`: the codegen pipeline against the parsing floor, side by side in one
//! run. For each tree (the docs, and a synthetic tree made of `--scale` renamed copies of
//! every page) it times, in child processes of the same binary and so in the same profile
//! `cargo xtask codegen` runs in, a bare pulldown-cmark pass over the pages (read and
//! tokenise, nothing else) and the whole pipeline (read, parse, model, emit, format and
//! compare with an up-to-date output folder, as `--check` does). It prints the medians, the
//! ratio of the two, how the pipeline grows with the tree, and each child's peak memory.
//! Absolute times drift on a shared machine; the ratios, measured in one run, are the figures.

use anyhow::{bail, Context, Result};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What one child process measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Mode {
    /// Read every page and run pulldown-cmark over it, as the parser configures it.
    Bare,
    /// Read, parse, emit, format and compare with the output folder.
    Pipeline,
}

/// One measurement reported by a child.
#[derive(Debug, Clone, Copy)]
struct Sample {
    secs: f64,
    peak_mib: Option<f64>,
}

/// Peak resident memory of this process (`VmHWM`), where the platform reports it.
fn peak_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The child side: measure one mode once and print one JSON line.
pub fn run_once(mode: Mode, docs: &Path, out: &Path) -> Result<()> {
    let start = Instant::now();
    let pages = match mode {
        Mode::Bare => bare_pass(docs)?,
        Mode::Pipeline => {
            let (pages, emitted) = crate::generate(docs, out)?;
            let changes = crate::sync::plan(out, &emitted.files)?;
            if !changes.is_empty() {
                bail!(
                    "{} is not up to date with {}",
                    out.display(),
                    docs.display()
                );
            }
            pages.pages.len()
        }
    };
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}",
        json!({ "secs": secs, "peak_mib": peak_mib(), "pages": pages })
    );
    Ok(())
}

/// Read every page and count pulldown-cmark's events: the floor any parser of these pages
/// pays.
fn bare_pass(docs: &Path) -> Result<usize> {
    let files = codegen::parse::markdown_files(docs)
        .with_context(|| format!("listing {}", docs.display()))?;
    let mut events = 0usize;
    for f in &files {
        let bytes = std::fs::read(f).with_context(|| format!("reading {}", f.display()))?;
        let text = String::from_utf8_lossy(&bytes);
        events +=
            pulldown_cmark::Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_TABLES).count();
    }
    std::hint::black_box(events);
    Ok(files.len())
}

/// A tree of `scale` copies of every page below `docs`, the copies' file stems suffixed
/// (`message-send-2.md`) so that they become operations of their own.
fn synthetic_tree(docs: &Path, scale: usize, into: &Path) -> Result<()> {
    for f in codegen::parse::markdown_files(docs)? {
        let rel = f.strip_prefix(docs).unwrap_or(&f);
        let bytes = std::fs::read(&f).with_context(|| format!("reading {}", f.display()))?;
        for copy in 1..=scale {
            let mut target = into.join(rel);
            if copy > 1 {
                let stem = target
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                target.set_file_name(format!("{stem}-{copy}.md"));
            }
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&target, &bytes)
                .with_context(|| format!("writing {}", target.display()))?;
        }
    }
    Ok(())
}

fn child(mode: Mode, docs: &Path, out: &Path) -> Result<Sample> {
    let exe = std::env::current_exe().context("locating the xtask binary")?;
    let output = Command::new(exe)
        .arg("bench-run")
        .arg("--mode")
        .arg(match mode {
            Mode::Bare => "bare",
            Mode::Pipeline => "pipeline",
        })
        .arg("--docs")
        .arg(docs)
        .arg("--out")
        .arg(out)
        .output()
        .context("running a benchmark child")?;
    if !output.status.success() {
        bail!(
            "benchmark child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let line = String::from_utf8_lossy(&output.stdout);
    let v: serde_json::Value = serde_json::from_str(line.trim())
        .with_context(|| format!("reading the child's report {line:?}"))?;
    Ok(Sample {
        secs: v["secs"].as_f64().unwrap_or(f64::NAN),
        peak_mib: v["peak_mib"].as_f64(),
    })
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs.get(xs.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Medians of `runs` alternating bare and pipeline children over one tree.
struct TreeFigures {
    pages: usize,
    bare: f64,
    pipeline: f64,
    bare_peak: Option<f64>,
    pipeline_peak: Option<f64>,
}

fn measure(docs: &Path, runs: usize) -> Result<TreeFigures> {
    let out = tempfile::tempdir()?;
    // Bring an output folder up to date first, so the timed runs compare as `--check` does.
    let (pages, emitted) = crate::generate(docs, out.path())?;
    let changes = crate::sync::plan(out.path(), &emitted.files)?;
    crate::sync::apply(out.path(), &changes)?;
    let (mut bare, mut pipe) = (Vec::new(), Vec::new());
    let (mut bare_peak, mut pipe_peak) = (None::<f64>, None::<f64>);
    for _ in 0..runs {
        let b = child(Mode::Bare, docs, out.path())?;
        let p = child(Mode::Pipeline, docs, out.path())?;
        bare.push(b.secs);
        pipe.push(p.secs);
        bare_peak = max_of(bare_peak, b.peak_mib);
        pipe_peak = max_of(pipe_peak, p.peak_mib);
    }
    Ok(TreeFigures {
        pages: pages.pages.len(),
        bare: median(bare),
        pipeline: median(pipe),
        bare_peak,
        pipeline_peak: pipe_peak,
    })
}

fn max_of(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn mib(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |m| format!("{m:.0} MiB"))
}

/// The parent side: build the synthetic tree, measure both trees, print the table.
pub fn run(docs: &Path, runs: usize, scale: usize) -> Result<()> {
    let runs = runs.max(1);
    let big = tempfile::tempdir()?;
    synthetic_tree(docs, scale, big.path())?;
    let trees: [(String, PathBuf); 2] = [
        (docs.display().to_string(), docs.to_path_buf()),
        (format!("synthetic x{scale}"), big.path().to_path_buf()),
    ];
    println!("| tree | pages | bare pass | pipeline | ratio | peak memory (bare / pipeline) |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    let mut pipelines = Vec::new();
    for (label, tree) in &trees {
        eprintln!("measuring {label} ({runs} runs of each)…");
        let f = measure(tree, runs)?;
        println!(
            "| {label} | {} | {:.3} s | {:.3} s | {:.1}x | {} / {} |",
            f.pages,
            f.bare,
            f.pipeline,
            f.pipeline / f.bare,
            mib(f.bare_peak),
            mib(f.pipeline_peak)
        );
        pipelines.push((f.pages, f.pipeline));
    }
    if let [(p1, t1), (p4, t4)] = pipelines[..] {
        println!(
            "\npipeline growth: {:.2}x the time for {:.2}x the pages",
            t4 / t1,
            p4 as f64 / p1 as f64
        );
    }
    Ok(())
}
