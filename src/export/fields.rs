//! A post's front matter as a tree of values, read from YAML or TOML and
//! written as either: what an export needs to move a post from one site
//! generator's dialect to another's while carrying every key it has.

use crate::frontmatter::{FrontMatter, FrontMatterKind};

/// One front matter value. Numbers and dates keep their spelling.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    /// An integer or float as written.
    Number(String),
    Str(String),
    /// A date or date-time (`2024-05-01`, `2024-05-01T10:00:00Z`).
    Date(String),
    List(Vec<Value>),
    Map(Fields),
}

/// Keys in their order.
pub(crate) type Fields = Vec<(String, Value)>;

pub(crate) fn get<'a>(fields: &'a Fields, key: &str) -> Option<&'a Value> {
    fields.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(crate) fn get_mut<'a>(fields: &'a mut Fields, key: &str) -> Option<&'a mut Value> {
    fields.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)
}

pub(crate) fn remove(fields: &mut Fields, key: &str) -> Option<Value> {
    let index = fields.iter().position(|(k, _)| k == key)?;
    Some(fields.remove(index).1)
}

/// Sets `key`, in place when present, else at `position` (clamped).
pub(crate) fn set(fields: &mut Fields, key: &str, value: Value, position: usize) {
    match get_mut(fields, key) {
        Some(old) => *old = value,
        None => fields.insert(position.min(fields.len()), (key.to_string(), value)),
    }
}

/// The front matter of `fm` as fields: empty when there is none; `Err` when
/// it cannot be read (the export then carries the text unchanged).
pub(crate) fn read(fm: &FrontMatter) -> Result<Fields, String> {
    match fm.kind {
        None => Ok(Vec::new()),
        Some(FrontMatterKind::Yaml) => read_yaml(fm.block),
        Some(FrontMatterKind::Toml) => read_toml(fm.block),
    }
}

fn read_yaml(block: &str) -> Result<Fields, String> {
    use yaml_rust2::{Yaml, YamlLoader};
    // The library has read this front matter already, alias budget included
    // (`Meta::from_text`); a post whose front matter failed never gets here.
    let docs = YamlLoader::load_from_str(block).map_err(|e| e.to_string())?;
    fn convert(value: &Yaml) -> Value {
        match value {
            Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Value::Null,
            Yaml::Boolean(b) => Value::Bool(*b),
            Yaml::Integer(i) => Value::Number(i.to_string()),
            Yaml::Real(s) => Value::Number(s.clone()),
            Yaml::String(s) if looks_like_date(s) => Value::Date(s.clone()),
            Yaml::String(s) => Value::Str(s.clone()),
            Yaml::Array(items) => Value::List(items.iter().map(convert).collect()),
            Yaml::Hash(map) => {
                Value::Map(map.iter().map(|(k, v)| (key_text(k), convert(v))).collect())
            }
        }
    }
    fn key_text(key: &Yaml) -> String {
        match key {
            Yaml::String(s) | Yaml::Real(s) => s.clone(),
            Yaml::Integer(i) => i.to_string(),
            Yaml::Boolean(b) => b.to_string(),
            _ => String::new(),
        }
    }
    match docs.first() {
        Some(Yaml::Hash(_)) => match convert(&docs[0]) {
            Value::Map(fields) => Ok(fields),
            _ => Ok(Vec::new()),
        },
        None | Some(Yaml::Null) => Ok(Vec::new()),
        Some(_) => Err("the front matter is not a list of keys".into()),
    }
}

fn read_toml(block: &str) -> Result<Fields, String> {
    use toml_edit::{DocumentMut, Item};
    let doc: DocumentMut = block.parse().map_err(|e| format!("{e}"))?;
    fn value(v: &toml_edit::Value) -> Value {
        match v {
            toml_edit::Value::String(s) => Value::Str(s.value().clone()),
            toml_edit::Value::Integer(i) => Value::Number(i.value().to_string()),
            toml_edit::Value::Float(f) => Value::Number(f.value().to_string()),
            toml_edit::Value::Boolean(b) => Value::Bool(*b.value()),
            toml_edit::Value::Datetime(d) => Value::Date(d.value().to_string()),
            toml_edit::Value::Array(items) => Value::List(items.iter().map(value).collect()),
            toml_edit::Value::InlineTable(t) => {
                Value::Map(t.iter().map(|(k, v)| (k.to_string(), value(v))).collect())
            }
        }
    }
    fn item(i: &Item) -> Value {
        match i {
            Item::None => Value::Null,
            Item::Value(v) => value(v),
            Item::Table(t) => Value::Map(t.iter().map(|(k, v)| (k.to_string(), item(v))).collect()),
            Item::ArrayOfTables(tables) => Value::List(
                tables
                    .iter()
                    .map(|t| Value::Map(t.iter().map(|(k, v)| (k.to_string(), item(v))).collect()))
                    .collect(),
            ),
        }
    }
    Ok(doc
        .as_table()
        .iter()
        .map(|(k, v)| (k.to_string(), item(v)))
        .collect())
}

