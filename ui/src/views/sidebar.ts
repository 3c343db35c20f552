// The sidebar: the post finder (search box with debounced full-text search, tag
// and status filters, and the list they fill), renaming the tag the list is
// filtered by, the trash shown in place of the list, and the buttons that start
// something new.
import * as api from '../api';
import type { ListFilter, PostSummary, Status, TagCount } from '../api';
import { isFiltered, matchesFilter } from '../postFilter';
import { part } from './part';
import { PostList } from './postList';
import { TagRename } from './tagRename';
import { TrashView, type TrashHandlers } from './trash';

const SEARCH_DELAY_MS = 120;
/** The status filter's value that lists pages instead of posts. */
const PAGES_CHOICE = 'pages';
const SEARCH_LIMIT = 100;

interface SidebarElements {
  search: HTMLInputElement;
  tagFilter: HTMLSelectElement;
  categoryFilter: HTMLSelectElement;
  categoryFilterField: HTMLElement;
  statusFilter: HTMLSelectElement;
  list: HTMLElement;
  empty: HTMLElement;
}

/** The sidebar's buttons, each doing what its shortcut does. */
export interface SidebarButtons {
  newPost(): void;
  importFolder(): void;
  exportLibrary(): void;
  openLibrary(): void;
  shortcuts(): void;
}

export interface SidebarHandlers {
  /** A post in the list was chosen. */
  open(id: number): void;
  /** Escape in the search box. */
  leaveSearch(): void;
  /** Enter in the search box: open the first result. */
  openFirst(id: number): void;
  loaded(posts: PostSummary[]): void;
  failed(error: api.AppError): void;
  /** Renames (or merges) a tag in every post; false when that did not happen. */
  renameTag(from: string, to: string): Promise<boolean>;
  trash: TrashHandlers;
  buttons: SidebarButtons;
}

export class Sidebar {
  readonly list: PostList;
  private readonly el: SidebarElements;
  private readonly tagRename: TagRename;
  private readonly trash: TrashView;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** Mounts on the <nav class="sidebar">. */
  constructor(
    root: HTMLElement,
    private readonly on: SidebarHandlers,
  ) {
    const el: SidebarElements = {
      search: part(root, 'search'),
      tagFilter: part(root, 'filter-tag'),
      categoryFilter: part(root, 'filter-category'),
      categoryFilterField: part(root, 'category-filter-field'),
      statusFilter: part(root, 'filter-status'),
      list: part(root, 'post-list'),
      empty: part(root, 'list-empty'),
    };
    this.el = el;
    this.list = new PostList(el.list, (id) => on.open(id));
    el.search.addEventListener('input', () => {
      if (this.timer !== null) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.refresh();
      }, SEARCH_DELAY_MS);
    });
    el.search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        // Esc clears the search (the list shows every post again) and leaves the box.
        if (el.search.value !== '') {
          if (this.timer !== null) clearTimeout(this.timer);
          this.timer = null;
          el.search.value = '';
          void this.refresh();
        }
        on.leaveSearch();
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.focusList();
      } else if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        const first = this.list.ids()[0];
        if (first !== undefined) on.openFirst(first);
      }
    });
    for (const select of [el.tagFilter, el.statusFilter, el.categoryFilter]) {
      select.addEventListener('change', () => {
        this.tagRename.setTag(this.filter.tag ?? null);
        void this.refresh();
      });
    }
    this.tagRename = new TagRename(part(root, 'tag-tools'), (from, to) => on.renameTag(from, to));
    this.trash = new TrashView(root, on.trash);
    const { buttons } = on;
    part(root, 'new-post').addEventListener('click', () => buttons.newPost());
    part(root, 'library-open').addEventListener('click', () => buttons.openLibrary());
    part(root, 'import-open').addEventListener('click', () => buttons.importFolder());
    part(root, 'export-open').addEventListener('click', () => buttons.exportLibrary());
    part(root, 'shortcuts-open').addEventListener('click', () => buttons.shortcuts());
  }

  /** The status filter's "Pages" choice lists the site's pages; every other lists posts. */
  get filter(): ListFilter {
    const choice = this.el.statusFilter.value;
    const pages = choice === PAGES_CHOICE;
    return {
      tag: this.el.tagFilter.value || null,
      status: pages ? null : ((choice || null) as Status | null),
      category: this.el.categoryFilter.value || null,
      kind: pages ? 'page' : 'post',
    };
  }

  get query(): string {
    return this.el.search.value.trim();
  }

  /**
   * Fetches and shows the list (only its first `limit` posts when given and not
   * searching); resolves to null when a newer refresh overtook it.
   */
  async refresh(limit?: number): Promise<PostSummary[] | null> {
    const seq = ++this.seq;
    const query = this.query;
    const filter = this.filter;
    let posts: PostSummary[];
    try {
      posts = query
        ? (await api.searchPosts(query, SEARCH_LIMIT)).filter((p) => matchesFilter(p, filter))
        : await api.listPosts(filter, limit);
    } catch (e) {
      if (seq === this.seq) this.on.failed(e as api.AppError);
      return null;
    }
    if (seq !== this.seq) return null;
    this.list.setPosts(posts);
    this.el.empty.hidden = posts.length > 0;
    this.el.empty.textContent = isFiltered(query, filter) ? 'No posts match.' : 'No posts yet.';
    this.on.loaded(posts);
    return posts;
  }

  setTags(tags: TagCount[]): void {
    const current = this.el.tagFilter.value;
    const options = [new Option('All tags', '')];
    for (const t of tags) options.push(new Option(`${t.name} (${t.count})`, t.name));
    if (current && !tags.some((t) => t.name === current)) options.push(new Option(`${current} (0)`, current));
    this.el.tagFilter.replaceChildren(...options);
    this.el.tagFilter.value = current;
  }

  /** The library's categories in their filter; the filter shows only where there are some. */
  setCategories(categories: TagCount[]): void {
    const current = this.el.categoryFilter.value;
    const options = [new Option('All categories', '')];
    for (const c of categories) options.push(new Option(`${c.name} (${c.count})`, c.name));
    if (current && !categories.some((c) => c.name === current)) options.push(new Option(`${current} (0)`, current));
    this.el.categoryFilter.replaceChildren(...options);
    this.el.categoryFilter.value = current;
    this.el.categoryFilterField.hidden = categories.length === 0 && !current;
  }

  /** Filters by another tag (e.g. after a rename), without fetching. */
  setTagFilter(name: string | null): void {
    this.el.tagFilter.value = name ?? '';
  }

  /**
   * Shows every post again, without fetching: the list in place of the trash, no
   * search and no filter.
   */
  showAll(): void {
    this.trash.close();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.el.search.value = '';
    this.el.tagFilter.value = '';
    this.el.statusFilter.value = '';
    this.el.categoryFilter.value = '';
    this.tagRename.setTag(null);
  }

  /** Shows the trash's posts again, if it is open. */
  reloadTrash(): Promise<void> {
    return this.trash.reload();
  }

  focusList(): void {
    this.el.list.focus();
  }

  focusSearch(): void {
    this.el.search.focus();
    this.el.search.select();
  }
}
