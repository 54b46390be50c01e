//! The progress bar of `cargo xtask codegen`: an indicatif bar on stderr that shows up only
//! when stderr is a terminal and the run has lasted over a second (so quick runs and piped
//! or CI output stay free of it), fed by the generator's [`codegen::progress::Progress`].

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A bar that stays hidden until a second has passed, and for good off a terminal.
pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new() -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if std::io::stderr().is_terminal() {
            let style = ProgressStyle::with_template("{msg:>16} [{bar:40}] {pos}/{len}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            // Shown from the first redraw after one second.
            let shown = bar.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(1));
                if !shown.is_finished() {
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        Bar { bar }
    }

    /// Remove the bar (before the run prints its summary).
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl codegen::progress::Progress for Bar {
    fn start(&self, stage: &'static str, total: usize) {
        self.bar.set_message(stage);
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
    }

    fn tick(&self) {
        self.bar.inc(1);
    }
}
