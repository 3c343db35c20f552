//! The library's own images in the preview. A post's relative image
//! addresses become addresses on the app's `quire-file` scheme, and that
//! scheme serves only image files inside the library folder: no `..`, no
//! absolute path, no symlink that leads out, no other kind of file.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsutil;
use crate::library::Library;
use crate::markdown::Rendered;
use crate::site::Site;

/// The largest image the preview shows; bigger ones are refused, not read.
const MAX_IMAGE_BYTES: u64 = 64 * 1024 * 1024;

/// The editor's text as the preview shows it: rendered and sanitized, with
/// the images of the post at `post_path` (library-relative) pointed at
/// `image_base`, the `quire-file` scheme's root. With the `library` folder,
/// an image that is not there becomes a card naming its path (see
/// `mark_missing_images`). Text larger than any post may be is refused
/// before it is parsed.
pub fn render_preview(
    text: &str,
    post_path: Option<&str>,
    image_base: &str,
    library: Option<(&Path, &Site)>,
) -> Result<Rendered> {
    if text.len() as u64 > crate::post_file::MAX_POST_BYTES {
        return Err(Error::Invalid(
            "this text is larger than 64 MB; split it up".into(),
        ));
    }
    let dialect = library
        .map(|(_, site)| crate::shortcodes::Dialect::of(site))
        .unwrap_or_default();
    let mut rendered = crate::markdown::render_in(text, &dialect);
    if let Some(path) = post_path {
        if let Some((library, site)) = library {
            rendered.html = link_site_images(&rendered.html, site, library, image_base);
            rendered.html = mark_missing_images(&rendered.html, path, library);
        }
        rendered.html = link_local_images(&rendered.html, path, image_base);
    }
    Ok(rendered)
}

