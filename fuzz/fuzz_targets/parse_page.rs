//! Arbitrary bytes → `parse_page`. The parser promises never to panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = codegen::parse::parse_page("zh-CN/v1.0/api/fuzz.md", data);
});
