// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeHtml, snippetHtml } from './snippet';

describe('snippetHtml', () => {
  it('keeps mark tags and plain text', () => {
    expect(snippetHtml('a <mark>quire</mark> b')).toBe('a <mark>quire</mark> b');
  });

  it('keeps hostile markup around a mark escaped', () => {
    const out = snippetHtml('<img src=x onerror=alert(1)><mark>hit</mark><script>alert(2)</script>');
    expect(out).toBe('&lt;img src=x onerror=alert(1)&gt;<mark>hit</mark>&lt;script&gt;alert(2)&lt;/script&gt;');
    const div = document.createElement('div');
    div.innerHTML = out;
    expect(div.querySelector('img')).toBeNull();
    expect(div.querySelector('script')).toBeNull();
    expect(div.querySelectorAll('mark')).toHaveLength(1);
    expect(div.textContent).toBe('<img src=x onerror=alert(1)>hit<script>alert(2)</script>');
  });

  it('does not let mark carry attributes', () => {
    const out = snippetHtml('<mark onclick="x()">a</mark>');
    expect(out).not.toContain('<mark onclick');
    const div = document.createElement('div');
    div.innerHTML = out;
    expect(div.querySelector('[onclick]')).toBeNull();
  });

  it('decodes backend escaping exactly once', () => {
    const out = snippetHtml('a &amp; b &lt;i&gt; <mark>&amp;lt;</mark>');
    const div = document.createElement('div');
    div.innerHTML = out;
    expect(div.textContent).toBe('a & b <i> &lt;');
    expect(div.querySelector('i')).toBeNull();
  });

  it('escaped mark tags in the text stay text', () => {
    const div = document.createElement('div');
    div.innerHTML = snippetHtml('&lt;mark&gt;not a match&lt;/mark&gt;');
    expect(div.querySelector('mark')).toBeNull();
    expect(div.textContent).toBe('<mark>not a match</mark>');
  });

  it('balances stray and nested tags', () => {
    expect(snippetHtml('</mark>a<mark>b<mark>c')).toBe('a<mark>bc</mark>');
    expect(snippetHtml('<MARK>x</MARK>')).toBe('<mark>x</mark>');
  });

  it('escapes quotes', () => {
    expect(escapeHtml(`"'&<>`)).toBe('&quot;&#39;&amp;&lt;&gt;');
  });

  it('leaves unknown or invalid entities alone', () => {
    expect(decodeEntities('&bogus; &#0; &#xD800; &#x41;')).toBe('&bogus; &#0; &#xD800; A');
  });
});
