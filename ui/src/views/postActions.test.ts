// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { PostActions } from './postActions';
import { el, postFieldsMarkup } from './testDom';

let actions: PostActions;
let ran: string[];

beforeEach(() => {
  document.body.innerHTML = postFieldsMarkup();
  ran = [];
  actions = new PostActions(el('post-fields'), {
    history: () => ran.push('history'),
    remove: () => ran.push('remove'),
    copyHtml: () => ran.push('copy'),
    exportHtml: () => ran.push('export'),
  });
});

const buttons = () => ['history-open', 'delete-post', 'post-more'].map((id) => el<HTMLButtonElement>(id));

describe('PostActions', () => {
  it('runs History, Delete and the More menu’s items', () => {
    el('history-open').click();
    el('delete-post').click();
    el('post-more').click();
    el('post-copy-html').click();
    el('post-more').click();
    el('post-export-html').click();
    expect(ran).toEqual(['history', 'remove', 'copy', 'export']);
  });

  it('turns them all off, the menu closed, while no post can be acted on', () => {
    el('post-more').click();
    expect(el('post-menu').hidden).toBe(false);
    actions.setDisabled(true);
    expect(buttons().map((b) => b.disabled)).toEqual([true, true, true]);
    expect(el('post-menu').hidden).toBe(true);
    actions.setDisabled(false);
    expect(buttons().map((b) => b.disabled)).toEqual([false, false, false]);
  });
});
