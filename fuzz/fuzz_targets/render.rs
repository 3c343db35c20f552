//! Markdown to sanitized HTML: no script, handler or dangerous URL survives.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        quire::fuzzing::check_render(text);
    }
});
