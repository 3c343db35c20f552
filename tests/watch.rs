//! The folder watcher on a real folder with the real notify watcher (no
//! mocked events): outside edits of every kind reach the database, Quire's
//! own writes are recognised, nothing is ever lost, and a crash mid-save
//! leaves the database sound and in step with the file.

mod common;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc::{channel, Receiver};
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{open_library, write_file};
use quire::{Change, ChangeKind, FolderWatcher, Library, ListFilter, RevisionSource};

struct Watched {
    _tmp: tempfile::TempDir,
    folder: PathBuf,
    data: PathBuf,
    lib: Arc<Library>,
    changes: Receiver<Change>,
    watcher: Option<FolderWatcher>,
}

impl Watched {
    fn new() -> Watched {
        let tmp = tempfile::tempdir().unwrap();
        let folder = tmp.path().join("blog");
        let data = tmp.path().join("data");
        std::fs::create_dir_all(&folder).unwrap();
        let lib = Arc::new(open_library(&folder, &data));
        let folder = lib.folder().to_path_buf();
        let (sender, changes) = channel();
        let watcher = FolderWatcher::start(Arc::clone(&lib), move |batch| {
            for change in batch.expect("a batch of changes applies") {
                let _ = sender.send(change);
            }
        })
        .unwrap();
        Watched {
            _tmp: tmp,
            folder,
            data,
            lib,
            changes,
            watcher: Some(watcher),
        }
    }

    fn write(&self, rel: &str, text: &str) {
        write_file(&self.folder, rel, text);
    }

    /// The next change reported, within 10 s.
    fn next_change(&self) -> Change {
        self.changes
            .recv_timeout(Duration::from_secs(10))
            .expect("the watcher reported a change within 10 s")
    }

