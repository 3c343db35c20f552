// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { TagInput } from './tagInput';

function setup(initial: string[] = []) {
  document.body.innerHTML = '<ul id="chips"></ul><input id="in"><ul id="list" hidden></ul>';
  const chips = document.getElementById('chips')!;
  const input = document.getElementById('in') as HTMLInputElement;
  const list = document.getElementById('list')!;
  const changes: string[][] = [];
  const tags = new TagInput(chips, input, list, (t) => changes.push(t));
  tags.set(initial);
  tags.setKnown([
    { name: 'rust', count: 4 },
    { name: 'writing', count: 2 },
  ]);
  const chipNames = () => [...chips.querySelectorAll('.tag-chip')].map((c) => c.textContent);
  const typeText = (value: string) => {
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const key = (k: string) => input.dispatchEvent(new KeyboardEvent('keydown', { key: k, cancelable: true }));
  return { tags, input, list, changes, chipNames, typeText, key };
}

describe('TagInput', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('adds on Enter and reports the new list', () => {
    const t = setup(['a']);
    t.typeText(' smoke-tag ');
    t.key('Enter');
    expect(t.chipNames()).toEqual(['a', 'smoke-tag']);
    expect(t.changes).toEqual([['a', 'smoke-tag']]);
    expect(t.input.value).toBe('');
  });

  it('adds on comma and keeps the rest in the box', () => {
    const t = setup();
    t.typeText('one, two,th');
    expect(t.chipNames()).toEqual(['one', 'two']);
    expect(t.input.value).toBe('th');
  });

  it('ignores a duplicate in another case', () => {
    const t = setup(['Rust']);
    t.typeText('rust');
    t.key('Enter');
    expect(t.chipNames()).toEqual(['Rust']);
    expect(t.changes).toEqual([]);
  });

  it('removes the last chip with Backspace in an empty box, and by its button', () => {
    const t = setup(['a', 'b', 'c']);
    t.key('Backspace');
    expect(t.chipNames()).toEqual(['a', 'b']);
    (document.querySelector('.tag-remove[data-tag="a"]') as HTMLButtonElement).click();
    expect(t.chipNames()).toEqual(['b']);
    expect(t.changes).toEqual([['a', 'b'], ['b']]);
  });

  it('suggests existing tags and picks one with the arrow keys', () => {
    const t = setup();
    t.typeText('wr');
    expect(t.list.hidden).toBe(false);
    expect(t.input.getAttribute('aria-expanded')).toBe('true');
    t.key('ArrowDown');
    expect(t.input.getAttribute('aria-activedescendant')).toBe('tag-option-0');
    t.key('Enter');
    expect(t.chipNames()).toEqual(['writing']);
    expect(t.list.hidden).toBe(true);
  });

  it('highlights a tag that starts with what was typed; Enter or Tab takes it', () => {
    const t = setup();
    t.typeText('wri');
    expect(t.input.getAttribute('aria-activedescendant')).toBe('tag-option-0');
    t.key('Enter');
    expect(t.chipNames()).toEqual(['writing']);
    t.typeText('ru');
    t.key('Tab');
    expect(t.chipNames()).toEqual(['writing', 'rust']);
    expect(t.input.value).toBe('');
  });

  it('adds what was typed after Escape closes the suggestions, and never takes a match inside a name unasked', () => {
    const t = setup();
    t.typeText('wri');
    t.key('Escape');
    t.key('Enter');
    expect(t.chipNames()).toEqual(['wri']);
    t.typeText('iting');
    expect(t.list.hidden).toBe(false);
    expect(t.input.hasAttribute('aria-activedescendant')).toBe(false);
    t.key('Enter');
    expect(t.chipNames()).toEqual(['wri', 'iting']);
  });

  it('chip text is the tag name alone', () => {
    const t = setup(['x']);
    expect(document.querySelector('.tag-chip')!.textContent).toBe('x');
    expect(t.chipNames()).toEqual(['x']);
  });
});
