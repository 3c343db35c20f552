//! Shortcodes and Liquid, shown the way the site would show them, without
//! running anything and without touching the file: a pass over a post's
//! body before it is rendered (the preview and the HTML export alike).
//!
//! - `highlight` (Hugo's and Liquid's) becomes a fenced code block in its
//!   language; `{% raw %}` unwraps; Hugo's `figure` becomes a figure with
//!   its caption; `youtube`, `vimeo`, `gist`, `tweet`/`x` become a link card
//!   to the resource (nothing remote is loaded).
//! - Links between posts (`ref`/`relref`, `post_url`, `link`, the
//!   `relative_url` filter) become addresses the link resolver knows, and
//!   Obsidian's `[[wiki links]]` become Markdown links.
//! - Liquid's `{{ site.x }}` is filled from `_config.yml` where it sets it.
//! - Anything else is a visible chip with its name, never stray braces.
//!
//! Each generator's syntax is read only in its own posts: Hugo's `{{< >}}`,
//! Zola's `{{ name() }}`, Jekyll's Liquid. Without a site, Hugo's
//! shortcodes and Liquid tags (never bare `{{ }}`) are read, as imported
//! posts bring them. Fenced code and inline code stay as written.

use std::borrow::Cow;

use serde_json::Value;

use crate::site::Generator;

/// How far ahead an output tag's closing braces are looked for.
const MAX_TAG_BYTES: usize = 4096;

/// Where a closing tag was looked for from, and where it was found.
type Lookup = (usize, Option<(usize, usize)>);

thread_local! {
    /// Per body being expanded: for each block's closing tag, where it was
    /// last looked for from and what was found (start and end addresses in
    /// memory), so a post full of unclosed tags is searched once, not once
    /// per tag.
    static CLOSERS: std::cell::RefCell<std::collections::HashMap<&'static str, Lookup>> =
        Default::default();
}

/// The next closing tag `name` in `text` from `after`, as offsets from
/// `after` (its start, and where it ends), found by `find`.
fn next_closer(
    text: &str,
    after: usize,
    name: &'static str,
    find: impl Fn(&str) -> Option<(usize, usize)>,
) -> Option<(usize, usize)> {
    let base = text.as_ptr() as usize + after;
    let known = CLOSERS.with(|c| c.borrow().get(name).copied());
    let found = match known {
        // Looked for from before here: what it found is still the next one,
        // unless it lies before here.
        Some((from, found)) if from <= base && found.is_none_or(|(start, _)| start >= base) => {
            found
        }
        _ => {
            let found = find(&text[after..]).map(|(s, e)| (base + s, base + e));
            CLOSERS.with(|c| c.borrow_mut().insert(name, (base, found)));
            found
        }
    };
    found.map(|(start, end)| (start - base, end - base))
}

/// `text` from `at`, at most `len` bytes, cut at a character boundary.
fn window(text: &str, at: usize, len: usize) -> &str {
    let mut end = text.len().min(at + len);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[at..end]
}

/// What a body's braces mean: the site's generator and config.
#[derive(Clone, Copy, Default)]
pub(crate) struct Dialect<'a> {
    pub generator: Option<Generator>,
    /// The site's config, for `{{ site.x }}`.
    pub values: Option<&'a Value>,
    /// The path the site is served under (`/blog`), for `relative_url`.
    pub base_path: &'a str,
}

