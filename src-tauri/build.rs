// The config lives at the repository root; the app manifest lists Quire's
// commands so the capability can allow exactly these and nothing else.
fn main() {
    let commands = &[
        "library_info",
        "list_posts",
        "search_posts",
        "get_post",
        "create_post",
        "save_post",
        "set_post_fields",
        "delete_post",
        "list_trash",
        "restore_post",
        "list_tags",
        "rename_tag",
        "render_preview",
        "open_external",
        "rescan_library",
        "import_folder",
        "open_library",
        "cancel_job",
        "list_revisions",
        "restore_revision",
        "resolve_conflict",
        "merge_texts",
        "export_markdown",
        "export_html",
        "export_post_html",
        "post_html",
        "list_shown",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("../tauri.conf.json")
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("failed to run the Tauri build script");
}
