// Quire's commands, each named once. `main.rs` registers them and exports
// their TypeScript bindings from this list; `build.rs` includes this file to
// write the app manifest and the one permission set the capability allows.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            library_info,
            list_posts,
            search_posts,
            get_post,
            create_post,
            save_post,
            keep_pending_text,
            leave_post,
            set_post_fields,
            delete_post,
            list_trash,
            restore_post,
            list_tags,
            list_categories,
            rename_tag,
            render_preview,
            open_external,
            rescan_library,
            import_folder,
            open_library,
            cancel_job,
            list_revisions,
            label_version,
            post_for_link,
            open_export,
            restore_revision,
            resolve_conflict,
            merge_texts,
            export_markdown,
            export_html,
            export_post_html,
            post_html,
            list_shown,
        }
    };
}
