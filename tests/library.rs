//! The core's `Library` on real folders and real SQLite files in temp dirs.

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use quire::{Library, ListFilter, PostFields, RevisionSource, SearchQuery, Status};

use common::Fixture;

fn scan(lib: &Library) -> quire::ScanReport {
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap()
}

/// Pretends the post was last saved `minutes` ago, so the next save starts a new burst.
fn age_post(lib: &Library, id: i64, minutes: i64) {
    let conn = rusqlite::Connection::open(lib.database_path()).unwrap();
    let then = (chrono::Utc::now() - chrono::TimeDelta::minutes(minutes)).to_rfc3339();
    conn.execute(
        "UPDATE posts SET updated_at = ?1 WHERE id = ?2",
        rusqlite::params![then, id],
    )
    .unwrap();
}

/// Moves when post `id` was made and its versions were kept `minutes` back,
/// as if the writer had been typing that long (the clock, not a sleep).
fn age_versions(lib: &Library, id: i64, minutes: i64) {
    let conn = rusqlite::Connection::open(lib.database_path()).unwrap();
    let back = format!("-{minutes} minutes");
    conn.execute(
        "UPDATE posts SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ?1) WHERE id = ?2",
        rusqlite::params![back, id],
    )
    .unwrap();
    conn.execute(
        "UPDATE revisions SET at = strftime('%Y-%m-%dT%H:%M:%fZ', at, ?1) WHERE post_id = ?2",
        rusqlite::params![back, id],
    )
    .unwrap();
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_new_post_is_a_dated_draft_with_its_own_file() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("My First Post")).unwrap();
    assert_eq!(post.slug, "my-first-post");
    assert_eq!(post.path, "my-first-post.md");
    assert_eq!(post.status, Status::Draft);
    assert_eq!(post.title, "My First Post");
    assert_eq!(fx.read("my-first-post.md"), post.text);
    assert!(post
        .text
        .starts_with("---\ntitle: My First Post\ntags: []\ndraft: true\ndate: "));
    let again = lib.create(Some("My First Post")).unwrap();
    assert_eq!(
        (again.slug.as_str(), again.path.as_str()),
        ("my-first-post-2", "my-first-post-2.md")
    );
    // The database lives in the data dir, never inside the writer's folder.
    assert_eq!(
        files_in(&fx.folder),
        vec!["my-first-post-2.md", "my-first-post.md"]
    );
    assert!(lib.database_path().starts_with(&fx.data));
}

#[test]
fn ten_minutes_of_steady_typing_keep_a_version_without_a_pause() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Long session")).unwrap();
    let mut text = post.text.clone();
    for words in ["One", " two", " three"] {
        text.push_str(words);
        lib.save(post.id, &text).unwrap();
    }
    assert!(
        lib.revisions(post.id).unwrap().is_empty(),
        "one burst so far"
    );
    // Eleven minutes of typing later (each save within the burst gap):
    age_versions(&lib, post.id, 11);
    text.push_str(" four");
    lib.save(post.id, &text).unwrap();
    let revisions = lib.revisions(post.id).unwrap();
    assert_eq!(revisions.len(), 1, "a version after ten minutes of typing");
    assert_eq!(revisions[0].source, RevisionSource::App);
    assert!(
        revisions[0].text.ends_with("One two three"),
        "{:?}",
        revisions[0].text
    );
    // And the next one ten minutes after that one, not before.
    text.push_str(" five");
    lib.save(post.id, &text).unwrap();
    assert_eq!(lib.revisions(post.id).unwrap().len(), 1);
    age_versions(&lib, post.id, 10);
    text.push_str(" six");
    lib.save(post.id, &text).unwrap();
    assert_eq!(lib.revisions(post.id).unwrap().len(), 2);
}

#[test]
fn saving_writes_the_file_and_keeps_a_revision_per_editing_burst() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Draft")).unwrap();
    let first = format!("{}Hello", post.text);
    let saved = lib.save(post.id, &first).unwrap();
    assert_eq!(fx.read(&saved.path), first);
    let second = format!("{first} world");
    lib.save(post.id, &second).unwrap();
    assert!(
        lib.revisions(post.id).unwrap().is_empty(),
        "saves within one burst keep no revision"
    );

    age_post(&lib, post.id, 3);
    let third = format!("{second}, again");
    lib.save(post.id, &third).unwrap();
    let revisions = lib.revisions(post.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(
        revisions[0].text, second,
        "the text from before the burst is kept"
    );
    assert_eq!(revisions[0].source, RevisionSource::App);
    assert_eq!(fx.read(&saved.path), third);
    assert_eq!(lib.get(post.id).unwrap().text, third);
}