/// `2024-05-01` or an RFC 3339 date-time: written unquoted, so generators read a date.
fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    let day = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    day && (b.len() == 10 || s.parse::<toml_edit::Datetime>().is_ok())
}

/// The fields as a YAML block (without the `---` lines), lines ending in `nl`.
pub(crate) fn write_yaml(fields: &Fields, nl: &str) -> String {
    let mut out = String::new();
    write_yaml_map(fields, 0, nl, &mut out);
    out
}

fn write_yaml_map(fields: &Fields, indent: usize, nl: &str, out: &mut String) {
    let pad = " ".repeat(indent);
    for (key, value) in fields {
        out.push_str(&pad);
        out.push_str(&crate::frontmatter::yaml_scalar(key, false));
        out.push(':');
        match value {
            Value::Map(inner) if !inner.is_empty() => {
                out.push_str(nl);
                write_yaml_map(inner, indent + 2, nl, out);
            }
            other => {
                out.push(' ');
                out.push_str(&yaml_flow(other));
                out.push_str(nl);
            }
        }
    }
}

/// A value on one line: scalars plain or quoted, lists and maps in flow style.
fn yaml_flow(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.clone(),
        Value::Date(d) => d.clone(),
        Value::Str(s) => crate::frontmatter::yaml_scalar(s, true),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(yaml_flow).collect::<Vec<_>>().join(", ")
        ),
        Value::Map(fields) => format!(
            "{{{}}}",
            fields
                .iter()
                .map(|(k, v)| format!(
                    "{}: {}",
                    crate::frontmatter::yaml_scalar(k, true),
                    yaml_flow(v)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// The fields as a TOML block (without the `+++` lines). TOML has no null:
/// such keys are left out.
pub(crate) fn write_toml(fields: &Fields, nl: &str) -> String {
    use toml_edit::{DocumentMut, Item, Table};
    fn value(v: &Value) -> Option<toml_edit::Value> {
        Some(match v {
            Value::Null => return None,
            Value::Bool(b) => (*b).into(),
            Value::Number(n) => match (n.parse::<i64>(), n.parse::<f64>()) {
                (Ok(i), _) => i.into(),
                (_, Ok(f)) => f.into(),
                _ => n.as_str().into(),
            },
            Value::Date(d) => match d.parse::<toml_edit::Datetime>() {
                Ok(date) => date.into(),
                Err(_) => d.as_str().into(),
            },
            Value::Str(s) => s.as_str().into(),
            Value::List(items) => toml_edit::Value::Array(items.iter().filter_map(value).collect()),
            Value::Map(fields) => {
                let mut table = toml_edit::InlineTable::new();
                for (k, v) in fields {
                    if let Some(v) = value(v) {
                        table.insert(k, v);
                    }
                }
                toml_edit::Value::InlineTable(table)
            }
        })
    }
    fn table(fields: &Fields) -> Table {
        let mut t = Table::new();
        for (k, v) in fields {
            match v {
                Value::Map(inner) => {
                    let mut sub = table(inner);
                    // A table holding only tables needs no header of its own.
                    sub.set_implicit(true);
                    t.insert(k, Item::Table(sub));
                }
                other => {
                    if let Some(v) = value(other) {
                        t.insert(k, Item::Value(v));
                    }
                }
            }
        }
        t
    }
    let mut doc = DocumentMut::new();
    *doc.as_table_mut() = table(fields);
    let mut out = doc.to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    if nl == "\r\n" {
        out = out.replace('\n', "\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Fields {
        read(&FrontMatter::split(text)).unwrap()
    }

    #[test]
    fn yaml_and_toml_read_the_same_tree() {
        let from_yaml = yaml(
            "---\ntitle: \"A: b\"\ndate: 2024-05-01\ncount: 3\ntags: [x, y]\nextra:\n  mood: ok\n---\nBody\n",
        );
        let from_toml = read(&FrontMatter::split(
            "+++\ntitle = \"A: b\"\ndate = 2024-05-01\ncount = 3\ntags = [\"x\", \"y\"]\n[extra]\nmood = \"ok\"\n+++\nBody\n",
        ))
        .unwrap();
        assert_eq!(from_yaml, from_toml);
        assert_eq!(
            get(&from_yaml, "date"),
            Some(&Value::Date("2024-05-01".into()))
        );
    }

    #[test]
    fn written_yaml_and_toml_read_back_unchanged() {
        let fields = yaml(
            "---\ntitle: \"Quotes \\\" and: colons #\"\nwhen: 2024-05-01T10:00:00Z\nratio: 1.5\nok: true\nlist: [\"a, b\", \"[c]\"]\nitems: [{a: 1}, {b: two}]\nnested:\n  deeper:\n    key: v\n---\n",
        );
        let back = yaml(&format!("---\n{}---\n", write_yaml(&fields, "\n")));
        assert_eq!(back, fields);
        // TOML writes tables after plain values, so maps come last here.
        let toml = write_toml(&fields, "\n");
        assert!(!toml.contains("[nested]\n"), "{toml}");
        let back = read(&FrontMatter::split(&format!("+++\n{toml}+++\n"))).unwrap();
        assert_eq!(back, fields, "{toml}");
    }
}
