// The list of posts in the sidebar: a listbox whose rows open a post on click or
// Enter; arrow keys move a keyboard cursor (aria-activedescendant) through it.
//
// Virtualized: a library may hold 100,000 posts, and a DOM row for each made
// start-up, memory and every style recalculation grow with the library. Only
// the rows in view, and a few either side, exist; every row has the same height
// (measured from a full row), and the list's padding stands in for the rest.
import type { Post, PostSummary } from '../api';
import { formatDate, STATUS_LABEL } from '../format';
import { listMoveForKey, moveIndex } from '../listNav';
import { snippetHtml } from '../snippet';

type Row = Pick<PostSummary, 'id' | 'slug' | 'title' | 'tags' | 'status' | 'date'> & {
  snippet?: string | null;
  problem?: string | null;
};

/** Rows rendered beyond each edge of the view, so a fast scroll shows no gap. */
const OVERSCAN = 12;
/** Rows rendered while the list has no layout (hidden, or no window yet). */
const UNLAID_ROWS = 40;
/** The list's own top and bottom padding (app.css `#post-list`). */
const LIST_PADDING = 6;
/** The gap below every row (app.css `.post-row`). */
const ROW_GAP = 2;

export class PostList {
  private rows: Row[] = [];
  private indexById = new Map<number, number>();
  private selected: number | null = null;
  private active = -1;
  /** Pixels from one row's top to the next; 0 until measured with a layout. */
  private pitch = 0;
  private pitchHasSnippet = false;
  /** The rendered rows: indexes [first, end), by post id. */
  private first = 0;
  private end = 0;
  private rendered = new Map<number, HTMLElement>();
  /** The row last scrolled to, which an unlaid list renders from. */
  private anchor = 0;
  private readonly scroller: HTMLElement;