#[test]
fn unknown_keys_crlf_and_bom_survive_load_and_save() {
    let fx = Fixture::new();
    let original = "\u{feff}---\r\ntitle: Windows Post\r\nseries: Getting started   # a comment\r\ncustom:\r\n  nested: [1, 2]\r\ntags:\r\n  - One\r\n---\r\nBody line one.\r\n\r\nBody line two.\r\n";
    fx.write("windows.md", original);
    let lib = fx.open();
    assert_eq!(scan(&lib).added, 1);
    let post = lib.get_by_slug("windows").unwrap();
    assert_eq!(post.text, original, "loaded byte for byte");
    assert_eq!(post.tags, vec!["One"]);

    // Saving unchanged text leaves the file as it was.
    lib.save(post.id, &post.text).unwrap();
    assert_eq!(
        std::fs::read(fx.folder.join("windows.md")).unwrap(),
        original.as_bytes()
    );

    // A body edit keeps the front matter bytes unchanged.
    let edited = original.replace("Body line two.", "Body line two, edited.");
    lib.save(post.id, &edited).unwrap();
    assert_eq!(fx.read("windows.md"), edited);

    // A field edit changes only its key, in the file's own line endings.
    let retitled = lib
        .set_fields(
            post.id,
            &edited,
            &PostFields {
                title: Some("New Title".into()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        retitled.text,
        edited.replace("title: Windows Post", "title: New Title")
    );
    assert_eq!(retitled.title, "New Title");
    let tagged = lib
        .set_fields(
            post.id,
            &retitled.text,
            &PostFields {
                tags: Some(vec!["One".into(), "Two".into()]),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        tagged.text,
        retitled
            .text
            .replace("  - One\r\n", "  - One\r\n  - Two\r\n")
    );
    assert_eq!(fx.read("windows.md"), tagged.text);
}

#[test]
fn list_filters_by_tag_and_status_newest_first() {
    let fx = Fixture::new();
    fx.write(
        "a.md",
        "---\ntitle: Old\ndate: 2020-01-01\ntags: [Remote Work]\n---\n",
    );
    fx.write(
        "b.md",
        "---\ntitle: New\ndate: 2024-01-01\ntags: [remote work, Rust]\n---\n",
    );
    fx.write(
        "c.md",
        "---\ntitle: Draft\ndraft: true\ndate: 2023-01-01\n---\n",
    );
    fx.write("d.md", "---\ntitle: Future\ndate: 2999-01-01\n---\n");
    fx.write("e.md", "# Undated\n");
    let lib = fx.open();
    scan(&lib);
    let titles = |filter: ListFilter| {
        lib.list(&filter)
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        titles(ListFilter::default()),
        vec!["Future", "New", "Draft", "Old", "Undated"]
    );
    assert_eq!(
        titles(ListFilter {
            tag: Some("REMOTE WORK".into()),
            status: None,
            ..ListFilter::default()
        }),
        vec!["New", "Old"]
    );
    assert_eq!(
        titles(ListFilter {
            tag: None,
            status: Some(Status::Draft),
            ..ListFilter::default()
        }),
        vec!["Draft"]
    );
    assert_eq!(
        titles(ListFilter {
            tag: None,
            status: Some(Status::Scheduled),
            ..ListFilter::default()
        }),
        vec!["Future"]
    );
    // The first page, as the app shows it before the rest: the list's head.
    let first: Vec<String> = lib
        .list_first(&ListFilter::default(), 2)
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(first, vec!["Future", "New"]);
    assert_eq!(lib.post_count().unwrap(), 5);
    let tags = lib.tags().unwrap();
    assert_eq!(
        tags.iter()
            .map(|t| (t.name.as_str(), t.count))
            .collect::<Vec<_>>(),
        vec![("Remote Work", 2), ("Rust", 1)]
    );
}

#[test]
fn search_is_ranked_kept_in_step_and_safe() {
    let fx = Fixture::new();
    fx.write(
        "one.md",
        "---\ntitle: Gardening notes\n---\nTomatoes need sun. <script>alert(1)</script>\n",
    );
    fx.write(
        "two.md",
        "---\ntitle: Tomatoes\ntags: [garden]\n---\nAll about tomatoes.\n",
    );
    let lib = fx.open();
    scan(&lib);
    let hits = lib
        .search(&SearchQuery::parse("tomatoes").unwrap(), 50)
        .unwrap();
    assert_eq!(
        hits.iter().map(|h| h.title.as_str()).collect::<Vec<_>>(),
        vec!["Tomatoes", "Gardening notes"],
        "a title match ranks first"
    );
    let snippet = hits[1].snippet.as_deref().unwrap();
    assert!(snippet.contains("<mark>Tomatoes</mark>"), "{snippet}");
    assert!(!snippet.contains("<script"), "{snippet}");
    assert!(
        lib.search(&SearchQuery::parse("\"need sun\"").unwrap(), 50)
            .unwrap()
            .len()
            == 1
    );
    assert!(lib
        .search(&SearchQuery::parse("sun tomatoes missing").unwrap(), 50)
        .unwrap()
        .is_empty());

    let one = lib.get_by_slug("one").unwrap();
    lib.save(one.id, "---\ntitle: Gardening notes\n---\nCucumbers now.\n")
        .unwrap();
    assert!(
        lib.search(&SearchQuery::parse("sun").unwrap(), 50)
            .unwrap()
            .is_empty(),
        "old words leave the index"
    );
    assert_eq!(
        lib.search(&SearchQuery::parse("cucumbers").unwrap(), 50)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        lib.search(&SearchQuery::parse("cucu").unwrap().with_prefix_last(), 50)
            .unwrap()
            .len(),
        1
    );
    lib.trash(one.id).unwrap();
    assert!(
        lib.search(&SearchQuery::parse("cucumbers").unwrap(), 50)
            .unwrap()
            .is_empty(),
        "trashed posts are not found"
    );
    lib.check_integrity().unwrap();
    // Restored, it is found again; the index still matches every post.
    lib.restore(one.id).unwrap();
    assert_eq!(
        lib.search(&SearchQuery::parse("cucumbers").unwrap(), 50)
            .unwrap()
            .len(),
        1
    );
    lib.check_integrity().unwrap();
}

#[test]
fn trash_removes_the_file_and_restore_brings_it_back() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Keep me")).unwrap();
    lib.trash(post.id).unwrap();
    assert!(!fx.folder.join("keep-me.md").exists());
    assert!(lib.list(&ListFilter::default()).unwrap().is_empty());
    assert_eq!(lib.list_trash().unwrap()[0].title, "Keep me");
    let restored = lib.restore(post.id).unwrap();
    assert_eq!(restored.path, "keep-me.md");
    assert_eq!(fx.read("keep-me.md"), post.text);
    assert!(lib.list_trash().unwrap().is_empty());
}

#[test]
fn renaming_a_tag_edits_every_post_and_merges() {
    let fx = Fixture::new();
    fx.write("a.md", "---\ntitle: A\ntags: [remote, Work]\n---\nA body\n");
    fx.write(
        "b.md",
        "+++\ntitle = \"B\"\n[taxonomies]\ntags = [\"Remote\"]\n+++\nB body\n",
    );
    let lib = fx.open();
    scan(&lib);
    assert_eq!(lib.rename_tag("REMOTE", "Work").unwrap(), 2);
    assert_eq!(
        lib.rename_tag("work", "Work").unwrap(),
        2,
        "a change of case only is a rename too"
    );
    assert_eq!(
        fx.read("a.md"),
        "---\ntitle: A\ntags: [Work]\n---\nA body\n"
    );
    assert_eq!(
        fx.read("b.md"),
        "+++\ntitle = \"B\"\n[taxonomies]\ntags = [\"Work\"]\n+++\nB body\n"
    );
    assert_eq!(
        lib.tags()
            .unwrap()
            .iter()
            .map(|t| (t.name.as_str(), t.count))
            .collect::<Vec<_>>(),
        vec![("Work", 2)]
    );
    let a = lib.get_by_slug("a").unwrap();
    assert_eq!(
        lib.revisions(a.id).unwrap()[0].text,
        "---\ntitle: A\ntags: [remote, Work]\n---\nA body\n"
    );
    // Search reads the renamed tags, and its index matches every post.
    let found = lib
        .search(&SearchQuery::parse("work").unwrap(), 50)
        .unwrap();
    assert_eq!(found.len(), 2);
    assert!(lib
        .search(&SearchQuery::parse("remote").unwrap(), 50)
        .unwrap()
        .is_empty());
    lib.check_integrity().unwrap();
}

#[test]
fn scanning_picks_up_outside_changes_without_losing_text() {
    let fx = Fixture::new();
    fx.write("post.md", "---\ntitle: Post\n---\nFirst\n");
    fx.write("notes/deep/page/index.md", "# Bundle page\n");
    let lib = fx.open();
    let report = scan(&lib);
    assert_eq!((report.added, report.updated), (2, 0));
    assert_eq!(lib.get_by_slug("page").unwrap().title, "Bundle page");

    fx.write("post.md", "---\ntitle: Post\n---\nChanged outside\n");
    std::fs::remove_file(fx.folder.join("notes/deep/page/index.md")).unwrap();
    let report = scan(&lib);
    assert_eq!(
        (report.updated, report.trashed, report.unchanged),
        (1, 1, 0)
    );
    let post = lib.get_by_slug("post").unwrap();
    assert_eq!(post.text, "---\ntitle: Post\n---\nChanged outside\n");
    let revisions = lib.revisions(post.id).unwrap();
    assert_eq!(
        (revisions[0].source, revisions[0].text.as_str()),
        (RevisionSource::External, "---\ntitle: Post\n---\nFirst\n")
    );
    assert_eq!(
        lib.list_trash().unwrap()[0].title,
        "Bundle page",
        "a deleted file's post goes to the trash"
    );
    assert_eq!(scan(&lib).unchanged, 1);
}

#[test]
fn bad_files_are_skipped_with_a_reason_and_the_rest_still_load() {
    let fx = Fixture::new();
    fx.write("good.md", "# Good\n");
    fx.write("binary.md", [0x89, b'P', b'N', b'G', 0, 0, 1]);
    fx.write("latin1.md", [b'c', b'a', b'f', 0xe9, b'\n']);
    fx.write("broken.md", "---\ntitle: [unclosed\n---\nBody survives\n");
    fx.write("unclosed.md", "---\ntitle: never closed\n");
    fx.write("empty.md", "");
    fx.write(".git/ignored.md", "# not a post\n");
    fx.write("node_modules/pkg/readme.md", "# not a post\n");
    let lib = fx.open();
    let report = scan(&lib);
    let mut skipped: Vec<_> = report
        .skipped
        .iter()
        .map(|(p, r)| format!("{p}: {r}"))
        .collect();
    skipped.sort();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(
        skipped[0].starts_with("binary.md: contains NUL bytes"),
        "{skipped:?}"
    );
    assert!(
        skipped[1].starts_with("latin1.md: is not UTF-8"),
        "{skipped:?}"
    );
    let titles: Vec<String> = lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    assert_eq!(titles.len(), 4, "{titles:?}");
    assert!(titles.contains(&"Good".to_string()));
    // Broken front matter: the post still loads under its file name, its text intact.
    assert_eq!(
        lib.get_by_slug("broken").unwrap().text,
        "---\ntitle: [unclosed\n---\nBody survives\n"
    );
}

#[test]
fn hostile_slugs_and_paths_never_leave_the_folder() {
    let fx = Fixture::new();
    fx.write("evil.md", "---\ntitle: Evil\nslug: ../../outside\n---\n");
    let lib = fx.open();
    scan(&lib);
    let post = lib.list(&ListFilter::default()).unwrap().remove(0);
    assert_eq!(post.slug, "outside");
    assert_eq!(post.path, "evil.md");
    let created = lib.create(Some("../../../etc/passwd")).unwrap();
    assert_eq!(created.path, "etc-passwd.md");
    assert!(fx.folder.join("etc-passwd.md").exists());
}

#[test]
fn a_reopened_library_keeps_everything() {
    let fx = Fixture::new();
    let id = {
        let lib = fx.open();
        let post = lib.create(Some("Persistent")).unwrap();
        lib.set_fields(
            post.id,
            &post.text,
            &PostFields {
                tags: Some(vec!["Kept".into()]),
                draft: Some(false),
                ..Default::default()
            },
        )
        .unwrap();
        post.id
    };
    let lib = fx.open();
    assert_eq!(scan(&lib).unchanged, 1);
    let post = lib.get(id).unwrap();
    assert_eq!(
        (post.title.as_str(), post.tags.clone(), post.status),
        ("Persistent", vec!["Kept".to_string()], Status::Published)
    );
}

#[test]
fn an_outside_edit_is_never_overwritten_without_a_revision() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Shared")).unwrap();
    // Another editor changes the file; Quire has not read it yet and autosaves.
    let outside = format!("{}Written in Vim\n", post.text);
    fx.write(&post.path, &outside);
    let mine = format!("{}Typed in Quire\n", post.text);
    lib.save(post.id, &mine).unwrap();
    assert_eq!(fx.read(&post.path), mine);
    let revisions = lib.revisions(post.id).unwrap();
    assert!(
        revisions
            .iter()
            .any(|r| r.source == RevisionSource::Conflict && r.text == outside),
        "{revisions:?}"
    );

    // The outside text was read by a scan; the app's very next save keeps it.
    let outside = format!("{}Pulled from git\n", post.text);
    fx.write(&post.path, &outside);
    assert_eq!(scan(&lib).updated, 1);
    lib.save(post.id, &format!("{}Typed again\n", post.text))
        .unwrap();
    assert_eq!(lib.revisions(post.id).unwrap()[0].text, outside);

    // Trashing a post whose file changed outside keeps that text too.
    let outside = format!("{}Last outside words\n", post.text);
    fx.write(&post.path, &outside);
    lib.trash(post.id).unwrap();
    assert_eq!(lib.revisions(post.id).unwrap()[0].text, outside);
}

#[test]
fn leaving_a_post_ends_its_editing_burst() {
    let fx = Fixture::new();
    let lib = fx.open();
    let a = lib.create(Some("A")).unwrap();
    let a1 = format!("{}first words", a.text);
    lib.save(a.id, &a1).unwrap();
    // A was created and is being written: the same burst, no revision yet.
    assert!(lib.revisions(a.id).unwrap().is_empty());
    let b = lib.create(Some("B")).unwrap();
    lib.save(b.id, &format!("{}other post", b.text)).unwrap();
    // Back to A within two minutes: the writer left it, so a new burst starts.
    lib.save(a.id, &format!("{a1}, more")).unwrap();
    let revisions = lib.revisions(a.id).unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0].text, a1);
}

