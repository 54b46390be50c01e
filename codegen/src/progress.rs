//! How the long stages of a run (reading the pages, rendering the files) tell a caller how
//! far they are, so that a command line can show a progress bar; the library itself never
//! prints. `()` is the progress of a caller that does not listen.

/// Receives the size of a stage and one tick per item done, from any thread.
pub trait Progress: Sync {
    /// A stage of `total` items begins (`"reading pages"`, `"rendering files"`).
    fn start(&self, _stage: &'static str, _total: usize) {}
    /// One item of the current stage is done.
    fn tick(&self) {}
}

impl Progress for () {}
