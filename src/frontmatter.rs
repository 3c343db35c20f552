//! Front matter: splits a post's text into its YAML (`---`) or TOML (`+++`)
//! block and body, derives the fields Quire knows, and edits one key at a time
//! in place, so unknown keys, key order, comments and the body's bytes survive.

use serde::Deserialize;

use crate::error::{Error, Result};

/// Front matter larger than this is not parsed: no writer's metadata is this
/// big, and it bounds the parser's work on hostile input.
const MAX_FRONT_MATTER_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontMatterKind {
    Yaml,
    Toml,
}

/// A post's text cut into its parts; concatenating them gives the text back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// A UTF-8 byte order mark, kept as it was.
    pub bom: &'a str,
    pub kind: Option<FrontMatterKind>,
    /// The opening delimiter line with its line ending.
    pub open: &'a str,
    /// The lines between the delimiters.
    pub block: &'a str,
    /// The closing delimiter line with its line ending (none at end of file).
    pub close: &'a str,
    pub body: &'a str,
    /// Set when the text starts like front matter but never closes it.
    pub unclosed: bool,
}

impl<'a> FrontMatter<'a> {
    /// Splits `text`. Never fails: text without (closed) front matter is all body.
    pub fn split(text: &'a str) -> FrontMatter<'a> {
        let (bom, rest) = match text.strip_prefix('\u{feff}') {
            Some(rest) => (&text[..3], rest),
            None => ("", text),
        };
        let all_body = |unclosed| FrontMatter {
            bom,
            kind: None,
            open: "",
            block: "",
            close: "",
            body: rest,
            unclosed,
        };
        let first_end = rest.find('\n').map(|i| i + 1).unwrap_or(rest.len());
        let first = rest[..first_end].trim_end();
        let (kind, delims): (FrontMatterKind, &[&str]) = match first {
            "---" => (FrontMatterKind::Yaml, &["---", "..."]),
            "+++" => (FrontMatterKind::Toml, &["+++"]),
            _ => return all_body(false),
        };
        if first_end == rest.len() {
            return all_body(true);
        }
        let mut pos = first_end;
        while pos < rest.len() {
            let end = rest[pos..]
                .find('\n')
                .map(|i| pos + i + 1)
                .unwrap_or(rest.len());
            let line = rest[pos..end].trim_end();
            if delims.contains(&line) {
                return FrontMatter {
                    bom,
                    kind: Some(kind),
                    open: &rest[..first_end],
                    block: &rest[first_end..pos],
                    close: &rest[pos..end],
                    body: &rest[end..],
                    unclosed: false,
                };
            }
            pos = end;
        }
        all_body(true)
    }

    /// `\r\n` when the text uses Windows line endings, so edits match them.
    pub(crate) fn newline(&self) -> &'static str {
        if self.open.ends_with("\r\n") || (self.open.is_empty() && self.body.contains("\r\n")) {
            "\r\n"
        } else {
            "\n"
        }
    }
}

/// The fields Quire derives from front matter. Anything absent is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// Where the dialect has them: YAML `categories` (or Jekyll's single
    /// `category`), TOML `categories` or Zola's `[taxonomies] categories`.
    pub categories: Vec<String>,
    pub draft: Option<bool>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub slug: Option<String>,
    pub summary: Option<String>,
    /// Why the front matter could not be read, for the writer; the post still
    /// saves, with the fields that could be read.
    pub problem: Option<String>,
    /// A value that was read but not understood (a date that is not a date).
    pub warning: Option<String>,
}

impl Meta {
    pub fn from_text(text: &str) -> Meta {
        Meta::from_split(&FrontMatter::split(text))
    }

    /// `from_text`, for a caller that has split the text already.
    pub fn from_split(fm: &FrontMatter) -> Meta {
        let mut meta = match fm.kind {
            _ if fm.unclosed => Meta {
                problem: Some("the front matter is not closed".into()),
                ..Meta::default()
            },
            None => Meta::default(),
            Some(_) if fm.block.len() > MAX_FRONT_MATTER_BYTES => Meta {
                problem: Some("the front matter is larger than 1 MB and was not read".into()),
                ..Meta::default()
            },
            Some(FrontMatterKind::Yaml) => yaml_meta(fm.block),
            Some(FrontMatterKind::Toml) => toml_meta(fm.block),
        };
        if meta.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
            meta.title = first_heading(fm.body);
        }
        meta.tags = crate::tags::normalized(std::mem::take(&mut meta.tags));
        meta.categories = crate::tags::normalized(std::mem::take(&mut meta.categories));
        meta
    }
}

