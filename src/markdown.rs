//! Markdown to safe HTML: one pure pipeline (parse, render, highlight,
//! sanitize) shared by the live preview and the exported pages, so the webview
//! and a reader's browser only ever see sanitized HTML.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::{self};
use std::sync::{Mutex, OnceLock};

use comrak::adapters::SyntaxHighlighterAdapter;
use comrak::options::Plugins;
use comrak::Options;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use crate::frontmatter::FrontMatter;

/// Prefix of every id in rendered HTML (headings, footnotes, raw HTML), so
/// a post cannot clobber the ids of the page around it.
const ID_PREFIX: &str = "user-content-";

/// Words a minute for the reading time: a common figure for screen reading.
const WORDS_PER_MINUTE: usize = 230;

/// Highlighted code blocks kept, so an edit elsewhere in a post does not
/// highlight its code again (syntect does about 16,000 lines/s).
const HIGHLIGHT_CACHE_ENTRIES: usize = 1024;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Rendered {
    /// Sanitized HTML of the body.
    pub html: String,
    /// The title from the front matter, shown above the body as plain text.
    pub title: Option<String>,
    pub words: usize,
    pub reading_minutes: usize,
}

/// Renders a post's whole text; the front matter is not shown.
pub fn render(text: &str) -> Rendered {
    let fm = FrontMatter::split(text);
    let title = fm
        .kind
        .and_then(|_| crate::frontmatter::Meta::from_text(text).title);
    Rendered {
        title,
        ..render_body(fm.body)
    }
}

/// `render`, with the body's shortcodes and Liquid shown as the site's
/// generator would show them (see `shortcodes`).
pub(crate) fn render_in(text: &str, dialect: &crate::shortcodes::Dialect) -> Rendered {
    let fm = FrontMatter::split(text);
    let title = fm
        .kind
        .and_then(|_| crate::frontmatter::Meta::from_text(text).title);
    Rendered {
        title,
        ..render_body(&crate::shortcodes::expand(fm.body, dialect))
    }
}

/// Renders Markdown without front matter.
pub fn render_body(body: &str) -> Rendered {
    render_body_and_links(body).0
}

/// Renders Markdown without front matter, and gives the address of every
/// Markdown link and image as written (an export copies the local ones):
/// one parse serves both.
pub(crate) fn render_body_and_links(body: &str) -> (Rendered, Vec<String>) {
    use comrak::nodes::NodeValue;
    let highlighter = CodeBlocks::default();
    let plugins = {
        let mut plugins = Plugins::default();
        plugins.render.codefence_syntax_highlighter = Some(&highlighter);
        plugins
    };
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, comrak_options());
    cap_nesting(&arena, root);
    let links = root
        .descendants()
        .filter_map(|node| match &node.data().value {
            NodeValue::Image(link) | NodeValue::Link(link) => Some(link.url.clone()),
            _ => None,
        })
        .collect();
    let mut unsafe_html = String::with_capacity(body.len() * 2);
    // Writing into a String cannot fail.
    let _ = comrak::format_html_with_plugins(root, comrak_options(), &mut unsafe_html, &plugins);
    if html_nesting(&unsafe_html) > MAX_HTML_NESTING {
        // Raw HTML nested this deep would take the sanitizer time that grows
        // with the square of the depth: the post's HTML is shown as text.
        highlighter.clear();
        unsafe_html.clear();
        let _ = comrak::format_html_with_plugins(
            root,
            comrak_options_escaping_html(),
            &mut unsafe_html,
            &plugins,
        );
    }
    let html = highlighter.splice(&sanitizer().clean(&unsafe_html).to_string());
    let words = prose_words(root);
    let reading_minutes = words.div_ceil(WORDS_PER_MINUTE);
    let rendered = Rendered {
        html,
        title: None,
        words,
        reading_minutes,
    };
    (rendered, links)
}

/// Block quotes and list items nested deeper than this are not shown: no
/// writer nests so deep, and beyond it the sanitizer's HTML parser takes time
/// that grows with the square of the depth (50,000 levels took 21 s).
const MAX_NESTING: usize = 64;

/// Elements nested deeper than this in a post's HTML (its raw HTML, since
/// Markdown's own nesting is capped at `MAX_NESTING`) make the post's raw
/// HTML show as text: 200,000 nested `<div>` took the sanitizer minutes.
const MAX_HTML_NESTING: usize = 512;

