// What the editor pane shows while no post is open, in place of the post's fields
// and text: why (the library is empty, or no post is chosen) and two ways to start.
import { part } from './part';

export interface EmptyStateHandlers {
  newPost(): void;
  importFolder(): void;
}

export class EmptyState {
  private readonly notice: HTMLElement;
  /**
   * What the notice takes the place of: the post's fields and the editor. Not the
   * title row's pane toggles: with the list hidden, its toggle is the way back to it.
   */
  private readonly post: HTMLElement[];

  /** Mounts on the <main class="editor-pane">. */
  constructor(pane: HTMLElement, on: EmptyStateHandlers) {
    this.notice = part(pane, 'empty-state');
    this.post = ['title', 'details-toggle', 'post-details-row', 'editor'].map((id) => part(pane, id));
    part(pane, 'empty-import').addEventListener('click', () => on.importFolder());
    part(pane, 'empty-new-post').addEventListener('click', () => on.newPost());
  }

  /** A post is open: its fields and text show instead. */
  hide(): void {
    this.notice.hidden = true;
    for (const el of this.post) el.hidden = false;
  }

  show(libraryEmpty: boolean): void {
    for (const el of this.post) el.hidden = true;
    this.notice.hidden = false;
    this.notice.querySelector('h2')!.textContent = libraryEmpty ? 'No posts yet' : 'No post open';
    this.notice.querySelector('p')!.textContent = libraryEmpty
      ? 'Your library is empty. Start with a new post, or import a folder you already have.'
      : 'Pick a post from the list, or start a new one.';
  }
}