/// The text of the first `# ` heading, used as a title when the front matter has none.
fn first_heading(body: &str) -> Option<String> {
    let mut in_fence = false;
    for line in body.lines().take(200) {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence {
            if let Some(rest) = line.strip_prefix("# ") {
                let title = rest.trim().trim_end_matches('#').trim();
                if !title.is_empty() {
                    return Some(title.to_string());
                }
            }
        }
    }
    None
}

/// Accepts `2024-05-01`, `2024-05-01T10:00:00Z`, `2024-05-01 10:00` and keeps the day.
fn normalize_date(value: &str) -> Option<String> {
    let day = value.trim().get(..10)?;
    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(day.to_string())
}

/// Nodes a YAML block may expand to once aliases are resolved: the loader
/// copies an anchored node for each alias, so a few lines can ask for
/// billions of nodes ("billion laughs").
const MAX_YAML_NODES: u64 = 100_000;

/// Counts the nodes the loader would build, aliases expanded, from the event stream.
#[derive(Default)]
struct NodeBudget {
    total: u64,
    /// (anchor id, total when the node opened)
    open: Vec<(usize, u64)>,
    anchored: std::collections::HashMap<usize, u64>,
}

impl yaml_rust2::parser::MarkedEventReceiver for NodeBudget {
    fn on_event(&mut self, event: yaml_rust2::Event, _mark: yaml_rust2::scanner::Marker) {
        use yaml_rust2::Event;
        match event {
            Event::Scalar(_, _, anchor, _) => {
                self.total = self.total.saturating_add(1);
                if anchor > 0 {
                    self.anchored.insert(anchor, 1);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                self.total = self.total.saturating_add(1);
                self.open.push((anchor, self.total));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((anchor, start)) = self.open.pop() {
                    if anchor > 0 {
                        self.anchored
                            .insert(anchor, self.total.saturating_sub(start).saturating_add(1));
                    }
                }
            }
            Event::Alias(anchor) => {
                self.total = self
                    .total
                    .saturating_add(self.anchored.get(&anchor).copied().unwrap_or(1));
            }
            _ => {}
        }
    }
}

/// Why a YAML text could not be loaded.
pub(crate) enum YamlTrouble {
    /// Aliases would expand it past `MAX_YAML_NODES`.
    TooBig,
    /// A syntax error at (line, column), counted from 0 within the text.
    Syntax(usize, usize, String),
}

/// Loads the first YAML document of `text`, refusing one whose aliases would
/// expand it past the node budget before the loader builds anything.
pub(crate) fn load_yaml(text: &str) -> Result<Option<yaml_rust2::Yaml>, YamlTrouble> {
    let mut budget = NodeBudget::default();
    let counted = yaml_rust2::parser::Parser::new_from_str(text).load(&mut budget, true);
    if counted.is_ok() && budget.total > MAX_YAML_NODES {
        return Err(YamlTrouble::TooBig);
    }
    counted
        .and_then(|()| yaml_rust2::YamlLoader::load_from_str(text))
        .map(|docs| docs.into_iter().next())
        .map_err(|err| {
            YamlTrouble::Syntax(
                err.marker().line(),
                err.marker().col(),
                err.info().to_string(),
            )
        })
}

fn yaml_meta(block: &str) -> Meta {
    use yaml_rust2::Yaml;
    let doc = match load_yaml(block) {
        Ok(doc) => doc,
        Err(YamlTrouble::TooBig) => {
            return Meta {
                problem: Some("the front matter expands to too many values (aliases nested too deep) and was not read".into()),
                ..Meta::default()
            };
        }
        Err(YamlTrouble::Syntax(line, col, info)) => {
            return Meta {
                problem: Some(format!(
                    "front matter error at line {}, column {}: {}",
                    // The marker counts from 1 within the block, which starts
                    // on the file's second line.
                    line + 1,
                    col + 1,
                    info
                )),
                ..Meta::default()
            };
        }
    };
    let Some(Yaml::Hash(map)) = doc else {
        return Meta::default();
    };
    // Hugo reads keys in any case (`Categories:`, `Tags:`): the exact key
    // first, then one spelt in another case.
    let get = |key: &str| {
        map.get(&Yaml::String(key.to_string())).or_else(|| {
            map.iter()
                .find(|(k, _)| k.as_str().is_some_and(|k| k.eq_ignore_ascii_case(key)))
                .map(|(_, v)| v)
        })
    };
    let scalar = |value: Option<&Yaml>| -> Option<String> {
        match value? {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
    };
    let boolean = |value: Option<&Yaml>| -> Option<bool> {
        match value? {
            Yaml::Boolean(b) => Some(*b),
            // YAML 1.1 spellings, which Jekyll and older Hugo sites use.
            Yaml::String(s) => match s.to_ascii_lowercase().as_str() {
                "true" | "yes" | "on" | "y" => Some(true),
                "false" | "no" | "off" | "n" => Some(false),
                _ => None,
            },
            _ => None,
        }
    };
    let list = |value: Option<&Yaml>| -> Vec<String> {
        match value {
            Some(Yaml::Array(items)) => items.iter().filter_map(|v| scalar(Some(v))).collect(),
            Some(Yaml::String(s)) => split_tag_string(s),
            _ => Vec::new(),
        }
    };
    let tags = list(get("tags"));
    let categories = match get("categories") {
        Some(value) => list(Some(value)),
        // Jekyll's one category; it may hold spaces ("Remote Work").
        None => scalar(get("category")).into_iter().collect(),
    };
    let published = boolean(get("published"));
    let draft = boolean(get("draft")).or(published.map(|p| !p));
    let date_text = scalar(get("date")).or_else(|| scalar(get("pubDate")));
    let mut meta = Meta {
        title: scalar(get("title")),
        tags,
        categories,
        draft,
        date: date_text.as_deref().and_then(normalize_date),
        slug: scalar(get("slug")),
        summary: scalar(get("summary")).or_else(|| scalar(get("description"))),
        problem: None,
        warning: None,
    };
    if date_text.is_some() && meta.date.is_none() {
        meta.warning = Some(format!(
            "the date {:?} is not a date like 2024-05-01",
            date_text.unwrap_or_default()
        ));
    }
    meta
}

/// Jekyll allows `tags: a b c`; others write `tags: a, b`.
fn split_tag_string(s: &str) -> Vec<String> {
    if s.contains(',') {
        s.split(',').map(|t| t.trim().to_string()).collect()
    } else {
        s.split_whitespace().map(str::to_string).collect()
    }
}

fn toml_meta(block: &str) -> Meta {
    let table: toml::Table = match block.parse() {
        Ok(table) => table,
        Err(err) => {
            let (line, col) = err
                .span()
                .map(|span| line_col(block, span.start))
                .unwrap_or((0, 0));
            return Meta {
                problem: Some(format!(
                    "front matter error at line {}, column {}: {}",
                    // `line` counts from 0 within the block, which starts on the file's second line.
                    line + 2,
                    col + 1,
                    err.message()
                )),
                ..Meta::default()
            };
        }
    };
    let scalar = |value: Option<&toml::Value>| -> Option<String> {
        match value? {
            toml::Value::String(s) => Some(s.clone()),
            toml::Value::Datetime(d) => Some(d.to_string()),
            toml::Value::Integer(i) => Some(i.to_string()),
            toml::Value::Float(f) => Some(f.to_string()),
            toml::Value::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
    };
    // Top level, or under Zola's `[taxonomies]`; in any case, as Hugo reads them.
    let any_case = |table: &'_ toml::Table, key: &str| -> Option<toml::Value> {
        table
            .get(key)
            .or_else(|| {
                table
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(key))
                    .map(|(_, v)| v)
            })
            .cloned()
    };
    let list = |key: &str| -> Vec<String> {
        let value = any_case(&table, key).or_else(|| {
            table
                .get("taxonomies")
                .and_then(|t| t.as_table())
                .and_then(|t| any_case(t, key))
        });
        let value = value.as_ref();
        match value {
            Some(toml::Value::Array(items)) => {
                items.iter().filter_map(|v| scalar(Some(v))).collect()
            }
            Some(toml::Value::String(s)) => split_tag_string(s),
            _ => Vec::new(),
        }
    };
    let tags = list("tags");
    let categories = list("categories");
    let date_text = scalar(table.get("date"));
    let mut meta = Meta {
        title: scalar(table.get("title")),
        tags,
        categories,
        draft: table.get("draft").and_then(|v| v.as_bool()),
        date: date_text.as_deref().and_then(normalize_date),
        slug: scalar(table.get("slug")),
        summary: scalar(table.get("description")).or_else(|| scalar(table.get("summary"))),
        problem: None,
        warning: None,
    };
    if date_text.is_some() && meta.date.is_none() {
        meta.warning = Some("the date is not a date like 2024-05-01".into());
    }
    meta
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count();
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0);
    (line, col)
}