#[test]
fn the_preview_is_served_only_images_inside_the_library() {
    let fx = Fixture::new();
    fx.write("notes/pics/a b.png", b"\x89PNG inside");
    fx.write("notes/post.md", "![a](pics/a%20b.png)\n");
    fx.write("notes/secret.md", "not an image\n");
    let outside = fx.dir().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("leak.png"), b"outside").unwrap();
    std::os::unix::fs::symlink(outside.join("leak.png"), fx.folder.join("notes/link.png")).unwrap();
    std::os::unix::fs::symlink(&outside, fx.folder.join("notes/out")).unwrap();
    std::os::unix::fs::symlink("pics/a b.png", fx.folder.join("notes/alias.png")).unwrap();
    let lib = fx.open();

    let (bytes, content_type) = lib.library_image("/notes/pics/a%20b.png").unwrap();
    assert_eq!(
        (bytes.as_slice(), content_type),
        (&b"\x89PNG inside"[..], "image/png")
    );
    // A symlink that stays inside the library is followed.
    assert_eq!(
        lib.library_image("/notes/alias.png").unwrap().0,
        b"\x89PNG inside"
    );

    let outside_png = format!("{}", outside.join("leak.png").display());
    for refused in [
        "/notes/../../outside/leak.png",
        "/notes/%2e%2e/%2e%2e/outside/leak.png",
        "/..%2F..%2Foutside%2Fleak.png",
        outside_png.as_str(),
        &format!(
            "/{}",
            outside_png.trim_start_matches('/').replace('/', "%2F")
        ),
        "/notes/link.png",
        "/notes/out/leak.png",
        "/notes/secret.md",
        "/notes/pics",
        "/notes/missing.png",
        "/notes%5C..%5C..%5Coutside%5Cleak.png",
        "/",
    ] {
        let err = lib.library_image(refused).expect_err(refused);
        assert!(!err.to_string().is_empty(), "{refused}");
    }
}

