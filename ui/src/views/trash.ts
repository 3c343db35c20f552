// Deleted posts, shown in place of the list, each with a Restore button.
import type { PostSummary } from '../api';
import { formatDate } from '../format';
import { part } from './part';

export interface TrashHandlers {
  load(): Promise<PostSummary[] | null>;
  restore(id: number): Promise<void>;
}

export class TrashView {
  private isOpen = false;
  private readonly toggleButton: HTMLButtonElement;
  private readonly panel: HTMLElement;
  private readonly list: HTMLElement;
  /** The post list, which the trash takes the place of. */
  private readonly postsSection: HTMLElement;

  /** Mounts on the sidebar, which holds the Trash button, the trash and the list it replaces. */
  constructor(
    sidebar: HTMLElement,
    private readonly on: TrashHandlers,
  ) {
    this.toggleButton = part(sidebar, 'show-trash');
    this.panel = part(sidebar, 'trash-panel');
    this.list = part(sidebar, 'trash-list');
    this.postsSection = part(sidebar, 'posts-section');
    this.toggleButton.addEventListener('click', () => void (this.isOpen ? this.close() : this.open()));
    this.list.addEventListener('click', async (e) => {
      const button = (e.target as Element).closest<HTMLButtonElement>('.restore');
      if (!button) return;
      button.disabled = true;
      await this.on.restore(Number(button.dataset.id));
      button.disabled = false;
    });
  }

  async open(): Promise<void> {
    this.isOpen = true;
    this.toggleButton.setAttribute('aria-pressed', 'true');
    this.panel.hidden = false;
    this.postsSection.hidden = true;
    await this.reload();
  }

  close(): void {
    this.isOpen = false;
    this.toggleButton.setAttribute('aria-pressed', 'false');
    this.panel.hidden = true;
    this.postsSection.hidden = false;
  }

  async reload(): Promise<void> {
    if (!this.isOpen) return;
    const posts = await this.on.load();
    if (!posts) return;
    if (!posts.length) {
      const empty = document.createElement('li');
      empty.className = 'trash-empty';
      empty.textContent = 'Trash is empty.';
      this.list.replaceChildren(empty);
      return;
    }
    this.list.replaceChildren(
      ...posts.map((p) => {
        const li = document.createElement('li');
        li.className = 'trash-row';
        const title = document.createElement('span');
        title.className = 'trash-title';
        title.textContent = p.title.trim() || 'Untitled';
        const when = document.createElement('span');
        when.className = 'trash-date';
        when.textContent = formatDate(p.updatedAt);
        const restore = document.createElement('button');
        restore.type = 'button';
        restore.className = 'restore';
        restore.dataset.id = String(p.id);
        restore.textContent = 'Restore';
        restore.setAttribute('aria-label', `Restore ${title.textContent}`);
        li.append(title, when, restore);
        return li;
      }),
    );
  }
}
