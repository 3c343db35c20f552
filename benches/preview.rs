//! Preview render time (parse, render, highlight, sanitize) of a 1,200-word
//! post with a code block and of a 100 KB post: cold (its code never seen)
//! and after a one-character edit outside the code (code blocks cached).

use std::cell::Cell;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

const WORDS: &[&str] = &[
    "writing", "remote", "team", "quiet", "morning", "focus", "draft", "publish", "reader",
    "story", "the", "a", "of", "and", "to", "in", "is", "that", "with", "for", "notes", "habit",
    "calendar", "deep",
];

const CODE: &str = "```rust\nuse std::collections::HashMap;\n\n/// Counts words.\nfn count(text: &str) -> HashMap<&str, usize> {\n    let mut counts = HashMap::new();\n    for word in text.split_whitespace() {\n        *counts.entry(word).or_insert(0) += 1;\n    }\n    counts\n}\n\nfn main() {\n    let text = \"a b a\";\n    let counts = count(text);\n    println!(\"{counts:?}\");\n}\n```\n";

/// A deterministic post of about `words` words with headings, lists, links,
/// emphasis, one image and `code_blocks` copies of a Rust code block.
fn post(words: usize, code_blocks: usize) -> String {
    let mut out =
        String::from("---\ntitle: Benchmark post\ntags: [bench]\n---\n\n# Benchmark post\n\n");
    let mut n = 0usize;
    let mut paragraph = 0;
    while n < words {
        paragraph += 1;
        if paragraph % 6 == 0 {
            out.push_str(&format!("## Section {paragraph}\n\n"));
        }
        if paragraph % 5 == 0 {
            out.push_str("- a point worth making\n- another, with **emphasis**\n- and a [link](https://example.com)\n\n");
            n += 14;
        }
        for i in 0..60 {
            out.push_str(WORDS[(n * 7 + i) % WORDS.len()]);
            out.push(if i % 12 == 11 { '.' } else { ' ' });
            n += 1;
        }
        out.push_str("\n\n");
        if paragraph == 3 {
            out.push_str("![A photo](images/photo.jpg)\n\n");
        }
        if paragraph % 4 == 2 && paragraph / 4 < code_blocks {
            out.push_str(CODE);
            out.push('\n');
        }
    }
    out
}

fn bench_preview(c: &mut Criterion) {
    let mut group = c.benchmark_group("preview");
    let cases = [("1200-words", post(1_200, 1)), ("100KB", post(16_000, 12))];
    for (name, text) in &cases {
        eprintln!("{name}: {} bytes", text.len());
        // Cold: every iteration's code is new to the highlight cache.
        let counter = Cell::new(0u64);
        group.bench_with_input(BenchmarkId::new("cold", name), text, |b, text| {
            b.iter_batched(
                || {
                    counter.set(counter.get() + 1);
                    text.replace("Counts words.", &format!("Counts words {}.", counter.get()))
                },
                |t| quire::render(&t),
                criterion::BatchSize::SmallInput,
            )
        });
        // After a one-character edit outside the code: the code is cached.
        quire::render(text);
        let edited: Vec<String> = (0..64)
            .map(|i| {
                text.replacen(
                    "quiet",
                    &format!("quiet{}", (b'a' + (i % 26) as u8) as char),
                    1,
                )
            })
            .collect();
        let i = Cell::new(0usize);
        group.bench_with_input(BenchmarkId::new("one-char-edit", name), text, |b, _| {
            b.iter(|| {
                i.set((i.get() + 1) % edited.len());
                quire::render(&edited[i.get()])
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_preview);
criterion_main!(benches);