/// Elements that have no end tag.
const VOID_ELEMENTS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param",
];

/// How deep elements nest in `html`, counted from its tags in one pass (an
/// end tag closes one level; a void or self-closed element opens none). It
/// only has to be an upper bound for HTML that nests deep.
fn html_nesting(html: &str) -> usize {
    let bytes = html.as_bytes();
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + at + 1;
        i = start;
        match bytes.get(start) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = bytes[start..]
                    .iter()
                    .position(|&b| b == b'>')
                    .map_or(bytes.len(), |e| start + e);
                let name_end = bytes[start..end]
                    .iter()
                    .position(|b| !b.is_ascii_alphanumeric())
                    .map_or(end, |e| start + e);
                let name = html[start..name_end].to_ascii_lowercase();
                let self_closed = end > start && bytes[end - 1] == b'/';
                if !self_closed && !VOID_ELEMENTS.contains(&name.as_str()) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                i = end;
            }
            _ => {}
        }
    }
    deepest
}

/// Replaces what is nested deeper than `MAX_NESTING` quotes and list items
/// with a note saying so. The post's text is untouched: only its HTML.
fn cap_nesting<'a>(arena: &'a comrak::Arena<'a>, root: &'a comrak::nodes::AstNode<'a>) {
    use comrak::nodes::{AstNode, NodeValue};
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        let (nests, list) = {
            let value = &node.data().value;
            (
                matches!(value, NodeValue::BlockQuote | NodeValue::Item(_)),
                matches!(value, NodeValue::List(_)),
            )
        };
        let depth = depth + usize::from(nests || list);
        if nests && depth >= MAX_NESTING && node.first_child().is_some() {
            let children: Vec<_> = node.children().collect();
            for child in children {
                child.detach();
            }
            let paragraph = arena.alloc(AstNode::from(NodeValue::Paragraph));
            paragraph.append(arena.alloc(AstNode::from(NodeValue::Text(
                "[nested too deeply to show]".into(),
            ))));
            node.append(paragraph);
            continue;
        }
        stack.extend(node.children().map(|child| (child, depth)));
    }
}

/// Words of prose and minutes to read them, counted from the parse the
/// preview renders (see `prose_words`), so the two always agree.
pub(crate) fn counts(body: &str) -> (usize, usize) {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, comrak_options());
    let words = prose_words(root);
    (words, words.div_ceil(WORDS_PER_MINUTE))
}

/// The words a reader reads: the text of headings, paragraphs, lists, quotes
/// and tables, inline code included; not code blocks, raw HTML, link
/// addresses or images (`![alt](x.png)` counted as words before). Text runs
/// of one block are joined first, so `foo**bar**` stays one word.
fn prose_words<'a>(root: &'a comrak::nodes::AstNode<'a>) -> usize {
    use comrak::nodes::NodeValue;
    let mut text = String::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &node.data().value {
            NodeValue::Text(t) => text.push_str(t),
            NodeValue::Code(code) => text.push_str(&code.literal),
            NodeValue::SoftBreak | NodeValue::LineBreak => text.push(' '),
            NodeValue::CodeBlock(_)
            | NodeValue::HtmlBlock(_)
            | NodeValue::HtmlInline(_)
            | NodeValue::Image(_)
            | NodeValue::FrontMatter(_) => continue,
            value => {
                // A block (or a table cell) starts: its words are apart from the last one's.
                if value.block() || matches!(value, NodeValue::TableCell) {
                    text.push(' ');
                }
            }
        }
        // Children in document order: pushed last first.
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
    words_in(&text)
}

fn comrak_options() -> &'static Options<'static> {
    static OPTIONS: OnceLock<Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut o = Options::default();
        o.extension.strikethrough = true;
        o.extension.table = true;
        o.extension.autolink = true;
        o.extension.tasklist = true;
        o.extension.footnotes = true;
        // Prefixed so a heading can never take an id the app's own page uses.
        o.extension.header_id_prefix = Some(ID_PREFIX.to_string());
        o.extension.header_id_prefix_in_href = true;
        // Raw HTML is rendered, then the sanitizer decides what survives:
        // comrak's tagfilter is not a sanitizer.
        o.render.r#unsafe = true;
        o
    })
}