#[test]
fn a_large_library_image_is_read_in_the_parts_the_webview_asks_for() {
    let fx = Fixture::new();
    // 10 MiB, each byte telling its offset, so a part read from the wrong
    // place cannot pass.
    let image: Vec<u8> = (0..10 * 1024 * 1024u32).map(|i| (i % 251) as u8).collect();
    fx.write("big.png", &image);
    let lib = fx.open();
    let total = image.len() as u64;

    let whole = lib.library_image_answer("/big.png", None).unwrap();
    assert_eq!((whole.bytes.len(), whole.part), (image.len(), None));

    let middle = lib
        .library_image_answer("/big.png", Some("bytes=1000-1999"))
        .unwrap();
    assert_eq!(middle.bytes, image[1000..2000]);
    assert_eq!(
        middle.part,
        Some(quire::ImagePart {
            first: 1000,
            last: 1999,
            total
        })
    );

    // An open range is answered with one bounded part, not the rest of the file.
    let rest = lib
        .library_image_answer("/big.png", Some("bytes=5-"))
        .unwrap();
    let part = rest.part.unwrap();
    assert_eq!((part.first, part.total), (5, total));
    assert!(part.last < total - 1, "{part:?}");
    assert_eq!(rest.bytes, image[5..=part.last as usize]);

    let tail = lib
        .library_image_answer("/big.png", Some("bytes=-10"))
        .unwrap();
    assert_eq!(tail.bytes, image[image.len() - 10..]);

    // A header that names no satisfiable single range gets the whole image.
    for ignored in ["bytes=0-1,5-6", "bytes=99999999-", "items=0-1", "nonsense"] {
        let answer = lib.library_image_answer("/big.png", Some(ignored)).unwrap();
        assert_eq!(
            (answer.bytes.len(), answer.part),
            (image.len(), None),
            "{ignored}"
        );
    }
    // And a range never widens what is served.
    assert!(lib
        .library_image_answer("/notes/../../x.png", Some("bytes=0-1"))
        .is_err());
}

