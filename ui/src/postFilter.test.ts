import { describe, expect, it } from 'vitest';
import type { PostSummary } from './api';
import { isFiltered, matchesFilter } from './postFilter';
import { postSummary } from './testPosts';

const post = (over: Partial<PostSummary>) => postSummary(1, over);

describe('matchesFilter', () => {
  it('passes everything without a filter', () => {
    expect(matchesFilter(post({}), { tag: null, status: null })).toBe(true);
  });
  it('matches tags case-insensitively', () => {
    expect(matchesFilter(post({ tags: ['Rust'] }), { tag: 'rust', status: null })).toBe(true);
    expect(matchesFilter(post({ tags: ['go'] }), { tag: 'rust', status: null })).toBe(false);
  });
  it('matches status exactly, combined with tag', () => {
    const p = post({ tags: ['a'], status: 'published' });
    expect(matchesFilter(p, { tag: 'a', status: 'published' })).toBe(true);
    expect(matchesFilter(p, { tag: 'a', status: 'scheduled' })).toBe(false);
  });
  it('keeps pages and posts apart', () => {
    expect(matchesFilter(post({ kind: 'page' }), { tag: null, status: null, kind: 'post' })).toBe(false);
    expect(matchesFilter(post({ kind: 'page' }), { tag: null, status: null, kind: 'page' })).toBe(true);
    expect(matchesFilter(post({ kind: 'page' }), { tag: null, status: null })).toBe(true);
  });
});

describe('isFiltered', () => {
  it('notices a query or any filter', () => {
    expect(isFiltered('  ', { tag: null, status: null })).toBe(false);
    expect(isFiltered('x', { tag: null, status: null })).toBe(true);
    expect(isFiltered('', { tag: null, status: 'draft' })).toBe(true);
    expect(isFiltered('', { tag: null, status: null, kind: 'post' })).toBe(false);
    expect(isFiltered('', { tag: null, status: null, kind: 'page' })).toBe(true);
  });
});
