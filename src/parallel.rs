//! Bulk work in parallel: the import, the scan and the HTML export derive
//! and render in batches on every core while one thread writes.

/// Files an import reads, parses and writes per transaction.
pub(crate) const IMPORT_BATCH: usize = 256;

/// Calls `consume` with each `batch`-sized part of `items` and `f` mapped
/// over it, in order. The next part is mapped (in parallel) while `consume`
/// works on this one, so reading files overlaps the database work. An error
/// from `consume` stops the whole run and is returned.
pub(crate) fn pipelined<T: Sync, R: Send, E>(
    items: &[T],
    batch: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, &[T], Vec<R>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    std::thread::scope(|scope| {
        // One batch waits while the next is mapped: at most three in memory.
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let f = &f;
        scope.spawn(move || {
            for part in items.chunks(batch) {
                // The receiver is gone when `consume` stopped the run.
                if sender.send(parallel_map(part, f)).is_err() {
                    break;
                }
            }
        });
        for (index, part) in items.chunks(batch).enumerate() {
            // No batch means the mapping thread panicked; the scope re-raises it.
            let Ok(mapped) = receiver.recv() else { break };
            consume(index, part, mapped)?;
        }
        Ok(())
    })
}

/// `f` over `items` on up to 4 threads, results in order. Reading and
/// writing many small files is bound by system calls, which overlap well.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    if threads < 2 || items.len() < 16 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