  constructor(
    private readonly el: HTMLElement,
    private readonly onOpen: (id: number) => void,
  ) {
    this.scroller = el.parentElement ?? el;
    this.scroller.addEventListener('scroll', () => this.renderWindow(), { passive: true });
    // Shown again after the trash, or the window resized: more rows may fit.
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this.renderWindow()).observe(this.scroller);
    }
    el.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('.post-row');
      if (!row) return;
      const at = this.indexById.get(Number(row.dataset.id));
      if (at === undefined) return;
      this.setActive(at, false);
      this.onOpen(this.rows[at].id);
    });
    el.addEventListener('keydown', (e) => this.onKeydown(e));
    el.addEventListener('focus', () => {
      if (this.active < 0 && this.rows.length) {
        const at = this.selected === null ? -1 : (this.indexById.get(this.selected) ?? -1);
        // No scrolling: a click focuses the list first, and moving the rows
        // then would put another row under the pointer.
        this.setActive(Math.max(0, at), false);
      }
    });
  }

  ids(): number[] {
    return this.rows.map((r) => r.id);
  }

  get length(): number {
    return this.rows.length;
  }

  setPosts(posts: Row[]): void {
    const activeId = this.rows[this.active]?.id;
    this.rows = posts.map((p) => ({ ...p }));
    this.indexById = new Map(this.rows.map((r, i) => [r.id, i]));
    this.rendered.clear();
    this.el.replaceChildren();
    const hasSnippet = this.rows.some((r) => r.snippet);
    if (hasSnippet !== this.pitchHasSnippet) {
      this.pitchHasSnippet = hasSnippet;
      this.pitch = 0;
    }
    this.active = activeId === undefined ? -1 : (this.indexById.get(activeId) ?? -1);
    this.first = this.end = 0;
    this.anchor = Math.max(0, this.active);
    this.renderWindow(true);
  }

  /** Marks the open post, and scrolls it into view. */
  select(id: number | null): void {
    const before = this.selected === null ? undefined : this.rendered.get(this.selected);
    before?.setAttribute('aria-selected', 'false');
    this.selected = id;
    const at = id === null ? undefined : this.indexById.get(id);
    if (at === undefined) return;
    this.scrollToIndex(at);
    this.rendered.get(id!)?.setAttribute('aria-selected', 'true');
  }

  /** Refreshes one row from a saved post; returns false when it is not listed. */
  update(post: Post | PostSummary): boolean {
    const at = this.indexById.get(post.id);
    if (at === undefined) return false;
    const row: Row = { ...post, snippet: this.rows[at].snippet };
    this.rows[at] = row;
    const old = this.rendered.get(post.id);
    if (old) {
      const fresh = this.renderRow(row, at);
      old.replaceWith(fresh);
      this.rendered.set(post.id, fresh);
      this.syncActive();
    }
    return true;
  }

  /**
   * Puts the rows in view (and the overscan) in the DOM, reusing those already
   * there; `force` rebuilds even when the range is unchanged.
   */
  private renderWindow(force = false): void {
    const n = this.rows.length;
    if (this.pitch === 0 && n > 0) this.measure();
    let first: number;
    let end: number;
    if (this.pitch > 0) {
      const top = this.scroller.scrollTop - this.listTop() - LIST_PADDING;
      first = Math.max(0, Math.floor(top / this.pitch) - OVERSCAN);
      end = Math.min(n, Math.ceil((top + this.scroller.clientHeight) / this.pitch) + OVERSCAN);
      first = Math.min(first, end);
    } else {
      // No layout to measure: a fixed run from the row last scrolled to.
      first = Math.max(0, Math.min(this.anchor - OVERSCAN, n - UNLAID_ROWS));
      end = Math.min(n, first + UNLAID_ROWS);
    }
    if (!force && first === this.first && end === this.end) return;
    this.first = first;
    this.end = end;
    const pitch = this.pitch;
    this.el.style.paddingTop = pitch > 0 ? `${LIST_PADDING + first * pitch}px` : '';
    this.el.style.paddingBottom = pitch > 0 ? `${LIST_PADDING + (n - end) * pitch}px` : '';
    const kept = new Map<number, HTMLElement>();
    const children: HTMLElement[] = [];
    for (let i = first; i < end; i++) {
      const row = this.rows[i];
      const li = this.rendered.get(row.id) ?? this.renderRow(row, i);
      kept.set(row.id, li);
      children.push(li);
    }
    this.rendered = kept;
    this.el.replaceChildren(...children);
    this.syncActive();
  }

  /** The row height, from a row with every line a row can have. */
  private measure(): void {
    const sample = this.rows[0];
    const probe = this.renderRow(
      {
        ...sample,
        tags: sample.tags.length ? sample.tags : ['tag'],
        problem: 'problem',
        snippet: this.pitchHasSnippet ? 'word '.repeat(200) : null,
      },
      0,
    );
    probe.id = '';
    probe.style.height = 'auto';
    probe.setAttribute('aria-hidden', 'true');
    this.el.append(probe);
    const height = probe.getBoundingClientRect().height;
    probe.remove();
    if (height > 0) {
      this.pitch = height + ROW_GAP;
      this.el.style.setProperty('--post-row-height', `${height}px`);
    }
  }

  /** The list's top inside the scrolled content. */
  private listTop(): number {
    if (this.scroller === this.el) return 0;
    return this.el.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top + this.scroller.scrollTop;
  }

  /** Scrolls the least that shows row `index` whole, and renders it. */
  private scrollToIndex(index: number): void {
    if (this.pitch > 0) {
      const top = this.listTop() + LIST_PADDING + index * this.pitch;
      const bottom = top + this.pitch - ROW_GAP;
      const view = this.scroller.clientHeight;
      if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
      else if (bottom > this.scroller.scrollTop + view) this.scroller.scrollTop = bottom - view;
    }
    this.anchor = index;
    this.renderWindow();
  }

  /** The keyboard cursor's class and aria-activedescendant, on a rendered row only. */
  private syncActive(): void {
    const id = this.rows[this.active]?.id;
    const row = id === undefined ? undefined : this.rendered.get(id);
    for (const other of this.el.querySelectorAll('.post-row.active')) {
      if (other !== row) other.classList.remove('active');
    }
    if (row) {
      row.classList.add('active');
      this.el.setAttribute('aria-activedescendant', row.id);
    } else {
      this.el.removeAttribute('aria-activedescendant');
    }
  }

  private renderRow(r: Row, index: number): HTMLElement {
    const li = document.createElement('li');
    li.className = 'post-row';
    li.id = `post-row-${r.id}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(r.id === this.selected));
    // Only a window of rows exists: tell assistive technology where this one is.
    li.setAttribute('aria-posinset', String(index + 1));
    li.setAttribute('aria-setsize', String(this.rows.length));
    li.dataset.id = String(r.id);
    li.dataset.slug = r.slug;

    const title = document.createElement('div');
    title.className = 'post-title';
    title.textContent = r.title.trim() || 'Untitled';
    if (!r.title.trim()) title.classList.add('untitled');

    const meta = document.createElement('div');
    meta.className = 'post-meta';
    const badge = document.createElement('span');
    badge.className = `badge badge-${r.status}`;
    badge.textContent = STATUS_LABEL[r.status];
    meta.append(badge);
    if (r.problem) {
      const problem = document.createElement('span');
      problem.className = 'badge problem-badge';
      problem.textContent = '⚠ Front matter';
      problem.title = r.problem;
      problem.setAttribute('aria-label', `Front matter problem: ${r.problem}`);
      meta.append(problem);
    }
    if (r.date) {
      const time = document.createElement('time');
      time.dateTime = r.date;
      time.textContent = formatDate(r.date);
      meta.append(time);
    }
    li.append(title, meta);

    if (r.tags.length) {
      const tags = document.createElement('div');
      tags.className = 'post-tags';
      tags.textContent = r.tags.map((t) => `#${t}`).join(' ');
      li.append(tags);
    }
    if (r.snippet) {
      const snippet = document.createElement('div');
      snippet.className = 'post-snippet';
      snippet.innerHTML = snippetHtml(r.snippet);
      li.append(snippet);
    }
    return li;
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = listMoveForKey(e.key);
    if (move) {
      e.preventDefault();
      const page = this.pitch > 0 ? Math.max(1, Math.floor(this.scroller.clientHeight / this.pitch) - 1) : 10;
      this.setActive(moveIndex(this.active, move, this.rows.length, page));
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && this.active >= 0) {
      e.preventDefault();
      this.onOpen(this.rows[this.active].id);
    }
  }

  private setActive(index: number, scroll = true): void {
    this.active = index >= 0 && index < this.rows.length ? index : -1;
    if (scroll && this.active >= 0) this.scrollToIndex(this.active);
    this.syncActive();
  }
}
