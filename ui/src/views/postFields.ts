// The fields above the editor: title, tags, categories (where the library
// has them), draft switch and date. Each edit is
// reported as a PostFields change; the editor pane writes it into the front matter.
import type { Post, PostFields, TagCount } from '../api';
import { dateOnly, STATUS_LABEL } from '../format';
import { part } from './part';
import { TagInput } from './tagInput';

interface PostFieldsElements {
  /** A text area of one line that wraps a long title onto a second or third. */
  title: HTMLTextAreaElement;
  draft: HTMLInputElement;
  draftLabel: HTMLElement;
  date: HTMLInputElement;
  categoriesField: HTMLElement;
}

const TITLE_DELAY_MS = 600;
/** A longer title scrolls inside its box. */
const TITLE_MAX_LINES = 3;

export class PostFieldsView {
  private readonly tags: TagInput;
  private readonly categories: TagInput;
  /** Whether the library has categories: then every post shows the field. */
  private libraryHasCategories = false;
  private postHasCategories = false;
  private titleTimer: ReturnType<typeof setTimeout> | null = null;
  private shownTitle = '';
  private readonly el: PostFieldsElements;

  /** Mounts on #post-fields, the header above the editor. */
  constructor(
    header: HTMLElement,
    private readonly onChange: (fields: PostFields) => void,
    /** Enter in the title: the writer goes on to the text. */
    onTitleDone: () => void = () => undefined,
  ) {
    const el: PostFieldsElements = {
      title: part(header, 'title'),
      draft: part(header, 'draft-switch'),
      draftLabel: part(header, 'post-status'),
      date: part(header, 'date'),
      categoriesField: part(header, 'categories-field'),
    };
    this.el = el;
    this.tags = new TagInput(
      part(header, 'tag-chips'),
      part(header, 'tags-input'),
      part(header, 'tag-suggestions'),
      (tags) => onChange({ tags }),
    );
    this.categories = new TagInput(
      part(header, 'category-chips'),
      part(header, 'categories-input'),
      part(header, 'category-suggestions'),
      (categories) => onChange({ categories }),
      { name: 'category', optionId: 'category-option' },
    );
    el.title.addEventListener('input', () => {
      // A title is one line: a pasted line break becomes a space.
      if (/[\r\n]/.test(el.title.value)) el.title.value = el.title.value.replace(/\s*[\r\n]+\s*/g, ' ');
      this.fitTitle();
      this.clearTitleTimer();
      this.titleTimer = setTimeout(() => this.commitTitle(), TITLE_DELAY_MS);
    });
    el.title.addEventListener('change', () => this.commitTitle());
    // The pane's width decides where a long title wraps.
    if (typeof ResizeObserver !== 'undefined') new ResizeObserver(() => this.fitTitle()).observe(header);
    el.title.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.isComposing) {
        e.preventDefault();
        this.commitTitle();
        onTitleDone();
      }
    });
    el.draft.addEventListener('change', () => {
      this.showStatusLabel(el.draft.checked ? 'draft' : null);
      onChange({ draft: el.draft.checked });
    });
    el.date.addEventListener('change', () => {
      // A half-typed date reads as '' and would erase the date: wait for a whole one.
      if (el.date.value === '' && el.date.validity.badInput) return;
      onChange({ date: el.date.value || null });
    });
  }

  /** Shows a post's fields. Leaves alone a field the writer is typing in. */
  show(post: Post): void {
    const active = document.activeElement;
    this.shownTitle = post.title;
    if (active !== this.el.title) this.el.title.value = post.title;
    this.fitTitle();
    this.tags.set(post.tags);
    this.categories.set(post.categories);
    this.postHasCategories = post.categories.length > 0;
    this.showCategoriesField();
    this.el.draft.checked = post.status === 'draft';
    this.showStatusLabel(post.status);
    if (active !== this.el.date) this.el.date.value = dateOnly(post.date);
  }

  setKnownTags(tags: TagCount[]): void {
    this.tags.setKnown(tags);
  }

  /** The library's categories: suggested as they are typed; none hides the field (the dialect has none). */
  setKnownCategories(categories: TagCount[]): void {
    this.categories.setKnown(categories);
    this.libraryHasCategories = categories.length > 0;
    this.showCategoriesField();
  }

  setDisabled(disabled: boolean): void {
    for (const input of [this.el.title, this.el.draft, this.el.date]) input.disabled = disabled;
    this.tags.setDisabled(disabled);
    this.categories.setDisabled(disabled);
  }

  /** Sends a title still waiting for its typing pause (before switching posts or closing). */
  commitPending(): void {
    if (this.titleTimer !== null) this.commitTitle();
  }

  focusTitle(select: boolean): void {
    this.el.title.focus();
    if (select) this.el.title.select();
  }

  private commitTitle(): void {
    this.clearTitleTimer();
    const title = this.el.title.value.trim();
    // An emptied box is a title being retyped, not a wish for no title.
    if (!title || title === this.shownTitle.trim()) return;
    this.shownTitle = title;
    this.onChange({ title });
  }

  private showCategoriesField(): void {
    this.el.categoriesField.hidden = !(this.libraryHasCategories || this.postHasCategories);
  }

  /** As tall as the title's lines, up to three: a long title is read whole, not cut. */
  private fitTitle(): void {
    const title = this.el.title;
    title.style.height = 'auto';
    const lineHeight = parseFloat(getComputedStyle(title).lineHeight) || 25;
    const height = Math.min(title.scrollHeight, Math.ceil(lineHeight * TITLE_MAX_LINES) + 4);
    if (height > 0) title.style.height = `${height}px`;
  }

  private clearTitleTimer(): void {
    if (this.titleTimer !== null) clearTimeout(this.titleTimer);
    this.titleTimer = null;
  }

  private showStatusLabel(status: Post['status'] | null): void {
    const shown = status ?? 'published';
    // The switch already says Draft; the badge speaks only for the other states.
    this.el.draftLabel.textContent = shown === 'draft' ? '' : STATUS_LABEL[shown];
    this.el.draftLabel.className = `badge badge-${shown}`;
  }
}
