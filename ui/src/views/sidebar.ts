// The post finder: search box (full-text search, debounced), tag and status
// filters, and the list they fill.
import * as api from '../api';
import type { ListFilter, PostSummary, Status, TagCount } from '../api';
import { isFiltered, matchesFilter } from '../postFilter';
import type { PostList } from './postList';

const SEARCH_DELAY_MS = 120;
const SEARCH_LIMIT = 100;

export interface SidebarElements {
  search: HTMLInputElement;
  tagFilter: HTMLSelectElement;
  statusFilter: HTMLSelectElement;
  empty: HTMLElement;
}

export interface SidebarHandlers {
  /** Escape in the search box. */
  leaveSearch(): void;
  /** Enter in the search box: open the first result. */
  openFirst(id: number): void;
  loaded(posts: PostSummary[]): void;
  /** The tag or status filter changed. */
  filterChanged(): void;
  failed(error: api.AppError): void;
}

export class Sidebar {
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly el: SidebarElements,
    private readonly list: PostList,
    private readonly listEl: HTMLElement,
    private readonly on: SidebarHandlers,
  ) {
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
        on.leaveSearch();
      } else if (e.key === 'ArrowDown') {
        e.preventDefault();
        this.listEl.focus();
      } else if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        const first = this.list.ids()[0];
        if (first !== undefined) on.openFirst(first);
      }
    });
    for (const select of [el.tagFilter, el.statusFilter]) {
      select.addEventListener('change', () => {
        on.filterChanged();
        void this.refresh();
      });
    }
  }

  get filter(): ListFilter {
    return {
      tag: this.el.tagFilter.value || null,
      status: (this.el.statusFilter.value || null) as Status | null,
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

  /** Filters by another tag (e.g. after a rename), without fetching. */
  setTagFilter(name: string | null): void {
    this.el.tagFilter.value = name ?? '';
  }

  /** Clears the search and filters without fetching. */
  reset(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.el.search.value = '';
    this.el.tagFilter.value = '';
    this.el.statusFilter.value = '';
  }

  focusSearch(): void {
    this.el.search.focus();
    this.el.search.select();
  }
}
