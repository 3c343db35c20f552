// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { EmptyState } from './emptyState';
import { el, postFieldsMarkup, sectionMarkup } from './testDom';

let empty: EmptyState;
let ran: string[];

beforeEach(() => {
  const post = `${postFieldsMarkup()}<div id="editor"></div>`;
  document.body.innerHTML = `<main class="editor-pane">${post}${sectionMarkup('empty-state')}</main>`;
  ran = [];
  empty = new EmptyState(document.querySelector('main')!, {
    newPost: () => ran.push('new'),
    importFolder: () => ran.push('import'),
  });
});

const shown = () => ['empty-state', 'title', 'post-details-row', 'editor'].map((id) => !el(id).hidden);

describe('EmptyState', () => {
  it('takes the place of the post and says why none is open', () => {
    empty.show(true);
    expect(shown()).toEqual([true, false, false, false]);
    // The way back to a hidden list or preview stays.
    expect(el('list-toggle').hidden || el('post-fields').hidden).toBe(false);
    expect(el('preview-toggle').hidden).toBe(false);
    expect(el('empty-state').querySelector('h2')!.textContent).toBe('No posts yet');
    expect(el('empty-state').querySelector('p')!.textContent).toContain('Your library is empty.');
    empty.show(false);
    expect(el('empty-state').querySelector('h2')!.textContent).toBe('No post open');
    expect(el('empty-state').querySelector('p')!.textContent).toBe('Pick a post from the list, or start a new one.');
  });

  it('gives way to the post', () => {
    empty.show(true);
    empty.hide();
    expect(shown()).toEqual([false, true, true, true]);
  });

  it('starts a new post or an import', () => {
    el('empty-new-post').click();
    el('empty-import').click();
    expect(ran).toEqual(['new', 'import']);
  });
});
