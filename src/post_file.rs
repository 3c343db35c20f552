//! What a post file is: the fields derived from its text, how it is read,
//! and the names a new one gets (its slug, its path in the folder's layout).
//! The facade, import and sync share it.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::Result;
use crate::frontmatter::{FrontMatter, Meta};
use crate::import::dialect;
use crate::post::{slugify, PostId, PostSummary, Status};
use crate::site::Kind;
use crate::store::posts::{self, PostRecord};

/// Posts larger than this are not indexed: no writer's post is this big, and
/// reading one must not exhaust memory.
pub const MAX_POST_BYTES: u64 = 64 << 20;

/// Everything stored about a post's text, derived from the raw text.
#[derive(Clone)]
pub(crate) struct Derived {
    pub(crate) title: String,
    /// The front matter's `slug`, when it has one.
    pub(crate) slug: Option<String>,
    /// Why the front matter could not be read, or a value in it understood.
    pub(crate) problem: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) categories: Vec<String>,
    pub(crate) draft: bool,
    pub(crate) date: Option<String>,
    pub(crate) body_start: usize,
    pub(crate) hash: String,
}

impl Derived {
    /// Derives the stored fields from `text`; the file's path stands in for a
    /// title or date the front matter does not give (Jekyll names, bundles).
    /// The front matter is split once: this runs on every autosave.
    pub(crate) fn of(text: &str, path: &str) -> Derived {
        let fm = FrontMatter::split(text);
        let meta = Meta::from_split(&fm);
        Derived::from_parts(text, path, &fm, meta)
    }

    /// `of`, for a caller that has parsed `text`'s front matter already.
    pub(crate) fn with_meta(text: &str, path: &str, meta: Meta) -> Derived {
        Derived::from_parts(text, path, &FrontMatter::split(text), meta)
    }

    fn from_parts(text: &str, path: &str, fm: &FrontMatter, meta: Meta) -> Derived {
        let hints = dialect::path_hints(path);
        Derived {
            title: meta
                .title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(hints.slug),
            slug: meta.slug,
            problem: meta.problem.or(meta.warning),
            tags: meta.tags,
            categories: meta.categories,
            draft: meta.draft.unwrap_or(false) || hints.draft,
            date: meta.date.or(hints.date),
            body_start: text.len() - fm.body.len(),
            hash: content_hash(text),
        }
    }

    /// Draft; scheduled when dated after today; else published.
    pub(crate) fn status(&self) -> Status {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        match (&self.draft, &self.date) {
            (true, _) => Status::Draft,
            (false, Some(date)) if date.as_str() > today.as_str() => Status::Scheduled,
            _ => Status::Published,
        }
    }

    /// The post as a list shows it, once stored with `slug` at `path`.
    pub(crate) fn summary(
        &self,
        id: PostId,
        slug: &str,
        path: &str,
        now: &str,
        kind: Kind,
    ) -> PostSummary {
        PostSummary {
            kind,
            id,
            slug: slug.to_string(),
            title: self.title.clone(),
            path: path.to_string(),
            tags: self.tags.clone(),
            categories: self.categories.clone(),
            status: self.status(),
            date: self.date.clone(),
            updated_at: now.to_string(),
            snippet: None,
            problem: self.problem.clone(),
        }
    }

    pub(crate) fn record<'a>(
        &'a self,
        text: &'a str,
        slug: &'a str,
        path: &'a str,
        now: &'a str,
        external: bool,
    ) -> PostRecord<'a> {
        PostRecord {
            slug,
            title: &self.title,
            raw: text,
            body: &text[self.body_start..],
            draft: self.draft,
            date: self.date.as_deref(),
            tags: &self.tags,
            categories: &self.categories,
            hash: &self.hash,
            path,
            now,
            external,
            problem: self.problem.as_deref(),
        }
    }
}

pub(crate) fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Where a new post goes and how its front matter is written, following the
/// layout most of the folder's recent posts use: a Zola post stays TOML under
/// `content/blog/`, a Jekyll post gets its dated name in `_posts/`.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct NewPostLayout {
    /// Folder relative to the library, `""` for the top.
    dir: String,
    /// Page bundles: `<dir>/<slug>/index.md`.
    bundle: bool,
    /// Jekyll names: `<dir>/YYYY-MM-DD-<slug>.md`.
    dated_names: bool,
    /// TOML (`+++`) front matter rather than YAML.
    toml: bool,
    /// Tags under `[taxonomies]`, as Zola wants them.
    taxonomies: bool,
}