    /// Waits (up to 10 s) until `check` holds of the library.
    fn wait_until(&self, what: &str, check: impl Fn(&Library) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !check(&self.lib) {
            assert!(Instant::now() < deadline, "timed out waiting until {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn text_at(&self, rel: &str) -> Option<String> {
        self.lib
            .list(&ListFilter::default())
            .unwrap()
            .into_iter()
            .find(|p| p.path == rel)
            .map(|p| self.lib.get(p.id).unwrap().text)
    }
}

#[test]
fn outside_creates_edits_renames_moves_and_deletes_reach_the_database() {
    let w = Watched::new();
    w.write(
        "first.md",
        "---\ntitle: First\ntags: [Remote Work]\n---\nOne\n",
    );
    let created = w.next_change();
    assert_eq!(
        (created.kind, created.path.as_str(), created.slug.as_str()),
        (ChangeKind::Created, "first.md", "first")
    );
    let id = created.id;

    // A plain overwrite: the old text becomes an `external` revision.
    w.write(
        "first.md",
        "---\ntitle: First\ntags: [Remote Work]\n---\nTwo\n",
    );
    let updated = w.next_change();
    assert_eq!((updated.kind, updated.id), (ChangeKind::Updated, id));
    assert!(w.lib.get(id).unwrap().text.ends_with("Two\n"));
    let revisions = w.lib.revisions(id).unwrap();
    assert_eq!(revisions[0].source, RevisionSource::External);
    assert!(revisions[0].text.ends_with("One\n"));

    // An editor's save by rename: a temp file written, then renamed over.
    w.write(".first.md.swp", "swap");
    w.write("first.md~", "backup");
    w.write("4913", "vim's probe");
    w.write(
        ".first.md.tmp",
        "---\ntitle: First\ntags: [Remote Work]\n---\nThree\n",
    );
    std::fs::rename(w.folder.join(".first.md.tmp"), w.folder.join("first.md")).unwrap();
    let saved = w.next_change();
    assert_eq!((saved.kind, saved.id), (ChangeKind::Updated, id));
    assert!(w.lib.get(id).unwrap().text.ends_with("Three\n"));

    // A rename keeps the post: its id, history and tags.
    std::fs::rename(w.folder.join("first.md"), w.folder.join("renamed.md")).unwrap();
    let renamed = w.next_change();
    assert_eq!(
        (
            renamed.kind,
            renamed.id,
            renamed.from.as_deref(),
            renamed.path.as_str()
        ),
        (ChangeKind::Renamed, id, Some("first.md"), "renamed.md")
    );
    // A move into another folder too.
    std::fs::create_dir_all(w.folder.join("posts/2024")).unwrap();
    std::fs::rename(
        w.folder.join("renamed.md"),
        w.folder.join("posts/2024/renamed.md"),
    )
    .unwrap();
    let moved = w.next_change();
    assert_eq!(
        (moved.kind, moved.id, moved.path.as_str()),
        (ChangeKind::Renamed, id, "posts/2024/renamed.md")
    );
    let post = w.lib.get(id).unwrap();
    assert_eq!(post.tags, vec!["Remote Work".to_string()]);
    assert_eq!(w.lib.revisions(id).unwrap().len(), revisions.len() + 1);

    // A deleted file's post goes to the trash, restorable, text and all.
    std::fs::remove_file(w.folder.join("posts/2024/renamed.md")).unwrap();
    let deleted = w.next_change();
    assert_eq!((deleted.kind, deleted.id), (ChangeKind::Deleted, id));
    assert!(w.lib.list(&ListFilter::default()).unwrap().is_empty());
    assert_eq!(w.lib.list_trash().unwrap()[0].id, id);
    let restored = w.lib.restore(id).unwrap();
    assert!(restored.text.ends_with("Three\n"));
    assert!(w.folder.join(&restored.path).exists());

    // Swap, backup and probe files never became posts.
    w.wait_until("the restore is seen", |lib| {
        lib.list(&ListFilter::default()).unwrap().len() == 1
    });
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(w.lib.list(&ListFilter::default()).unwrap().len(), 1);
    w.lib.check_integrity().unwrap();
}

#[test]
fn quires_own_saves_cause_no_change_and_a_folder_moved_takes_its_posts() {
    let w = Watched::new();
    let post = w.lib.create(Some("Mine")).unwrap();
    // Creating wrote a file: recognised as Quire's own, so no change.
    for i in 0..5 {
        w.lib
            .save(post.id, &format!("{}\nLine {i}\n", post.text))
            .unwrap();
    }
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        w.changes.try_recv().is_err(),
        "Quire's own writes were taken for outside edits"
    );

    w.write("drafts/a.md", "---\ntitle: A\n---\nA\n");
    w.write("drafts/b.md", "---\ntitle: B\n---\nB\n");
    w.wait_until("both drafts are posts", |lib| {
        lib.list(&ListFilter::default()).unwrap().len() == 3
    });
    while w.changes.try_recv().is_ok() {}
    let ids: Vec<i64> = ["drafts/a.md", "drafts/b.md"]
        .iter()
        .map(|p| {
            w.lib
                .list(&ListFilter::default())
                .unwrap()
                .into_iter()
                .find(|s| s.path == *p)
                .unwrap()
                .id
        })
        .collect();
    std::fs::rename(w.folder.join("drafts"), w.folder.join("published")).unwrap();
    w.wait_until("the folder's posts moved", |lib| {
        let posts = lib.list(&ListFilter::default()).unwrap();
        posts
            .iter()
            .filter(|p| p.path.starts_with("published/"))
            .count()
            == 2
    });
    let posts = w.lib.list(&ListFilter::default()).unwrap();
    for id in ids {
        let p = posts
            .iter()
            .find(|p| p.id == id)
            .expect("same post, same id");
        assert!(p.path.starts_with("published/"), "{}", p.path);
    }
    assert!(w.lib.list_trash().unwrap().is_empty());
    w.lib.check_integrity().unwrap();
}

#[test]
fn an_outside_edit_while_the_writer_has_unsaved_text_loses_neither() {
    let w = Watched::new();
    let post = w.lib.create(Some("Shared")).unwrap();
    let base = post.text.clone();
    // The writer types (not saved yet); another editor changes the file.
    let mine = base.clone() + "\nMy new paragraph.\n";
    let theirs = base.clone() + "\nTheir footnote.\n";
    let rel = post.path.clone();
    w.write(&rel, &theirs);
    let change = w.next_change();
    assert_eq!((change.kind, change.id), (ChangeKind::Updated, post.id));
    assert_eq!(w.lib.get(post.id).unwrap().text, theirs);

    // The two sides changed different lines: they merge.
    let merged = quire::merge3(&base, &mine, &theirs);
    assert_eq!(
        merged, None,
        "both appended at the same place: no clean merge"
    );
    // Keep mine: the file gets the writer's text, theirs stays a revision.
    let kept = w.lib.resolve_conflict(post.id, &mine, &mine).unwrap();
    assert_eq!(kept.text, mine);
    assert_eq!(std::fs::read_to_string(w.folder.join(&rel)).unwrap(), mine);
    let revisions = w.lib.revisions(post.id).unwrap();
    assert!(revisions
        .iter()
        .any(|r| r.source == RevisionSource::Conflict && r.text == theirs));
    assert!(
        revisions.iter().any(|r| r.text == base),
        "the base is kept too"
    );

    // Take theirs: the writer's text is kept as a conflict revision.
    let again = mine.clone() + "\nMore of mine.\n";
    w.write(&rel, &(mine.clone() + "\nTheirs again.\n"));
    w.wait_until("the second outside edit is in", |lib| {
        lib.get(post.id).unwrap().text.ends_with("Theirs again.\n")
    });
    let theirs2 = w.lib.get(post.id).unwrap().text;
    w.lib.resolve_conflict(post.id, &again, &theirs2).unwrap();
    let revisions = w.lib.revisions(post.id).unwrap();
    assert!(revisions
        .iter()
        .any(|r| r.source == RevisionSource::Conflict && r.text == again));
    assert_eq!(
        std::fs::read_to_string(w.folder.join(&rel)).unwrap(),
        theirs2
    );

    // Different lines changed: the merge keeps both edits.
    let base3 = "---\ntitle: M\n---\nfirst line\n\nmiddle\n\nlast line\n";
    let mine3 = base3.replace("first line", "FIRST line");
    let theirs3 = base3.replace("last line", "LAST line");
    assert_eq!(
        quire::merge3(base3, &mine3, &theirs3).as_deref(),
        Some("---\ntitle: M\n---\nFIRST line\n\nmiddle\n\nLAST line\n")
    );
    w.lib.check_integrity().unwrap();
}

#[test]
fn changes_made_while_closed_are_found_at_the_next_open() {
    let w = Watched::new();
    w.write("keep.md", "---\ntitle: Keep\n---\nsame\n");
    w.write("edit.md", "---\ntitle: Edit\n---\nbefore\n");
    w.write("move.md", "---\ntitle: Move\ntags: [x]\n---\nmoving\n");
    w.write("gone.md", "---\ntitle: Gone\n---\nbye\n");
    w.wait_until("four posts", |lib| {
        lib.list(&ListFilter::default()).unwrap().len() == 4
    });
    let moved_id = w
        .lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.path == "move.md")
        .unwrap()
        .id;
    let Watched {
        _tmp,
        folder,
        data,
        lib,
        watcher,
        ..
    } = w;
    watcher.unwrap().stop();
    drop(lib);