/// The classes a post's HTML may carry: those the renderer itself writes
/// (footnotes, task lists, heading anchors, a code block's language) and the
/// syntax-highlighting classes the preview's and the export's styles colour.
/// Any other (the app's own notice or dialog classes) is dropped, so a post
/// cannot dress its text as the app's interface.
const ALLOWED_CLASSES: &[&str] = &[
    "anchor",
    "contains-task-list",
    "footnote-backref",
    "footnote-ref",
    "footnotes",
    "task-list-item",
    "task-list-item-checkbox",
    // A shortcode or Liquid tag shown by name, a link card for an embed
    // (`shortcodes.rs`).
    "shortcode",
    "embed-card",
    // ui/src/styles/syntax.css (a test keeps the two in step).
    "annotation",
    "attribute",
    "attribute-name",
    "bold",
    "character",
    "code",
    "comment",
    "constant",
    "deleted",
    "entity",
    "escape",
    "heading",
    "inserted",
    "invalid",
    "italic",
    "keyword",
    "language",
    "markup",
    "meta",
    "name",
    "operator",
    "other",
    "parameter",
    "preprocessor",
    "raw",
    "storage",
    "string",
    "support",
    "tag",
    "type",
    "variable",
];

/// A class attribute's allowed names, or None when none is left.
fn allowed_classes(value: &str) -> Option<String> {
    let kept: Vec<&str> = value
        .split_ascii_whitespace()
        .filter(|class| ALLOWED_CLASSES.contains(class) || class.starts_with("language-"))
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// The same, with a post's raw HTML written out as text.
fn comrak_options_escaping_html() -> &'static Options<'static> {
    static OPTIONS: OnceLock<Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut o = comrak_options().clone();
        o.render.r#unsafe = false;
        o.render.escape = true;
        o
    })
}

/// The allowlist: no script, style, svg, math, frames, forms or embeds; only
/// http, https, mailto and relative URLs; no event handlers.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        // Landmarks inside a post would confuse the app's own and a theme's.
        b.rm_tags(["nav", "header", "footer", "aside", "article", "area", "map"]);
        b.add_tags(["section", "input"]);
        b.add_generic_attributes(["id", "class"]);
        b.add_tag_attributes("a", ["aria-label", "aria-hidden"]);
        b.add_tag_attributes("input", ["checked"]);
        b.set_tag_attribute_value("input", "type", "checkbox");
        b.set_tag_attribute_value("input", "disabled", "");
        b.id_prefix(Some(ID_PREFIX));
        b.url_schemes(HashSet::from(["http", "https", "mailto"]));
        b.link_rel(Some("noopener noreferrer"));
        // A code block's marker is put back only where it is text: one that
        // raw HTML pulled into an attribute is dropped with the attribute.
        // An in-page link (`#fn-1`, `#a-heading`) follows its target's id,
        // which the sanitizer prefixes: without this, footnotes and a post's
        // own anchor links are dead in an exported page.
        b.attribute_filter(|element, attribute, value| {
            if value.contains(CODE_MARK) {
                return None;
            }
            if attribute == "class" {
                return allowed_classes(value).map(Into::into);
            }
            match value.strip_prefix('#') {
                Some(id)
                    if element == "a"
                        && attribute == "href"
                        && !id.is_empty()
                        && id != "top"
                        && !id.starts_with(ID_PREFIX) =>
                {
                    Some(format!("#{ID_PREFIX}{id}").into())
                }
                _ => Some(value.into()),
            }
        });
        b
    })
}

/// The words of one line: runs of non-whitespace (as `split_whitespace`
/// splits) with a letter or a digit in them. It runs on every keystroke: an
/// ASCII line (most of them) is one pass over its bytes with a table, three
/// times fewer instructions than `split_whitespace` with a test per word.
fn words_in(line: &str) -> usize {
    if !line.is_ascii() {
        return line
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
    }
    const OTHER: u8 = 0;
    const SPACE: u8 = 1;
    const ALPHANUMERIC: u8 = 2;
    // char::is_whitespace's ASCII (with the vertical tab), letters and digits.
    const CLASS: [u8; 128] = {
        let mut class = [OTHER; 128];
        let mut b = 0;
        while b < 128 {
            class[b] = match b as u8 {
                b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => SPACE,
                b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => ALPHANUMERIC,
                _ => OTHER,
            };
            b += 1;
        }
        class
    };
    let (mut words, mut counted) = (0, false);
    for &byte in line.as_bytes() {
        match CLASS[byte as usize] {
            SPACE => counted = false,
            ALPHANUMERIC if !counted => {
                words += 1;
                counted = true;
            }
            _ => {}
        }
    }
    words
}

