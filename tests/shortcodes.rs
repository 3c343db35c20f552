//! Shortcodes and Liquid as the preview (and the HTML export, the same
//! pipeline) shows them, per generator: snapshots of the rendered HTML, and
//! what a writer would check in each: no stray braces, code highlighted,
//! embeds as link cards, unknown ones as labelled chips.

mod common;

use common::{write_file, Fixture};
use quire::Site;

fn preview(site_root: &std::path::Path, text: &str) -> String {
    let site = Site::detect(site_root);
    quire::render_preview(
        text,
        Some("post.md"),
        "quire-file://localhost/",
        Some((site_root, &site)),
    )
    .unwrap()
    .html
    // Every link gets it; the assertions are about the addresses.
    .replace(r#" rel="noopener noreferrer""#, "")
}

fn no_stray_braces(html: &str) {
    for braces in ["{{<", ">}}", "{{%", "%}}", "{%", "{{"] {
        assert!(!html.contains(braces), "stray {braces} in {html}");
    }
}

const HUGO_POST: &str = r#"---
title: Hugo shortcodes
---
Intro with a [link to another post]({{< relref "/posts/other.md" >}}) and {{< ref "other.md#part" >}}.

{{< highlight csharp "linenos=inline" >}}
public class A { }
{{< / highlight >}}

{{< figure src="/images/photo.png" caption="A photo, captioned" alt="The photo" >}}

{{< youtube dQw4w9WgXcQ >}}

{{< gist spf13 7896402 >}}

{{< tweet user="SanDiegoZoo" id="1453110110599868418" >}}

{{% notice warning %}}
Careful **now**.
{{% /notice %}}

Shown as written: {{</* youtube abc */>}} and `{{< youtube inline-code >}}`.

```
{{< youtube in-a-fence >}}
```
"#;

#[test]
fn hugo_shortcodes_render_and_files_stay_untouched() {
    let fx = Fixture::new();
    write_file(
        &fx.folder,
        "hugo.toml",
        "baseURL = \"https://example.org/\"\n",
    );
    write_file(&fx.folder, "static/images/photo.png", b"\x89PNG\r\n\x1a\n");
    let html = preview(&fx.folder, HUGO_POST);
    insta::assert_snapshot!("hugo_shortcodes", html);
    assert!(
        html.contains(r#"<a href="/posts/other.md">link to another post</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"class="language-csharp""#), "{html}");
    assert!(
        html.contains("<figcaption>A photo, captioned</figcaption>"),
        "{html}"
    );
    assert!(
        html.contains(r#"src="quire-file://localhost/static/images/photo.png""#),
        "the figure's image is found in the static folder: {html}"
    );
    assert!(html.contains(r#"href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#));
    assert!(html.contains(r#"href="https://gist.github.com/spf13/7896402""#));
    assert!(html.contains(r#"href="https://x.com/SanDiegoZoo/status/1453110110599868418""#));
    assert!(
        html.contains(r#"<span class="shortcode" title="Hugo shortcode: notice">notice</span>"#)
    );
    assert!(
        html.contains("<strong>now</strong>"),
        "a paired shortcode's content renders"
    );
    assert!(html.contains("{{&lt; youtube abc &gt;}}"), "{html}");
    assert!(
        html.contains("<code>{{&lt; youtube inline-code &gt;}}</code>"),
        "{html}"
    );
    assert!(html.contains("{{&lt; youtube in-a-fence &gt;}}"), "{html}");
    assert!(!html.contains("<iframe") && !html.contains("<script"));
}

const JEKYLL_POST: &str = r#"---
title: Liquid
---
Welcome to {{ site.title }}, see [my earlier post]({% post_url 2013-05-06-hello-world %})
and [the guide]({% link _posts/2014-01-01-guide.md %}).

![Logo]({{ site.baseurl }}/img/logo.png) and ![Again]({{ "/img/logo.png" | relative_url }})

{% highlight ruby linenos %}
def hello
  puts "{{ not liquid inside code }}"
end
{% endhighlight %}

{% raw %}Keep {{ this }} and {% that %} as written.{% endraw %}

{% comment %}A note to self.{% endcomment %}
{% include newsletter.html %} by {{ page.author }}.
"#;

#[test]
fn liquid_renders_from_the_sites_config() {
    let fx = Fixture::new();
    write_file(
        &fx.folder,
        "_config.yml",
        "title: Jekyll Notes\nbaseurl: /notes\nurl: https://j.example\n",
    );
    write_file(&fx.folder, "img/logo.png", b"\x89PNG\r\n\x1a\n");
    let html = preview(&fx.folder, JEKYLL_POST);
    insta::assert_snapshot!("jekyll_liquid", html);
    assert!(html.contains("Welcome to Jekyll Notes"), "{html}");
    assert!(
        html.contains(r#"<a href="/2013-05-06-hello-world/">my earlier post</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="/_posts/2014-01-01-guide.md">the guide</a>"#),
        "{html}"
    );
    assert_eq!(
        html.matches(r#"src="quire-file://localhost/img/logo.png""#)
            .count(),
        2,
        "both base-path forms find the image: {html}"
    );
    assert!(html.contains(r#"class="language-ruby""#));
    assert!(
        html.contains("Keep {{ this }} and {% that %} as written."),
        "{html}"
    );
    assert!(!html.contains("A note to self"));
    assert!(html.contains(r#"title="Liquid tag: include">include</span>"#));
    assert!(html.contains(r#"title="Liquid variable: page.author">page.author</span>"#));
    no_stray_braces(
        &html
            .replace("{{ not liquid inside code }}", "")
            .replace("Keep {{ this }} and {% that %} as written.", ""),
    );
}

#[test]
fn zola_shortcodes_are_chips_and_its_links_stay_for_the_resolver() {
    let fx = Fixture::new();
    write_file(
        &fx.folder,
        "config.toml",
        "base_url = \"https://z.example\"\n",
    );
    let text = "+++\ntitle = \"Z\"\n+++\nSee [derez](@/posts/2023/derez/index.md).\n\n{{ youtube(id=\"abc\") }}\n\n{% note(kind=\"info\") %}\nInside the **note**.\n{% end %}\n";
    let html = preview(&fx.folder, text);
    insta::assert_snapshot!("zola_shortcodes", html);
    assert!(
        html.contains(r#"<a href="@/posts/2023/derez/index.md">derez</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"title="Zola shortcode: youtube">youtube</span>"#));
    assert!(html.contains(r#"title="Zola shortcode: note">note</span>"#));
    assert!(html.contains("<strong>note</strong>"));
    no_stray_braces(&html);
}

#[test]
fn each_generators_syntax_only_in_its_own_posts() {
    let fx = Fixture::new();
    write_file(&fx.folder, "hugo.toml", "title = \"H\"\n");
    // A Hugo post that writes Liquid is showing Liquid, not running it.
    let html = preview(
        &fx.folder,
        "Type {% raw %} and {{ site.title }} in Jekyll.\n",
    );
    assert!(html.contains("{% raw %} and {{ site.title }}"), "{html}");
    // A plain folder (an Obsidian vault) gets wiki links.
    let plain = fx.src.join("vault");
    std::fs::create_dir_all(&plain).unwrap();
    let html = preview(
        &plain,
        "See [[Other Note|the other one]] and [[Third#A Part]].\n",
    );
    assert!(
        html.contains(r#"<a href="Other%20Note.md">the other one</a>"#),
        "{html}"
    );
    assert!(
        html.contains(r#"<a href="Third.md#a-part">Third › A Part</a>"#),
        "{html}"
    );
}
