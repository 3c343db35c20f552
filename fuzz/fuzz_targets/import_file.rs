//! The importer on one file (its first byte picks the dialect's path).
#![no_main]
use std::path::PathBuf;
use std::sync::OnceLock;

fn source_folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("quire-fuzz-import-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    quire::fuzzing::check_import_file(source_folder(), data);
});