fn syntax_set() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
}

type HighlightKey = [u8; 32];

fn highlight_cache() -> &'static Mutex<HashMap<HighlightKey, String>> {
    static CACHE: OnceLock<Mutex<HashMap<HighlightKey, String>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Brackets a code block's marker; a private-use character no post needs.
const CODE_MARK: char = '\u{E000}';

/// A number no post can know, so a post's own text never reads as a marker.
fn marker_nonce() -> u128 {
    static NONCE: OnceLock<u128> = OnceLock::new();
    *NONCE.get_or_init(|| {
        use std::hash::BuildHasher;
        // Each RandomState is seeded from the operating system's randomness.
        let high = std::collections::hash_map::RandomState::new().hash_one(1u8);
        let low = std::collections::hash_map::RandomState::new().hash_one(2u8);
        (u128::from(high) << 64) | u128::from(low)
    })
}

/// Highlights fenced code with syntect's class-based spans (themes style them
/// in CSS, light and dark alike), caching each block by its language and text.
///
/// Highlighted code is HTML this module makes (spans with syntect's class
/// names around escaped text), and its many spans would be most of what the
/// sanitizer parses: each block goes through the sanitizer as a text marker
/// and is put back after, which halves the time of a post with code.
#[derive(Default)]
struct CodeBlocks {
    blocks: Mutex<Vec<String>>,
}