impl<'a> Dialect<'a> {
    pub(crate) fn of(site: &'a crate::site::Site) -> Dialect<'a> {
        match &site.config {
            Some(config) => Dialect {
                generator: Some(config.generator),
                values: Some(&config.values),
                base_path: &config.base_path,
            },
            None => Dialect::default(),
        }
    }

    fn hugo(&self) -> bool {
        matches!(self.generator, None | Some(Generator::Hugo))
    }

    fn liquid(&self) -> bool {
        matches!(self.generator, None | Some(Generator::Jekyll))
    }

    fn zola(&self) -> bool {
        self.generator == Some(Generator::Zola)
    }

    /// Obsidian vaults are plain folders.
    fn wiki(&self) -> bool {
        self.generator.is_none()
    }
}

/// The body with its shortcodes and Liquid expanded; borrowed when it has none.
pub(crate) fn expand<'b>(body: &'b str, dialect: &Dialect) -> Cow<'b, str> {
    let has_tags = body.contains("{{") || body.contains("{%");
    let has_wiki_links = dialect.wiki() && body.contains("[[");
    if !has_tags && !has_wiki_links {
        return Cow::Borrowed(body);
    }
    CLOSERS.with(|c| c.borrow_mut().clear());
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    let mut fence: Option<(char, usize)> = None;
    while !rest.is_empty() {
        let line_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
        let line = &rest[..line_end];
        // Fenced code stays as written.
        if let Some((ch, len)) = fence {
            out.push_str(line);
            rest = &rest[line_end..];
            if fence_of(line).is_some_and(|(c, l)| c == ch && l >= len)
                && line.trim().trim_start_matches(ch).is_empty()
            {
                fence = None;
            }
            continue;
        }
        if let Some(open) = fence_of(line) {
            fence = Some(open);
            out.push_str(line);
            rest = &rest[line_end..];
            continue;
        }
        // A block (highlight, raw, comment) may span lines: expand from here.
        let consumed = expand_from(rest, line_end, dialect, &mut out);
        rest = &rest[consumed..];
    }
    Cow::Owned(out)
}

/// A fence's character and length, when `line` opens or closes one.
fn fence_of(line: &str) -> Option<(char, usize)> {
    let trimmed = line.trim_start_matches(' ');
    if line.len() - trimmed.len() > 3 {
        return None;
    }
    let ch = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = trimmed.chars().take_while(|c| *c == ch).count();
    (len >= 3).then_some((ch, len))
}

/// Expands the line starting `text` (ending at `line_end`), and the lines a
/// tag or block that starts on it runs into; returns how many bytes of
/// `text` it consumed (always whole lines). A loop, not recursion, however
/// many tags follow one another.
fn expand_from(text: &str, line_end: usize, dialect: &Dialect, out: &mut String) -> usize {
    let mut line_end = line_end;
    let mut i = 0;
    while i < line_end {
        let here = &text[i..line_end];
        // Inline code stays as written.
        if here.starts_with('`') {
            let ticks = here.chars().take_while(|c| *c == '`').count();
            let closing = "`".repeat(ticks);
            let used = match here[ticks..].find(&closing) {
                Some(end) => ticks + end + ticks,
                None => ticks,
            };
            out.push_str(&here[..used]);
            i += used;
            continue;
        }
        let mut used = None;
        if dialect.hugo() && (here.starts_with("{{<") || here.starts_with("{{%")) {
            used = hugo_shortcode(text, i, out);
        } else if here.starts_with("{%") && (dialect.liquid() || dialect.zola()) {
            used = liquid_tag(text, i, dialect, out);
        } else if here.starts_with("{{")
            && (dialect.zola() || dialect.generator == Some(Generator::Jekyll))
        {
            // An output tag may span lines (Zola's shortcodes with long arguments).
            let ahead = window(text, i, MAX_TAG_BYTES);
            if let Some(close) = ahead.find("}}") {
                let inner = ahead[2..close].trim();
                out.push_str(&if dialect.zola() {
                    zola_inline(inner)
                } else {
                    liquid_output(inner, dialect)
                });
                used = Some(i + close + 2);
            }
        } else if dialect.wiki() && here.starts_with("[[") {
            if let Some(link) = here
                .find("]]")
                .and_then(|close| Some((close, wiki_link(&here[2..close])?)))
            {
                out.push_str(&link.1);
                used = Some(i + link.0 + 2);
            }
        }
        match used {
            Some(next) => {
                i = next;
                if i >= line_end {
                    // Ran past this line: at a line's start, the caller
                    // looks for fences again; mid-line, the line goes on.
                    if i == text.len() || text[..i].ends_with('\n') {
                        return i;
                    }
                    line_end = text[i..]
                        .find('\n')
                        .map(|n| i + n + 1)
                        .unwrap_or(text.len());
                }
            }
            None => {
                let ch = here.chars().next().map(char::len_utf8).unwrap_or(1);
                out.push_str(&here[..ch]);
                i += ch;
            }
        }
    }
    line_end
}

/// A chip standing for a shortcode or tag Quire does not show otherwise.
fn chip(kind: &str, name: &str) -> String {
    let name = escape(name);
    format!("<span class=\"shortcode\" title=\"{kind}: {name}\">{name}</span>")
}

fn escape(text: &str) -> String {
    crate::markdown::escape_html(text)
}

