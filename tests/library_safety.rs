//! What the library must keep as the writer left it, on real folders: a
//! file's permissions across Quire's rewrites, a private database, and a
//! post whose file was replaced by a folder.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::sync::atomic::AtomicBool;

use common::{open_library, titles, write_file};
use quire::ListFilter;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_private_post_stays_private_when_quire_rewrites_it() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    write_file(&folder, "diary.md", "---\ntitle: Diary\n---\nPrivate.\n");
    std::fs::set_permissions(
        folder.join("diary.md"),
        std::fs::Permissions::from_mode(0o600),
    )
    .unwrap();
    let lib = open_library(&folder, &tmp.path().join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let post = &lib.list(&ListFilter::default()).unwrap()[0];
    lib.save(post.id, "---\ntitle: Diary\n---\nPrivate, and longer.\n")
        .unwrap();
    assert!(std::fs::read_to_string(folder.join("diary.md"))
        .unwrap()
        .contains("longer"));
    assert_eq!(mode(&folder.join("diary.md")), 0o600);
}

#[test]
fn the_database_and_its_folder_are_the_writers_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let lib = open_library(&tmp.path().join("library"), &data);
    lib.create(Some("A post")).unwrap();
    assert_eq!(mode(&data.join("libraries")), 0o700);
    assert_eq!(mode(lib.database_path()), 0o600);
    for entry in std::fs::read_dir(data.join("libraries")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.contains(".sqlite3") {
            assert_eq!(
                mode(&entry.path()) & 0o077,
                0,
                "{name} is readable by others"
            );
        }
    }
}

#[test]
fn a_post_file_replaced_by_a_folder_of_the_same_name_leaves_the_list() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    write_file(&folder, "note.md", "---\ntitle: Note\n---\nText.\n");
    write_file(&folder, "other.md", "---\ntitle: Other\n---\nMore.\n");
    let lib = open_library(&folder, &tmp.path().join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    std::fs::remove_file(folder.join("note.md")).unwrap();
    std::fs::create_dir(folder.join("note.md")).unwrap();
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(titles(&lib), ["Other"]);
    // In the trash, with its history, not gone.
    assert_eq!(lib.list_trash().unwrap().len(), 1);

    // The same through the watcher's path: the folder's path as it reports it.
    write_file(&folder, "later.md", "---\ntitle: Later\n---\nText.\n");
    lib.sync_paths(&["later.md".to_string()]).unwrap();
    std::fs::remove_file(folder.join("later.md")).unwrap();
    std::fs::create_dir(folder.join("later.md")).unwrap();
    lib.sync_paths(&["later.md".to_string()]).unwrap();
    assert_eq!(titles(&lib), ["Other"]);
}

#[test]
fn a_post_whose_folder_became_a_link_is_neither_saved_nor_trashed_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let text = "---\ntitle: Post\n---\nText.\n";
    write_file(&folder, "sub/post.md", text);
    let lib = open_library(&folder, &tmp.path().join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let id = lib.list(&ListFilter::default()).unwrap()[0].id;
    // The folder replaced by a link to one elsewhere holding the same file.
    let outside = tmp.path().join("outside");
    write_file(&outside, "post.md", text);
    std::fs::remove_dir_all(folder.join("sub")).unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("sub")).unwrap();

    let err = lib
        .save(id, "---\ntitle: Post\n---\nOverwritten?\n")
        .unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    let err = lib.trash(id).unwrap_err();
    assert!(err.to_string().contains("symbolic link"), "{err}");
    assert_eq!(
        std::fs::read_to_string(outside.join("post.md")).unwrap(),
        text
    );
}

fn scan(lib: &quire::Library) {
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
}

