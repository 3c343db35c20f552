// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Post, PostFields } from '../api';
import { postSummary } from '../testPosts';
import { PostFieldsView } from './postFields';
import { el, postFieldsMarkup } from './testDom';

describe('PostFieldsView', () => {
  it('on Enter in the title stores it and hands the writer on to the text', () => {
    document.body.innerHTML = postFieldsMarkup();
    const changes: PostFields[] = [];
    let done = 0;
    new PostFieldsView(el('post-fields'), (f) => changes.push(f), () => done++);
    const title = el<HTMLInputElement>('title');
    title.value = 'Why I switched to plain text';
    title.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(changes).toEqual([{ title: 'Why I switched to plain text' }]);
    expect(done).toBe(1);
  });

  it('is reached in writing order: the list toggle, the title, then the tags; the view toggles after the fields', () => {
    document.body.innerHTML = postFieldsMarkup();
    const order = Array.from(el('post-fields').querySelectorAll<HTMLElement>('input, textarea, button'))
      .filter((e) => e.tabIndex >= 0)
      .map((e) => e.id);
    expect(order.slice(0, 3)).toEqual(['list-toggle', 'title', 'tags-input']);
    expect(order.slice(-2)).toEqual(['details-toggle', 'preview-toggle']);
    for (const id of ['list-toggle', 'details-toggle', 'preview-toggle']) {
      expect(el(id).getAttribute('aria-label')).toBeTruthy();
      expect(el(id).getAttribute('aria-expanded')).toBe('true');
      expect(el(id).getAttribute('aria-controls')).toBeTruthy();
    }
    expect(el('details-toggle').getAttribute('aria-controls')).toBe('post-details-row');
  });

  it('keeps the title one line: a pasted line break becomes a space', () => {
    document.body.innerHTML = postFieldsMarkup();
    const changes: PostFields[] = [];
    new PostFieldsView(el('post-fields'), (f) => changes.push(f));
    const title = el<HTMLTextAreaElement>('title');
    expect(title.tagName).toBe('TEXTAREA');
    title.value = 'A title pasted\r\nfrom two lines';
    title.dispatchEvent(new Event('input'));
    expect(title.value).toBe('A title pasted from two lines');
    title.dispatchEvent(new Event('change'));
    expect(changes).toEqual([{ title: 'A title pasted from two lines' }]);
  });

  it('shows categories where the library has them, and reports an added one', () => {
    document.body.innerHTML = postFieldsMarkup();
    const changes: PostFields[] = [];
    const fields = new PostFieldsView(el('post-fields'), (f) => changes.push(f));
    const post = (categories: string[]): Post => ({
      ...postSummary(1, { categories }),
      text: '',
      words: 0,
      readingMinutes: 0,
    });
    fields.show(post([]));
    expect(el('categories-field').hidden).toBe(true);
    // A post that has some shows them, in a library that has none elsewhere.
    fields.show(post(['Travel']));
    expect(el('categories-field').hidden).toBe(false);
    expect(el('category-chips').textContent).toContain('Travel');
    fields.show(post([]));
    expect(el('categories-field').hidden).toBe(true);
    fields.setKnownCategories([{ name: 'Travel', count: 4 }]);
    expect(el('categories-field').hidden).toBe(false);
    const input = el<HTMLInputElement>('categories-input');
    input.value = 'Tra';
    input.dispatchEvent(new Event('input'));
    // The suggestion is highlighted: Enter takes "Travel", not what was typed.
    expect(input.getAttribute('aria-activedescendant')).toBe('category-option-0');
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    expect(changes).toEqual([{ categories: ['Travel'] }]);
    expect(el('category-chips').querySelector('.tag-remove')?.getAttribute('aria-label')).toBe('Remove category Travel');
  });
});
