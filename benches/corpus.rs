//! The deterministic corpus every benchmark uses: posts of about 1,200 words
//! with YAML front matter, 3 tags each from a pool of 50, headings, lists,
//! links, an image and a code block.

#![allow(dead_code)]

use std::fmt::Write;
use std::path::Path;

const WORDS: &[&str] = &[
    "writing", "remote", "team", "quiet", "morning", "focus", "draft", "publish", "reader",
    "story", "the", "a", "of", "and", "to", "in", "is", "that", "with", "for", "notes", "habit",
    "calendar", "deep",
];

pub const CODE: &str = "```rust\nuse std::collections::HashMap;\n\n/// Counts words.\nfn count(text: &str) -> HashMap<&str, usize> {\n    let mut counts = HashMap::new();\n    for word in text.split_whitespace() {\n        *counts.entry(word).or_insert(0) += 1;\n    }\n    counts\n}\n\nfn main() {\n    let text = \"a b a\";\n    let counts = count(text);\n    println!(\"{counts:?}\");\n}\n```\n";

/// A body of about `words` words with `code_blocks` copies of a code block.
pub fn body(words: usize, code_blocks: usize, seed: usize) -> String {
    let mut out = String::from("# Benchmark post\n\n");
    let mut n = seed;
    let mut written = 0;
    let mut paragraph = 0;
    while written < words {
        paragraph += 1;
        if paragraph % 6 == 0 {
            let _ = write!(out, "## Section {paragraph}\n\n");
        }
        if paragraph % 5 == 0 {
            out.push_str("- a point worth making\n- another, with **emphasis**\n- and a [link](https://example.com)\n\n");
            written += 14;
        }
        for i in 0..60 {
            out.push_str(WORDS[(n * 7 + i) % WORDS.len()]);
            out.push(if i % 12 == 11 { '.' } else { ' ' });
            written += 1;
        }
        n += 1;
        out.push_str("\n\n");
        if paragraph == 3 {
            out.push_str("![A photo](https://example.com/photo.jpg)\n\n");
        }
        if paragraph % 4 == 2 && paragraph / 4 < code_blocks {
            out.push_str(CODE);
            out.push('\n');
        }
    }
    out
}

/// A whole post: front matter with a title, a date, 3 of 50 tags, then the body.
pub fn post(i: usize, words: usize) -> String {
    let tags: Vec<String> = (0..3)
        .map(|k| format!("Tag {}", (i * 7 + k * 13) % 50))
        .collect();
    format!(
        "---\ntitle: Post number {i}\ndate: {}-{:02}-{:02}\ntags: [{}]\n---\n{}",
        2000 + i % 25,
        1 + i % 12,
        1 + i % 28,
        tags.join(", "),
        body(words, 1, i)
    )
}

/// Writes `count` posts of about 1,200 words into `dir`.
pub fn write_library(dir: &Path, count: usize) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..count {
        std::fs::write(dir.join(format!("post-{i:05}.md")), post(i, 1_200)).unwrap();
    }
}

/// The library in `folder` (its database in `data`), opened and indexed.
pub fn open_indexed(folder: &Path, data: &Path) -> quire::Library {
    let lib = quire::Library::open(
        folder,
        quire::OpenOptions {
            data_dir: Some(data.to_path_buf()),
        },
    )
    .unwrap();
    lib.scan(&mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false))
        .unwrap();
    lib
}