/// Fields the writer edits above the editor; each `Some` replaces that key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PostFields {
    pub title: Option<String>,
    pub tags: Option<Vec<String>>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(optional))]
    pub categories: Option<Vec<String>>,
    pub draft: Option<bool>,
    /// `Some(None)` removes the date: the key given as `null`; a missing key
    /// leaves it alone.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "specta", specta(type = Option<String>, optional))]
    pub date: Option<Option<String>>,
}

/// Tells a JSON `null` (remove) from a missing key (leave alone).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

/// Returns `text` with the given fields set in its front matter. Only those
/// keys change; every other byte, the body's included, stays as it was.
pub fn set_fields(text: &str, fields: &PostFields) -> Result<String> {
    if let Some(Some(date)) = &fields.date {
        if normalize_date(date).is_none() || date.len() != 10 {
            return Err(Error::Invalid(format!(
                "{date:?} is not a date like 2024-05-01"
            )));
        }
    }
    let fm = FrontMatter::split(text);
    if fm.unclosed {
        return Err(Error::Invalid(
            "the front matter is not closed: add the closing line (--- or +++) first".into(),
        ));
    }
    let nl = fm.newline();
    let (open, block, close) = match fm.kind {
        Some(FrontMatterKind::Toml) => (
            fm.open.to_string(),
            toml_set(fm.block, fields)?,
            fm.close.to_string(),
        ),
        Some(FrontMatterKind::Yaml) => {
            let mut close = fm.close.to_string();
            if !close.ends_with('\n') {
                close.push_str(nl);
            }
            (fm.open.to_string(), yaml_set(fm.block, fields, nl), close)
        }
        None => (
            format!("---{nl}"),
            yaml_set("", fields, nl),
            format!("---{nl}"),
        ),
    };
    let out = format!("{}{open}{block}{close}{}", fm.bom, fm.body);
    check_only_fields_changed(text, &out, fields)?;
    Ok(out)
}

