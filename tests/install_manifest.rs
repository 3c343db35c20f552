//! The install manifest (scripts/deps.txt) against what the runners call and
//! what a new machine has (scripts/base-packages.txt).
//!
//! A green CI on a machine that already has a tool hides a missing install
//! step (it hid `xdg-open` once). So every command that the Makefile, the
//! scripts, the tests and the benches run must either be in the manifest,
//! which `make` installs from, or come from a Debian package that a new
//! machine already has. The runners' shell is read with shfmt's parser, not
//! with patterns; Rust and JavaScript runners are read for the program names
//! they start.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One line of scripts/deps.txt.
#[derive(Debug)]
struct Entry {
    tool: String,
    source: String,
    package: String,
    stages: Vec<String>,
    why: String,
}

const SOURCES: [&str; 4] = ["apt", "cargo", "pip", "machine"];
const STAGES: [&str; 7] = [
    "build",
    "test",
    "bench",
    "profile",
    "fuzz",
    "package",
    "screenshot",
];

fn parse_manifest(text: &str) -> Vec<Entry> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let mut words = line.split_whitespace();
            let mut next = || words.next().unwrap_or_default().to_string();
            let (tool, source, package, stages) = (next(), next(), next(), next());
            Entry {
                tool,
                source,
                package,
                stages: stages.split(',').map(str::to_string).collect(),
                why: words.collect::<Vec<_>>().join(" "),
            }
        })
        .collect()
}

fn manifest() -> Vec<Entry> {
    parse_manifest(&std::fs::read_to_string(repo().join("scripts/deps.txt")).unwrap())
}

/// The Debian packages of a list in the form of the workplace's
/// installed-*.txt: "apt<TAB>name[:arch]<TAB>version" lines among others.
fn parse_base_packages(text: &str) -> HashSet<String> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split('\t');
            (fields.next() == Some("apt")).then(|| fields.next())?
        })
        .map(|name| name.split(':').next().unwrap().to_string())
        .collect()
}

fn base_packages() -> HashSet<String> {
    parse_base_packages(&std::fs::read_to_string(repo().join("scripts/base-packages.txt")).unwrap())
}

/// A program a runner starts, and where.
#[derive(Debug, Clone)]
struct Call {
    name: String,
    place: String,
}

/// Shell builtins and keywords: never a package's.
const BUILTINS: &[&str] = &[
    "[", "[[", ":", ".", "source", "alias", "break", "cd", "command", "continue", "declare",
    "echo", "eval", "exec", "exit", "export", "false", "getopts", "hash", "kill", "let", "local",
    "mapfile", "popd", "printf", "pushd", "pwd", "read", "readonly", "return", "set", "shift",
    "shopt", "test", "trap", "true", "type", "ulimit", "umask", "unset", "wait",
];

/// The literal text of a shell word from shfmt's tree, or None when part of
/// it is expanded at run time (`$var`, `$(...)`).
fn literal(word: &Value) -> Option<String> {
    fn part_text(part: &Value) -> Option<String> {
        match part["Type"].as_str()? {
            "Lit" | "SglQuoted" => Some(part["Value"].as_str()?.to_string()),
            // The runners' way to install as root or through sudo.
            "ParamExp" if matches!(part["Param"]["Value"].as_str(), Some("SUDO" | "sudo")) => {
                Some("sudo".to_string())
            }
            "DblQuoted" => part["Parts"]
                .as_array()
                .map_or(Some(String::new()), |parts| {
                    parts.iter().map(part_text).collect()
                }),
            _ => None,
        }
    }
    word["Parts"].as_array()?.iter().map(part_text).collect()
}

