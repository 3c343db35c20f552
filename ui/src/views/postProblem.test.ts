// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import html from '../../index.html?raw';
import { PostProblemNotice } from './postProblem';

/** The notice's real markup, from index.html. */
const markup = /<p id="post-problem"[^>]*><\/p>/.exec(html)![0];

let el: HTMLElement;
let notice: PostProblemNotice;

beforeEach(() => {
  document.body.innerHTML = markup;
  el = document.getElementById('post-problem')!;
  notice = new PostProblemNotice(el);
});

describe('PostProblemNotice', () => {
  it('starts hidden as a polite status', () => {
    expect(el.hidden).toBe(true);
    expect(el.getAttribute('role')).toBe('status');
  });

  it('shows the problem as text', () => {
    notice.show("front matter error at line 4, column 1: while parsing a flow sequence, expected ',' or ']'");
    expect(el.hidden).toBe(false);
    expect(el.textContent).toBe(
      "Quire could not read this post's front matter: front matter error at line 4, column 1: " +
        "while parsing a flow sequence, expected ',' or ']'. Fix it in the text; the post is saved as you type.",
    );
  });

  it('never treats the problem as HTML and does not double a final period', () => {
    notice.show('bad value <img src=x onerror=alert(1)>.');
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain('<img src=x onerror=alert(1)>. Fix it');
    expect(el.textContent).not.toContain('..');
  });

  it('updates when a save brings a new problem and hides once fixed', () => {
    notice.show('the date "tomorrow" is not a date like 2024-05-01');
    expect(el.textContent).toContain('"tomorrow"');
    notice.show('front matter error at line 2, column 3: mapping values are not allowed here');
    expect(el.hidden).toBe(false);
    expect(el.textContent).toContain('line 2, column 3');
    expect(el.textContent).not.toContain('tomorrow');
    notice.show(null);
    expect(el.hidden).toBe(true);
    expect(el.textContent).toBe('');
  });

  it('hides for an empty problem', () => {
    notice.show('x');
    notice.show('  ');
    expect(el.hidden).toBe(true);
  });
});