/// Reads the edited text back and refuses the edit unless exactly the asked
/// fields changed: a line-level YAML edit must never corrupt the rest.
fn check_only_fields_changed(before: &str, after: &str, fields: &PostFields) -> Result<()> {
    let old = Meta::from_text(before);
    let new = Meta::from_text(after);
    let refuse = || {
        Err(Error::Invalid(
            "Quire could not change this front matter safely; edit it in the text instead".into(),
        ))
    };
    if new.problem.is_some() && old.problem.is_none() {
        return refuse();
    }
    let normalized = |tags: &[String]| -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for tag in tags {
            let tag = tag.trim().to_lowercase();
            if !tag.is_empty() && !seen.contains(&tag) {
                seen.push(tag);
            }
        }
        seen
    };
    let title_ok = match &fields.title {
        Some(title) if !title.trim().is_empty() => new.title.as_deref() == Some(title.as_str()),
        _ => new.title == old.title,
    };
    let expected_tags = fields.tags.as_deref().unwrap_or(&old.tags);
    let tags_ok = normalized(&new.tags) == normalized(expected_tags);
    let expected_categories = fields.categories.as_deref().unwrap_or(&old.categories);
    let categories_ok = normalized(&new.categories) == normalized(expected_categories);
    let draft_ok = new.draft == fields.draft.or(old.draft);
    let date_ok = new.date == fields.date.clone().unwrap_or(old.date.clone());
    if !(title_ok
        && tags_ok
        && categories_ok
        && draft_ok
        && date_ok
        && new.slug == old.slug
        && new.summary == old.summary)
    {
        return refuse();
    }
    Ok(())
}

fn yaml_set(block: &str, fields: &PostFields, nl: &str) -> String {
    let mut lines: Vec<String> = block.split_inclusive('\n').map(str::to_string).collect();
    if let Some(last) = lines.last_mut() {
        if !last.ends_with('\n') {
            last.push_str(nl);
        }
    }
    let has_key = |lines: &[String], key: &str| find_yaml_key(lines, key).is_some();
    if let Some(title) = &fields.title {
        yaml_replace(
            &mut lines,
            "title",
            Some(vec![format!("title: {}{nl}", yaml_scalar(title, false))]),
        );
    }
    if let Some(tags) = &fields.tags {
        yaml_set_list(&mut lines, "tags", tags, nl);
    }
    if let Some(categories) = &fields.categories {
        // A Jekyll post's single `category` becomes the list.
        if !has_key(&lines, "categories") && has_key(&lines, "category") {
            yaml_replace(&mut lines, "category", None);
        }
        if !categories.is_empty() || has_key(&lines, "categories") {
            yaml_set_list(&mut lines, "categories", categories, nl);
        }
    }
    if let Some(draft) = fields.draft {
        if !has_key(&lines, "draft") && has_key(&lines, "published") {
            yaml_replace(
                &mut lines,
                "published",
                Some(vec![format!("published: {}{nl}", !draft)]),
            );
        } else {
            yaml_replace(
                &mut lines,
                "draft",
                Some(vec![format!("draft: {draft}{nl}")]),
            );
        }
    }
    if let Some(date) = &fields.date {
        let key = if !has_key(&lines, "date") && has_key(&lines, "pubDate") {
            "pubDate"
        } else {
            "date"
        };
        let replacement = date.as_ref().map(|day| {
            // Keep a time of day the writer had, changing only the day.
            let time_of_day = find_yaml_key(&lines, key)
                .and_then(|(start, _)| yaml_inline_value(&lines[start]))
                .filter(|old| normalize_date(old).is_some())
                .and_then(|old| old.get(10..).map(str::to_string))
                .filter(|rest| !rest.is_empty() && !rest.contains(['#', '"', '\'']));
            let value = match time_of_day {
                Some(rest) => format!("{day}{rest}"),
                None => day.clone(),
            };
            vec![format!("{key}: {value}{nl}")]
        });
        yaml_replace(&mut lines, key, replacement);
    }
    lines.concat()
}

