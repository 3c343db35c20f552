//! The IPC contract, from the one command list: the handler `main` registers,
//! the events, and the TypeScript bindings generated from them into
//! `ui/src/bindings.ts` (a test fails when that file is stale).

use tauri_specta::{collect_events, ErrorHandlingMode};

use crate::commands;
use crate::session::{LibraryChanged, LibraryScanned};

macro_rules! specta_commands {
    ($($command:ident),* $(,)?) => {
        tauri_specta::collect_commands![$(commands::$command),*]
    };
}

/// Commands, events and their types, for a runtime (the real one, or the
/// mock one the shell's tests drive).
pub fn builder<R: tauri::Runtime>() -> tauri_specta::Builder<R> {
    tauri_specta::Builder::<R>::new()
        .commands(with_commands!(specta_commands))
        .events(collect_events![LibraryChanged, LibraryScanned])
        .typ::<commands::CommandError>()
        // A failed command rejects its promise with the `CommandError`, as
        // `api.ts` expects; counts and ids are far below 2^53.
        .error_handling(ErrorHandlingMode::Throw)
        .dangerously_cast_bigints_to_number()
}

#[cfg(test)]
mod tests {
    /// The first line of `ui/src/bindings.ts`.
    const HEADER: &str = "// Generated from src-tauri (command_list.rs, commands.rs, session.rs and the core's IPC types) by tauri-specta: do not edit. Regenerate with `UPDATE_BINDINGS=1 cargo test -p quire-app bindings`.";

    #[test]
    fn the_ui_bindings_are_generated_from_the_commands_as_they_are() {
        let committed =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.ts");
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("bindings.ts");
        super::builder::<tauri::Wry>()
            .export(
                specta_typescript::Typescript::default().header(HEADER),
                &fresh,
            )
            .expect("the bindings export");
        let fresh = std::fs::read_to_string(&fresh).unwrap();
        assert!(
            fresh.starts_with(HEADER),
            "{}",
            &fresh[..200.min(fresh.len())]
        );
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed, &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            current == fresh,
            "ui/src/bindings.ts is stale: run UPDATE_BINDINGS=1 cargo test -p quire-app bindings"
        );
    }
}
