import { describe, expect, it } from 'vitest';
import { addTags, cleanTag, removeTag, splitTagInput, suggestTags } from './tags';

describe('splitTagInput', () => {
  it('keeps the text after the last comma as still being typed', () => {
    expect(splitTagInput('rust, web ,wri')).toEqual({ tags: ['rust', 'web'], rest: 'wri' });
  });
  it('drops empty pieces', () => {
    expect(splitTagInput(' , ,a,')).toEqual({ tags: ['a'], rest: '' });
  });
  it('returns everything as rest without a comma', () => {
    expect(splitTagInput('solo')).toEqual({ tags: [], rest: 'solo' });
  });
});

describe('addTags', () => {
  it('trims and dedupes case-insensitively, first spelling wins', () => {
    expect(addTags(['Rust'], [' rust ', 'Web', 'web', 'WEB', '', '  '])).toEqual(['Rust', 'Web']);
  });
  it('does not mutate the input', () => {
    const existing = ['a'];
    addTags(existing, ['b']);
    expect(existing).toEqual(['a']);
  });
  it('strips a leading hash and collapses spaces', () => {
    expect(cleanTag('  #static   sites ')).toBe('static sites');
    expect(addTags([], ['#x', 'x'])).toEqual(['x']);
  });
});

describe('removeTag', () => {
  it('removes regardless of case', () => {
    expect(removeTag(['Rust', 'web'], 'rust')).toEqual(['web']);
  });
});

describe('suggestTags', () => {
  const all = [
    { name: 'rust', count: 3 },
    { name: 'trust', count: 9 },
    { name: 'ruby', count: 1 },
    { name: 'Rustacean', count: 5 },
  ];
  it('puts prefix matches first, then by count', () => {
    expect(suggestTags(all, 'ru', [])).toEqual(['Rustacean', 'rust', 'ruby', 'trust']);
    expect(suggestTags(all, 'rust', [])).toEqual(['Rustacean', 'rust', 'trust']);
  });
  it('leaves out tags the post already has', () => {
    expect(suggestTags(all, 'rust', ['RUST'])).toEqual(['Rustacean', 'trust']);
  });
  it('suggests nothing for an empty query', () => {
    expect(suggestTags(all, '  ', [])).toEqual([]);
  });
});