#[test]
fn a_post_whose_file_is_away_for_a_while_comes_back_as_itself() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let text = "---\ntitle: Essay\nslug: my-essay\ntags: [Craft]\n---\nFirst draft.\n";
    write_file(&folder, "essay.md", text);
    write_file(&folder, "other.md", "---\ntitle: Other\n---\nMore.\n");
    let lib = open_library(&folder, &tmp.path().join("data"));
    scan(&lib);
    let id = lib.get_by_slug("my-essay").unwrap().id;
    lib.save(id, &text.replace("First draft.", "Second draft."))
        .unwrap();
    let revisions = lib.revisions(id).unwrap().len();
    let saved = std::fs::read_to_string(folder.join("essay.md")).unwrap();

    // A branch switch: the file is gone for one scan, then back as it was.
    std::fs::remove_file(folder.join("essay.md")).unwrap();
    scan(&lib);
    assert_eq!(lib.list_trash().unwrap().len(), 1);
    write_file(&folder, "essay.md", &saved);
    scan(&lib);
    let back = lib.get_by_slug("my-essay").unwrap();
    assert_eq!(back.id, id);
    assert_eq!(lib.revisions(id).unwrap().len(), revisions);
    assert!(lib.list_trash().unwrap().is_empty());
    let listed: Vec<String> = lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|p| p.slug)
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&"my-essay".to_string()), "{listed:?}");

    // Away, then back elsewhere with other text but its slug: still itself,
    // the text it had kept as a revision.
    std::fs::remove_file(folder.join("essay.md")).unwrap();
    scan(&lib);
    write_file(
        &folder,
        "moved/essay-renamed.md",
        saved.replace("Second", "Third"),
    );
    scan(&lib);
    let back = lib.get_by_slug("my-essay").unwrap();
    assert_eq!(
        (back.id, back.path.as_str()),
        (id, "moved/essay-renamed.md")
    );
    assert!(lib
        .revisions(id)
        .unwrap()
        .iter()
        .any(|r| r.text.contains("Second draft.")));

    // The watcher's way: a delete seen, then the file back at the same path.
    std::fs::remove_file(folder.join("moved/essay-renamed.md")).unwrap();
    lib.sync_paths(&["moved/essay-renamed.md".to_string()])
        .unwrap();
    assert_eq!(lib.list_trash().unwrap().len(), 1);
    write_file(&folder, "moved/essay-renamed.md", &saved);
    lib.sync_paths(&["moved/essay-renamed.md".to_string()])
        .unwrap();
    assert_eq!(lib.get_by_slug("my-essay").unwrap().id, id);
    assert!(lib.list_trash().unwrap().is_empty());
}

#[test]
fn an_explicit_slug_wins_over_one_quire_made_from_a_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    write_file(&folder, "hello.md", "---\ntitle: Notes\n---\nMade up.\n");
    let lib = open_library(&folder, &tmp.path().join("data"));
    scan(&lib);
    let generated = lib.get_by_slug("hello").unwrap().id;

    // A file that asks for the slug another post only got from its name.
    write_file(
        &folder,
        "essay.md",
        "---\ntitle: Essay\nslug: hello\n---\nAsked for.\n",
    );
    lib.sync_paths(&["essay.md".to_string()]).unwrap();
    let asked = lib.get_by_slug("hello").unwrap();
    assert_eq!(asked.path, "essay.md");
    assert_eq!(lib.get(generated).unwrap().slug, "hello-2");

    // An edit outside that changes `slug:` moves the post to it, and wins
    // again over a generated one.
    write_file(
        &folder,
        "later.md",
        "---\ntitle: Later\n---\nNamed by file.\n",
    );
    scan(&lib);
    write_file(
        &folder,
        "essay.md",
        "---\ntitle: Essay\nslug: later\n---\nAsked for.\n",
    );
    scan(&lib);
    assert_eq!(lib.get_by_slug("later").unwrap().id, asked.id);
    assert_eq!(lib.get_by_slug("later-2").unwrap().path, "later.md");

    // Two files asking for one slug: the first keeps it, the second is told apart.
    write_file(
        &folder,
        "twin.md",
        "---\ntitle: Twin\nslug: later\n---\nSame ask.\n",
    );
    scan(&lib);
    assert_eq!(lib.get_by_slug("later").unwrap().id, asked.id);
    assert_eq!(lib.get_by_slug("later-3").unwrap().path, "twin.md");
}

#[test]
fn a_post_with_a_backslash_in_its_file_name_can_be_saved_and_trashed() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    write_file(
        &folder,
        "back\\slash.md",
        "---\ntitle: Odd name\n---\nText.\n",
    );
    let lib = open_library(&folder, &tmp.path().join("data"));
    scan(&lib);
    let post = &lib.list(&ListFilter::default()).unwrap()[0];
    assert_eq!(post.path, "back\\slash.md");
    lib.save(post.id, "---\ntitle: Odd name\n---\nSaved.\n")
        .unwrap();
    assert!(std::fs::read_to_string(folder.join("back\\slash.md"))
        .unwrap()
        .contains("Saved."));
    lib.trash(post.id).unwrap();
    assert!(!folder.join("back\\slash.md").exists());
    lib.restore(post.id).unwrap();
    assert!(folder.join("back\\slash.md").exists());
}

