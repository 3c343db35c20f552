// The open post's actions beside its fields: History, Delete, and the More menu
// with Copy as HTML and Export as HTML….
import { MenuButton } from './menuButton';
import { part } from './part';

export interface PostActionHandlers {
  history(): void;
  remove(): void;
  copyHtml(): void;
  exportHtml(): void;
}

export class PostActions {
  private readonly history: HTMLButtonElement;
  private readonly remove: HTMLButtonElement;
  private readonly more: MenuButton;

  /** Mounts on #post-fields, the header that holds the post's fields and these actions. */
  constructor(header: HTMLElement, on: PostActionHandlers) {
    this.history = part(header, 'history-open');
    this.remove = part(header, 'delete-post');
    this.history.addEventListener('click', () => on.history());
    this.more = new MenuButton(part(header, 'post-more'), part(header, 'post-menu'), {
      'post-copy-html': () => on.copyHtml(),
      'post-export-html': () => on.exportHtml(),
    });
    this.remove.addEventListener('click', () => on.remove());
  }

  /** Off while no post can be acted on: none is open, or it was deleted outside Quire. */
  setDisabled(disabled: boolean): void {
    this.history.disabled = disabled;
    this.remove.disabled = disabled;
    this.more.setDisabled(disabled);
  }
}
