//! The shell's commands over real IPC, through the app's real capability,
//! against a temp library: Tauri's mock runtime stands in for the window
//! only (the way Yaak tests its commands).

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindowBuilder;

use crate::session::{News, Session};

struct Shell {
    _dir: tempfile::TempDir,
    first: std::path::PathBuf,
    second: std::path::PathBuf,
    session: Session,
    news: mpsc::Receiver<Vec<quire::Change>>,
    webview: tauri::WebviewWindow<tauri::test::MockRuntime>,
    _app: tauri::App<tauri::test::MockRuntime>,
}

fn write(folder: &Path, rel: &str, text: &str) {
    let path = folder.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The app as `main` builds it, on a library of one post, started.
fn shell() -> Shell {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("blog");
    let second = dir.path().join("site");
    write(
        &first,
        "hello.md",
        "---\ntitle: Hello\ntags: [Remote Work]\n---\nFirst words.\n",
    );
    write(
        &second,
        "content/posts/other.md",
        "---\ntitle: Other\n---\nElsewhere.\n",
    );
    let session = Session::new(dir.path().join("data"));
    let (tell, news) = mpsc::channel();
    session.listen(move |n| {
        if let News::Changed(changes) = n {
            let _ = tell.send(changes);
        }
    });
    session.start(Some(&first), || {}).unwrap();
    // What the start-up scan found is not what the tests listen for.
    while news.try_recv().is_ok() {}
    let ipc = crate::ipc::builder::<tauri::test::MockRuntime>();
    let app = mock_builder()
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(session.clone())
        .invoke_handler(ipc.invoke_handler())
        .build(tauri::generate_context!("../tauri.conf.json"))
        .unwrap();
    ipc.mount_events(&app);
    let webview = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    Shell {
        _dir: dir,
        first,
        second,
        session,
        news,
        webview,
        _app: app,
    }
}

impl Shell {
    /// Invokes `cmd` as the window does; the reply, or the rejection.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        get_ipc_response(
            &self.webview,
            InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().unwrap(),
                body: tauri::ipc::InvokeBody::Json(args),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|body| body.deserialize::<Value>().unwrap())
    }

    fn titles(&self) -> Vec<String> {
        let listed = self.call("list_posts", json!({ "filter": {} })).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["title"].as_str().unwrap().to_string())
            .collect()
    }

    /// The next batch of outside changes the window hears, if one comes.
    fn next_news(&self) -> Option<Vec<quire::Change>> {
        self.news.recv_timeout(Duration::from_secs(5)).ok()
    }
}

impl Drop for Shell {
    fn drop(&mut self) {
        self.session.stop();
    }
}

#[test]
fn the_window_lists_saves_and_searches_the_library_it_started_with() {
    let shell = shell();
    assert_eq!(shell.titles(), ["Hello"]);
    let listed = shell.call("list_posts", json!({ "filter": {} })).unwrap();
    let id = listed[0]["id"].as_i64().unwrap();

    let text = "---\ntitle: Hello again\ntags: [Remote Work]\n---\nSecond words.\n";
    let saved = shell
        .call("save_post", json!({ "id": id, "text": text }))
        .unwrap();
    assert_eq!(saved["title"], "Hello again");
    assert_eq!(saved["status"], "published");
    assert!(
        saved.get("text").is_none(),
        "a save does not send the text back: {saved}"
    );
    assert_eq!(
        std::fs::read_to_string(shell.first.join("hello.md")).unwrap(),
        text
    );

    let found = shell
        .call("search_posts", json!({ "query": "secon", "limit": 5 }))
        .unwrap();
    assert_eq!(found[0]["title"], "Hello again");

    let refused = shell
        .call("search_posts", json!({ "query": "x".repeat(1_001) }))
        .unwrap_err();
    assert_eq!(refused["kind"], "user", "{refused}");
    assert_eq!(refused["message"], "that search is too long");

    std::fs::write(shell._dir.path().join("blog/a.png"), b"png").unwrap();
    let preview = shell
        .call(
            "render_preview",
            json!({ "text": "# Hi\n\n![a](a.png) ![b](gone.png)", "path": "hello.md" }),
        )
        .unwrap();
    let html = preview["html"].as_str().unwrap();
    assert!(html.contains(crate::library_files::BASE), "{preview}");
    // The library's folder is the one the image is looked for in.
    assert!(html.contains("Missing image: gone.png"), "{preview}");
    assert!(!html.contains("Missing image: a.png"), "{preview}");
    assert_eq!(
        shell
            .call(
                "merge_texts",
                json!({ "base": "a\nb\nc\n", "mine": "A\nb\nc\n", "theirs": "a\nb\nC\n" })
            )
            .unwrap(),
        json!("A\nb\nC\n")
    );
}

#[test]
fn opening_another_folder_moves_the_watcher_with_the_library() {
    let shell = shell();
    let info = shell
        .call(
            "open_library",
            json!({ "folder": shell.second.to_str().unwrap() }),
        )
        .unwrap();
    assert_eq!(info["postCount"], 1);
    assert_eq!(
        info["folder"],
        shell.second.canonicalize().unwrap().to_str().unwrap()
    );
    assert_eq!(shell.titles(), ["Other"]);
    assert_eq!(
        shell.call("library_info", json!({})).unwrap()["folder"],
        info["folder"]
    );

    // An edit in the folder left behind is no longer the window's news; one
    // in the folder now open is.
    write(
        &shell.first,
        "hello.md",
        "---\ntitle: Changed behind\n---\n",
    );
    write(
        &shell.second,
        "content/posts/new.md",
        "---\ntitle: New here\n---\n",
    );
    let changes = shell.next_news().expect("the new folder is watched");
    assert!(
        changes.iter().all(|c| c.path.starts_with("content/posts/")),
        "{changes:?}"
    );
    assert!(shell.titles().contains(&"New here".to_string()));
    assert!(!shell.titles().contains(&"Changed behind".to_string()));

    let missing = shell
        .call("open_library", json!({ "folder": "/no/such/folder" }))
        .unwrap_err();
    assert_eq!(missing["message"], "that folder does not exist");
    let relative = shell
        .call(
            "import_folder",
            json!({ "src": "old-site", "dryRun": true, "onProgress": "__CHANNEL__:1" }),
        )
        .unwrap_err();
    assert_eq!(relative["kind"], "user", "{relative}");
}

#[test]
fn the_capability_allows_quire_commands_and_nothing_the_window_does_not_use() {
    let shell = shell();
    let refused = shell
        .call("plugin:opener|open_path", json!({ "path": "/etc/passwd" }))
        .unwrap_err();
    assert!(refused.to_string().contains("not allowed"), "{refused}");
    assert!(shell.call("list_tags", json!({})).is_ok());
}

#[test]
fn text_kept_pending_before_a_crash_is_told_at_the_next_start() {
    let shell = shell();
    let listed = shell.call("list_posts", json!({ "filter": {} })).unwrap();
    let id = listed[0]["id"].as_i64().unwrap();
    let typed = "---\ntitle: Hello\n---\nTyped while a conflict waited.\n";
    shell
        .call("keep_pending_text", json!({ "id": id, "text": typed }))
        .unwrap();
    // Another start on the same data dir, as after a crash.
    let data = shell.first.parent().unwrap().join("data");
    let next = Session::new(data);
    next.start(Some(&shell.first), || {}).unwrap();
    assert_eq!(next.info().unwrap().kept_unsaved, ["Hello"]);
    let revisions = next.library().unwrap().revisions(id).unwrap();
    assert_eq!(revisions[0].text, typed);
    next.stop();
}