/// The programs one simple command starts, given its words: the first word,
/// or what a wrapper (`sudo`, `env`, `exec`, `command -v`, `need`, ...) runs.
fn programs_of(words: &[Option<String>]) -> Vec<String> {
    let mut out = Vec::new();
    let mut i = 0;
    let skip_flags = |i: &mut usize| {
        while matches!(words.get(*i), Some(Some(w)) if w.starts_with('-')) {
            *i += 1;
        }
    };
    while let Some(Some(word)) = words.get(i) {
        let word = word.as_str();
        i += 1;
        match word.rsplit('/').next().unwrap() {
            "sudo" | "exec" | "nohup" | "setsid" | "time" => skip_flags(&mut i),
            "env" => {
                while matches!(words.get(i), Some(Some(w)) if w.starts_with('-') || w.contains('='))
                {
                    i += 1;
                }
            }
            "timeout" => {
                skip_flags(&mut i);
                i += 1;
            }
            // `command -v X` asks for X; `command X` runs it.
            "command" => {
                if matches!(words.get(i), Some(Some(w)) if w == "-v" || w == "-V") {
                    out.extend(words[i + 1..].iter().flatten().cloned());
                    return out;
                }
                skip_flags(&mut i);
            }
            // scripts/need.sh: every word names a tool.
            "need" => {
                out.extend(words[i..].iter().flatten().cloned());
                return out;
            }
            // scripts/stage.sh run NAME CMD...
            "stage.sh" => i += 2,
            // perf record ... -- CMD
            "perf" => {
                out.push(word.to_string());
                match words
                    .iter()
                    .skip(i)
                    .position(|w| w.as_deref() == Some("--"))
                {
                    Some(at) => i += at + 1,
                    None => return out,
                }
            }
            // `cargo fuzz` runs cargo-fuzz; cargo's own commands (and the
            // toolchain's fmt and clippy) come with cargo.
            "cargo" => {
                out.push(word.to_string());
                skip_flags(&mut i);
                if let Some(Some(sub)) = words.get(i) {
                    if !CARGO_COMMANDS.contains(&sub.as_str()) {
                        out.push(format!("cargo-{sub}"));
                    }
                }
                return out;
            }
            _ => {
                out.push(word.to_string());
                return out;
            }
        }
    }
    out
}

/// Cargo's own subcommands and the ones rustup's toolchain brings.
const CARGO_COMMANDS: &[&str] = &[
    "add",
    "bench",
    "build",
    "check",
    "clean",
    "clippy",
    "doc",
    "fetch",
    "fix",
    "fmt",
    "generate-lockfile",
    "init",
    "install",
    "locate-project",
    "metadata",
    "new",
    "package",
    "pkgid",
    "publish",
    "remove",
    "run",
    "rustc",
    "rustdoc",
    "search",
    "test",
    "tree",
    "uninstall",
    "update",
    "vendor",
    "verify-project",
    "version",
];

/// Walks shfmt's tree: every simple command's programs with their lines, and
/// the names of the functions the script declares.
fn walk(node: &Value, calls: &mut Vec<(usize, String)>, functions: &mut HashSet<String>) {
    match node {
        Value::Object(map) => {
            match map.get("Type").and_then(Value::as_str) {
                Some("CallExpr") => {
                    if let Some(args) = map.get("Args").and_then(Value::as_array) {
                        let words: Vec<Option<String>> = args.iter().map(literal).collect();
                        let line = map["Pos"]["Line"].as_u64().unwrap_or(0) as usize;
                        for program in programs_of(&words) {
                            calls.push((line, program));
                        }
                    }
                }
                Some("FuncDecl") => {
                    if let Some(name) = map["Name"]["Value"].as_str() {
                        functions.insert(name.to_string());
                    }
                }
                _ => {}
            }
            map.values().for_each(|v| walk(v, calls, functions));
        }
        Value::Array(items) => items.iter().for_each(|v| walk(v, calls, functions)),
        _ => {}
    }
}

