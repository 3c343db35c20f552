//! Reads a site generator's config file, never executing anything: Hugo
//! (`hugo.*`, `config.*`, `config/_default/`), Zola (`config.toml` with
//! `base_url`), Jekyll (`_config.yml`), Astro (its JS config is only noticed).

use std::path::Path;

use serde_json::Value;

use crate::frontmatter::{load_yaml, YamlTrouble};

/// Config files larger than this are not a site's config.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

/// The site generators whose folders Quire knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Generator {
    Hugo,
    Zola,
    Jekyll,
    Astro,
}

/// What a site's config says, as far as Quire uses it. Paths are relative
/// to the site root, with `/` separators.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub generator: Generator,
    /// The config file, relative to the site root.
    pub file: String,
    pub title: Option<String>,
    /// The site's absolute URL (Hugo `baseURL`, Zola `base_url`, Jekyll
    /// `url` + `baseurl`), when it has one.
    pub base_url: Option<String>,
    /// The path the site is served under (`/blog` for
    /// `https://example.org/blog/`, Jekyll's `baseurl`), without a trailing `/`.
    pub base_path: String,
    /// Permalink patterns by section (Hugo `[permalinks]`); Jekyll's one
    /// `permalink` is under the section `posts`.
    pub permalinks: Vec<(String, String)>,
    pub taxonomies: Vec<String>,
    /// Where the site's static files are served from the site's root URL.
    pub static_dirs: Vec<String>,
    /// The folder holding the site's Markdown ("" for Jekyll: the root).
    pub content_dir: String,
    /// Hugo's `params.mainSections`: the sections holding the blog.
    pub main_sections: Vec<String>,
    /// Jekyll's `exclude`: names never read as content.
    pub exclude: Vec<String>,
    /// The whole config, for Liquid's `{{ site.x }}`.
    pub values: Value,
    /// Why the config could not be read, when it could not (its defaults
    /// stand in).
    pub problem: Option<String>,
}

impl SiteConfig {
    /// The config of the site rooted at `root`, if it is one.
    pub fn read(root: &Path) -> Option<SiteConfig> {
        let hugo_names = [
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config/_default/hugo.toml",
            "config/_default/config.toml",
            "config/_default/hugo.yaml",
            "config/_default/config.yaml",
        ];
        for name in hugo_names {
            if let Some(config) = read_as(root, name, Generator::Hugo) {
                return Some(config);
            }
        }
        for name in ["_config.yml", "_config.yaml", "_config.toml"] {
            if let Some(config) = read_as(root, name, Generator::Jekyll) {
                return Some(config);
            }
        }
        // Zola's `config.toml` needs `base_url`; Hugo's says `baseURL` (any case but that).
        if let Some(config) = read_as(root, "config.toml", Generator::Zola) {
            if config.values.get("base_url").is_some() {
                return Some(config);
            }
            return read_as(root, "config.toml", Generator::Hugo);
        }
        for name in ["config.yaml", "config.yml", "config.json"] {
            if let Some(config) = read_as(root, name, Generator::Hugo) {
                return Some(config);
            }
        }
        for name in [
            "astro.config.mjs",
            "astro.config.js",
            "astro.config.ts",
            "astro.config.mts",
            "astro.config.cjs",
        ] {
            if is_plain_file(&root.join(name)) {
                return Some(SiteConfig::defaults(Generator::Astro, name, Value::Null));
            }
        }
        None
    }

    /// A generator's conventions, before its config says otherwise.
    fn defaults(generator: Generator, file: &str, values: Value) -> SiteConfig {
        let (static_dirs, content_dir): (&[&str], &str) = match generator {
            Generator::Hugo => (&["static", "assets"], "content"),
            Generator::Zola => (&["static"], "content"),
            Generator::Jekyll => (&[""], ""),
            Generator::Astro => (&["public"], "src"),
        };
        SiteConfig {
            generator,
            file: file.to_string(),
            title: None,
            base_url: None,
            base_path: String::new(),
            permalinks: Vec::new(),
            taxonomies: match generator {
                Generator::Astro => Vec::new(),
                _ => vec!["tags".into(), "categories".into()],
            },
            static_dirs: static_dirs.iter().map(|s| s.to_string()).collect(),
            content_dir: content_dir.to_string(),
            main_sections: Vec::new(),
            exclude: Vec::new(),
            values,
            problem: None,
        }
    }
}

fn is_plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Reads `name` under `root` as `generator`'s config; none when there is no
/// such plain file (a symbolic link is not followed out of the folder).
fn read_as(root: &Path, name: &str, generator: Generator) -> Option<SiteConfig> {
    let path = root.join(name);
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let parsed = if meta.len() > MAX_CONFIG_BYTES {
        Err(format!("{name} is larger than 1 MB and was not read"))
    } else {
        match std::fs::read_to_string(&path) {
            Ok(text) => parse(name, &text),
            Err(e) => Err(format!("{name} could not be read: {e}")),
        }
    };
    let (values, problem) = match parsed {
        Ok(values) => (values, None),
        Err(problem) => (Value::Null, Some(problem)),
    };
    let mut config = SiteConfig::defaults(generator, name, values);
    config.problem = problem;
    apply(&mut config);
    Some(config)
}