    // Quire is closed: another tool edits, adds, moves and deletes.
    write_file(&folder, "edit.md", "---\ntitle: Edit\n---\nafter\n");
    write_file(&folder, "new.md", "---\ntitle: New\n---\nhello\n");
    std::fs::create_dir_all(folder.join("archive")).unwrap();
    std::fs::rename(folder.join("move.md"), folder.join("archive/move.md")).unwrap();
    std::fs::remove_file(folder.join("gone.md")).unwrap();

    let lib = open_library(&folder, &data);
    let report = lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(
        (
            report.added,
            report.updated,
            report.renamed,
            report.trashed,
            report.unchanged
        ),
        (1, 1, 1, 1, 1),
        "{report:#?}"
    );
    let moved = lib.get(moved_id).unwrap();
    assert_eq!(
        (moved.path.as_str(), moved.tags.clone()),
        ("archive/move.md", vec!["x".to_string()])
    );
    let edited = lib.get_by_slug("edit").unwrap();
    assert!(edited.text.ends_with("after\n"));
    assert!(lib.revisions(edited.id).unwrap()[0]
        .text
        .ends_with("before\n"));
    assert_eq!(lib.list_trash().unwrap()[0].title, "Gone");
    lib.check_integrity().unwrap();
}

#[test]
fn a_storm_of_5000_writes_settles_to_the_right_state() {
    let w = Watched::new();
    for i in 0..5000 {
        w.write(
            &format!("storm/{:02}/post-{i}.md", i % 50),
            &format!("---\ntitle: Storm {i}\n---\nBody {i}\n"),
        );
    }
    // Then half of them are rewritten, as a checkout touching them would.
    for i in (0..5000).step_by(2) {
        w.write(
            &format!("storm/{:02}/post-{i}.md", i % 50),
            &format!("---\ntitle: Storm {i}\n---\nBody {i}, changed\n"),
        );
    }
    w.wait_until("5,000 posts, the rewritten ones changed", |lib| {
        let posts = lib.list(&ListFilter::default()).unwrap();
        posts.len() == 5000
            && lib
                .search(&quire::SearchQuery::parse("changed").unwrap(), 10_000)
                .unwrap()
                .len()
                == 2500
    });
    assert!(w
        .text_at("storm/07/post-7.md")
        .unwrap()
        .ends_with("Body 7\n"));
    assert!(w
        .text_at("storm/08/post-8.md")
        .unwrap()
        .ends_with("Body 8, changed\n"));
    w.lib.check_integrity().unwrap();
}

