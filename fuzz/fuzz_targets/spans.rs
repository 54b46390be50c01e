//! Arbitrary strings → span unwrapping and plain-text rendering.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let u = codegen::parse::spans::unwrap(s);
    let _ = codegen::parse::spans::plain(&u.text.en);
    let _ = codegen::parse::spans::plain(&u.text.localized);
    let _ = codegen::parse::spans::plain(s);
});
