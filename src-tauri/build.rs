// The config lives at the repository root. The commands come from the one
// list in `src/command_list.rs`: the app manifest declares them, and a
// permission set `commands` allowing each is written from the same list, so
// the capability names that set and a command is never written twice.
include!("src/command_list.rs");

macro_rules! names {
    ($($command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}

const COMMANDS: &[&str] = with_commands!(names);

fn main() {
    println!("cargo:rerun-if-changed=src/command_list.rs");
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("app-permissions");
    std::fs::create_dir_all(&out).expect("create the generated permissions folder");
    let allow: Vec<String> = COMMANDS
        .iter()
        .map(|c| format!("\"allow-{}\"", c.replace('_', "-")))
        .collect();
    std::fs::write(
        out.join("commands.toml"),
        format!(
            "[[set]]\nidentifier = \"commands\"\ndescription = \"Every command of Quire's own.\"\npermissions = [{}]\n",
            allow.join(", ")
        ),
    )
    .expect("write the generated permission set");
    // tauri-build wants a pattern that lives as long as the build script.
    let pattern: &'static str = Box::leak(format!("{}/*.toml", out.display()).into_boxed_str());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .config_path("../tauri.conf.json")
            .app_manifest(
                tauri_build::AppManifest::new()
                    .commands(COMMANDS)
                    .permissions_path_pattern(pattern),
            ),
    )
    .expect("failed to run the Tauri build script");
}