impl NewPostLayout {
    pub(crate) fn of(conn: &Connection) -> Result<NewPostLayout> {
        let recent = posts::recent_layouts(conn, 200)?;
        let mut votes: std::collections::HashMap<(String, bool), usize> =
            std::collections::HashMap::new();
        for (path, _, _) in &recent {
            let hints = dialect::path_hints(path);
            let parent = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            let key = if hints.bundle {
                (
                    parent
                        .rsplit_once('/')
                        .map(|(d, _)| d)
                        .unwrap_or("")
                        .to_string(),
                    true,
                )
            } else {
                (parent.to_string(), false)
            };
            *votes.entry(key).or_default() += 1;
        }
        // Most votes wins; ties go to the shorter folder, for a stable choice.
        let Some(((dir, bundle), _)) = votes.into_iter().max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(b.0 .0.len().cmp(&a.0 .0.len()))
                .then(b.0 .0.cmp(&a.0 .0))
                .then(a.0 .1.cmp(&b.0 .1))
        }) else {
            return Ok(NewPostLayout::default());
        };
        let in_dir: Vec<&(String, String, bool)> = recent
            .iter()
            .filter(|(p, _, _)| {
                p.strip_prefix(dir.as_str())
                    .is_some_and(|rest| dir.is_empty() || rest.starts_with('/'))
            })
            .collect();
        let dated = in_dir
            .iter()
            .filter(|(p, _, _)| dialect::path_hints(p).date.is_some())
            .count();
        let toml = in_dir
            .iter()
            .filter(|(_, opening, _)| opening.trim_start_matches('\u{feff}').starts_with("+++"))
            .count();
        let taxonomies = in_dir.iter().filter(|(_, _, t)| *t).count();
        Ok(NewPostLayout {
            dated_names: !bundle && dated * 2 > in_dir.len(),
            toml: toml * 2 > in_dir.len(),
            taxonomies: taxonomies * 2 > in_dir.len(),
            dir,
            bundle,
        })
    }

    /// The front matter a new post starts from, before its fields are set:
    /// TOML with Zola's `[taxonomies]` table, plain TOML, or YAML.
    pub(crate) fn empty_front_matter(&self) -> &'static str {
        match (self.toml, self.taxonomies) {
            (true, true) => "+++\n[taxonomies]\ntags = []\n+++\n",
            (true, false) => "+++\n+++\n",
            _ => "\n",
        }
    }

    /// The first free path for `slug` in this layout.
    pub(crate) fn unique_path(
        &self,
        conn: &Connection,
        folder: &Path,
        slug: &str,
    ) -> Result<String> {
        let prefix = if self.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.dir)
        };
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let make = |name: &str| {
            if self.bundle {
                format!("{prefix}{name}/index.md")
            } else if self.dated_names {
                format!("{prefix}{today}-{name}.md")
            } else {
                format!("{prefix}{name}.md")
            }
        };
        let mut name = slug.to_string();
        let mut n = 2;
        loop {
            let path = make(&name);
            let taken_on_disk = if self.bundle {
                folder.join(format!("{prefix}{name}")).exists()
            } else {
                folder.join(&path).exists()
            };
            if !taken_on_disk && !posts::path_taken(conn, &path)? {
                return Ok(path);
            }
            name = format!("{slug}-{n}");
            n += 1;
        }
    }
}

/// `<slug>/index.md` in a folder of its own, for a post with files beside it.
/// `<dir>/<slug>/index.md`, numbered past names taken (`dir` "" for the top).
pub(crate) fn unique_bundle_path(
    conn: &Connection,
    folder: &Path,
    dir: &str,
    slug: &str,
) -> Result<String> {
    let prefix = dir_prefix(dir);
    let mut bundle = format!("{prefix}{slug}");
    let mut n = 2;
    while folder.join(&bundle).exists() || posts::path_taken(conn, &format!("{bundle}/index.md"))? {
        bundle = format!("{prefix}{slug}-{n}");
        n += 1;
    }
    Ok(format!("{bundle}/index.md"))
}

fn dir_prefix(dir: &str) -> String {
    if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    }
}

pub(crate) fn unique_slug(
    conn: &Connection,
    wanted: &str,
    except: Option<PostId>,
) -> Result<String> {
    let mut slug = wanted.to_string();
    let mut n = 2;
    while posts::slug_taken(conn, &slug, except)? {
        slug = format!("{wanted}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// The slug for a post whose front matter says `slug: wanted`. An explicit
/// slug wins over one Quire generated (from a title or file name): a post
/// holding `wanted` only because it was generated is moved to the next free
/// `wanted-N`, and returned so the caller can report it. Two posts that both
/// ask for the same slug keep first come, first served.
pub(crate) fn claim_slug(
    conn: &Connection,
    wanted: &str,
    claimant: Option<PostId>,
) -> Result<(String, Option<PostId>)> {
    let Some((holder, raw)) = posts::slug_holder(conn, wanted)? else {
        return Ok((wanted.to_string(), None));
    };
    if Some(holder) == claimant {
        return Ok((wanted.to_string(), None));
    }
    let holder_asks_for_it =
        Meta::from_text(&raw).slug.as_deref().map(slugify) == Some(wanted.to_string());
    if holder_asks_for_it {
        return Ok((unique_slug(conn, wanted, claimant)?, None));
    }
    let moved_to = unique_slug(conn, wanted, None)?;
    posts::set_slug(conn, holder, &moved_to)?;
    Ok((wanted.to_string(), Some(holder)))
}

pub(crate) fn unique_path(
    conn: &Connection,
    folder: &Path,
    dir: &str,
    slug: &str,
) -> Result<String> {
    let prefix = dir_prefix(dir);
    let mut path = format!("{prefix}{slug}.md");
    let mut n = 2;
    while posts::path_taken(conn, &path)? || folder.join(&path).exists() {
        path = format!("{prefix}{slug}-{n}.md");
        n += 1;
    }
    Ok(path)
}

/// Reads a post's file, or says in a writer's words why it cannot be a post.
pub(crate) fn read_post_file(path: &Path) -> std::result::Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if meta.len() > MAX_POST_BYTES {
        return Err(format!(
            "is {} MB; posts over 64 MB are skipped",
            meta.len() >> 20
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.contains(&0) {
        return Err("contains NUL bytes: it looks like a binary file, not Markdown".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Every other file of a page bundle, however deep, but not its Markdown
/// (other posts) nor hidden files.
pub(crate) fn bundle_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
    depth: usize,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if name.starts_with('.')
            || crate::import::walk::is_markdown(&name)
            || file_type.is_symlink()
        {
            continue;
        }
        let path = entry.path();
        if file_type.is_dir() && depth < 8 {
            bundle_files(root, &path, out, depth + 1);
        } else if file_type.is_file() {
            if let Some(rel) = crate::fsutil::relative(root, &path) {
                if !out.iter().any(|(_, r)| r == &rel) {
                    out.push((path, rel));
                }
            }
        }
    }
}