impl CodeBlocks {
    fn marker_prefix() -> &'static str {
        static PREFIX: OnceLock<String> = OnceLock::new();
        PREFIX.get_or_init(|| format!("{CODE_MARK}{:032x}:", marker_nonce()))
    }

    /// Forgets the blocks of a rendering that is thrown away.
    fn clear(&self) {
        self.blocks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
    }

    /// Puts each block back where the sanitizer left its marker.
    fn splice(&self, sanitized: &str) -> String {
        let blocks = std::mem::take(&mut *self.blocks.lock().unwrap_or_else(|e| e.into_inner()));
        if blocks.is_empty() {
            return sanitized.to_string();
        }
        let prefix = Self::marker_prefix();
        let mut out =
            String::with_capacity(sanitized.len() + blocks.iter().map(String::len).sum::<usize>());
        let mut rest = sanitized;
        while let Some(at) = rest.find(prefix) {
            out.push_str(&rest[..at]);
            let after = &rest[at + prefix.len()..];
            let end = after.find(CODE_MARK).unwrap_or(after.len());
            if let Some(block) = after[..end]
                .parse::<usize>()
                .ok()
                .and_then(|i| blocks.get(i))
            {
                out.push_str(block);
            }
            rest = after.get(end + CODE_MARK.len_utf8()..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    fn highlight(lang: Option<&str>, code: &str) -> String {
        let syntax = lang.filter(|l| !l.is_empty()).and_then(|l| {
            syntax_set()
                .find_syntax_by_token(l)
                .or_else(|| syntax_set().find_syntax_by_token(language_alias(l)?))
        });
        let Some(syntax) = syntax else {
            return escape_html(code);
        };
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, syntax_set(), ClassStyle::Spaced);
        for line in LinesWithEndings::from(code) {
            if gen
                .parse_html_for_line_which_includes_newline(line)
                .is_err()
            {
                return escape_html(code);
            }
        }
        gen.finalize()
    }
}

impl SyntaxHighlighterAdapter for CodeBlocks {
    fn write_highlighted(
        &self,
        output: &mut dyn fmt::Write,
        lang: Option<&str>,
        code: &str,
    ) -> fmt::Result {
        let mut hasher = blake3::Hasher::new();
        hasher.update(lang.unwrap_or("").as_bytes());
        hasher.update(&[0]);
        hasher.update(code.as_bytes());
        let key: HighlightKey = *hasher.finalize().as_bytes();
        let cached = highlight_cache()
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned());
        let html = match cached {
            Some(html) => html,
            None => {
                let html = Self::highlight(lang, code);
                if let Ok(mut cache) = highlight_cache().lock() {
                    if cache.len() >= HIGHLIGHT_CACHE_ENTRIES {
                        cache.clear();
                    }
                    cache.insert(key, html.clone());
                }
                html
            }
        };
        let mut blocks = self.blocks.lock().unwrap_or_else(|e| e.into_inner());
        write!(
            output,
            "{}{}{CODE_MARK}",
            Self::marker_prefix(),
            blocks.len()
        )?;
        blocks.push(html);
        Ok(())
    }

    fn write_pre_tag(
        &self,
        output: &mut dyn fmt::Write,
        _attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        output.write_str("<pre class=\"code\">")
    }

    fn write_code_tag(
        &self,
        output: &mut dyn fmt::Write,
        attributes: HashMap<&'static str, Cow<'_, str>>,
    ) -> fmt::Result {
        match attributes.get("class") {
            Some(class) => write!(output, "<code class=\"{}\">", escape_html(class)),
            None => output.write_str("<code>"),
        }
    }
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        render(md).html
    }

    #[test]
    fn every_class_the_highlighting_styles_colour_is_allowed_in_a_post() {
        let css = include_str!("../ui/src/styles/syntax.css");
        for class in css
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '.'))
            .flat_map(|word| word.split('.').skip(1))
            .filter(|class| class.starts_with(|c: char| c.is_ascii_alphabetic()))
        {
            assert!(
                ALLOWED_CLASSES.contains(&class),
                "{class} is in syntax.css but not allowed"
            );
        }
        let out = html("<p class=\"toast error keyword\">x</p><span class=\"notice\">y</span>");
        assert!(out.contains("<p class=\"keyword\">x</p>"), "{out}");
        assert!(out.contains("<span>y</span>"), "{out}");
    }

    #[test]
    fn renders_gfm() {
        let out = html("# Title\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ https://example.com\n\n- [x] done\n\nNote[^1], [back up](#title)\n\n[^1]: A footnote.\n");
        assert!(out.contains("<h1 id=\"user-content-title\">"), "{out}");
        assert!(out.contains("href=\"#user-content-title\""), "{out}");
        let raw = html("<p id=\"preview\">x</p><input value=x>");
        assert!(raw.contains("id=\"user-content-preview\""), "{raw}");
        assert!(raw.contains("type=\"checkbox\""), "{raw}");
        assert!(
            out.contains("<table>") && out.contains("<td>1</td>"),
            "{out}"
        );
        assert!(out.contains("<del>gone</del>"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.com\" rel=\"noopener noreferrer\">"),
            "{out}"
        );
        assert!(
            out.contains("type=\"checkbox\"") && out.contains("checked"),
            "{out}"
        );
        assert!(out.contains("footnote"), "{out}");
        // Every in-page link leads to an id that is in the page.
        let ids: Vec<&str> = out
            .split("id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        for href in out
            .split("href=\"#")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            assert!(ids.contains(&href), "#{href} has no target in {out}");
        }
    }

    #[test]
    fn front_matter_is_not_rendered() {
        let out = html("---\ntitle: Secret\n---\nVisible\n");
        assert_eq!(out.trim(), "<p>Visible</p>");
        assert_eq!(
            render("---\ntitle: <b>Shown</b>\n---\nx").title.as_deref(),
            Some("<b>Shown</b>")
        );
        assert_eq!(
            render("# Heading only\n").title,
            None,
            "a body heading is not repeated"
        );
        let out = html("+++\ntitle = \"Secret\"\n+++\nVisible\n");
        assert_eq!(out.trim(), "<p>Visible</p>");
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = html("```rust\nfn main() { let x = \"s\"; }\n```\n");
        assert!(
            out.starts_with("<pre class=\"code\"><code class=\"language-rust\">"),
            "{out}"
        );
        assert!(
            out.contains("<span class=\"storage type function rust\">fn</span>"),
            "{out}"
        );
        let again = html("Changed text\n\n```rust\nfn main() { let x = \"s\"; }\n```\n");
        assert!(again.contains("<span class=\"storage type function rust\">fn</span>"));
    }

    #[test]
    fn code_blocks_are_put_back_only_as_text() {
        // Code that tries to close its block stays text.
        let out = html("```\n</code></pre><script>alert(1)</script>\n```\n");
        assert!(!out.contains("<script"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
        // Raw HTML that pulls the next block into an attribute loses the
        // attribute, and with it the block: no markup lands in a value.
        let md = "<div title='\n\n```rust\nfn a() { \"' onmouseover=alert(1) \" }\n```\n\n'>after</div>\n";
        let out = html(md);
        assert!(!out.contains("title="), "{out}");
        assert!(!out.contains(CODE_MARK), "{out}");
        // Where raw HTML leaves the block as text, it comes back as text.
        let out = html(&md.replace('\'', "\""));
        assert!(!out.contains(CODE_MARK), "{out}");
        assert!(
            out.contains("<span class=\"storage type function rust\">fn</span>"),
            "{out}"
        );
        // Two blocks each come back in their place, and a writer's own
        // private-use characters are kept.
        let out = html("```\none\n```\n\n\u{E000}0\u{E000} text\n\n```\ntwo\n```\n");
        let one = out.find("one").unwrap();
        let text = out.find("\u{E000}0\u{E000} text").unwrap();
        let two = out.find("two").unwrap();
        assert!(one < text && text < two, "{out}");
    }

    #[test]
    fn nesting_beyond_any_writers_is_cut_short() {
        let out = html(&format!("{}deep\n", "> ".repeat(1_000)));
        assert_eq!(out.matches("<blockquote>").count(), MAX_NESTING);
        assert!(out.contains("[nested too deeply to show]"), "{out}");
        assert!(!out.contains("deep\n"), "{out}");
        let shallow = html("> > quoted twice\n");
        assert_eq!(shallow.matches("<blockquote>").count(), 2);
        assert!(shallow.contains("quoted twice"));
    }

    #[test]
    fn hostile_html_is_removed() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "<details open ontoggle=alert(1)>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<a href=\"JaVaScRiPt&#58;alert(1)\">x</a>",
            "[x](javascript:alert(1))",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<svg><script>alert(1)</script></svg>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
            "<form action=x><button formaction=javascript:alert(1)>b</button></form>",
            "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            "<style>body{display:none}</style>",
            "<object data=x></object><embed src=x><base href=//evil>",
            "```\"><img src=x onerror=alert(1)>\ncode\n```",
            "<a href=\"data:text/html,<script>alert(1)</script>\">d</a>",
        ];
        for md in hostile {
            let out = html(md).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "ontoggle",
                "javascript:",
                "<iframe",
                "<svg",
                "<math",
                "<form",
                "<button",
                "<meta",
                "<style",
                "<object",
                "<embed",
                "<base",
                "data:",
            ] {
                assert!(!out.contains(bad), "{md:?} left {bad:?} in {out}");
            }
        }
    }

    #[test]
    fn counts_words_as_split_whitespace_with_a_letter_or_digit() {
        let reference = |line: &str| {
            line.split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count()
        };
        for line in [
            "",
            "one two  three",
            " -- — … ! 42 x",
            "tab\tsep\u{0B}vertical\u{0C}feed\rreturn",
            "no\u{A0}break\u{3000}ideographic\u{2003}em\u{85}next",
            "naïve café 東京 Ωmega ½ ١٢٣",
            "emoji 🙂 alone and 🙂word",
            "**bold** [link](https://example.com) `code`",
        ] {
            assert_eq!(words_in(line), reference(line), "{line:?}");
        }
        // And lines mixed from those pieces, pseudo-randomly.
        let pieces = [
            "a", "Z", "7", " ", "\t", "\u{0B}", "\u{A0}", "\u{3000}", "\u{85}", "-", "é", "東",
            "🙂", "½", "\u{200B}", "*", "\r",
        ];
        let mut seed = 0x2545_f491_u32;
        for _ in 0..2_000 {
            let mut line = String::new();
            for _ in 0..(seed % 24) {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                line.push_str(pieces[seed as usize % pieces.len()]);
            }
            assert_eq!(words_in(&line), reference(&line), "{line:?}");
        }
    }

    #[test]
    fn counts_prose_words_and_reading_time() {
        let r = render(
            "---\ntitle: Not counted\n---\nOne two three.\n\n```\nnot counted\n```\n- four\n",
        );
        assert_eq!(r.words, 4);
        assert_eq!(r.reading_minutes, 1);
        // What a reader reads, not the Markdown: no link address, image,
        // HTML tag or table rule; emphasis inside a word keeps it one word.
        let prose = "A [link](https://example.com/a-b) ![a cat](cat.png) un**believ**able `x`\n\n\
                     <div class=\"note\">\n\n| h1 | h2 |\n|---|---|\n| c1 | c2 |\n";
        assert_eq!(render(prose).words, 8, "{prose}");
        assert_eq!(counts(prose).0, 8);
        assert_eq!(render("").reading_minutes, 0);
        assert_eq!(render(&"word ".repeat(461)).reading_minutes, 3);
    }
}

