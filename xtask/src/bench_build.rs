//! `cargo xtask bench-build`: how long rustc takes on the generated SDK alone (its crate,
//! the model crate and the area crates), with all areas (`full`), with the mail area
//! (`outlook`) and, with `--areas`, with each area alone; with `--graph-rs VERSION`,
//! graph-rs-sdk's crate from crates.io in the same run.
//!
//! The dependencies are built first; each measured build then recompiles only the crates
//! under test (`touch` of each generated crate's `lib.rs`, or `cargo clean -p
//! graph-rs-sdk`) with `CARGO_INCREMENTAL=0`. Cargo runs rustc through this binary as
//! `RUSTC_WRAPPER` ([`wrap_rustc`]), which times the crates asked for (start and end of
//! each rustc, and its peak resident memory polled from `/proc`) and appends the figures
//! to a log. A build's time is the span from the first of its crates' rustc starting to
//! the last one ending (cargo runs the area crates side by side), so cargo's own work
//! before and after is not counted; its memory is the largest single rustc's. Runs of the
//! configurations alternate (full, graph-rs-sdk, mail, full, …) so that a change of load
//! hits them alike; medians are printed.
//! Everything is built under `target/bench-build`, so the normal target stays warm.

use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// Environment variable naming the log a wrapped rustc appends to; its presence makes
/// this binary act as `RUSTC_WRAPPER`.
pub const LOG_VAR: &str = "XTASK_RUSTC_TIMING_LOG";
/// Environment variable holding the crate names (comma-separated) to time; a name ending
/// in `*` stands for every crate name starting with the rest.
const CRATES_VAR: &str = "XTASK_RUSTC_TIMING_CRATES";

const SDK_PACKAGE: &str = "msgraph-docs-sdk";
/// The SDK crate (`graph_sdk`), its model (`graph_sdk_model`) and its areas.
const SDK_CRATES: &str = "graph_sdk*";
const GRAPH_RS_CRATE: &str = "graph_rs_sdk";

/// Whether `name` is one of the comma-separated `wanted` names or prefixes (`name*`).
fn is_wanted(name: &str, wanted: &str) -> bool {
    !name.is_empty()
        && wanted.split(',').any(|w| match w.strip_suffix('*') {
            Some(prefix) => name.starts_with(prefix),
            None => w == name,
        })
}

/// Seconds since the Unix epoch: the wrapped rustc processes log on one clock.
fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// Runs rustc (`args[0]`) with the rest of `args`, as cargo's `RUSTC_WRAPPER`; times it
/// when its `--crate-name` is one of the crates asked for. Returns rustc's exit code.
pub fn wrap_rustc(args: &[OsString], log: &Path) -> Result<i32> {
    let (rustc, rest) = args
        .split_first()
        .context("RUSTC_WRAPPER called without rustc")?;
    let wanted = std::env::var(CRATES_VAR).unwrap_or_default();
    let name = rest
        .windows(2)
        .find(|w| w[0] == "--crate-name")
        .and_then(|w| w[1].to_str())
        .unwrap_or("");
    let timed = is_wanted(name, &wanted);
    let start = now();
    let mut child = Command::new(rustc)
        .args(rest)
        .spawn()
        .with_context(|| format!("starting {}", rustc.to_string_lossy()))?;
    let mut peak_kb = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if timed {
            peak_kb = peak_kb.max(vm_hwm_kb(child.id()).unwrap_or(0));
        }
        std::thread::sleep(Duration::from_millis(if timed { 20 } else { 5 }));
    };
    if timed && status.success() {
        let line = format!("{name} {start:.3} {:.3} {peak_kb}\n", now());
        use std::io::Write as _;
        fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .and_then(|mut f| f.write_all(line.as_bytes()))
            .with_context(|| format!("appending to {}", log.display()))?;
    }
    Ok(status.code().unwrap_or(1))
}

/// `VmHWM` of a running process, in KiB.
fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// One build to measure.
#[derive(Debug, Clone)]
enum Target {
    /// The SDK crate with these features (`None`: the default, `full`).
    Sdk(Option<String>),
    /// graph-rs-sdk's crate, from a scratch project depending on it.
    GraphRs(PathBuf),
}

impl Target {
    fn label(&self) -> String {
        match self {
            Target::Sdk(None) => "full".into(),
            Target::Sdk(Some(f)) => f.clone(),
            Target::GraphRs(_) => "graph-rs-sdk".into(),
        }
    }
}

