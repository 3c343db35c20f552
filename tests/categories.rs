//! Categories wherever the dialect has them: read from each front matter
//! format, listed with counts, filtered, edited in place and kept on export.
//! Real folders and SQLite files in temp dirs.

mod common;

use std::sync::atomic::AtomicBool;

use quire::{Flavor, ListFilter, MarkdownExportOptions, PostFields};

use common::Fixture;

fn titles_in(lib: &quire::Library, category: &str) -> Vec<String> {
    let filter = ListFilter {
        category: Some(category.into()),
        ..ListFilter::default()
    };
    let mut titles: Vec<String> = lib
        .list(&filter)
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    titles.sort();
    titles
}

#[test]
fn categories_are_read_from_every_dialect_counted_and_filtered() {
    let fx = Fixture::new();
    fx.write(
        "hugo.md",
        "---\ntitle: Hugo\ncategories:\n  - Travel\n  - Food\ntags: [a]\n---\nText\n",
    );
    fx.write(
        "jekyll.md",
        "---\ntitle: Jekyll\ncategory: travel\n---\nText\n",
    );
    fx.write(
        "jekyll-words.md",
        "---\ntitle: Jekyll words\ncategories: food notes\n---\nText\n",
    );
    fx.write(
        "zola.md",
        "+++\ntitle = \"Zola\"\n[taxonomies]\ntags = [\"a\"]\ncategories = [\"Notes\"]\n+++\nText\n",
    );
    fx.write("none.md", "---\ntitle: None\ntags: [Travel]\n---\nText\n");
    let lib = fx.open();
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let counts: Vec<(String, usize)> = lib
        .categories()
        .unwrap()
        .into_iter()
        .map(|c| (c.name, c.count))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("Food".to_string(), 2),
            ("Notes".to_string(), 2),
            ("Travel".to_string(), 2)
        ]
    );
    // Any case; a tag of the same name is not a category.
    assert_eq!(titles_in(&lib, "TRAVEL"), vec!["Hugo", "Jekyll"]);
    assert_eq!(titles_in(&lib, "notes"), vec!["Jekyll words", "Zola"]);
    let hugo = lib.get_by_slug("hugo").unwrap();
    assert_eq!(hugo.categories, vec!["Travel", "Food"]);
    // A trashed post no longer counts.
    lib.trash(hugo.id).unwrap();
    assert_eq!(titles_in(&lib, "food"), vec!["Jekyll words"]);
}

#[test]
fn categories_are_edited_in_the_posts_own_format() {
    let fx = Fixture::new();
    fx.write(
        "block.md",
        "---\ntitle: Block\ncategories:\n  - Travel # where I went\n---\nText\n",
    );
    fx.write(
        "single.md",
        "---\ntitle: Single\ncategory: travel\n---\nText\n",
    );
    fx.write(
        "zola.md",
        "+++\ntitle = \"Zola\"\n[taxonomies]\ntags = [\"a\"]\n+++\nText\n",
    );
    fx.write("plain.md", "---\ntitle: Plain\n---\nText\n");
    let lib = fx.open();
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let set = |slug: &str, categories: &[&str]| {
        let post = lib.get_by_slug(slug).unwrap();
        let fields = PostFields {
            categories: Some(categories.iter().map(|c| c.to_string()).collect()),
            ..PostFields::default()
        };
        lib.set_fields(post.id, &post.text, &fields).unwrap()
    };
    set("block", &["Travel", "Food"]);
    assert_eq!(
        fx.read("block.md"),
        "---\ntitle: Block\ncategories:\n  - Travel\n  - Food\n---\nText\n"
    );
    set("single", &["travel", "Notes"]);
    assert_eq!(
        fx.read("single.md"),
        "---\ntitle: Single\ncategories: [travel, Notes]\n---\nText\n"
    );
    set("zola", &["Notes"]);
    assert!(
        fx.read("zola.md")
            .contains("[taxonomies]\ntags = [\"a\"]\ncategories = [\"Notes\"]\n"),
        "{}",
        fx.read("zola.md")
    );
    // Setting none on a post without categories writes nothing.
    set("plain", &[]);
    assert_eq!(fx.read("plain.md"), "---\ntitle: Plain\n---\nText\n");
    assert_eq!(titles_in(&lib, "notes").len(), 2);
}

#[test]
fn categories_are_kept_on_markdown_export() {
    let fx = Fixture::new();
    fx.write(
        "trip.md",
        "---\ntitle: Trip\ndate: 2024-05-01\ncategories: [Travel]\n---\nText\n",
    );
    let lib = fx.open();
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    for (flavor, expect) in [
        (Flavor::Hugo, "categories:"),
        (Flavor::Jekyll, "categories:"),
        (Flavor::Zola, "categories = [\"Travel\"]"),
    ] {
        let out = fx.dir().join(format!("out-{flavor:?}"));
        let options = MarkdownExportOptions {
            flavor,
            include_drafts: false,
            tag: None,
        };
        lib.export_markdown(&out, &options, &mut |_| {}, &AtomicBool::new(false))
            .unwrap();
        let mut texts = Vec::new();
        let mut stack = vec![out.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "md")
                    && !path.ends_with("_index.md")
                {
                    texts.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        assert_eq!(texts.len(), 1, "{flavor:?}");
        assert!(texts[0].contains(expect), "{flavor:?}: {}", texts[0]);
        assert!(texts[0].contains("Travel"), "{flavor:?}: {}", texts[0]);
    }
}

#[test]
fn hugo_keys_in_any_case_are_read_and_kept_as_spelt() {
    let fx = Fixture::new();
    fx.write(
        "yaml.md",
        "---\ntitle: Yaml\nCategories:\n- Development\nTags:\n- Go\n---\nText\n",
    );
    fx.write(
        "toml.md",
        "+++\ntitle = \"Toml\"\nCategories = [\"Development\"]\n+++\nText\n",
    );
    let lib = fx.open();
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(titles_in(&lib, "development"), vec!["Toml", "Yaml"]);
    let yaml = lib.get_by_slug("yaml").unwrap();
    assert_eq!(yaml.tags, vec!["Go"]);
    let fields = PostFields {
        categories: Some(vec!["Development".into(), "Tools".into()]),
        ..PostFields::default()
    };
    lib.set_fields(yaml.id, &yaml.text, &fields).unwrap();
    assert_eq!(
        fx.read("yaml.md"),
        "---\ntitle: Yaml\nCategories:\n- Development\n- Tools\nTags:\n- Go\n---\nText\n"
    );
    assert_eq!(titles_in(&lib, "tools"), vec!["Yaml"]);
}