/// The child side of the crash test: saves a post over and over, printing
/// each number once its save has returned. Runs only when the parent test
/// starts this test binary with QUIRE_SAVE_LOOP set.
#[test]
fn save_loop_child() {
    let Ok(spec) = std::env::var("QUIRE_SAVE_LOOP") else {
        return;
    };
    let mut parts = spec.split('\n');
    let folder = PathBuf::from(parts.next().unwrap());
    let data = PathBuf::from(parts.next().unwrap());
    let lib = open_library(&folder, &data);
    let post = lib.get_by_slug("crash").unwrap();
    use std::io::Write;
    let mut out = std::io::stdout();
    for n in 0.. {
        lib.save(post.id, &save_text(n)).unwrap();
        writeln!(out, "acked {n}").unwrap();
        out.flush().unwrap();
    }
}

fn save_text(n: u64) -> String {
    format!(
        "---\ntitle: Crash\n---\nSave number {n}.\n{}\n",
        "text ".repeat((n % 50) as usize * 40)
    )
}

#[test]
fn killed_mid_save_200_times_the_database_is_sound_and_agrees_with_the_file() {
    use std::io::BufRead;
    let tmp = tempfile::tempdir().unwrap();
    let folder = tmp.path().join("blog");
    let data = tmp.path().join("data");
    std::fs::create_dir_all(&folder).unwrap();
    write_file(&folder, "crash.md", save_text(0));
    {
        let lib = open_library(&folder, &data);
        lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    }
    let folder = folder.canonicalize().unwrap();
    // A cheap, deterministic spread of kill points.
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for round in 0..200 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait_for = 1 + seed % 8;
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "save_loop_child",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                "QUIRE_SAVE_LOOP",
                format!("{}\n{}", folder.display(), data.display()),
            )
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut last_acked = None;
        let mut killed = false;
        // Read to the end: the child may have acknowledged more saves before
        // the kill landed; those lines are still in the pipe.
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("acked ") {
                let n: u64 = n.parse().unwrap();
                last_acked = Some(n);
                if n + 1 >= wait_for && !killed {
                    // SIGKILL: no destructor, no flush, mid-way through the next save.
                    child.kill().unwrap();
                    killed = true;
                }
            }
        }
        child.wait().unwrap();
        let last_acked =
            last_acked.unwrap_or_else(|| panic!("round {round}: no save acknowledged"));

        let lib = open_library(&folder, &data);
        lib.check_integrity()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
        let post = lib.get_by_slug("crash").unwrap();
        let on_disk = std::fs::read_to_string(folder.join(&post.path)).unwrap();
        assert_eq!(
            post.text, on_disk,
            "round {round}: file and database disagree"
        );
        // The last acknowledged save, or the one in flight when killed.
        assert!(
            on_disk == save_text(last_acked) || on_disk == save_text(last_acked + 1),
            "round {round}: lost the acknowledged save {last_acked}"
        );
    }
}

#[test]
fn a_symlinked_folder_is_not_followed_and_nothing_is_written_through_one() {
    let w = Watched::new();
    let outside = w._tmp.path().join("outside");
    write_file(
        &outside,
        "o.md",
        "---\ntitle: Outside\n---\nNot the library's.\n",
    );
    std::os::unix::fs::symlink(&outside, w.folder.join("ext")).unwrap();
    // Give the watcher the link; then change what is behind it, and then
    // something inside the library, whose change must be the next one seen.
    std::thread::sleep(Duration::from_millis(300));
    write_file(
        &outside,
        "o.md",
        "---\ntitle: Outside\n---\nChanged behind the link.\n",
    );
    write_file(
        &outside,
        "new.md",
        "---\ntitle: New outside\n---\nAlso not.\n",
    );
    std::thread::sleep(Duration::from_millis(300));
    w.write("inside.md", "---\ntitle: Inside\n---\nThe library's.\n");
    let change = w.next_change();
    assert_eq!(change.path, "inside.md");
    let paths: Vec<String> = w
        .lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|p| p.path)
        .collect();
    assert_eq!(paths, ["inside.md"]);
    // Nor does a scan take it, and the core refuses to write through it.
    w.lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(w.lib.list(&ListFilter::default()).unwrap().len(), 1);
    let before = std::fs::read_to_string(outside.join("o.md")).unwrap();
    let changes = w.lib.sync_paths(&["ext/o.md".to_string()]).unwrap();
    assert!(changes.is_empty(), "{changes:?}");
    assert_eq!(
        std::fs::read_to_string(outside.join("o.md")).unwrap(),
        before
    );
}
