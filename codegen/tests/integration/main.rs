//! The integration tests of the generator, one binary: each module is one subject (the
//! parser on malformed, open or plain pages, the emitter on vendored pages, on hand-built
//! and hostile input, golden and snapshot tests, property tests, the corpus). The emitter
//! over the whole of `docs/` is tested in xtask, which emits it once for all its tests. One binary
//! links the generator and its dependencies once, where a binary per file linked them a
//! dozen times. The corpus test over `../shared/corpus` is `#[ignore]`d; `.ci/run` runs it
//! with `cargo test -p codegen --test integration -- --ignored`.

mod catalogue;
mod corpus;
mod emit_bodies;
mod emit_message_send;
mod emit_robustness;
mod emit_snapshots;
mod golden;
mod open_constructs;
mod proptest_paths;
mod proptest_spans;
mod release;