/// The line range of a top-level key (`key:`, `key :`, `"key":`): its line
/// and the lines of its value under it, blank and comment lines between
/// value lines included.
/// Sets the YAML list `key` to `values`, in the style it has: a block list
/// stays one, anything else becomes a flow list `[a, b]`.
fn yaml_set_list(lines: &mut Vec<String>, key: &str, values: &[String], nl: &str) {
    let block_style = find_yaml_key(lines, key)
        .map(|(start, end)| end - start > 1)
        .unwrap_or(false);
    // The writer's spelling of the key stays (`Categories:`).
    let key = find_yaml_key(lines, key)
        .and_then(|(start, _)| yaml_key_of(&lines[start]).map(str::to_string))
        .unwrap_or_else(|| key.to_string());
    let key = key.as_str();
    let rendered = if block_style && !values.is_empty() {
        let indent = find_yaml_key(lines, key)
            .and_then(|(start, _)| lines.get(start + 1))
            .map(|l| l[..l.len() - l.trim_start().len()].to_string())
            .unwrap_or_else(|| "  ".into());
        let mut out = vec![format!("{key}:{nl}")];
        out.extend(
            values
                .iter()
                .map(|t| format!("{indent}- {}{nl}", yaml_scalar(t, false))),
        );
        out
    } else {
        let items: Vec<String> = values.iter().map(|t| yaml_scalar(t, true)).collect();
        vec![format!("{key}: [{}]{nl}", items.join(", "))]
    };
    yaml_replace(lines, key, Some(rendered));
}

fn find_yaml_key(lines: &[String], key: &str) -> Option<(usize, usize)> {
    // The exact key, else one in another case (Hugo's `Categories:`).
    let start = lines
        .iter()
        .position(|line| yaml_key_of(line) == Some(key))
        .or_else(|| {
            lines
                .iter()
                .position(|line| yaml_key_of(line).is_some_and(|k| k.eq_ignore_ascii_case(key)))
        })?;
    let continues = |line: &str| {
        line.starts_with([' ', '\t']) && !line.trim().is_empty()
            || line.starts_with("- ")
            || line.trim_end() == "-"
    };
    let skippable = |line: &str| line.trim().is_empty() || line.starts_with('#');
    let mut end = start + 1;
    let mut probe = end;
    while probe < lines.len() {
        if continues(&lines[probe]) {
            probe += 1;
            end = probe;
        } else if skippable(&lines[probe]) {
            probe += 1;
        } else {
            break;
        }
    }
    Some((start, end))
}

/// The key a top-level mapping line starts with, unquoted.
fn yaml_key_of(line: &str) -> Option<&str> {
    if line.starts_with([' ', '\t', '#', '-']) {
        return None;
    }
    let (key, rest) = match line.chars().next()? {
        quote @ ('"' | '\'') => {
            let close = line[1..].find(quote)? + 1;
            (&line[1..close], &line[close + 1..])
        }
        _ => {
            let colon = line.find(':')?;
            (line[..colon].trim_end(), &line[colon..])
        }
    };
    let rest = rest.trim_start_matches([' ', '\t']);
    let after = rest.strip_prefix(':')?;
    (after.is_empty() || after.starts_with([' ', '\t', '\r', '\n'])).then_some(key)
}