/// Parses bash with shfmt: the programs it starts (line, name) and the
/// functions it declares.
fn shell_calls(script: &str) -> (Vec<(usize, String)>, HashSet<String>) {
    let mut child = Command::new("shfmt")
        .args(["--language-dialect", "bash", "--to-json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("shfmt runs (scripts/deps.txt; make test installs it)");
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), script.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "shfmt could not parse:\n{script}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree: Value = serde_json::from_slice(&output.stdout).unwrap();
    let (mut calls, mut functions) = (Vec::new(), HashSet::new());
    walk(&tree, &mut calls, &mut functions);
    (calls, functions)
}

/// Make's `$(NAME)`, `${NAME}`, `$$` and automatic variables expanded the way
/// make hands a recipe line to the shell. Functions such as `$(if ...)` become
/// a placeholder word; variables make does not define stay shell variables.
fn expand_make(text: &str, vars: &BTreeMap<String, String>, depth: usize) -> String {
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '$' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, '$')) => out.push('$'),
            Some((open, '(' | '{')) => {
                let mut nesting = 1;
                let mut end = open + 1;
                for (i, c) in text[open + 1..].char_indices() {
                    match c {
                        '(' | '{' => nesting += 1,
                        ')' | '}' => nesting -= 1,
                        _ => {}
                    }
                    if nesting == 0 {
                        end = open + 1 + i;
                        break;
                    }
                }
                let inner = &text[open + 1..end];
                while matches!(chars.peek(), Some((i, _)) if *i <= end) {
                    chars.next();
                }
                let is_name = inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                out.push_str(&match (is_name, inner) {
                    (true, "SUDO") => "sudo".to_string(),
                    (true, "MAKE") => "make".to_string(),
                    (true, _) => match vars.get(inner) {
                        Some(value) if depth < 10 => expand_make(value, vars, depth + 1),
                        _ => format!("${{{inner}}}"),
                    },
                    (false, _) => "MAKE_FUNCTION".to_string(),
                });
            }
            Some(_) => out.push_str("target"),
            None => out.push_str(&text[at..]),
        }
    }
    out
}

/// A Makefile's recipes as shell, each with its first line's number, and the
/// shell in its variables' `$(shell ...)`.
fn makefile_shell(text: &str) -> Vec<(usize, String)> {
    let mut vars = BTreeMap::new();
    let mut pieces = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('\t') || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        let name = name.trim_end_matches([':', '?', '+', ' ']).trim();
        if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            vars.insert(name.to_string(), value.trim().to_string());
            if let Some(shell) = value.trim().strip_prefix("$(shell ") {
                let shell = shell.strip_suffix(')').unwrap_or(shell).replace("$$", "$");
                pieces.push((i + 1, shell));
            }
        }
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].starts_with('\t') {
            i += 1;
            continue;
        }
        let first = i;
        let mut recipe = lines[i][1..].to_string();
        while recipe.ends_with('\\') && i + 1 < lines.len() {
            i += 1;
            recipe.push('\n');
            recipe.push_str(lines[i].strip_prefix('\t').unwrap_or(lines[i]));
        }
        let shell = expand_make(&recipe, &vars, 0);
        let shell = shell
            .trim_start()
            .trim_start_matches(['@', '-', '+'])
            .to_string();
        pieces.push((first + 1, shell));
        i += 1;
    }
    pieces
}

/// The program names in `text` after each of `openers`, up to the closing
/// quote: `Command::new("hugo")`, `spawn('node'`.
fn quoted_after(text: &str, openers: &[&str]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for opener in openers {
            for (at, _) in line.match_indices(opener) {
                let rest = &line[at + opener.len()..];
                let Some(quote) = rest
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '"' | '\'' | '`'))
                else {
                    continue;
                };
                let Some(end) = rest[1..].find(quote) else {
                    continue;
                };
                if let Some(program) = rest[1..1 + end].split_whitespace().next() {
                    out.push((i + 1, program.to_string()));
                }
            }
        }
    }
    out
}

/// Files in `dir` (not below) whose names end with one of `suffixes`.
fn files_in(dir: &Path, suffixes: &[&str]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| suffixes.iter().any(|s| p.to_string_lossy().ends_with(s)))
        .collect();
    files.sort();
    files
}

