//! Preview render time (parse, render, highlight, sanitize) of a 1,200-word
//! post with a code block and of a 100 KB post: cold (its code never seen)
//! and after a one-character edit outside the code (code blocks cached).

use std::cell::Cell;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};

#[path = "corpus.rs"]
mod corpus;

/// A post of about `words` words with `code_blocks` code blocks.
fn post(words: usize, code_blocks: usize) -> String {
    format!(
        "---\ntitle: Benchmark post\ntags: [bench]\n---\n\n{}",
        corpus::body(words, code_blocks, 0)
    )
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