#[test]
fn titles_and_tags_beyond_any_real_length_are_refused_and_nothing_changes() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Short")).unwrap();
    let long = "x".repeat(quire::MAX_FIELD_CHARS + 1);
    assert!(lib.create(Some(&long)).is_err());
    let fields = |title: Option<&str>, tags: Option<Vec<String>>| PostFields {
        title: title.map(str::to_string),
        tags,
        ..PostFields::default()
    };
    assert!(lib
        .set_fields(post.id, &post.text, &fields(Some(&long), None))
        .is_err());
    assert!(lib
        .set_fields(post.id, &post.text, &fields(None, Some(vec![long.clone()])))
        .is_err());
    lib.set_fields(post.id, &post.text, &fields(None, Some(vec!["ok".into()])))
        .unwrap();
    assert!(lib.rename_tag("ok", &long).is_err());
    let now = lib.get(post.id).unwrap();
    assert_eq!(
        (now.title.as_str(), now.tags.clone()),
        ("Short", vec!["ok".to_string()])
    );
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 1);
}

#[test]
fn a_search_for_words_in_most_posts_lists_the_newest_first_and_a_rarer_word_by_rank() {
    let fx = Fixture::new();
    // 600 posts all saying "journal"; a few also say "lighthouse", once in a
    // title (ranked first) and in bodies of older and newer posts.
    for i in 0..600 {
        let extra = match i {
            10 => "The lighthouse keeper.",
            20 => "A lighthouse.",
            _ => "",
        };
        let title = if i == 5 { "Lighthouse" } else { "Entry" };
        fx.write(
            &format!("p{i:03}.md"),
            format!("---\ntitle: {title} {i}\n---\nA journal page. {extra}\n"),
        );
    }
    let lib = fx.open();
    scan(&lib);
    let titles = |q: &str| -> Vec<String> {
        lib.search(&SearchQuery::parse(q).unwrap(), 5)
            .unwrap()
            .into_iter()
            .map(|p| p.title)
            .collect()
    };
    // "journal" is in every post: the most recently added come first.
    let ids: Vec<i64> = lib
        .list(&ListFilter::default())
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let newest = *ids.iter().max().unwrap();
    let hits = lib
        .search(&SearchQuery::parse("journal").unwrap(), 5)
        .unwrap();
    assert_eq!(hits.len(), 5);
    assert_eq!(hits[0].id, newest);
    assert!(hits.windows(2).all(|w| w[0].id > w[1].id));
    assert!(hits[0]
        .snippet
        .as_deref()
        .unwrap()
        .contains("<mark>journal</mark>"));
    // "lighthouse" is in 3 posts: ranked, the title match first.
    let ranked = titles("lighthouse");
    assert_eq!(ranked.len(), 3);
    assert_eq!(ranked[0], "Lighthouse 5");
}