/// Every program the runners start: the Makefile, .ci/run, scripts/, tests/
/// and benches/; and the functions their shell declares.
fn runner_calls(root: &Path) -> (Vec<Call>, HashSet<String>) {
    let mut calls = Vec::new();
    let mut functions = HashSet::new();
    let mut add = |file: &Path, found: Vec<(usize, String)>| {
        let rel = file
            .strip_prefix(root)
            .unwrap_or(file)
            .display()
            .to_string();
        for (line, name) in found {
            calls.push(Call {
                name,
                place: format!("{rel}:{line}"),
            });
        }
    };

    let makefile = root.join("Makefile");
    for (first, shell) in makefile_shell(&std::fs::read_to_string(&makefile).unwrap()) {
        let (found, declared) = shell_calls(&shell);
        functions.extend(declared);
        add(
            &makefile,
            found
                .into_iter()
                .map(|(line, n)| (first + line - 1, n))
                .collect(),
        );
    }

    let mut shell_files = vec![root.join(".ci/run")];
    for dir in ["scripts", "tests/e2e", "benches"] {
        shell_files.extend(files_in(&root.join(dir), &[".sh"]));
    }
    for file in shell_files {
        let (found, declared) = shell_calls(&std::fs::read_to_string(&file).unwrap());
        functions.extend(declared);
        add(&file, found);
    }

    for dir in ["tests", "tests/common", "benches"] {
        for file in files_in(&root.join(dir), &[".rs"]) {
            let text = std::fs::read_to_string(&file).unwrap();
            add(&file, quoted_after(&text, &["Command::new("]));
        }
    }
    let js_openers = [
        "spawn(",
        "spawnSync(",
        "execFile(",
        "execFileSync(",
        "exec(",
        "execSync(",
    ];
    for dir in ["tests/e2e", "benches"] {
        for file in files_in(&root.join(dir), &[".mjs", ".js"]) {
            let text = std::fs::read_to_string(&file).unwrap();
            // Only Node's child_process starts programs; the suites' own
            // `exec(script)` runs JavaScript in the page.
            if text.contains("child_process") {
                add(&file, quoted_after(&text, &js_openers));
            }
        }
    }
    (calls, functions)
}

/// The Debian package that installed command `name` on this machine, if one did.
fn debian_package_of(name: &str) -> Option<String> {
    let owner = |path: &Path| -> Option<String> {
        let output = Command::new("dpkg-query")
            .arg("-S")
            .arg(path)
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&output.stdout);
        let line = text.lines().find(|l| !l.starts_with("diversion"))?;
        let package = line.split(':').next()?.split(',').next()?.trim();
        (output.status.success() && !package.is_empty()).then(|| package.to_string())
    };
    ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
        .iter()
        .find_map(|dir| {
            let path = Path::new(dir).join(name);
            if !path.exists() {
                return None;
            }
            // Alternatives (awk, java) are links dpkg does not list: ask for the target.
            owner(&path).or_else(|| owner(&path.canonicalize().ok()?))
        })
}

/// What is wrong with the runners' calls: each program that is neither a
/// builtin, a function of theirs, in the manifest, nor from a package of a
/// new machine.
fn problems(
    calls: &[Call],
    functions: &HashSet<String>,
    manifest: &[Entry],
    base: &HashSet<String>,
    package_of: impl Fn(&str) -> Option<String>,
) -> Vec<String> {
    let listed: HashSet<&str> = manifest.iter().map(|e| e.tool.as_str()).collect();
    let mut seen = HashSet::new();
    let mut problems = Vec::new();
    for call in calls {
        let name = call.name.as_str();
        // A path: the clone's own programs are not installed; a system one is
        // its command.
        let name = match name.rsplit_once('/') {
            Some((dir, base_name)) if ["/usr/bin", "/bin", "/usr/sbin", "/sbin"].contains(&dir) => {
                base_name
            }
            Some(_) => continue,
            None => name,
        };
        if name.is_empty()
            || BUILTINS.contains(&name)
            || functions.contains(name)
            || listed.contains(name)
            || !seen.insert(name.to_string())
        {
            continue;
        }
        match package_of(name) {
            Some(package) if base.contains(&package) => {}
            Some(package) => problems.push(format!(
                "{name} ({}) comes from Debian package {package}, which a new machine does not \
                 have: add it to scripts/deps.txt",
                call.place
            )),
            None => problems.push(format!(
                "{name} ({}) is neither in scripts/deps.txt nor a command of a Debian package \
                 on this machine: add it to scripts/deps.txt",
                call.place
            )),
        }
    }
    problems
}

