// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { PostFields } from '../api';
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
});
