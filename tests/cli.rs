//! The `quire` binary, run as a script would run it, against ../shared/CLI.md.

use std::process::Command;

fn quire(
    args: &[&str],
    library: Option<&std::path::Path>,
    data: &std::path::Path,
) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_quire"));
    cmd.env_remove("QUIRE_LIBRARY").env("QUIRE_DATA_DIR", data);
    if let Some(library) = library {
        cmd.arg("--library").arg(library);
    }
    cmd.args(args).output().unwrap()
}

fn setup() -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("blog");
    let data = dir.path().join("data");
    std::fs::create_dir_all(lib.join("posts")).unwrap();
    std::fs::write(lib.join("posts/remote.md"), "---\ntitle: Working remotely\ndate: 2024-03-02\ntags: [Remote Work, Habits]\n---\nDeep focus needs quiet mornings.\n").unwrap();
    std::fs::write(
        lib.join("draft.md"),
        "---\ntitle: Unfinished\ndraft: true\n---\nMornings again.\n",
    )
    .unwrap();
    (dir, lib, data)
}

#[test]
fn list_prints_the_contract_json() {
    let (_dir, lib, data) = setup();
    let out = quire(&["list", "--json"], Some(&lib), &data);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"posts": [
            {"path": "posts/remote.md", "slug": "remote", "title": "Working remotely", "tags": ["Remote Work", "Habits"], "status": "published", "date": "2024-03-02", "kind": "post"},
            {"path": "draft.md", "slug": "draft", "title": "Unfinished", "tags": [], "status": "draft", "date": null, "kind": "post"}
        ]})
    );
    let out = quire(
        &["list", "--tag", "remote work", "--status", "published"],
        Some(&lib),
        &data,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    assert!(
        text.contains("Working remotely") && text.contains("[Remote Work, Habits]"),
        "{text}"
    );
}

#[test]
fn search_ranks_with_snippets_and_reports_bad_input() {
    let (_dir, lib, data) = setup();
    let out = quire(&["search", "mornings", "--json"], Some(&lib), &data);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let posts = json["posts"].as_array().unwrap();
    assert_eq!(posts.len(), 2);
    assert!(
        posts[0]["snippet"].as_str().unwrap().contains("<mark>"),
        "{json}"
    );

    let out = quire(
        &["search", "nothing-matches-this", "--json"],
        Some(&lib),
        &data,
    );
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!({"posts": []})
    );

    let out = quire(&["search", "* —", "--json"], Some(&lib), &data);
    assert!(
        out.status.success(),
        "punctuation is input that matches nothing"
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!({"posts": []})
    );

    let out = quire(&["search", "  "], Some(&lib), &data);
    assert_eq!(out.status.code(), Some(2), "no input is a syntax error");
    assert!(!out.stderr.is_empty());
}

#[test]
fn usage_errors_exit_2_and_failures_exit_1() {
    let (_dir, lib, data) = setup();
    assert_eq!(
        quire(&["list"], None, &data).status.code(),
        Some(2),
        "no library"
    );
    assert_eq!(
        quire(&["list", "--status", "lost"], Some(&lib), &data)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        quire(&["frobnicate"], Some(&lib), &data).status.code(),
        Some(2)
    );
    let file = lib.join("draft.md");
    let out = quire(&["list"], Some(&file), &data);
    assert_eq!(out.status.code(), Some(1), "a file is not a library folder");
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("quire: "));
}

#[test]
fn a_missing_library_folder_is_created_empty() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("new/blog");
    let out = quire(&["list", "--json"], Some(&lib), &dir.path().join("data"));
    assert!(out.status.success());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!({"posts": []})
    );
    assert!(lib.is_dir());
}