#[test]
fn every_program_a_runner_starts_is_in_the_manifest_or_on_a_new_machine() {
    let root = repo();
    let (calls, functions) = runner_calls(&root);
    // The scan itself works: it sees the runners' own tools.
    for expected in [
        "cargo",
        "node",
        "xdg-open",
        "Xvfb",
        "tauri-driver",
        "hugo",
        "perf",
    ] {
        assert!(
            calls.iter().any(|c| c.name == expected),
            "the scan of the runners did not find {expected}"
        );
    }
    let mut names: Vec<&str> = calls.iter().map(|c| c.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    eprintln!("programs the runners start: {}", names.join(" "));
    let found = problems(
        &calls,
        &functions,
        &manifest(),
        &base_packages(),
        debian_package_of,
    );
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_manifest_is_well_formed() {
    let entries = manifest();
    assert!(entries.len() >= 10, "scripts/deps.txt lists too little");
    let mut tools = HashSet::new();
    for entry in &entries {
        assert!(tools.insert(&entry.tool), "{} is listed twice", entry.tool);
        assert!(
            SOURCES.contains(&entry.source.as_str()),
            "{}: unknown source {}",
            entry.tool,
            entry.source
        );
        assert!(!entry.package.is_empty(), "{}: no package", entry.tool);
        for stage in &entry.stages {
            assert!(
                STAGES.contains(&stage.as_str()),
                "{}: unknown stage {stage}",
                entry.tool
            );
        }
        assert!(!entry.why.is_empty(), "{}: no reason given", entry.tool);
    }
}

/// The committed copy follows the workplace's list where this machine can
/// read it (CI's clone may not).
#[test]
fn the_new_machine_list_is_current() {
    let source = std::env::var_os("QUIRE_BASE_PACKAGES")
        .map(PathBuf::from)
        .unwrap_or_else(|| "/work/.library/env/packages/installed-rust.txt".into());
    let Ok(current) = std::fs::read_to_string(&source) else {
        eprintln!(
            "{} is not here; the committed copy is used as it is",
            source.display()
        );
        return;
    };
    assert_eq!(
        parse_base_packages(&current),
        base_packages(),
        "{} changed: copy it to scripts/base-packages.txt (with the source line on top)",
        source.display()
    );
}

/// The check fails where it must: a runner that asks for xdg-open, which a
/// new machine lacks, with no manifest entry for it.
#[test]
fn a_runner_calling_an_unlisted_tool_fails_the_check() {
    let script = r#"
need Xvfb
command -v xdg-open >/dev/null || die "xdg-open is missing"
$SUDO apt-get install -y hugo
sudo -n env A=1 B=2 strace -f true
perf record -g -- env QUICK=1 cargo bench
cd fuzz && A=1 cargo fuzz run render
x="$(command -v tauri-driver || echo none)"
die() { echo "$*" >&2; }
"#;
    let (found, functions) = shell_calls(script);
    let names: Vec<&str> = found.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Xvfb",
            "xdg-open",
            "die",
            "apt-get",
            "strace",
            "perf",
            "cargo",
            "cd",
            "cargo",
            "cargo-fuzz",
            "tauri-driver",
            "echo",
            "echo"
        ],
        "programs found in {script}"
    );
    assert!(functions.contains("die"));
    let calls: Vec<Call> = found
        .into_iter()
        .map(|(line, name)| Call {
            name,
            place: format!("script:{line}"),
        })
        .collect();
    let manifest =
        parse_manifest("Xvfb apt xvfb test a display\ncargo machine rustup build rust\n");
    let base: HashSet<String> = ["strace", "apt"].map(String::from).into();
    let package_of = |name: &str| match name {
        "apt-get" => Some("apt".to_string()),
        "xdg-open" => Some("xdg-utils".to_string()),
        "strace" => Some("strace".to_string()),
        "perf" => Some("linux-perf".to_string()),
        _ => None,
    };
    let found = problems(&calls, &functions, &manifest, &base, package_of);
    assert_eq!(found.len(), 4, "{found:#?}");
    assert!(found[0].starts_with("xdg-open (script:3) comes from Debian package xdg-utils"));
    assert!(found[1].starts_with("perf (script:6) comes from Debian package linux-perf"));
    assert!(found[2].starts_with("cargo-fuzz (script:7) is neither in scripts/deps.txt"));
    assert!(found[3].starts_with("tauri-driver (script:8) is neither in scripts/deps.txt"));
}
