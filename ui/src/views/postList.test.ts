// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { PostList } from './postList';
import { postSummary } from '../testPosts';

const summary = postSummary;

function setup() {
  document.body.innerHTML = '<ul id="post-list" tabindex="0"></ul>';
  const el = document.getElementById('post-list')!;
  const opened: number[] = [];
  const list = new PostList(el, (id) => opened.push(id));
  return { el, list, opened };
}

describe('PostList', () => {
  it('renders the hooks the end-to-end test relies on', () => {
    const { el, list } = setup();
    list.setPosts([summary(3, { title: 'Hello', tags: ['a'], status: 'published', date: '2024-05-01' })]);
    const row = el.querySelector<HTMLElement>('li.post-row')!;
    expect(row.dataset.id).toBe('3');
    expect(row.dataset.slug).toBe('post-3');
    expect(row.querySelector('.post-title')!.textContent).toBe('Hello');
    expect(row.querySelector('.badge')!.textContent).toBe('Published');
    expect(row.querySelector('.post-tags')!.textContent).toBe('#a');
  });

  it('shows titles as text and snippets with only mark tags', () => {
    const { el, list } = setup();
    list.setPosts([summary(1, { title: '<b>x</b>', snippet: '<img src=x onerror=alert(1)> <mark>hit</mark>' })]);
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.post-snippet mark')!.textContent).toBe('hit');
  });

  it('opens with the keyboard', () => {
    const { el, list, opened } = setup();
    list.setPosts([summary(1), summary(2), summary(3)]);
    list.select(1);
    el.dispatchEvent(new FocusEvent('focus'));
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    expect(el.getAttribute('aria-activedescendant')).toBe('post-row-3');
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(opened).toEqual([3]);
  });

  it('shows a front matter badge only on rows with a problem', () => {
    const { el, list } = setup();
    const problem = 'front matter error at line 4, column 1: <b>expected</b>';
    list.setPosts([summary(1), summary(2, { problem })]);
    expect(el.querySelector('#post-row-1 .problem-badge')).toBeNull();
    const badge = el.querySelector<HTMLElement>('#post-row-2 .problem-badge')!;
    expect(badge.classList.contains('badge')).toBe(true);
    expect(badge.textContent).toBe('⚠ Front matter');
    expect(badge.title).toBe(problem);
    expect(badge.getAttribute('aria-label')).toContain(problem);
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelectorAll('.problem-badge')).toHaveLength(1);
  });

  it('adds and drops the problem badge when a saved post updates its row', () => {
    const { el, list } = setup();
    list.setPosts([summary(1)]);
    const post = { ...summary(1), text: '', words: 0, readingMinutes: 0 };
    list.update({ ...post, problem: 'the date "tomorrow" is not a date like 2024-05-01' });
    expect(el.querySelector('#post-row-1 .problem-badge')!.getAttribute('title')).toBe(
      'the date "tomorrow" is not a date like 2024-05-01',
    );
    list.update({ ...post, problem: null });
    expect(el.querySelector('#post-row-1 .problem-badge')).toBeNull();
  });

  it('marks the open post and updates a row in place', () => {
    const { el, list } = setup();
    list.setPosts([summary(1), summary(2)]);
    list.select(2);
    expect(el.querySelector('[aria-selected="true"]')!.getAttribute('data-id')).toBe('2');
    const updated = list.update({ ...summary(2, { title: 'Renamed' }), text: '', words: 0, readingMinutes: 0 });
    expect(updated).toBe(true);
    expect(el.querySelector('#post-row-2 .post-title')!.textContent).toBe('Renamed');
    expect(el.querySelector('#post-row-2')!.getAttribute('aria-selected')).toBe('true');
    expect(list.update(summary(9))).toBe(false);
  });

  it('keeps only a window of a 10,000-post list in the DOM, and renders any row it moves to', () => {
    const { el, list, opened } = setup();
    list.setPosts(Array.from({ length: 10_000 }, (_, i) => summary(i + 1)));
    expect(list.length).toBe(10_000);
    const rendered = () => el.querySelectorAll('li.post-row');
    expect(rendered().length).toBeGreaterThan(0);
    expect(rendered().length).toBeLessThanOrEqual(60);
    expect(rendered()[0].getAttribute('aria-setsize')).toBe('10000');

    list.select(5_000);
    const open = el.querySelector('#post-row-5000')!;
    expect(open.getAttribute('aria-selected')).toBe('true');
    expect(open.getAttribute('aria-posinset')).toBe('5000');
    expect(rendered().length).toBeLessThanOrEqual(60);

    el.dispatchEvent(new FocusEvent('focus'));
    expect(el.getAttribute('aria-activedescendant')).toBe('post-row-5000');
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'End' }));
    expect(el.getAttribute('aria-activedescendant')).toBe('post-row-10000');
    expect(el.querySelector('#post-row-10000')!.classList.contains('active')).toBe(true);
    expect(el.querySelector('#post-row-5000')).toBeNull();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect(opened).toEqual([10_000]);

    // A saved post that is not in view updates the list without rendering it.
    expect(list.update({ ...summary(1, { title: 'Renamed' }), text: '', words: 0, readingMinutes: 0 })).toBe(true);
    expect(el.querySelector('#post-row-1')).toBeNull();
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home' }));
    expect(el.querySelector('#post-row-1 .post-title')!.textContent).toBe('Renamed');
  });

  it('scrolls by whole rows of one measured height, with padding for the rows not rendered', () => {
    document.body.innerHTML = '<section id="scroller"><ul id="post-list" tabindex="0"></ul></section>';
    const scroller = document.getElementById('scroller')!;
    const el = document.getElementById('post-list')!;
    Object.defineProperty(scroller, 'clientHeight', { value: 500 });
    let scrollTop = 0;
    Object.defineProperty(scroller, 'scrollTop', { get: () => scrollTop, set: (v: number) => (scrollTop = v) });
    const rect = (top: number, height: number) => ({ top, height, bottom: top + height }) as DOMRect;
    scroller.getBoundingClientRect = () => rect(0, 500);
    el.getBoundingClientRect = () => rect(-scrollTop, 0);
    const realRect = HTMLElement.prototype.getBoundingClientRect;
    HTMLElement.prototype.getBoundingClientRect = function (this: HTMLElement) {
      return this.classList.contains('post-row') ? rect(0, 48) : realRect.call(this);
    };
    try {
      const list = new PostList(el, () => {});
      list.setPosts(Array.from({ length: 1_000 }, (_, i) => summary(i + 1)));
      // 50 px a row (48 + the 2 px gap): 10 in view, 12 below as overscan.
      expect(el.style.getPropertyValue('--post-row-height')).toBe('48px');
      expect(el.querySelectorAll('li.post-row')).toHaveLength(22);
      expect(el.style.paddingBottom).toBe(`${6 + (1_000 - 22) * 50}px`);

      scrollTop = 6 + 500 * 50; // row 501 at the top
      scroller.dispatchEvent(new Event('scroll'));
      const ids = Array.from(el.querySelectorAll<HTMLElement>('li.post-row'), (r) => Number(r.dataset.id));
      expect(ids[0]).toBe(500 - 12 + 1);
      expect(ids).toContain(501);
      expect(ids).toContain(510);
      expect(ids[ids.length - 1]).toBe(510 + 12);
      expect(el.style.paddingTop).toBe(`${6 + (500 - 12) * 50}px`);

      list.select(2);
      expect(scrollTop).toBe(6 + 50);
      expect(el.querySelector('#post-row-2')!.getAttribute('aria-selected')).toBe('true');
    } finally {
      HTMLElement.prototype.getBoundingClientRect = realRect;
    }
  });
});