/// Words and quoted strings of a shortcode's or tag's arguments; `key=value`
/// pairs stay joined (`caption="A b"` is one argument, unquoted).
fn arguments(text: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' || c == '`' => {
                quote = Some(c);
                started = true;
            }
            None if c.is_whitespace() => {
                if started {
                    args.push(std::mem::take(&mut current));
                    started = false;
                }
            }
            None => {
                current.push(c);
                started = true;
            }
        }
    }
    if started {
        args.push(current);
    }
    args
}

/// The named argument `key` (`key="v"` or `key=v`).
fn named<'a>(args: &'a [String], key: &str) -> Option<&'a str> {
    args.iter().find_map(|a| {
        a.split_once('=')
            .filter(|(k, _)| k.trim() == key)
            .map(|(_, v)| v.trim())
    })
}

/// The `n`th positional argument (one without `=`).
fn positional(args: &[String], n: usize) -> Option<&str> {
    args.iter()
        .filter(|a| !a.contains('='))
        .nth(n)
        .map(String::as_str)
}

/// A fence long enough for `code`, with `code` and the language.
fn fenced(language: &str, code: &str) -> String {
    let longest = code
        .lines()
        .map(|l| l.trim_start().chars().take_while(|c| *c == '`').count())
        .max()
        .unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let code = code.strip_prefix('\n').unwrap_or(code);
    let code = code.strip_prefix("\r\n").unwrap_or(code);
    let newline = if code.ends_with('\n') { "" } else { "\n" };
    let language: String = language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(*c))
        .collect();
    format!("\n{fence}{language}\n{code}{newline}{fence}\n")
}

/// A link card to a resource the page does not load.
fn card(label: &str, url: &str) -> String {
    format!(
        "<a class=\"embed-card\" href=\"{}\">{}</a>",
        escape(url),
        escape(label)
    )
}

fn url_part(text: &str) -> Option<&str> {
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    ok.then_some(text)
}

/// One Hugo shortcode at `text[at..]`; returns the bytes of `text` consumed
/// through the end of its line (or of its closing tag's line).
fn hugo_shortcode(text: &str, at: usize, out: &mut String) -> Option<usize> {
    let (open, close) = if text[at..].starts_with("{{<") {
        ("{{<", ">}}")
    } else {
        ("{{%", "%}}")
    };
    let end = at + window(text, at, MAX_TAG_BYTES).find(close)?;
    let inner = text[at + open.len()..end].trim();
    let after = end + close.len();
    // `{{</* x */>}}` shows the shortcode itself, as Hugo does.
    if let Some(shown) = inner.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
        out.push_str(&escape(&format!("{open} {} {close}", shown.trim())));
        return Some(after);
    }
    if inner.starts_with('/') {
        // A closing tag: its opening tag's chip already marks the block.
        return Some(after);
    }
    let args = arguments(inner);
    let name = args.first().cloned().unwrap_or_default();
    let args = &args[1.min(args.len())..];
    match name.as_str() {
        "highlight" => {
            let closing = next_closer(text, after, "/highlight", |t| {
                find_closing_hugo(t, "highlight")
            })?;
            let code = &text[after..after + closing.0];
            out.push_str(&fenced(positional(args, 0).unwrap_or(""), code));
            let resume = after + closing.1;
            return Some(skip_blank_rest(text, resume));
        }
        "ref" | "relref" => {
            let target = positional(args, 0)
                .or_else(|| named(args, "path"))
                .unwrap_or("");
            out.push_str(&target.replace(' ', "%20"));
        }
        "figure" => {
            let src = named(args, "src").unwrap_or("");
            let alt = named(args, "alt").or(named(args, "caption")).unwrap_or("");
            let caption = named(args, "caption").or(named(args, "title"));
            let img = format!("<img src=\"{}\" alt=\"{}\">", escape(src), escape(alt));
            let img = match named(args, "link") {
                Some(link) => format!("<a href=\"{}\">{img}</a>", escape(link)),
                None => img,
            };
            let caption = caption
                .map(|c| format!("<figcaption>{}</figcaption>", escape(c)))
                .unwrap_or_default();
            out.push_str(&format!("<figure>{img}{caption}</figure>"));
        }
        "youtube" => {
            let id = named(args, "id").or(positional(args, 0)).and_then(url_part);
            match id {
                Some(id) => out.push_str(&card(
                    &format!("YouTube video {id}"),
                    &format!("https://www.youtube.com/watch?v={id}"),
                )),
                None => out.push_str(&chip("Hugo shortcode", "youtube")),
            }
        }
        "vimeo" => {
            let id = named(args, "id").or(positional(args, 0)).and_then(url_part);
            match id {
                Some(id) => out.push_str(&card(
                    &format!("Vimeo video {id}"),
                    &format!("https://vimeo.com/{id}"),
                )),
                None => out.push_str(&chip("Hugo shortcode", "vimeo")),
            }
        }
        "gist" => {
            let user = named(args, "user")
                .or(positional(args, 0))
                .and_then(url_part);
            let id = named(args, "id").or(positional(args, 1)).and_then(url_part);
            match (user, id) {
                (Some(user), Some(id)) => out.push_str(&card(
                    &format!("Gist {user}/{id}"),
                    &format!("https://gist.github.com/{user}/{id}"),
                )),
                _ => out.push_str(&chip("Hugo shortcode", "gist")),
            }
        }
        "tweet" | "x" => {
            let id = named(args, "id")
                .or(positional(args, 1))
                .or(positional(args, 0))
                .and_then(url_part);
            let user = named(args, "user").and_then(url_part).unwrap_or("i");
            match id {
                Some(id) => out.push_str(&card(
                    &format!("Post {id} on X"),
                    &format!("https://x.com/{user}/status/{id}"),
                )),
                None => out.push_str(&chip("Hugo shortcode", &name)),
            }
        }
        "" => out.push_str(&escape(&text[at..after])),
        _ => out.push_str(&chip("Hugo shortcode", &name)),
    }
    Some(after)
}

