// The list of posts in the sidebar: a listbox whose rows open a post on click or
// Enter; arrow keys move a keyboard cursor (aria-activedescendant) through it.
import type { Post, PostSummary } from '../api';
import { formatDate, STATUS_LABEL } from '../format';
import { listMoveForKey, moveIndex } from '../listNav';
import { snippetHtml } from '../snippet';

type Row = Pick<PostSummary, 'id' | 'slug' | 'title' | 'tags' | 'status' | 'date'> & {
  snippet?: string | null;
  problem?: string | null;
};

export class PostList {
  private rows: Row[] = [];
  private selected: number | null = null;
  private active = -1;

  constructor(
    private readonly el: HTMLElement,
    private readonly onOpen: (id: number) => void,
  ) {
    el.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('.post-row');
      if (!row) return;
      this.setActive(this.indexOfRow(row));
      this.onOpen(Number(row.dataset.id));
    });
    el.addEventListener('keydown', (e) => this.onKeydown(e));
    el.addEventListener('focus', () => {
      if (this.active < 0 && this.rows.length) {
        const at = this.selected === null ? -1 : this.rows.findIndex((r) => r.id === this.selected);
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
    this.el.replaceChildren(...this.rows.map((r) => this.renderRow(r)));
    const at = activeId === undefined ? -1 : this.rows.findIndex((r) => r.id === activeId);
    this.active = -1;
    if (at >= 0) this.setActive(at, false);
  }

  /** Marks the open post. */
  select(id: number | null): void {
    this.selected = id;
    for (const row of this.el.querySelectorAll<HTMLElement>('.post-row')) {
      const on = Number(row.dataset.id) === id;
      row.setAttribute('aria-selected', String(on));
      if (on) row.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Refreshes one row from a saved post; returns false when it is not listed. */
  update(post: Post | PostSummary): boolean {
    const at = this.rows.findIndex((r) => r.id === post.id);
    if (at < 0) return false;
    const row: Row = { ...post, snippet: this.rows[at].snippet };
    this.rows[at] = row;
    const old = this.el.querySelector(`.post-row[data-id="${post.id}"]`);
    const fresh = this.renderRow(row);
    if (old) old.replaceWith(fresh);
    if (at === this.active) this.setActive(at, false);
    return true;
  }

  private renderRow(r: Row): HTMLElement {
    const li = document.createElement('li');
    li.className = 'post-row';
    li.id = `post-row-${r.id}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', String(r.id === this.selected));
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
      this.setActive(moveIndex(this.active, move, this.rows.length));
      return;
    }
    if ((e.key === 'Enter' || e.key === ' ') && this.active >= 0) {
      e.preventDefault();
      this.onOpen(this.rows[this.active].id);
    }
  }

  private setActive(index: number, scroll = true): void {
    this.el.querySelector('.post-row.active')?.classList.remove('active');
    this.active = index;
    const row = index >= 0 ? this.el.children[index] : undefined;
    if (!(row instanceof HTMLElement)) {
      this.el.removeAttribute('aria-activedescendant');
      return;
    }
    row.classList.add('active');
    this.el.setAttribute('aria-activedescendant', row.id);
    if (scroll) row.scrollIntoView({ block: 'nearest' });
  }

  private indexOfRow(row: HTMLElement): number {
    return Array.prototype.indexOf.call(this.el.children, row);
  }
}