/// The scalar written on a key's own line, unquoted: `date: "2024-05-01 10:00"` gives `2024-05-01 10:00`.
fn yaml_inline_value(line: &str) -> Option<String> {
    let key = yaml_key_of(line)?;
    let after_key = &line[line.find(key)? + key.len()..];
    let value = after_key[after_key.find(':')? + 1..].trim();
    let value = value.trim_matches(|c| c == '"' || c == '\'').trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn yaml_replace(lines: &mut Vec<String>, key: &str, replacement: Option<Vec<String>>) {
    match (find_yaml_key(lines, key), replacement) {
        (Some((start, end)), Some(new)) => {
            lines.splice(start..end, new);
        }
        (Some((start, end)), None) => {
            lines.drain(start..end);
        }
        (None, Some(new)) => lines.extend(new),
        (None, None) => {}
    }
}

/// A YAML scalar, plain when that reads back as the same string, else double-quoted.
pub(crate) fn yaml_scalar(value: &str, in_flow: bool) -> String {
    let special_start = |c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c) || c.is_whitespace();
    let looks_typed = matches!(
        value.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~" | ""
    ) || value.parse::<f64>().is_ok()
        || normalize_date(value).is_some()
        || !matches!(
            yaml_rust2::Yaml::from_str(value),
            yaml_rust2::Yaml::String(_)
        );
    let plain = !looks_typed
        && !value.starts_with(special_start)
        && !value.ends_with(char::is_whitespace)
        && !value.contains(": ")
        && !value.contains(" #")
        && !value.ends_with(':')
        && !value.chars().any(char::is_control)
        && !(in_flow && value.contains([',', '[', ']', '{', '}']));
    if plain {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn toml_set(block: &str, fields: &PostFields) -> Result<String> {
    use toml_edit::{Array, DocumentMut, Item, Value};
    let mut doc: DocumentMut = block
        .parse()
        .map_err(|e| Error::Invalid(format!("fix the front matter first: {e}")))?;
    if let Some(title) = &fields.title {
        toml_replace(&mut doc["title"], Value::from(title.as_str()));
    }
    for (key, values) in [("tags", &fields.tags), ("categories", &fields.categories)] {
        let Some(values) = values else { continue };
        let present = doc.get(key).is_some()
            || doc
                .get("taxonomies")
                .and_then(Item::as_table_like)
                .is_some_and(|t| t.contains_key(key));
        if values.is_empty() && key == "categories" && !present {
            continue;
        }
        let array: Array = values.iter().map(String::as_str).collect();
        // Under `[taxonomies]` when the post keeps its tags there (Zola).
        let taxonomies = || {
            doc.get("taxonomies")
                .and_then(Item::as_table_like)
                .map(|t| (t.contains_key(key), t.contains_key("tags")))
        };
        let in_taxonomies = doc.get(key).is_none()
            && taxonomies().is_some_and(|(has_key, has_tags)| has_key || has_tags);
        let item = if in_taxonomies {
            &mut doc["taxonomies"][key]
        } else {
            &mut doc[key]
        };
        toml_replace(item, Value::Array(array));
    }
    if let Some(draft) = fields.draft {
        toml_replace(&mut doc["draft"], Value::from(draft));
    }
    match &fields.date {
        Some(Some(day)) => {
            let mut date: toml_edit::Datetime = day
                .parse()
                .map_err(|_| Error::Invalid(format!("{day:?} is not a date like 2024-05-01")))?;
            // Keep a time of day the writer had, changing only the day.
            if let Some(old) = doc.get("date").and_then(Item::as_datetime) {
                date.time = old.time;
                date.offset = old.offset;
            }
            toml_replace(&mut doc["date"], Value::from(date));
        }
        Some(None) => {
            doc.remove("date");
        }
        None => {}
    }
    let mut out = doc.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    // toml_edit writes new lines with `\n`; a CRLF file keeps CRLF throughout.
    if block.contains("\r\n") {
        out = out.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    Ok(out)
}

/// Sets a TOML value, keeping the comment and spacing around the old one.
fn toml_replace(item: &mut toml_edit::Item, mut value: toml_edit::Value) {
    if let Some(old) = item.as_value() {
        *value.decor_mut() = old.decor().clone();
    }
    *item = toml_edit::Item::Value(value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_yaml_toml_bom_and_crlf() {
        let fm = FrontMatter::split("\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n");
        assert_eq!(fm.bom, "\u{feff}");
        assert_eq!(fm.kind, Some(FrontMatterKind::Yaml));
        assert_eq!(fm.block, "title: A\r\n");
        assert_eq!(fm.body, "Body\r\n");
        let fm = FrontMatter::split("+++\ntitle = \"A\"\n+++\nBody");
        assert_eq!(fm.kind, Some(FrontMatterKind::Toml));
        assert_eq!(fm.body, "Body");
        let fm = FrontMatter::split("---\ntitle: never closed\n");
        assert!(fm.unclosed);
        assert_eq!(fm.kind, None);
        assert_eq!(FrontMatter::split("# Just a post").body, "# Just a post");
    }

    #[test]
    fn derives_fields_from_every_dialect() {
        let m = Meta::from_text("---\ntitle: Hello\ntags: [Rust, remote work, rust]\ndraft: true\ndate: 2024-05-01T10:00:00Z\n---\nx");
        assert_eq!(m.title.as_deref(), Some("Hello"));
        assert_eq!(m.tags, vec!["Rust", "remote work"]);
        assert_eq!(m.draft, Some(true));
        assert_eq!(m.date.as_deref(), Some("2024-05-01"));
        let m = Meta::from_text(
            "+++\ntitle = \"Zola\"\ndate = 2023-01-02\n[taxonomies]\ntags = [\"a\", \"b\"]\n+++\n",
        );
        assert_eq!(m.tags, vec!["a", "b"]);
        assert_eq!(m.date.as_deref(), Some("2023-01-02"));
        let m = Meta::from_text("---\npublished: false\ntags: one two\n---\n");
        assert_eq!(m.draft, Some(true));
        assert_eq!(m.tags, vec!["one", "two"]);
        let m = Meta::from_text("No front matter\n\n# The Title\n");
        assert_eq!(m.title.as_deref(), Some("The Title"));
    }

    #[test]
    fn broken_front_matter_names_line_and_column() {
        let m = Meta::from_text("---\ntitle: ok\ntags: [unclosed\n---\nbody");
        let problem = m.problem.expect("a problem");
        assert!(problem.contains("line"), "{problem}");
        let m = Meta::from_text("+++\ntitle = \n+++\n");
        assert!(m
            .problem
            .unwrap()
            .starts_with("front matter error at line 2, column"));
    }

    #[test]
    fn yaml_alias_bomb_is_not_expanded() {
        let mut text = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..20 {
            text.push_str(&format!(
                "b{i}: &b{i} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n",
                p = if i == 0 {
                    "a".to_string()
                } else {
                    format!("b{}", i - 1)
                }
            ));
        }
        text.push_str("title: Bomb\n---\n");
        let m = Meta::from_text(&text);
        assert!(m.problem.unwrap().contains("too many values"));
        // A few honest aliases are fine.
        let m = Meta::from_text("---\nbase: &b {x: 1}\nother: *b\ntitle: Fine\n---\n");
        assert_eq!((m.title.as_deref(), m.problem), (Some("Fine"), None));
    }

    #[test]
    fn editing_a_field_changes_only_that_key() {
        let text = "---\n# a comment\ntitle: Old\nseries: Getting started\ntags:\n  - a\n  - b\nextra: {x: 1}\n---\nBody **bytes**\n";
        let out = set_fields(
            text,
            &PostFields {
                title: Some("New: a title".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(out, text.replace("title: Old", "title: \"New: a title\""));
        let out = set_fields(
            text,
            &PostFields {
                tags: Some(vec!["x".into(), "Remote Work".into()]),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            out,
            text.replace("  - a\n  - b\n", "  - x\n  - Remote Work\n")
        );
        assert_eq!(Meta::from_text(&out).tags, vec!["x", "Remote Work"]);
    }

    #[test]
    fn editing_keeps_crlf_bom_and_adds_missing_keys() {
        let text = "\u{feff}---\r\ntitle: A\r\n---\r\nBody\r\n";
        let out = set_fields(
            text,
            &PostFields {
                draft: Some(true),
                date: Some(Some("2025-02-03".into())),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            out,
            "\u{feff}---\r\ntitle: A\r\ndraft: true\r\ndate: 2025-02-03\r\n---\r\nBody\r\n"
        );
        let out = set_fields(
            "Plain body\n",
            &PostFields {
                title: Some("T".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(out, "---\ntitle: T\n---\nPlain body\n");
    }

    #[test]
    fn editing_toml_keeps_formatting_and_taxonomies() {
        let text = "+++\ntitle = \"Old\" # keep me\ndate = 2023-01-02\n\n[taxonomies]\ntags = [\"a\"]\n\n[extra]\nfoo = 1\n+++\nBody\n";
        let out = set_fields(
            text,
            &PostFields {
                tags: Some(vec!["b".into(), "c".into()]),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(out.contains("[taxonomies]\ntags = [\"b\", \"c\"]"), "{out}");
        assert!(out.contains("title = \"Old\" # keep me"));
        assert!(out.contains("[extra]\nfoo = 1"));
        assert!(out.ends_with("+++\nBody\n"));
        assert_eq!(Meta::from_text(&out).tags, vec!["b", "c"]);
    }

    #[test]
    fn yaml_scalars_round_trip() {
        for value in [
            "plain",
            "a: b",
            "#hash",
            "true",
            "2024-01-01",
            "quote \" and \\",
            "- dash",
            "x, y",
            "日本語",
        ] {
            let text = set_fields(
                "---\n---\n",
                &PostFields {
                    title: Some(value.into()),
                    tags: Some(vec![value.into()]),
                    ..Default::default()
                },
            )
            .unwrap();
            let meta = Meta::from_text(&text);
            assert_eq!(meta.title.as_deref(), Some(value), "{text}");
            assert_eq!(meta.tags, vec![value.to_string()], "{text}");
        }
    }

    #[test]
    fn rejects_bad_dates_and_unclosed_front_matter() {
        assert!(set_fields(
            "x",
            &PostFields {
                date: Some(Some("tomorrow".into())),
                ..Default::default()
            }
        )
        .is_err());
        assert!(set_fields(
            "---\ntitle: x\n",
            &PostFields {
                draft: Some(true),
                ..Default::default()
            }
        )
        .is_err());
    }

    #[test]
    fn alias_bombs_hidden_in_a_later_document_or_before_an_error_are_refused() {
        let mut bomb = String::from("a: &a [x,x,x,x,x,x,x,x,x,x]\n");
        for i in 0..12 {
            let p = if i == 0 {
                "a".to_string()
            } else {
                format!("b{}", i - 1)
            };
            bomb.push_str(&format!(
                "b{i}: &b{i} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
            ));
        }
        let later_document = format!("---\ntitle: x\n---\n{bomb}");
        let m = yaml_meta(&later_document);
        assert!(m.problem.is_some());
        let then_error = format!("{bomb}z: [\n");
        assert!(yaml_meta(&then_error).problem.is_some());
    }

    #[test]
    fn date_edits_keep_the_time_and_never_split_a_character() {
        let out = set_fields(
            "---\ndate: \"\u{3000}\u{3000}\u{3000}\u{3000}2024-05-01\"\n---\n",
            &PostFields {
                date: Some(Some("2025-02-03".into())),
                ..Default::default()
            },
        );
        assert_eq!(out.unwrap(), "---\ndate: 2025-02-03\n---\n");
        let out = set_fields(
            "---\ndate: \" 2024-05-01T10:00\"\n---\n",
            &PostFields {
                date: Some(Some("2025-02-03".into())),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(out, "---\ndate: 2025-02-03T10:00\n---\n");
        let out = set_fields(
            "+++\ndate = 2024-05-01T10:00:00Z # when\n+++\n",
            &PostFields {
                date: Some(Some("2025-02-03".into())),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(out, "+++\ndate = 2025-02-03T10:00:00Z # when\n+++\n");
    }

    #[test]
    fn odd_key_spellings_and_gaps_in_lists_are_edited_not_duplicated() {
        let text = "---\ntitle : Old\n\"draft\": false\ntags:\n  - a\n\n  # note\n  - b\nnext: 1\n---\nBody\n";
        let out = set_fields(
            text,
            &PostFields {
                title: Some("New".into()),
                draft: Some(true),
                tags: Some(vec!["x".into()]),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            out,
            "---\ntitle: New\ndraft: true\ntags:\n  - x\nnext: 1\n---\nBody\n"
        );
    }

    #[test]
    fn typed_looking_titles_are_quoted() {
        for value in ["0x10", "0o17", "1e3", "null", "~", ".inf", "yes"] {
            let text = set_fields(
                "---\n---\n",
                &PostFields {
                    title: Some(value.into()),
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(
                Meta::from_text(&text).title.as_deref(),
                Some(value),
                "{text}"
            );
        }
    }

    #[test]
    fn toml_edits_keep_crlf_and_comments() {
        let text = "+++\r\ntitle = \"Old\" # keep\r\ndraft = false\r\n+++\r\nBody\r\n";
        let out = set_fields(
            text,
            &PostFields {
                title: Some("New".into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(
            out,
            "+++\r\ntitle = \"New\" # keep\r\ndraft = false\r\n+++\r\nBody\r\n"
        );
    }

    #[test]
    fn yaml_one_one_booleans_are_read() {
        assert_eq!(Meta::from_text("---\ndraft: yes\n---\n").draft, Some(true));
        assert_eq!(
            Meta::from_text("---\npublished: no\n---\n").draft,
            Some(true)
        );
    }
}
