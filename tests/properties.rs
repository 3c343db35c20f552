//! The fuzz targets' invariants (`quire::fuzzing`) as property tests, so
//! `make test` runs each for a few thousand generated inputs; `make fuzz`
//! runs the same checks under libFuzzer for as long as it is given. The
//! inputs are built from pieces that hit the parsers' edges: HTML that
//! tries to run script, URL schemes in every spelling, front matter
//! delimiters, Markdown syntax, and arbitrary characters.

use proptest::prelude::*;
use proptest::test_runner::Config;

/// How many inputs each property gets (`PROPTEST_CASES` to change it):
/// a few seconds each in a debug build.
fn config() -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(40_000);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "=",
    "\"",
    "'",
    "`",
    "&",
    ";",
    "#",
    "\n",
    "\r\n",
    " ",
    "\t",
    "\0",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=\"",
    "<a href=",
    "\">",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "&#106;avascript:",
    "&#x6A;",
    "&#58;",
    "&colon;",
    "data:text/html,",
    "file:///etc/passwd",
    "vbscript:",
    "smb://",
    "obsidian://",
    "<svg>",
    "<math>",
    "<mglyph>",
    "<style>",
    "<iframe srcdoc=",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "</pre>",
    "<details open ontoggle=",
    "<form>",
    "<button formaction=",
    "<base href=",
    "<meta http-equiv=refresh content=",
    "onload=",
    "onerror=",
    "ONMOUSEOVER=",
    "style=",
    "---\n",
    "+++\n",
    "title: ",
    "tags: [",
    "]",
    "date: 2024-01-02\n",
    "draft: true\n",
    "slug: ",
    "[x](",
    ")",
    "![i](",
    "<http://",
    "[ref]: ",
    "```",
    "```js\n",
    "~~~",
    "> ",
    "- ",
    "1. ",
    "# ",
    "| a |",
    "|---|",
    "**",
    "_",
    "[^1]",
    "\\",
    "\u{E000}",
    "\u{FEFF}",
    "é",
    "漢",
    "👍",
    "\u{202E}",
    "CON",
    "com¹",
    "..",
    "/",
    "\\..\\",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        2 => "[a-zA-Z0-9 ]{1,8}",
        1 => any::<char>().prop_map(String::from),
    ]
}

fn markup() -> impl Strategy<Value = String> {
    proptest::collection::vec(piece(), 0..48).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rendered_html_never_carries_script(text in markup()) {
        quire::fuzzing::check_render(&text);
    }

    #[test]
    fn front_matter_splits_and_edits_losslessly(text in markup()) {
        quire::fuzzing::check_front_matter(&text);
    }

    #[test]
    fn slugs_are_legal_file_names_inside_the_folder(title in markup()) {
        quire::fuzzing::check_slug(&title);
    }
}

#[test]
fn the_importer_takes_or_refuses_any_file() {
    let dir = tempfile::tempdir().unwrap();
    // Each input is a file written and read: a tenth as many.
    let mut runner = proptest::test_runner::TestRunner::new(Config {
        cases: config().cases / 10,
        ..config()
    });
    let input = (any::<u8>(), markup()).prop_map(|(pick, text)| {
        let mut data = vec![pick];
        data.extend_from_slice(text.as_bytes());
        data
    });
    runner
        .run(&input, |data| {
            quire::fuzzing::check_import_file(dir.path(), &data);
            Ok(())
        })
        .unwrap();
}

/// Export into output folders built of files, folders, symbolic links out of
/// them and into the library, and forged markers: nothing outside the output
/// folder changes, nothing hidden is written (`make fuzz`'s `export_paths`).
/// Each case is a whole export, so fewer cases than the parsers get.
#[test]
fn export_never_touches_what_is_outside_its_folder_nor_writes_hidden_files() {
    let fixture = quire::fuzzing::ExportFixture::new();
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .map_or(300, |n: u32| n.min(300));
    let mut runner = proptest::test_runner::TestRunner::new(Config { cases, ..config() });
    let input = proptest::collection::vec(any::<u8>(), 1..24);
    runner
        .run(&input, |data| {
            quire::fuzzing::check_export_paths(&fixture, &data);
            Ok(())
        })
        .unwrap();
}

/// The fuzz targets' seed corpora pass too (they are what `make fuzz` starts from).
#[test]
fn the_seed_corpora_pass() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let dir = tempfile::tempdir().unwrap();
    let mut seen = 0;
    let fixture = quire::fuzzing::ExportFixture::new();
    for target in [
        "render",
        "front_matter",
        "slug",
        "import_file",
        "export_paths",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            panic!("no seed corpus for {target}");
        };
        for entry in entries {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            match target {
                "render" => quire::fuzzing::check_render(&text),
                "front_matter" => quire::fuzzing::check_front_matter(&text),
                "slug" => quire::fuzzing::check_slug(&text),
                "export_paths" => quire::fuzzing::check_export_paths(&fixture, &bytes),
                _ => quire::fuzzing::check_import_file(dir.path(), &bytes),
            }
            seen += 1;
        }
    }
    assert!(seen >= 20, "only {seen} seeds");
}