#[test]
fn a_database_that_is_not_one_is_set_aside_and_made_again_from_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let data = tmp.path().join("data");
    let text = "---\ntitle: Kept\n---\nIn the folder.\n";
    write_file(&folder, "kept.md", text);
    let db = {
        let lib = open_library(&folder, &data);
        scan(&lib);
        assert!(lib.recovered().is_none());
        lib.database_path().to_path_buf()
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    std::fs::write(
        &db,
        "this is not a database, and it is long enough to have a header",
    )
    .unwrap();

    let lib = open_library(&folder, &data);
    let message = lib.recovered().expect("the damage is reported").to_string();
    assert!(message.contains(&db.display().to_string()), "{message}");
    let aside: Vec<_> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "{message}");
    assert!(
        message.contains(&aside[0].path().display().to_string()),
        "{message}"
    );
    assert!(std::fs::read_to_string(aside[0].path())
        .unwrap()
        .starts_with("this is not a database"));
    scan(&lib);
    assert_eq!(titles(&lib), ["Kept"]);
    assert_eq!(
        std::fs::read_to_string(folder.join("kept.md")).unwrap(),
        text
    );
    // The next open finds it sound.
    drop(lib);
    let lib = open_library(&folder, &data);
    assert_eq!(lib.check_database().unwrap(), None);
    assert!(lib.recovered().is_none());
}

#[test]
fn an_outside_edit_landing_while_a_save_writes_is_kept_as_a_revision() {
    use std::sync::atomic::Ordering;
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let head = "---\ntitle: Shared\n---\n";
    write_file(&folder, "shared.md", format!("{head}Start.\n"));
    let lib = open_library(&folder, &tmp.path().join("data"));
    scan(&lib);
    let id = lib.list(&ListFilter::default()).unwrap()[0].id;
    let file = folder.join("shared.md");
    let saving = AtomicBool::new(true);
    // Another program (a sync client, a second editor) writes the file again
    // each time Quire has written over its last edit. Nothing watches the
    // folder here: only the save itself can notice those edits.
    let outside = std::thread::scope(|scope| {
        let writer = scope.spawn(|| {
            let mut written = Vec::new();
            while saving.load(Ordering::Relaxed) {
                let text = format!("{head}Outside edit {}.\n", written.len());
                let staged = folder.join(".outside.tmp");
                std::fs::write(&staged, &text).unwrap();
                std::fs::rename(&staged, &file).unwrap();
                written.push(text.clone());
                while saving.load(Ordering::Relaxed)
                    && std::fs::read_to_string(&file).unwrap() == text
                {
                    std::thread::yield_now();
                }
            }
            written
        });
        for i in 0..300 {
            lib.save(id, &format!("{head}Typed in Quire {i}.\n"))
                .unwrap();
        }
        saving.store(false, Ordering::Relaxed);
        writer.join().unwrap()
    });
    assert!(outside.len() > 10, "only {} outside edits", outside.len());
    let kept: std::collections::HashSet<String> = lib
        .revisions(id)
        .unwrap()
        .into_iter()
        .map(|r| r.text)
        .collect();
    let on_disk = std::fs::read_to_string(&file).unwrap();
    let lost: Vec<&String> = outside
        .iter()
        .filter(|text| !kept.contains(*text) && **text != on_disk)
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} outside edits lost, e.g. {:?}",
        lost.len(),
        outside.len(),
        lost.first()
    );
}