/// Replaces each image of sanitized `html` that names a file the library
/// does not have (a typo, a file moved away, a site-root path like
/// `/images/x.jpg`) with a card that says so and shows the path: a missing
/// image is seen, not silently blank. Web images are left alone.
pub fn mark_missing_images(html: &str, post_path: &str, library: &Path) -> String {
    let Some(folder) = post_folder(post_path) else {
        return html.to_string();
    };
    let folder: Vec<String> = folder.into_iter().map(str::to_string).collect();
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<img ") {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        // The serializer quotes every attribute value with `"`: a `>` inside
        // one (an alt text) is not the tag's end.
        let mut in_quotes = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map(|(i, _)| i + 1)
            .unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        let src = attribute(tag, "src").map(|v| unescape_attribute(&v));
        let missing = match &src {
            Some(src) if src.starts_with('/') && !src.starts_with("//") => true,
            Some(src) => resolve_relative(&folder, src)
                .map(|rel| crate::links::percent_decode(&rel))
                .is_some_and(|rel| {
                    fsutil::resolve_unlinked(library, &rel).map_or(true, |p| !p.is_file())
                }),
            None => false,
        };
        match src {
            Some(src) if missing => {
                let shown = escape_html(&crate::links::percent_decode(&src));
                out.push_str(&format!(
                    "<span class=\"missing-image\" role=\"img\" aria-label=\"Missing image: {shown}\">\
                     <span class=\"missing-image-label\">Missing image</span> <code>{shown}</code></span>"
                ));
            }
            _ => out.push_str(tag),
        }
    }
    out.push_str(rest);
    out
}

/// Points each root-absolute image address (`/images/x.png`, the way a site
/// generator serves its static folder) that names a file in the site's
/// static folders at `base`, as the generator would serve it. Those that
/// name nothing are left for `mark_missing_images`.
pub fn link_site_images(html: &str, site: &Site, library: &Path, base: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" src=\"/") {
        out.push_str(&rest[..at + 6]);
        rest = &rest[at + 6..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        let found = (!value.starts_with("//"))
            .then(|| site.resolve_static(library, &unescape_attribute(value)))
            .flatten();
        match found {
            Some(rel) => {
                out.push_str(base);
                let encoded: Vec<String> = rel.split('/').map(encode_segment).collect();
                out.push_str(&encoded.join("/"));
            }
            None => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The value of attribute `name` in one serialized tag, as written.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[at..].find('"')?;
    Some(tag[at..at + len].to_string())
}

/// The serializer's attribute escapes, undone.
fn unescape_attribute(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Points the relative `src` of each image in sanitized HTML at `base` (the
/// scheme's root, like `quire-file://localhost/`), resolved against the
/// folder of the post at `post_path` (library-relative). An address that
/// climbs out of the library is left as it was: it names nothing there.
pub fn link_local_images(html: &str, post_path: &str, base: &str) -> String {
    let Some(folder) = post_folder(post_path) else {
        return html.to_string();
    };
    let folder: Vec<String> = folder.into_iter().map(encode_segment).collect();
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find(" src=\"") {
        out.push_str(&rest[..at + 6]);
        rest = &rest[at + 6..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        match resolve_relative(&folder, value) {
            Some(path) => {
                out.push_str(base);
                out.push_str(&path);
            }
            None => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// The folders of the post at `post_path`, outermost first; None unless it
/// is a plain library-relative path (only such a path names a post's folder).
fn post_folder(post_path: &str) -> Option<Vec<&str>> {
    fsutil::resolve(Path::new(""), post_path).ok()?;
    let mut parts: Vec<&str> = post_path.split('/').collect();
    parts.pop();
    Some(parts)
}

/// `value` joined to the post's folder, or None when it is not a relative
/// address or climbs out of the library.
fn resolve_relative(folder: &[String], value: &str) -> Option<String> {
    let scheme = value
        .split_once(':')
        .is_some_and(|(s, _)| !s.contains('/') && !s.contains('?') && !s.contains('#'));
    if value.is_empty() || value.starts_with('/') || value.starts_with('#') || scheme {
        return None;
    }
    let mut parts: Vec<&str> = folder.iter().map(String::as_str).collect();
    for part in value.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// A path segment as a URL segment: anything but unreserved characters
/// percent-encoded, so it is safe in an attribute as well.
pub(crate) fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The part of a `total`-byte file a `Range` header asks for, cut to
/// [`MAX_PART_BYTES`]; None when the header is not one satisfiable range.
fn requested_part(header: &str, total: u64) -> Option<ImagePart> {
    let ranges = http_range_header::parse_range_header(header)
        .ok()?
        .validate(total)
        .ok()?;
    let [range] = ranges.as_slice() else {
        return None;
    };
    let first = *range.start();
    let last = (*range.end()).min(first + MAX_PART_BYTES - 1);
    Some(ImagePart { first, last, total })
}

/// The content type of an image file by its extension; None for anything
/// that is not an image the preview shows.
pub fn image_content_type(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    Some(match extension.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "ico" => "image/x-icon",
        // Shown through <img>, where an SVG's scripts never run; the scheme
        // also sends it with a CSP that allows none.
        "svg" => "image/svg+xml",
        _ => return None,
    })
}

/// The most bytes one answer to a range request holds: a webview that reads a
/// file in parts gets it in pieces of this size, and no answer to a range
/// request reads more than this from the disk.
const MAX_PART_BYTES: u64 = 4 * 1024 * 1024;

/// The answer to one `quire-file` request.
#[derive(Debug)]
pub struct ImageAnswer {
    pub bytes: Vec<u8>,
    pub content_type: &'static str,
    /// Set when `bytes` is part of the file: the webview asked for a range.
    pub part: Option<ImagePart>,
}

/// Which bytes of the file an answer holds: `first..=last` of `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImagePart {
    pub first: u64,
    pub last: u64,
    pub total: u64,
}

impl Library {
    /// The image a `quire-file` request asks for, by its URL path (percent-
    /// encoded, library-relative): its bytes and content type. Refused unless
    /// it is an image file whose real path is inside the library folder.
    pub fn library_image(&self, url_path: &str) -> Result<(Vec<u8>, &'static str)> {
        let answer = self.library_image_answer(url_path, None)?;
        Ok((answer.bytes, answer.content_type))
    }

    /// Like [`Library::library_image`], honouring an HTTP `Range` header: a
    /// satisfiable single range is answered with at most [`MAX_PART_BYTES`]
    /// of it, read from that offset; any other header is ignored and the
    /// whole image is sent, as HTTP allows.
    pub fn library_image_answer(
        &self,
        url_path: &str,
        range_header: Option<&str>,
    ) -> Result<ImageAnswer> {
        use std::io::{Read, Seek, SeekFrom};

        let path = self.library_image_path(url_path)?;
        let content_type = image_content_type(&path)
            .ok_or_else(|| Error::Invalid(format!("{url_path:?} is not an image")))?;
        let mut file = std::fs::File::open(&path).map_err(|e| Error::io("read", &path, e))?;
        // The length of what was opened, not of what the name held a moment
        // ago: a file that grew since the check is still read only so far.
        let total = file
            .metadata()
            .map_err(|e| Error::io("read", &path, e))?
            .len()
            .min(MAX_IMAGE_BYTES);
        let part = range_header.and_then(|header| requested_part(header, total));
        let (first, wanted) = match part {
            Some(part) => (part.first, part.last - part.first + 1),
            None => (0, total),
        };
        file.seek(SeekFrom::Start(first))
            .map_err(|e| Error::io("read", &path, e))?;
        let mut bytes = Vec::with_capacity(wanted as usize);
        file.take(wanted)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("read", &path, e))?;
        // A file that shrank meanwhile: say which bytes were really sent.
        let part = part.map(|part| ImagePart {
            last: part.first + (bytes.len() as u64).max(1) - 1,
            ..part
        });
        Ok(ImageAnswer {
            bytes,
            content_type,
            part,
        })
    }

    fn library_image_path(&self, url_path: &str) -> Result<PathBuf> {
        let relative = crate::links::percent_decode(url_path.trim_start_matches('/'));
        // An address from the webview: a backslash is refused before any
        // lookup, whatever the platform makes of it.
        if relative.contains('\\') {
            return Err(Error::Invalid(format!(
                "{relative:?} is not a path inside the library"
            )));
        }
        let candidate = fsutil::resolve(self.folder(), &relative)?;
        let root = self
            .folder()
            .canonicalize()
            .map_err(|e| Error::io("open the library folder", self.folder(), e))?;
        let real = candidate
            .canonicalize()
            .map_err(|_| Error::NotFound(format!("no image at {relative:?} in the library")))?;
        if !real.starts_with(&root) {
            return Err(Error::Invalid(format!(
                "{relative:?} leads outside the library"
            )));
        }
        let meta = std::fs::metadata(&real).map_err(|e| Error::io("read", &real, e))?;
        if !meta.is_file() {
            return Err(Error::NotFound(format!(
                "no image at {relative:?} in the library"
            )));
        }
        if meta.len() > MAX_IMAGE_BYTES {
            return Err(Error::Invalid(format!(
                "{relative:?} is larger than the preview shows ({} MB)",
                MAX_IMAGE_BYTES / 1024 / 1024
            )));
        }
        Ok(real)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_the_library_does_not_have_becomes_a_card_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("notes/pics")).unwrap();
        std::fs::write(dir.path().join("notes/pics/a b.png"), b"png").unwrap();
        let text = "![here](pics/a%20b.png) ![gone](pics/gon<e>.png \"t\") ![site](/images/x.jpg) \
                    ![web](https://x.org/i.png) ![a > b](pics/typo.png)";
        let rendered = render_preview(
            text,
            Some("notes/post.md"),
            "quire-file://localhost/",
            Some((dir.path(), &Site::default())),
        )
        .unwrap();
        let html = rendered.html;
        assert!(
            html.contains(r#"<img src="quire-file://localhost/notes/pics/a%20b.png" alt="here">"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="https://x.org/i.png" alt="web">"#),
            "{html}"
        );
        for path in ["pics/gon&lt;e&gt;.png", "/images/x.jpg", "pics/typo.png"] {
            assert!(
                html.contains(&format!(
                    r#"role="img" aria-label="Missing image: {path}"><span class="missing-image-label">Missing image</span> <code>{path}</code></span>"#
                )),
                "{path}: {html}"
            );
        }
        assert_eq!(html.matches("<img").count(), 2, "{html}");
        assert!(!html.contains("<e>"), "{html}");
    }

    #[test]
    fn relative_images_point_at_the_scheme() {
        let base = "quire-file://localhost/";
        let html = r#"<p><img src="pics/a%20b.png" alt=""> <img src="../top.png"> <img src="https://x.org/i.png"> <img src="../../out.png"> <img src="/abs.png"> <img src="data:image/png;base64,AA"></p>"#;
        assert_eq!(
            link_local_images(html, "notes/My Post.md", base),
            r#"<p><img src="quire-file://localhost/notes/pics/a%20b.png" alt=""> <img src="quire-file://localhost/top.png"> <img src="https://x.org/i.png"> <img src="../../out.png"> <img src="/abs.png"> <img src="data:image/png;base64,AA"></p>"#
        );
        assert_eq!(
            link_local_images(r#"<img src="i.png">"#, "Top & Co/p.md", base),
            r#"<img src="quire-file://localhost/Top%20%26%20Co/i.png">"#
        );
        for bad in ["../../etc/p.md", "/abs/p.md", "a/../../p.md", ""] {
            assert_eq!(
                link_local_images(r#"<img src="i.png">"#, bad, base),
                r#"<img src="i.png">"#
            );
        }
    }

    #[test]
    fn only_image_types_are_served() {
        assert_eq!(image_content_type(Path::new("a/B.PNG")), Some("image/png"));
        for other in ["a.md", "a.html", "a", ".png", "a.png.exe"] {
            assert_eq!(image_content_type(Path::new(other)), None, "{other}");
        }
    }
}
