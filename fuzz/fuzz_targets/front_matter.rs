//! Front matter splitting, reading and editing.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        quire::fuzzing::check_front_matter(text);
    }
});