#[test]
fn a_writer_names_a_version_and_history_shows_it() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Named")).unwrap();
    let draft = format!("{}The draft I sent.\n", post.text);
    lib.save(post.id, &draft).unwrap();
    // The text as it is now gets a name: kept as a version of its own.
    let versions = lib
        .label_version(post.id, None, "  sent to editor ")
        .unwrap();
    assert_eq!(versions[0].label.as_deref(), Some("sent to editor"));
    assert_eq!(versions[0].text, draft);
    // Later text does not move the name.
    age_post(&lib, post.id, 5);
    lib.save(post.id, &format!("{draft}More after the edit.\n"))
        .unwrap();
    let versions = lib.revisions(post.id).unwrap();
    let named: Vec<_> = versions.iter().filter(|v| v.label.is_some()).collect();
    assert_eq!(named.len(), 1);
    assert_eq!(named[0].text, draft);
    // Renamed, then the name removed.
    let id = named[0].id;
    let versions = lib.label_version(post.id, Some(id), "first round").unwrap();
    assert_eq!(
        versions
            .iter()
            .find(|v| v.id == id)
            .unwrap()
            .label
            .as_deref(),
        Some("first round")
    );
    let versions = lib.label_version(post.id, Some(id), "").unwrap();
    assert!(versions.iter().all(|v| v.label.is_none()));
    // Nothing to name, or no such version, or another post's: refused.
    assert!(lib.label_version(post.id, None, " ").is_err());
    assert!(lib.label_version(post.id, Some(id + 1000), "x").is_err());
    let other = lib.create(Some("Other")).unwrap();
    assert!(lib.label_version(other.id, Some(id), "x").is_err());
    assert!(lib.label_version(post.id, Some(id), "two\nlines").is_err());
    assert!(lib
        .label_version(post.id, Some(id), &"x".repeat(100_000))
        .is_err());
}

