//! Slugs: legal file names on every system, inside the library folder.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(title) = std::str::from_utf8(data) {
        quire::fuzzing::check_slug(title);
    }
});