#[test]
fn import_prints_the_contract_report() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("site");
    std::fs::create_dir_all(src.join("_posts")).unwrap();
    std::fs::write(
        src.join("_posts/2020-02-03-hello.md"),
        "---\ntitle: Hello\ntags: [A]\n---\nHi ![x](gone.png)\n",
    )
    .unwrap();
    std::fs::write(src.join("bad.md"), [0xffu8, 0xfe]).unwrap();
    let lib = dir.path().join("lib");
    let data = dir.path().join("data");
    let out = quire(
        &["import", src.to_str().unwrap(), "--json"],
        Some(&lib),
        &data,
    );
    assert!(
        out.status.success(),
        "skipped files are not an error: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (
            json["imported"].as_u64(),
            json["updated"].as_u64(),
            json["unchanged"].as_u64()
        ),
        (Some(1), Some(0), Some(0))
    );
    assert_eq!(json["skipped"][0]["path"], "bad.md");
    assert!(json["skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("UTF-8"));
    assert_eq!(json["warnings"][0]["path"], "_posts/2020-02-03-hello.md");
    assert!(json["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("gone.png"));
    assert_eq!(
        json["posts"][0],
        serde_json::json!({"path": "hello.md", "slug": "hello", "title": "Hello", "tags": ["A"], "status": "published", "date": "2020-02-03", "kind": "post", "source": "_posts/2020-02-03-hello.md"})
    );
    let dry = quire(
        &["import", src.to_str().unwrap(), "--dry-run"],
        Some(&lib),
        &data,
    );
    assert!(String::from_utf8_lossy(&dry.stdout)
        .starts_with("would import 0, updated 0, unchanged 1, skipped 1"));
    let missing = quire(&["import", "/no/such/folder"], Some(&lib), &data);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn export_markdown_prints_the_contract_json_and_refuses_a_foreign_folder() {
    let (dir, lib, data) = setup();
    let out_dir = dir.path().join("site");
    let out = quire(
        &[
            "export",
            "markdown",
            out_dir.to_str().unwrap(),
            "--flavor",
            "zola",
            "--json",
        ],
        Some(&lib),
        &data,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["bytes", "files", "seconds"]);
    // The published post and Zola's section page; the draft is left out.
    assert_eq!(json["files"], 2);
    let post = std::fs::read_to_string(out_dir.join("content/blog/remote.md")).unwrap();
    assert!(
        post.starts_with("+++\n") && post.contains("[taxonomies]"),
        "{post}"
    );
    assert_eq!(
        json["bytes"].as_u64().unwrap(),
        post.len() as u64
            + std::fs::metadata(out_dir.join("content/blog/_index.md"))
                .unwrap()
                .len()
    );

    // A folder with someone else's files: refused, exit 1, nothing touched.
    let foreign = dir.path().join("foreign");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "mine").unwrap();
    let out = quire(
        &[
            "export",
            "markdown",
            foreign.to_str().unwrap(),
            "--flavor",
            "hugo",
        ],
        Some(&lib),
        &data,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not empty"));
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);

    let out = quire(
        &[
            "export",
            "markdown",
            foreign.to_str().unwrap(),
            "--flavor",
            "nope",
        ],
        Some(&lib),
        &data,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn watch_prints_ready_then_each_change_and_stops_cleanly_on_sigint() {
    use std::io::BufRead;
    let (dir, lib, data) = setup();
    // Changed while nothing watched: reported first, after `ready`.
    std::fs::write(
        lib.join("while-closed.md"),
        "---\ntitle: Meanwhile\n---\nHi\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .env_remove("QUIRE_LIBRARY")
        .env("QUIRE_DATA_DIR", &data)
        .arg("--library")
        .arg(&lib)
        .args(["watch", "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A watch that misses an event must fail the test, not hang it.
    let pid = child.id() as i32;
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(30));
        // SAFETY: sends a signal to the child this test started (if still there).
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    });
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let mut next = || -> serde_json::Value {
        let line = lines
            .next()
            .expect("quire watch printed a line within 30 s");
        serde_json::from_str(&line.unwrap()).unwrap()
    };
    assert_eq!(next(), serde_json::json!({"event": "ready"}));
    let startup: Vec<serde_json::Value> = (0..3).map(|_| next()).collect();
    assert!(
        startup.contains(&serde_json::json!({"event": "created", "path": "while-closed.md", "slug": "while-closed"})),
        "{startup:?}"
    );
    std::fs::write(lib.join("new.md"), "---\ntitle: New\n---\nFresh\n").unwrap();
    assert_eq!(
        next(),
        serde_json::json!({"event": "created", "path": "new.md", "slug": "new"})
    );
    std::fs::rename(lib.join("new.md"), lib.join("posts/new.md")).unwrap();
    assert_eq!(
        next(),
        serde_json::json!({"event": "renamed", "path": "posts/new.md", "slug": "new", "from": "new.md"})
    );
    // SIGINT: the watch ends with exit 0.
    // SAFETY: kill only sends a signal to the child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    assert_eq!(child.wait().unwrap().code(), Some(0));

    let out = quire(&["history", "new", "--json"], Some(&lib), &data);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["slug"], "new");
    assert_eq!(json["revisions"], serde_json::json!([]));
    std::fs::write(lib.join("posts/new.md"), "---\ntitle: New\n---\nEdited\n").unwrap();
    let out = quire(&["history", "new", "--json"], Some(&lib), &data);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let revisions = json["revisions"].as_array().unwrap();
    assert_eq!(revisions.len(), 1);
    assert_eq!(revisions[0]["source"], "external");
    assert_eq!(revisions[0]["text"], "---\ntitle: New\n---\nFresh\n");
    let keys: Vec<&str> = revisions[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["at", "id", "source", "text"]);
    drop(dir);
}

#[test]
fn text_output_shows_control_characters_instead_of_sending_them_to_the_terminal() {
    let (_dir, lib, data) = setup();
    // A title that would retitle the terminal window and clear the screen.
    std::fs::write(
        lib.join("posts/hostile.md"),
        "---\ntitle: \"\\e]0;PWNED\\a\\e[2J Plain\"\ntags: [\"\\e[31mred\"]\n---\nPWNED body with mornings.\n",
    )
    .unwrap();
    for args in [&["list"][..], &["search", "mornings"][..]] {
        let out = quire(args, Some(&lib), &data);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{args:?}: {text:?}"
        );
        assert!(
            text.contains("\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J Plain"),
            "{args:?}: {text}"
        );
        assert!(text.contains("\\u{1b}[31mred"), "{args:?}: {text}");
    }
    // JSON keeps the text as it is, escaped by JSON itself.
    let out = quire(&["list", "--json"], Some(&lib), &data);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["posts"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["title"] == "\u{1b}]0;PWNED\u{7}\u{1b}[2J Plain"));
}

#[test]
fn sigint_stops_an_html_export_with_exit_130_and_the_next_export_finishes() {
    let (dir, lib, data) = setup();
    // A library large enough that its post pages take a while to write.
    let paragraph = "Deep focus needs quiet mornings and a plain text file. ".repeat(40);
    for i in 0..3000 {
        std::fs::write(
            lib.join(format!("posts/post-{i}.md")),
            format!(
                "---\ntitle: Post {i}\ntags: [t{}, Remote Work]\n---\n{paragraph}\n\n{paragraph}\n",
                i % 50
            ),
        )
        .unwrap();
    }
    assert!(quire(&["list"], Some(&lib), &data).status.success());
    let out = dir.path().join("site");
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .env_remove("QUIRE_LIBRARY")
        .env("QUIRE_DATA_DIR", &data)
        .arg("--library")
        .arg(&lib)
        .args(["export", "html"])
        .arg(&out)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Ctrl-C once the first post pages are on disk.
    while std::fs::read_dir(out.join("posts")).map_or(true, |mut d| d.next().is_none()) {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the export ended early"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    // SAFETY: kill only sends a signal to the child this test started.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGINT);
    }
    let ended = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&ended.stderr);
    assert_eq!(ended.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("cancelled"), "{stderr}");
    assert!(
        !out.join("index.html").exists(),
        "the index was written after Ctrl-C"
    );
    let again = quire(
        &["export", "html", out.to_str().unwrap()],
        Some(&lib),
        &data,
    );
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert!(out.join("index.html").exists());
    assert_eq!(std::fs::read_dir(out.join("posts")).unwrap().count(), 3001);
}

#[test]
fn list_kind_says_posts_pages_or_all() {
    let (_dir, lib, data) = setup();
    std::fs::create_dir_all(lib.join("pages")).unwrap();
    std::fs::write(
        lib.join("pages/about.md"),
        "---\ntitle: About me\n---\nHi.\n",
    )
    .unwrap();
    let paths = |kind: Option<&str>| -> Vec<(String, String)> {
        let mut args = vec!["list", "--json"];
        if let Some(kind) = kind {
            args.extend(["--kind", kind]);
        }
        let out = quire(&args, Some(&lib), &data);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["path"].as_str().unwrap().to_string(),
                    p["kind"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |p: &str, k: &str| (p.to_string(), k.to_string());
    assert_eq!(
        paths(None),
        [pair("posts/remote.md", "post"), pair("draft.md", "post")],
        "posts only by default"
    );
    assert_eq!(paths(Some("page")), [pair("pages/about.md", "page")]);
    assert_eq!(paths(Some("all")).len(), 3);
    let out = quire(&["list", "--kind", "pages"], Some(&lib), &data);
    assert_eq!(out.status.code(), Some(2), "an unknown kind is bad usage");
}
