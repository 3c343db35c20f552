//! `quire`: the command line over the same `Library` the app uses, for
//! scripts and publishing pipelines. The contract is ../shared/CLI.md.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::{Parser, Subcommand};
use quire::{
    Change, ExportReport, Flavor, FolderWatcher, HtmlExportOptions, ImportOptions, ImportReport,
    Kind, Library, ListFilter, MarkdownExportOptions, OpenOptions, PostSummary, SearchQuery,
    Status,
};
use serde::Serialize;

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "Quire: a library of Markdown blog posts, from the command line"
)]
struct Cli {
    /// The library folder (created when missing).
    #[arg(long, global = true, env = "QUIRE_LIBRARY", value_name = "DIR")]
    library: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List posts, newest first.
    List {
        #[arg(long, value_name = "T")]
        tag: Option<String>,
        #[arg(long, value_name = "S", value_parser = ["draft", "scheduled", "published"])]
        status: Option<String>,
        /// Posts (the default), pages, or both.
        #[arg(long, value_name = "KIND", value_parser = ["post", "page", "all"], default_value = "post")]
        kind: String,
        #[arg(long)]
        json: bool,
    },
    /// Import a folder of Markdown posts (Hugo, Jekyll, Zola, Astro, Obsidian, plain).
    Import {
        /// The folder to import.
        src: PathBuf,
        /// Report what would happen; write nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Export the posts for publishing.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
    /// Keep the library in step with its folder until interrupted, printing
    /// each change applied (edits made in other editors, files added, moved
    /// or deleted).
    Watch {
        #[arg(long)]
        json: bool,
    },
    /// A post's earlier versions, newest first.
    History {
        slug: String,
        #[arg(long)]
        json: bool,
    },
    /// Full-text search: every word must match; "quoted words" are a phrase.
    Search {
        query: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ExportFormat {
    /// A complete static HTML site: post pages, index, tags, archive, feeds, sitemap.
    Html {
        /// The folder to write (as for markdown).
        out: PathBuf,
        /// The site's address, for feeds, sitemap and canonical links.
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        #[arg(long, value_name = "TITLE")]
        title: Option<String>,
        /// Drafts and scheduled posts too.
        #[arg(long)]
        include_drafts: bool,
        /// A folder of templates overriding the default theme's.
        #[arg(long, value_name = "DIR")]
        theme: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Markdown files in a site generator's layout and front matter.
    Markdown {
        /// The folder to write (created when missing; one Quire exported to
        /// before is replaced, any other non-empty folder is refused).
        out: PathBuf,
        #[arg(long, value_parser = ["hugo", "zola", "jekyll", "astro", "plain"])]
        flavor: String,
        /// Drafts and scheduled posts too.
        #[arg(long)]
        include_drafts: bool,
        /// Only the posts with this tag.
        #[arg(long, value_name = "T")]
        tag: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

/// A post as the contract shows it.
#[derive(Serialize)]
struct PostJson<'a> {
    path: &'a str,
    slug: &'a str,
    title: &'a str,
    tags: &'a [String],
    status: Status,
    date: Option<&'a str>,
    kind: Kind,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<&'a str>,
}

impl<'a> From<&'a PostSummary> for PostJson<'a> {
    fn from(p: &'a PostSummary) -> Self {
        PostJson {
            path: &p.path,
            slug: &p.slug,
            title: &p.title,
            tags: &p.tags,
            status: p.status,
            date: p.date.as_deref(),
            kind: p.kind,
            snippet: p.snippet.as_deref(),
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("quire: {err}");
            match err {
                quire::Error::Cancelled => ExitCode::from(130),
                _ => ExitCode::from(1),
            }
        }
    }
}

fn run(cli: Cli) -> quire::Result<ExitCode> {
    let Some(folder) = cli.library else {
        eprintln!("quire: no library: pass --library DIR or set QUIRE_LIBRARY");
        return Ok(ExitCode::from(2));
    };
    let library = Arc::new(Library::open(&folder, OpenOptions::default())?);
    // The whole-file check takes about 250 ms at 10,000 posts: run before
    // the long jobs, where it is small, and not before every list or search.
    let runs_long = matches!(
        cli.command,
        Command::Watch { .. } | Command::Import { .. } | Command::Export { .. }
    );
    if runs_long {
        library.check_database()?;
    }
    if let Some(recovered) = library.recovered() {
        eprintln!("quire: warning: {}", shown(&recovered));
    }
    if let Command::Watch { json } = cli.command {
        return watch(library, json);
    }
    // The folder is the truth: index what changed since Quire last looked.
    let report = library.scan(&mut |_, _| {}, &AtomicBool::new(false))?;
    for (path, reason) in &report.skipped {
        eprintln!("quire: skipped {}: {}", shown(path), shown(reason));
    }
    match cli.command {
        Command::Watch { .. } => unreachable!("handled above"),
        Command::History { slug, json } => {
            let post = library.get_by_slug(&slug)?;
            let revisions = library.revisions(post.id)?;
            if json {
                // Exactly the fields CLI.md names: scripts compare them.
                let revisions: Vec<serde_json::Value> = revisions
                    .iter()
                    .map(|r| {
                        serde_json::json!({
                            "id": r.id,
                            "at": r.at,
                            "source": r.source,
                            "text": r.text,
                        })
                    })
                    .collect();
                print_json(&serde_json::json!({ "slug": post.slug, "revisions": revisions }));
            } else {
                for r in &revisions {
                    println!(
                        "{:>6}  {}  {:<8}  {} lines",
                        r.id,
                        r.at,
                        r.source.as_str(),
                        r.text.lines().count()
                    );
                }
            }
        }
        Command::Import { src, dry_run, json } => {
            // Ctrl-C stops after the current file: what was imported stays, and
            // running the import again finishes the job.
            let report = long_job("importing", json, |report, cancel| {
                library.import(
                    &src,
                    ImportOptions { dry_run },
                    &mut |p| report(p.done, p.total, &p.current),
                    cancel,
                )
            });
            print_import_report(&report?, json, dry_run);
        }
        Command::Export {
            format:
                ExportFormat::Markdown {
                    out,
                    flavor,
                    include_drafts,
                    tag,
                    json,
                },
        } => {
            let options = MarkdownExportOptions {
                flavor: Flavor::parse(&flavor)
                    .ok_or_else(|| quire::Error::Invalid(format!("unknown flavor {flavor}")))?,
                include_drafts,
                tag,
            };
            let report = long_job("exporting", json, |report, cancel| {
                library.export_markdown(
                    &out,
                    &options,
                    &mut |p| report(p.done, p.total, &p.current),
                    cancel,
                )
            });
            print_export_report(&report?, &out, json);
        }
        Command::Export {
            format:
                ExportFormat::Html {
                    out,
                    base_url,
                    title,
                    include_drafts,
                    theme,
                    json,
                },
        } => {
            let options = HtmlExportOptions {
                base_url,
                title,
                include_drafts,
                theme,
            };
            let report = long_job("exporting", json, |report, cancel| {
                library.export_html(
                    &out,
                    &options,
                    &mut |p| report(p.done, p.total, &p.current),
                    cancel,
                )
            });
            print_export_report(&report?, &out, json);
        }
        Command::List {
            tag,
            status,
            kind,
            json,
        } => {
            let filter = ListFilter {
                tag,
                status: status.as_deref().and_then(Status::parse),
                category: None,
                kind: Kind::parse(&kind),
            };
            let posts = library.list(&filter)?;
            if json {
                print_json(
                    &serde_json::json!({ "posts": posts.iter().map(PostJson::from).collect::<Vec<_>>() }),
                );
            } else {
                for post in &posts {
                    println!("{}", human_line(post));
                }
            }
        }
        Command::Search { query, limit, json } => {
            let query = match SearchQuery::parse(&query) {
                Ok(query) => query,
                Err(err) => {
                    eprintln!("quire: {err}");
                    return Ok(ExitCode::from(2));
                }
            };
            let posts = library.search(&query, limit)?;
            if json {
                print_json(
                    &serde_json::json!({ "posts": posts.iter().map(PostJson::from).collect::<Vec<_>>() }),
                );
            } else {
                for post in &posts {
                    println!("{}", human_line(post));
                    if let Some(snippet) = &post.snippet {
                        println!("    {}", plain_snippet(snippet));
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_import_report(report: &ImportReport, json: bool, dry_run: bool) {
    if json {
        let posts: Vec<serde_json::Value> = report
            .posts
            .iter()
            .map(|p| {
                let mut value = serde_json::to_value(PostJson::from(&p.post)).unwrap_or_default();
                value["source"] = serde_json::Value::from(p.source.as_str());
                value
            })
            .collect();
        print_json(&serde_json::json!({
            "imported": report.imported,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "skipped": report.skipped,
            "warnings": report.warnings,
            "posts": posts,
        }));
        return;
    }
    let verb = if dry_run { "would import" } else { "imported" };
    println!(
        "{verb} {}, updated {}, unchanged {}, skipped {}",
        report.imported,
        report.updated,
        report.unchanged,
        report.skipped.len()
    );
    for s in &report.skipped {
        println!("skipped {}: {}", shown(&s.path), shown(&s.reason));
    }
    for w in &report.warnings {
        println!("warning {}: {}", shown(&w.path), shown(&w.message));
    }
}

/// `quire watch`: the watcher starts first so nothing is missed; then the
/// changes made while nothing watched are found and printed after `ready`;
/// then each change as it is applied, until SIGINT or SIGTERM (exit 0).
fn watch(library: Arc<Library>, json: bool) -> quire::Result<ExitCode> {
    let (sender, receiver) = std::sync::mpsc::channel::<Option<quire::Result<Vec<Change>>>>();
    let on_signal = sender.clone();
    let _ = ctrlc::set_handler(move || {
        let _ = on_signal.send(None);
    });
    let watcher = FolderWatcher::start(Arc::clone(&library), move |batch| {
        let _ = sender.send(Some(batch));
    })?;
    let startup = library.scan(&mut |_, _| {}, &AtomicBool::new(false))?;
    if json {
        print_json(&serde_json::json!({ "event": "ready" }));
    } else {
        println!("ready: watching {}", library.folder().display());
    }
    for (path, reason) in &startup.skipped {
        eprintln!("quire: skipped {}: {}", shown(path), shown(reason));
    }
    print_changes(&startup.changes, json);
    while let Ok(Some(batch)) = receiver.recv() {
        match batch {
            Ok(changes) => print_changes(&changes, json),
            // A batch that failed (the database busy, say) is retried with
            // the next events; say so and keep watching.
            Err(err) => eprintln!("quire: {err}"),
        }
    }
    watcher.stop();
    Ok(ExitCode::SUCCESS)
}

fn print_changes(changes: &[Change], json: bool) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    for change in changes {
        let kind = serde_json::to_value(change.kind).unwrap_or_default();
        if json {
            let mut line = serde_json::json!({
                "event": kind,
                "path": change.path,
                "slug": change.slug,
            });
            if let Some(from) = &change.from {
                line["from"] = serde_json::Value::from(from.as_str());
            }
            let _ = writeln!(out, "{line}");
        } else {
            let kind = kind.as_str().unwrap_or_default().to_string();
            let line = match &change.from {
                Some(from) => format!("{kind:<8} {from} -> {} ({})", change.path, change.slug),
                None => format!("{kind:<8} {} ({})", change.path, change.slug),
            };
            let _ = writeln!(out, "{}", shown(&line));
        }
    }
    // Scripts read the lines as they come.
    let _ = out.flush();
}

/// Runs a long job (import, export): Ctrl-C cancels it after the current
/// file, and a terminal sees `verb done/total current` as it goes.
fn long_job<T>(
    verb: &str,
    json: bool,
    job: impl FnOnce(&mut dyn FnMut(usize, usize, &str), &AtomicBool) -> T,
) -> T {
    let cancel = cancel_on_ctrl_c();
    let show_progress = !json && std::io::stderr().is_terminal();
    let outcome = job(
        &mut |done, total, current| {
            if show_progress {
                eprint!("\r\x1b[2K{verb} {done}/{total} {}", shown(current));
            }
        },
        &cancel,
    );
    if show_progress {
        eprint!("\r\x1b[2K");
    }
    outcome
}

/// A flag Ctrl-C sets; long work checks it between files and stops cleanly.
fn cancel_on_ctrl_c() -> Arc<AtomicBool> {
    let cancel = Arc::new(AtomicBool::new(false));
    let on_signal = Arc::clone(&cancel);
    let _ = ctrlc::set_handler(move || on_signal.store(true, Ordering::Relaxed));
    cancel
}

fn print_export_report(report: &ExportReport, out: &std::path::Path, json: bool) {
    for w in &report.warnings {
        if w.path.is_empty() {
            eprintln!("quire: warning: {}", shown(&w.message));
        } else {
            eprintln!("quire: warning {}: {}", shown(&w.path), shown(&w.message));
        }
    }
    if json {
        print_json(&serde_json::json!({
            "files": report.files,
            "bytes": report.bytes,
            "seconds": report.seconds,
        }));
    } else {
        println!(
            "exported {} posts ({} files, {:.1} KB) to {} in {:.2} s",
            report.posts,
            report.files,
            report.bytes as f64 / 1024.0,
            out.display(),
            report.seconds
        );
    }
}

fn print_json(value: &serde_json::Value) {
    println!("{value}");
}

fn human_line(post: &PostSummary) -> String {
    let tags = if post.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", post.tags.join(", "))
    };
    shown(&format!(
        "{:<10}  {:<9}  {}{}  ({})",
        post.date.as_deref().unwrap_or("-"),
        post.status.as_str(),
        post.title,
        tags,
        post.path
    ))
}

/// Text from posts and file names as a terminal should show it: control
/// characters (escape sequences that retitle the window or clear the screen)
/// written out as `\u{1b}` instead of sent to the terminal.
fn shown(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The snippet for a terminal: matches in brackets, HTML entities undone.
fn plain_snippet(html: &str) -> String {
    shown(
        &html
            .replace("<mark>", "[")
            .replace("</mark>", "]")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
    )
}
