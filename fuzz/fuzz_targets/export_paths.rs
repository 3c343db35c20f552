//! Export into an output folder the input builds (files, folders, symbolic
//! links out of it and into the library, forged markers): nothing outside the
//! output folder changes, nothing hidden is written.
#![no_main]
use std::sync::OnceLock;

fn fixture() -> &'static quire::fuzzing::ExportFixture {
    static FIXTURE: OnceLock<quire::fuzzing::ExportFixture> = OnceLock::new();
    FIXTURE.get_or_init(quire::fuzzing::ExportFixture::new)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    quire::fuzzing::check_export_paths(fixture(), data);
});