struct Bench {
    root: PathBuf,
    dir: PathBuf,
    log: PathBuf,
}

impl Bench {
    fn cargo(&self, target_dir: &Path, crates: &str) -> Result<Command> {
        let exe = std::env::current_exe().context("locating the xtask binary")?;
        let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
        cmd.env("RUSTC_WRAPPER", exe)
            .env(LOG_VAR, &self.log)
            .env(CRATES_VAR, crates)
            .env("CARGO_INCREMENTAL", "0")
            .env("CARGO_TARGET_DIR", target_dir);
        Ok(cmd)
    }

    fn sdk_build(&self, features: Option<&str>) -> Result<Command> {
        let mut cmd = self.cargo(&self.dir.join("sdk"), SDK_CRATES)?;
        cmd.current_dir(&self.root)
            .args(["build", "-q", "-p", SDK_PACKAGE]);
        if let Some(f) = features {
            cmd.args(["--no-default-features", "--features", f]);
        }
        Ok(cmd)
    }

    fn graph_rs_build(&self, project: &Path) -> Result<Command> {
        let mut cmd = self.cargo(&self.dir.join("graph-rs"), GRAPH_RS_CRATE)?;
        cmd.current_dir(project).args(["build", "-q"]);
        Ok(cmd)
    }

    /// Builds `target` so that only its own crates are compiled, and returns the seconds
    /// from the first of them starting to the last one ending, and the largest peak KiB.
    fn measure(&self, target: &Target) -> Result<(f64, u64)> {
        let _ = fs::remove_file(&self.log);
        match target {
            Target::Sdk(features) => {
                for lib in sdk_roots(&self.root.join("generated"))? {
                    touch(&lib)?;
                }
                run(&mut self.sdk_build(features.as_deref())?)?;
            }
            Target::GraphRs(project) => {
                let mut clean = self.cargo(&self.dir.join("graph-rs"), "")?;
                clean
                    .current_dir(project)
                    .args(["clean", "-q", "-p", "graph-rs-sdk"]);
                run(&mut clean)?;
                run(&mut self.graph_rs_build(project)?)?;
            }
        }
        let text = fs::read_to_string(&self.log)
            .with_context(|| format!("{}: no timing logged", target.label()))?;
        let (mut first, mut last, mut peak) = (f64::INFINITY, 0f64, 0u64);
        for line in text.lines() {
            let parts: Vec<&str> = line.split_whitespace().skip(1).collect();
            let [start, end, kb] = parts[..] else {
                bail!("{}: unreadable timing line {line:?}", target.label());
            };
            let (Ok(start), Ok(end), Ok(kb)) = (start.parse::<f64>(), end.parse(), kb.parse())
            else {
                bail!("{}: unreadable timing line {line:?}", target.label());
            };
            first = first.min(start);
            last = last.max(end);
            peak = peak.max(kb);
        }
        if last < first {
            bail!("{}: no timing logged", target.label());
        }
        Ok((last - first, peak))
    }
}

fn run(cmd: &mut Command) -> Result<()> {
    let status = cmd.status().with_context(|| format!("running {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed: {status}");
    }
    Ok(())
}

