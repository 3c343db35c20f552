// "Rename tag…" under the filters, offered while a tag is selected. Renaming onto
// an existing tag merges the two (the backend does the work across all posts).
import { part } from './part';

interface TagRenameElements {
  tools: HTMLElement;
  open: HTMLButtonElement;
  form: HTMLElement;
  input: HTMLInputElement;
  save: HTMLButtonElement;
  cancel: HTMLButtonElement;
}

export class TagRename {
  private from: string | null = null;
  private readonly el: TagRenameElements;

  /** Mounts on #tag-tools. */
  constructor(
    tools: HTMLElement,
    private readonly rename: (from: string, to: string) => Promise<boolean>,
  ) {
    const el: TagRenameElements = {
      tools,
      open: part(tools, 'rename-tag'),
      form: part(tools, 'rename-tag-form'),
      input: part(tools, 'rename-tag-input'),
      save: part(tools, 'rename-tag-save'),
      cancel: part(tools, 'rename-tag-cancel'),
    };
    this.el = el;
    el.open.addEventListener('click', () => this.showForm());
    el.cancel.addEventListener('click', () => this.hideForm(true));
    el.save.addEventListener('click', () => void this.submit());
    el.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        void this.submit();
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        this.hideForm(true);
      }
    });
  }

  /** The tag the list is filtered by, or null. */
  setTag(tag: string | null): void {
    this.from = tag;
    this.el.tools.hidden = tag === null;
    this.el.open.textContent = tag ? `Rename “${tag}”…` : 'Rename tag…';
    this.hideForm(false);
  }

  private showForm(): void {
    if (!this.from) return;
    this.el.open.hidden = true;
    this.el.form.hidden = false;
    this.el.input.value = this.from;
    this.el.input.focus();
    this.el.input.select();
  }

  private hideForm(focus: boolean): void {
    this.el.form.hidden = true;
    this.el.open.hidden = false;
    if (focus) this.el.open.focus();
  }

  private async submit(): Promise<void> {
    const from = this.from;
    const to = this.el.input.value.trim();
    if (!from || !to || to === from) {
      this.hideForm(true);
      return;
    }
    this.el.save.disabled = true;
    const ok = await this.rename(from, to);
    this.el.save.disabled = false;
    if (ok) this.setTag(to);
  }
}