/// Whether a link from a post may be opened in the system browser.
pub fn external_link_allowed(url: &str) -> bool {
    external_link(url).is_some()
}

/// The address to open in the system browser for a link from a post, or
/// None: only web pages and mail, never files, shares, custom schemes or
/// script. The address returned is the one checked (trimmed): open it, not
/// the one given. A mail link may carry a subject and a body, nothing else
/// (`?attach=` would have some mail programs attach a file).
pub fn external_link(url: &str) -> Option<String> {
    let url = url.trim();
    if url.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return None;
    }
    let scheme = url.split_once(':').map(|(s, _)| s.to_ascii_lowercase());
    let allowed = match scheme.as_deref() {
        Some("https") | Some("http") => {
            url[url.find(':').unwrap_or(0)..].starts_with("://") && url.len() > 8
        }
        Some("mailto") => {
            let query_allowed = match url.split_once('?') {
                None => true,
                Some((_, query)) => query.split('&').all(|pair| {
                    let key = pair.split('=').next().unwrap_or_default();
                    let key = crate::links::percent_decode(key).to_ascii_lowercase();
                    key == "subject" || key == "body"
                }),
            };
            url.len() > 7 && query_allowed
        }
        _ => false,
    };
    allowed.then(|| url.to_string())
}

#[cfg(test)]
mod link_tests {
    use super::{external_link, external_link_allowed};