fn touch(path: &Path) -> Result<()> {
    let f = fs::OpenOptions::new()
        .append(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    f.set_modified(std::time::SystemTime::now())
        .with_context(|| format!("touching {}", path.display()))
}

/// The root files of the generated crates: `src/lib.rs` of the SDK crate, of its model
/// and of each area crate.
fn sdk_roots(generated: &Path) -> Result<Vec<PathBuf>> {
    let mut roots = vec![
        generated.join("src/lib.rs"),
        generated.join("model/src/lib.rs"),
    ];
    let areas = generated.join("areas");
    for entry in fs::read_dir(&areas).with_context(|| format!("reading {}", areas.display()))? {
        let lib = entry?.path().join("src/lib.rs");
        if lib.is_file() {
            roots.push(lib);
        }
    }
    Ok(roots)
}

/// The area features of the generated crate, from the `full` list of its manifest.
fn areas(root: &Path) -> Result<Vec<String>> {
    let path = root.join("generated/Cargo.toml");
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let start = text
        .find("full = [")
        .with_context(|| format!("{}: no `full` feature", path.display()))?;
    let list = &text[start + "full = [".len()..];
    let list = &list[..list.find(']').unwrap_or(list.len())];
    Ok(list
        .split(',')
        .map(|s| s.trim().trim_matches('"').to_owned())
        .filter(|s| !s.is_empty() && !s.contains('/'))
        .collect())
}

/// A scratch project that depends on graph-rs-sdk `version` only.
fn graph_rs_project(dir: &Path, version: &str) -> Result<PathBuf> {
    let project = dir.join("graph-rs-project");
    fs::create_dir_all(project.join("src"))?;
    fs::write(
        project.join("Cargo.toml"),
        format!(
            "[package]\nname = \"graph-rs-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
             publish = false\n\n[dependencies]\ngraph-rs-sdk = \"={version}\"\n\n[workspace]\n"
        ),
    )?;
    fs::write(project.join("src/lib.rs"), "pub use graph_rs_sdk;\n")?;
    Ok(project)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    match xs.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => xs[n / 2],
        n => (xs[n / 2 - 1] + xs[n / 2]) / 2.0,
    }
}

/// Runs the benchmark and prints its tables.
pub fn run_bench(runs: usize, all_areas: bool, graph_rs: Option<&str>) -> Result<()> {
    let root = crate::workspace_root();
    let dir = root.join("target/bench-build");
    fs::create_dir_all(&dir)?;
    let bench = Bench {
        log: dir.join("rustc-times.log"),
        root: root.clone(),
        dir: dir.clone(),
    };
    let mut targets = vec![Target::Sdk(None)];
    if let Some(version) = graph_rs {
        targets.push(Target::GraphRs(graph_rs_project(&dir, version)?));
    }
    targets.push(Target::Sdk(Some("outlook".into())));

    eprintln!("building dependencies …");
    run(&mut bench.sdk_build(None)?)?;
    for t in &targets {
        if let Target::GraphRs(project) = t {
            run(&mut bench.graph_rs_build(project)?)?;
        }
    }
    let mut samples: Vec<Vec<(f64, u64)>> = vec![Vec::new(); targets.len()];
    for run_no in 1..=runs.max(1) {
        for (t, s) in targets.iter().zip(&mut samples) {
            let (secs, kb) = bench.measure(t)?;
            eprintln!(
                "run {run_no}: {:<14} {secs:7.2} s {:6.0} MiB",
                t.label(),
                kb as f64 / 1024.0
            );
            s.push((secs, kb));
        }
    }
    println!(
        "| crates alone | median of {} | peak rustc memory |",
        runs.max(1)
    );
    println!("| --- | ---: | ---: |");
    let mut medians = Vec::new();
    for (t, s) in targets.iter().zip(&samples) {
        let m = median(s.iter().map(|x| x.0).collect());
        let peak = s.iter().map(|x| x.1).max().unwrap_or(0);
        println!(
            "| {} | {m:.2} s | {:.2} GB |",
            t.label(),
            peak as f64 / 1024.0 / 1024.0
        );
        medians.push(m);
    }
    if graph_rs.is_some() {
        println!("\nfull / graph-rs-sdk: {:.2}", medians[0] / medians[1]);
    }
    if all_areas {
        let mut rows = Vec::new();
        for area in areas(&root)? {
            let (secs, kb) = bench.measure(&Target::Sdk(Some(area.clone())))?;
            eprintln!("{area:<28} {secs:7.2} s");
            rows.push((area, secs, kb));
        }
        rows.sort_by(|a, b| b.1.total_cmp(&a.1));
        println!("\n| area alone | time | peak rustc memory |\n| --- | ---: | ---: |");
        for (area, secs, kb) in rows {
            println!(
                "| `{area}` | {secs:.2} s | {:.2} GB |",
                kb as f64 / 1024.0 / 1024.0
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_match_by_name_or_prefix() {
        assert!(is_wanted("graph_sdk", SDK_CRATES));
        assert!(is_wanted("graph_sdk_outlook", SDK_CRATES));
        assert!(!is_wanted("graph_runtime", SDK_CRATES));
        assert!(is_wanted("graph_rs_sdk", GRAPH_RS_CRATE));
        assert!(!is_wanted("graph_rs_sdk_x", GRAPH_RS_CRATE));
        assert!(!is_wanted("", ""));
    }
}
