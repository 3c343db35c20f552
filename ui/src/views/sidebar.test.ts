// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListFilter } from '../api';
import { postSummary } from '../testPosts';
import { Sidebar } from './sidebar';
import { el, flush, sidebarMarkup } from './testDom';

const listed = vi.hoisted(() => ({ filters: [] as unknown[] }));

vi.mock('../api', () => ({
  listPosts: async (filter: unknown) => {
    listed.filters.push(filter);
    return [postSummary(1), postSummary(2)];
  },
  searchPosts: async (query: string) => {
    listed.filters.push({ query });
    return [postSummary(2)];
  },
}));

let sidebar: Sidebar;
let ran: string[];

beforeEach(() => {
  // happy-dom has no `new Option(text, value)`, which the tag filter uses.
  vi.stubGlobal('Option', function Option(text: string, value: string) {
    const option = document.createElement('option');
    option.textContent = text;
    option.value = value;
    return option;
  });
  document.body.innerHTML = sidebarMarkup();
  listed.filters = [];
  ran = [];
  sidebar = new Sidebar(document.querySelector('nav')!, {
    open: (id) => ran.push(`open ${id}`),
    leaveSearch: () => ran.push('leave search'),
    openFirst: (id) => ran.push(`open first ${id}`),
    loaded: () => undefined,
    failed: () => undefined,
    renameTag: async () => true,
    trash: { load: async () => [], restore: async () => undefined },
    buttons: {
      newPost: () => ran.push('new post'),
      importFolder: () => ran.push('import'),
      exportLibrary: () => ran.push('export'),
      openLibrary: () => ran.push('open library'),
      shortcuts: () => ran.push('shortcuts'),
    },
  });
});

afterEach(() => vi.unstubAllGlobals());

const choose = (id: string, value: string) => {
  const select = el<HTMLSelectElement>(id);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
};

describe('Sidebar', () => {
  it('runs the app’s commands from its buttons', () => {
    for (const id of ['new-post', 'import-open', 'export-open', 'library-open', 'shortcuts-open']) el(id).click();
    expect(ran).toEqual(['new post', 'import', 'export', 'open library', 'shortcuts']);
  });

  it('lists the posts and opens the one chosen, or the first on Enter in the search box', async () => {
    await sidebar.refresh();
    expect(sidebar.list.ids()).toEqual([1, 2]);
    el('post-row-2').click();
    el('search').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    el('search').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', cancelable: true }));
    expect(ran).toEqual(['open 2', 'open first 1', 'leave search']);
  });

  it('clears the search on Escape, lists every post again and leaves the box', async () => {
    const search = el<HTMLInputElement>('search');
    search.value = 'remote';
    search.dispatchEvent(new Event('input'));
    await sidebar.refresh();
    expect(sidebar.list.ids()).toEqual([2]);
    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', cancelable: true }));
    await flush();
    expect(search.value).toBe('');
    expect(sidebar.list.ids()).toEqual([1, 2]);
    expect(ran).toEqual(['leave search']);
  });

  it('offers to rename the tag it is filtered by', async () => {
    sidebar.setTags([{ name: 'rust', count: 2 }]);
    expect(el('tag-tools').hidden).toBe(true);
    choose('filter-tag', 'rust');
    await flush();
    expect(el('tag-tools').hidden).toBe(false);
    expect(el('rename-tag').textContent).toBe('Rename “rust”…');
    expect(listed.filters.slice(-1)[0]).toEqual({ tag: 'rust', status: null, category: null, kind: 'post' } satisfies ListFilter);
  });

  it('filters by category only where the library has categories', async () => {
    sidebar.setCategories([]);
    expect(el('category-filter-field').hidden).toBe(true);
    sidebar.setCategories([
      { name: 'Travel', count: 3 },
      { name: 'Food', count: 1 },
    ]);
    expect(el('category-filter-field').hidden).toBe(false);
    const options = Array.from(el<HTMLSelectElement>('filter-category').options).map((o) => o.textContent);
    expect(options).toEqual(['All categories', 'Travel (3)', 'Food (1)']);
    choose('filter-category', 'Travel');
    await flush();
    expect(listed.filters.slice(-1)[0]).toEqual({ tag: null, status: null, category: 'Travel', kind: 'post' } satisfies ListFilter);
    sidebar.showAll();
    expect(sidebar.filter.category).toBeNull();
  });

  it('lists the site\'s pages under the Pages choice, posts under every other', async () => {
    choose('filter-status', 'pages');
    await flush();
    expect(listed.filters.slice(-1)[0]).toEqual({ tag: null, status: null, category: null, kind: 'page' } satisfies ListFilter);
    choose('filter-status', 'draft');
    await flush();
    expect(listed.filters.slice(-1)[0]).toEqual({ tag: null, status: 'draft', category: null, kind: 'post' } satisfies ListFilter);
  });

  it('shows every post again: no search, no filter, no rename and the list in place of the trash', async () => {
    sidebar.setTags([{ name: 'rust', count: 2 }]);
    el<HTMLInputElement>('search').value = 'words';
    choose('filter-tag', 'rust');
    choose('filter-status', 'draft');
    el('show-trash').click();
    await flush();
    expect(el('trash-panel').hidden).toBe(false);
    sidebar.showAll();
    expect(sidebar.query).toBe('');
    expect(sidebar.filter).toEqual({ tag: null, status: null, category: null, kind: 'post' });
    expect(el('tag-tools').hidden).toBe(true);
    expect(el('trash-panel').hidden).toBe(true);
    expect(el('posts-section').hidden).toBe(false);
    expect(el('show-trash').getAttribute('aria-pressed')).toBe('false');
  });
});