    #[test]
    fn the_address_checked_is_the_one_opened_and_mail_links_carry_no_attachments() {
        assert_eq!(
            external_link("  https://example.com/a \n").as_deref(),
            Some("https://example.com/a")
        );
        assert_eq!(
            external_link("mailto:me@example.com?subject=Hi&body=Hello%20there").as_deref(),
            Some("mailto:me@example.com?subject=Hi&body=Hello%20there")
        );
        for bad in [
            "mailto:me@example.com?attach=/etc/passwd",
            "mailto:me@example.com?subject=x&Attach=~/.ssh/id_rsa",
            "mailto:me@example.com?cc=them@example.com",
            "https://exa mple.com",
            "https://example.com/\u{7}",
        ] {
            assert_eq!(external_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn only_web_and_mail_links_open_outside() {
        for ok in [
            "https://example.com",
            "http://example.com/a?b",
            "mailto:me@example.com",
            "HTTPS://EXAMPLE.COM",
        ] {
            assert!(external_link_allowed(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "smb://host/share",
            "quire://x",
            "data:text/html,x",
            "/relative",
            "#anchor",
            "https:evil",
            "",
        ] {
            assert!(!external_link_allowed(bad), "{bad}");
        }
    }
}

/// Names writers and site generators give languages (Hugo's and Rouge's
/// lexer names) that syntect knows by another token.
fn language_alias(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "csharp" | "c#" => "cs",
        "shell" | "console" | "zsh" | "shell-session" => "sh",
        "golang" => "go",
        "js" | "javascript" | "jsx" => "js",
        "ts" | "typescript" => "ts",
        "yml" => "yaml",
        "objc" | "objective-c" => "m",
        "elisp" | "emacs-lisp" => "lisp",
        "viml" | "vim" => "vim",
        "rs" => "rust",
        "py" | "python3" => "py",
        "rb" => "rb",
        "text" | "plaintext" | "txt" => "txt",
        _ => return None,
    })
}
