//! The shell's security settings, read from the files Tauri builds from:
//! a strict CSP, and a main window allowed only Quire's own commands.

fn json(path: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn csp_allows_no_inline_script_eval_or_remote_origin() {
    let config = json("tauri.conf.json");
    let security = &config["app"]["security"];
    let csp = security["csp"].as_str().expect("a CSP string");
    let directive = |name: &str| {
        csp.split(';')
            .map(str::trim)
            .find(|d| d.split_whitespace().next() == Some(name))
            .unwrap_or_else(|| panic!("no {name} in {csp}"))
            .to_string()
    };
    let script = directive("script-src");
    for banned in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "data:",
        "blob:",
        "http:",
        "https:",
        "*",
    ] {
        assert!(
            !script.split_whitespace().any(|s| s == banned),
            "script-src has {banned}: {script}"
        );
    }
    assert_eq!(directive("default-src"), "default-src 'self'");
    assert_eq!(directive("object-src"), "object-src 'none'");
    // Images come from the app and the library's own scheme, never the web.
    assert_eq!(
        directive("img-src"),
        "img-src 'self' quire-file: http://quire-file.localhost"
    );
    assert_eq!(directive("frame-src"), "frame-src 'none'");
    for origin in csp.split_whitespace().filter(|s| s.starts_with("http://")) {
        assert!(
            ["http://ipc.localhost", "http://quire-file.localhost"]
                .contains(&origin.trim_end_matches(';')),
            "no remote origins: {csp}"
        );
    }
    assert!(!csp.contains("https://"), "no remote origins: {csp}");
    // Tauri adds nonces and hashes for its own scripts only while this stays off.
    assert_ne!(
        security["dangerousDisableAssetCspModification"],
        serde_json::json!(true)
    );
}

#[test]
fn the_main_window_may_call_only_quires_commands() {
    let capability = json("src-tauri/capabilities/main.json");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    let build_rs = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/build.rs"),
    )
    .unwrap();
    // Quire's own commands come as one set, written by build.rs from the
    // command list; everything else is named here, plainly, without scopes.
    assert!(
        build_rs.contains("identifier = \\\"commands\\\""),
        "build.rs writes the set"
    );
    let permissions: Vec<&str> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission identifiers, no scopes"))
        .collect();
    assert_eq!(
        permissions,
        [
            "commands",
            "core:event:allow-listen",
            "core:event:allow-unlisten",
            "core:window:allow-destroy",
            "core:window:allow-close",
            "dialog:allow-open",
            "dialog:allow-save"
        ],
        "anything more widens what the window may do"
    );
}