/// Where `{{< /name >}}` (or `{{% /name %}}`) starts in `text`, and where it ends.
fn find_closing_hugo(text: &str, name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{{") {
        let start = from + at;
        let rest = &text[start + 2..];
        let (body, close) = if let Some(r) = rest.strip_prefix('<') {
            (r, ">}}")
        } else if let Some(r) = rest.strip_prefix('%') {
            (r, "%}}")
        } else {
            from = start + 2;
            continue;
        };
        if let Some(end) = body.find(close) {
            let inner = body[..end].trim();
            if inner.strip_prefix('/').is_some_and(|n| n.trim() == name) {
                return Some((start, start + 3 + end + close.len()));
            }
        }
        from = start + 2;
    }
    None
}

/// After a block's closing tag: past the end of its line when nothing but
/// blanks follow it there, else right after the tag.
fn skip_blank_rest(text: &str, from: usize) -> usize {
    let line_end = text[from..]
        .find('\n')
        .map(|i| from + i + 1)
        .unwrap_or(text.len());
    if text[from..line_end].trim().is_empty() {
        line_end
    } else {
        from
    }
}

/// One Liquid (or Zola body) tag at `text[at..]`.
fn liquid_tag(text: &str, at: usize, dialect: &Dialect, out: &mut String) -> Option<usize> {
    let end = at + window(text, at, MAX_TAG_BYTES).find("%}")?;
    let inner = text[at + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
    let after = end + 2;
    if dialect.zola() {
        // `{% name(args) %}` … `{% end %}`: a body shortcode.
        if inner == "end" {
            return Some(after);
        }
        let name = inner.split(['(', ' ']).next().unwrap_or(inner);
        out.push_str(&chip("Zola shortcode", name));
        return Some(after);
    }
    let args = arguments(inner);
    let name = args.first().cloned().unwrap_or_default();
    let args = &args[1.min(args.len())..];
    match name.as_str() {
        "highlight" => {
            let (start, resume) = next_closer(text, after, "endhighlight", |t| {
                find_liquid_end(t, "endhighlight")
            })?;
            let code = &text[after..after + start];
            out.push_str(&fenced(positional(args, 0).unwrap_or(""), code));
            return Some(skip_blank_rest(text, after + resume));
        }
        "raw" => {
            let (start, resume) =
                next_closer(text, after, "endraw", |t| find_liquid_end(t, "endraw"))?;
            out.push_str(&text[after..after + start]);
            return Some(after + resume);
        }
        "comment" => {
            let (_, resume) = next_closer(text, after, "endcomment", |t| {
                find_liquid_end(t, "endcomment")
            })?;
            return Some(skip_blank_rest(text, after + resume));
        }
        "post_url" => {
            let target = positional(args, 0).unwrap_or("");
            let name = target.rsplit('/').next().unwrap_or(target);
            out.push_str(&format!("/{}/", name.replace(' ', "%20")));
        }
        "link" => {
            let target = positional(args, 0).unwrap_or("");
            out.push_str(&format!(
                "/{}",
                target.trim_start_matches('/').replace(' ', "%20")
            ));
        }
        "" => out.push_str(&escape(&text[at..after])),
        _ => out.push_str(&chip("Liquid tag", &name)),
    }
    Some(after)
}

/// Where `{% end %}` (any spacing, `-` trims) starts, and where it ends.
fn find_liquid_end(text: &str, end_name: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(at) = text[from..].find("{%") {
        let start = from + at;
        let close = start + text[start..].find("%}")?;
        let inner = text[start + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner == end_name {
            return Some((start, close + 2));
        }
        from = close + 2;
    }
    None
}

/// Liquid's `{{ … }}` output: site variables from the config, the URL
/// filters, a chip for anything else.
fn liquid_output(inner: &str, dialect: &Dialect) -> String {
    let mut parts = inner.split('|').map(str::trim);
    let value = parts.next().unwrap_or("");
    let filters: Vec<&str> = parts.collect();
    let quoted = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')));
    let url_filter = filters
        .iter()
        .any(|f| *f == "relative_url" || *f == "absolute_url");
    if let Some(text) = quoted {
        if url_filter {
            return format!("{}/{}", dialect.base_path, text.trim_start_matches('/'));
        }
        return escape(text);
    }
    if let Some(key) = value.strip_prefix("site.") {
        if key == "baseurl" {
            return dialect.base_path.to_string();
        }
        let found = dialect.values.and_then(|values| {
            key.split('.')
                .try_fold(values, |v, k| v.get(k))
                .and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    Value::Bool(b) => Some(b.to_string()),
                    _ => None,
                })
        });
        if let Some(found) = found {
            return escape(&found);
        }
    }
    chip("Liquid variable", value)
}

/// Zola's inline shortcode `{{ name(args) }}`, as a chip.
fn zola_inline(inner: &str) -> String {
    let name = inner.split(['(', ' ', '|']).next().unwrap_or(inner);
    chip("Zola shortcode", name)
}

/// An Obsidian `[[Note|shown#heading]]` as a Markdown link to `Note.md`.
fn wiki_link(inner: &str) -> Option<String> {
    if inner.is_empty() || inner.contains('\n') || inner.contains('[') {
        return None;
    }
    let (target, alias) = match inner.split_once('|') {
        Some((t, s)) => (t.trim(), Some(s.trim())),
        None => (inner.trim(), None),
    };
    let (note, heading) = match target.split_once('#') {
        Some((n, h)) => (n.trim(), Some(h.trim())),
        None => (target, None),
    };
    // As Obsidian shows it: the alias, else the note and its heading.
    let shown = match (alias, heading) {
        (Some(alias), _) => alias.to_string(),
        (None, Some(heading)) if !note.is_empty() => format!("{note} › {heading}"),
        (None, Some(heading)) => heading.to_string(),
        (None, None) => note.to_string(),
    };
    let file = if note.is_empty() {
        String::new()
    } else if note.to_ascii_lowercase().ends_with(".md") {
        note.to_string()
    } else {
        format!("{note}.md")
    };
    let fragment = heading
        .map(|h| format!("#{}", crate::post::slugify(h)))
        .unwrap_or_default();
    let address: String = format!("{file}{fragment}")
        .chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '(' => "%28".to_string(),
            ')' => "%29".to_string(),
            '<' => "%3C".to_string(),
            '>' => "%3E".to_string(),
            c => c.to_string(),
        })
        .collect();
    let shown = shown.replace(['[', ']'], "");
    Some(format!("[{shown}]({address})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hugo(text: &str) -> String {
        expand(
            text,
            &Dialect {
                generator: Some(Generator::Hugo),
                ..Dialect::default()
            },
        )
        .into_owned()
    }

    #[test]
    fn arguments_keep_quoted_words_together() {
        assert_eq!(
            arguments(r#"figure src="/a b.png" caption='A "b"' x"#),
            ["figure", "src=/a b.png", "caption=A \"b\"", "x"]
        );
    }

    #[test]
    fn code_stays_as_written() {
        let text = "`{{< youtube x >}}` and\n```\n{{< youtube y >}}\n```\n";
        assert_eq!(hugo(text), text);
    }
}