#[test]
fn a_database_with_damaged_pages_is_found_at_open_and_made_again_from_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let data = tmp.path().join("data");
    let body = "A paragraph long enough to fill pages. ".repeat(60);
    for i in 0..200 {
        write_file(
            &folder,
            &format!("post-{i}.md"),
            format!("---\ntitle: Post {i}\n---\n{body}\n"),
        );
    }
    let db = {
        let lib = open_library(&folder, &data);
        scan(&lib);
        lib.database_path().to_path_buf()
    };
    // Its first page (the schema) is sound, so the database opens and
    // answers; pages further in are garbage, as a failing disk leaves them.
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 40 * page, "{} bytes", bytes.len());
    for start in (bytes.len() / 2..bytes.len() - page).step_by(7 * page) {
        bytes[start..start + 64].fill(0xA5);
    }
    std::fs::write(&db, &bytes).unwrap();

    let lib = open_library(&folder, &data);
    let message = lib.check_database().unwrap().expect("the damage is found");
    assert!(message.contains(&db.display().to_string()), "{message}");
    assert!(message.contains("earlier version"), "{message}");
    assert_eq!(lib.recovered().as_deref(), Some(message.as_str()));
    scan(&lib);
    assert_eq!(titles(&lib).len(), 200);
    assert!(std::fs::read_to_string(folder.join("post-7.md"))
        .unwrap()
        .contains("Post 7"));
    drop(lib);
    let lib = open_library(&folder, &data);
    assert_eq!(lib.check_database().unwrap(), None);
    assert!(lib.recovered().is_none());
}

#[test]
fn text_typed_while_saving_is_paused_outlives_a_crash_as_a_revision() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let text = "---\ntitle: Essay\n---\nSaved words.\n";
    write_file(&folder, "essay.md", text);
    let data = tmp.path().join("data");
    let typed = format!("{text}Typed while a conflict waited.\n");
    {
        let lib = open_library(&folder, &data);
        scan(&lib);
        let id = lib.get_by_slug("essay").unwrap().id;
        lib.keep_pending(id, &typed).unwrap();
        // Text the post already has is nothing to keep.
        lib.keep_pending(id, text).unwrap();
        lib.keep_pending(id, &typed).unwrap();
        // The session ends here without saving: a crash.
    }
    assert_eq!(
        std::fs::read_to_string(folder.join("essay.md")).unwrap(),
        text
    );
    let lib = open_library(&folder, &data);
    let kept = lib.keep_pending_as_revisions().unwrap();
    assert_eq!(
        kept.iter().map(|p| p.title.as_str()).collect::<Vec<_>>(),
        ["Essay"]
    );
    let id = kept[0].id;
    let revisions = lib.revisions(id).unwrap();
    assert_eq!(revisions.len(), 1, "{revisions:?}");
    assert_eq!(revisions[0].text, typed);
    assert_eq!(revisions[0].source, quire::RevisionSource::Conflict);
    // Kept once: the next start finds nothing more.
    assert!(lib.keep_pending_as_revisions().unwrap().is_empty());

    // A save (the writer settled the conflict) supersedes what was pending.
    lib.keep_pending(id, "---\ntitle: Essay\n---\nAbandoned.\n")
        .unwrap();
    lib.save(id, &typed).unwrap();
    assert!(lib.keep_pending_as_revisions().unwrap().is_empty());
    let conflicts = lib
        .revisions(id)
        .unwrap()
        .into_iter()
        .filter(|r| r.source == quire::RevisionSource::Conflict)
        .count();
    assert_eq!(conflicts, 1);
}

#[test]
fn a_closed_library_leaves_its_database_whole_with_no_connection_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("library");
    let body = "A paragraph long enough to fill pages. ".repeat(40);
    for i in 0..100 {
        write_file(
            &folder,
            &format!("post-{i}.md"),
            format!("---\ntitle: Post {i}\n---\n{body}\n"),
        );
    }
    // A first scan is bulk work whose checkpoint runs on a thread of its own:
    // closing the library waits for it, so the last close folds the WAL in
    // and removes it, and nothing writes the file after the library is gone
    // (it did: a test that wrote the file next found its write undone). The
    // race needs the thread to open first, so the check runs a few times.
    for round in 0..5 {
        let lib = open_library(&folder, &tmp.path().join(format!("data-{round}")));
        scan(&lib);
        let db = lib.database_path().to_path_buf();
        drop(lib);
        let wal = std::path::PathBuf::from(format!("{}-wal", db.display()));
        assert!(!wal.exists(), "{} is still there", wal.display());
        let size = std::fs::metadata(&db).unwrap().len();
        assert!(size > 30 * 4096, "the database holds {size} bytes");
    }
}
