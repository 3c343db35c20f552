//! Giving memory back to the system after bulk work. A scan or an import of
//! thousands of posts fills SQLite's page cache (32 MB, see `store::configure`)
//! and leaves freed blocks in glibc's per-thread arenas; a long-running app
//! would otherwise keep that for the rest of the session (about 60 MiB of the
//! app process's 170 after opening a 10,000-post library).

/// Fewer malloc arenas: glibc makes up to eight per core, one per thread that
/// allocates at once, and memory freed in one is not reused by another. Two
/// are plenty for a desktop app's few busy threads. Call it first thing in
/// `main`, before other threads exist.
pub fn limit_allocator_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tunable of the allocator; called before
    // other threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

/// Returns the allocator's free pages to the system (glibc keeps them).
pub(crate) fn release_free_heap() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases memory no allocation uses.
    unsafe {
        libc::malloc_trim(0);
    }
}
