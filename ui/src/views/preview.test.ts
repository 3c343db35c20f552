// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PreviewPane } from './preview';

function setup() {
  document.body.innerHTML = '<aside id="pane"><article id="preview"></article></aside>';
  const opened: string[] = [];
  const content = document.getElementById('preview')!;
  const pane = new PreviewPane(document.getElementById('pane')!, (url) => opened.push(url));
  return { content, pane, opened };
}

const click = (el: Element) => {
  const e = new MouseEvent('click', { bubbles: true, cancelable: true });
  el.dispatchEvent(e);
  return e;
};

describe('PreviewPane', () => {
  it('patches in place, keeping nodes that did not change', () => {
    const { content, pane } = setup();
    pane.show('<h1 id="a">A</h1><p>one</p><img src="x.png" alt="">');
    const img = content.querySelector('img');
    const h1 = content.querySelector('h1');
    pane.show('<h1 id="a">A</h1><p>one two</p><img src="x.png" alt="">');
    expect(content.querySelector('p')!.textContent).toBe('one two');
    expect(content.querySelector('img')).toBe(img);
    expect(content.querySelector('h1')).toBe(h1);
  });

  it('sends web and mail links outside and never navigates', () => {
    const { content, pane, opened } = setup();
    pane.show('<p><a href="https://example.com/">web</a> <a href="javascript:alert(1)">bad</a> <a href="other.md">rel</a></p>');
    const [web, bad, rel] = content.querySelectorAll('a');
    expect(click(web).defaultPrevented).toBe(true);
    expect(click(bad).defaultPrevented).toBe(true);
    expect(click(rel).defaultPrevented).toBe(true);
    expect(opened).toEqual(['https://example.com/']);
  });

  it('follows anchors inside the preview', () => {
    const { content, pane, opened } = setup();
    pane.show('<p><a href="#part-two">jump</a></p><h2 id="part-two">Part two<a href="#part-two" class="anchor" aria-hidden="true"></a></h2>');
    expect(click(content.querySelector('a')!).defaultPrevented).toBe(true);
    expect(opened).toEqual([]);
  });

  it('shows the title above the post and rewrites it only when it changes', () => {
    document.body.innerHTML = '<aside id="pane"><h1 id="preview-title" hidden></h1><article id="preview"></article></aside>';
    const pane = new PreviewPane(document.getElementById('pane')!, () => {});
    const heading = document.getElementById('preview-title')!;
    pane.show('<p>one</p>', 'A title');
    const text = heading.firstChild;
    expect([heading.textContent, heading.hidden]).toEqual(['A title', false]);
    pane.show('<p>one two</p>', 'A title');
    expect(heading.firstChild).toBe(text);
    pane.show('<p>one two</p>', null);
    expect([heading.textContent, heading.hidden]).toEqual(['', true]);
  });
});