#[test]
fn a_link_in_a_post_finds_the_post_it_points_to() {
    let fx = Fixture::new();
    fx.write("posts/first.md", "---\ntitle: First\n---\nText\n");
    fx.write("posts/trip/index.md", "---\ntitle: Trip\n---\nText\n");
    fx.write(
        "_posts/2013-05-06-jekyll-one.md",
        "---\ntitle: Jekyll one\n---\nText\n",
    );
    fx.write("notes/second.md", "---\ntitle: Second\n---\nText\n");
    let lib = fx.open();
    scan(&lib);
    let find = |href: &str| {
        lib.post_for_link("notes/second.md", href)
            .unwrap()
            .map(|p| p.title)
    };
    assert_eq!(find("../posts/first.md").as_deref(), Some("First"));
    assert_eq!(find("../posts/first.md#part").as_deref(), Some("First"));
    assert_eq!(find("../posts/trip/").as_deref(), Some("Trip"));
    assert_eq!(find("/first/").as_deref(), Some("First"));
    assert_eq!(
        find("/2013/05/06/jekyll-one.html").as_deref(),
        Some("Jekyll one")
    );
    assert_eq!(
        find("2013-05-06-jekyll-one.md").as_deref(),
        Some("Jekyll one")
    );
    assert_eq!(find("https://example.com/first/"), None);
    assert_eq!(find("mailto:a@b.c"), None);
    assert_eq!(find("#section"), None);
    assert_eq!(find("/no-such-post/"), None);
    // Climbing out of the library names nothing, even a post's slug on the way.
    assert_eq!(find("../../../../etc/passwd"), None);
    // A post in the trash is not a link's target.
    let first = lib.get_by_slug("first").unwrap();
    lib.trash(first.id).unwrap();
    assert_eq!(find("../posts/first.md"), None);
}