/// The config as one JSON value, whatever its format.
fn parse(name: &str, text: &str) -> Result<Value, String> {
    if name.ends_with(".toml") {
        let table: toml::Table = text
            .parse()
            .map_err(|e: toml::de::Error| format!("{name}: {}", e.message()))?;
        serde_json::to_value(table).map_err(|e| format!("{name}: {e}"))
    } else if name.ends_with(".json") {
        serde_json::from_str(text).map_err(|e| format!("{name}: {e}"))
    } else {
        match load_yaml(text) {
            Ok(doc) => Ok(doc.map(|d| yaml_to_json(&d)).unwrap_or(Value::Null)),
            Err(YamlTrouble::TooBig) => Err(format!(
                "{name} expands to too many values (aliases nested too deep)"
            )),
            Err(YamlTrouble::Syntax(line, col, info)) => Err(format!(
                "{name}: line {}, column {}: {info}",
                line + 1,
                col + 1
            )),
        }
    }
}

fn yaml_to_json(yaml: &yaml_rust2::Yaml) -> Value {
    use yaml_rust2::Yaml;
    match yaml {
        Yaml::String(s) | Yaml::Real(s) => Value::String(s.clone()),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .filter_map(|(k, v)| {
                    let key = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => return None,
                    };
                    Some((key, yaml_to_json(v)))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

/// A key in any case, as Hugo reads its config.
fn get_any_case<'a>(values: &'a Value, key: &str) -> Option<&'a Value> {
    let map = values.as_object()?;
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn texts(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(|v| text(Some(v))).collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        _ => Vec::new(),
    }
}

/// A folder name from the config, kept only when it is a plain relative path.
fn folder(value: &str) -> Option<String> {
    let trimmed = value.trim().trim_matches('/');
    let plain = !trimmed.is_empty()
        && trimmed
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    plain.then(|| trimmed.to_string())
}

/// The path part of an absolute URL, without a trailing `/`.
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or("");
    let path = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("");
    path.trim_end_matches('/').to_string()
}

fn apply(config: &mut SiteConfig) {
    let values = config.values.clone();
    let get = |key: &str| get_any_case(&values, key);
    config.title = text(get("title"));
    match config.generator {
        Generator::Hugo => {
            config.base_url = text(get("baseURL"));
            config.base_path = config.base_url.as_deref().map(url_path).unwrap_or_default();
            if let Some(dir) = text(get("contentDir")).as_deref().and_then(folder) {
                config.content_dir = dir;
            }
            let static_dirs: Vec<String> = texts(get("staticDir"))
                .iter()
                .filter_map(|d| folder(d))
                .collect();
            if !static_dirs.is_empty() {
                config.static_dirs = static_dirs;
                config.static_dirs.push("assets".into());
            }
            if let Some(Value::Object(map)) = get("permalinks") {
                for (section, pattern) in map {
                    match pattern {
                        Value::String(p) => config.permalinks.push((section.clone(), p.clone())),
                        // Hugo 0.120's `[permalinks.page]` and friends.
                        Value::Object(inner) if section == "page" => {
                            for (section, p) in inner {
                                if let Some(p) = p.as_str() {
                                    config.permalinks.push((section.clone(), p.to_string()));
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            if let Some(Value::Object(map)) = get("taxonomies") {
                config.taxonomies = map.values().filter_map(|v| text(Some(v))).collect();
            }
            config.main_sections = get("params")
                .and_then(|p| get_any_case(p, "mainSections"))
                .map(|v| texts(Some(v)))
                .unwrap_or_default();
        }
        Generator::Zola => {
            config.base_url = text(get("base_url"));
            config.base_path = config.base_url.as_deref().map(url_path).unwrap_or_default();
            if let Some(Value::Array(items)) = get("taxonomies") {
                config.taxonomies = items.iter().filter_map(|t| text(t.get("name"))).collect();
            }
        }
        Generator::Jekyll => {
            let url = text(get("url"));
            let base = text(get("baseurl")).unwrap_or_default();
            let base = base.trim_matches('/');
            config.base_path = if base.is_empty() {
                String::new()
            } else {
                format!("/{base}")
            };
            config.base_url =
                url.map(|u| format!("{}{}", u.trim_end_matches('/'), config.base_path));
            if let Some(p) = text(get("permalink")) {
                config.permalinks.push(("posts".into(), p));
            }
            config.exclude = texts(get("exclude"));
            if let Some(dir) = text(get("source")).as_deref().and_then(folder) {
                config.content_dir = dir;
            }
        }
        Generator::Astro => {}
    }
    if let Some(base) = &config.base_url {
        if !(base.starts_with("https://") || base.starts_with("http://")) {
            // A relative or odd base URL cannot make a feed's absolute links.
            config.base_url = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_and_folders() {
        assert_eq!(url_path("https://example.org/blog/"), "/blog");
        assert_eq!(url_path("https://example.org"), "");
        assert_eq!(folder("/static/"), Some("static".into()));
        assert_eq!(folder("../etc"), None);
        assert_eq!(folder("a/./b"), None);
    }
}
