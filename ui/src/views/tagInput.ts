// The post's tags as chips, with a text box that adds on Enter or comma and
// suggests existing tags in a small listbox (a combobox in ARIA terms): the
// best match is highlighted, and Enter or Tab takes it.
import type { TagCount } from '../api';
import { addTags, removeTag, sameTags, splitTagInput, suggestTags } from '../tags';

export class TagInput {
  private tags: string[] = [];
  private known: TagCount[] = [];
  private suggestions: string[] = [];
  private active = -1;

  constructor(
    private readonly chips: HTMLElement,
    private readonly input: HTMLInputElement,
    private readonly listbox: HTMLElement,
    private readonly onChange: (tags: string[]) => void,
    /** What one item is called (in "Remove tag x"), and its suggestions' id prefix. */
    private readonly noun: { name: string; optionId: string } = { name: 'tag', optionId: 'tag-option' },
  ) {
    input.addEventListener('input', () => this.onInput());
    input.addEventListener('keydown', (e) => this.onKeydown(e));
    input.addEventListener('blur', () => {
      this.commitTyped();
      this.hideSuggestions();
    });
    // mousedown, not click: picking must happen before the input's blur.
    listbox.addEventListener('mousedown', (e) => {
      const option = (e.target as Element).closest<HTMLElement>('[role=option]');
      if (!option) return;
      e.preventDefault();
      this.input.value = '';
      this.commit([option.dataset.tag ?? '']);
    });
    chips.addEventListener('click', (e) => {
      const button = (e.target as Element).closest<HTMLElement>('.tag-remove');
      if (!button) return;
      this.remove(button.dataset.tag ?? '');
      this.input.focus();
    });
  }

  get value(): string[] {
    return [...this.tags];
  }

  set(tags: readonly string[]): void {
    if (sameTags(this.tags, tags)) return;
    this.tags = [...tags];
    this.renderChips();
    // Another post's tags: from the first (the chips scroll sideways in one line).
    this.chips.scrollLeft = 0;
  }

  setKnown(known: TagCount[]): void {
    this.known = known;
  }

  setDisabled(disabled: boolean): void {
    this.input.disabled = disabled;
  }

  private onInput(): void {
    const { tags, rest } = splitTagInput(this.input.value);
    if (tags.length) {
      this.input.value = rest;
      this.commit(tags);
    }
    this.updateSuggestions();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.isComposing) return;
    const open = this.suggestions.length > 0;
    const picked = open && this.active >= 0 ? this.suggestions[this.active] : null;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (picked) {
        this.input.value = '';
        this.commit([picked]);
      } else {
        this.commitTyped();
      }
      this.hideSuggestions();
    } else if (e.key === 'Tab' && !e.shiftKey && picked) {
      // Tab takes the highlighted suggestion and stays for the next tag.
      e.preventDefault();
      this.input.value = '';
      this.commit([picked]);
      this.hideSuggestions();
    } else if (e.key === 'Backspace' && this.input.value === '' && this.tags.length) {
      e.preventDefault();
      this.remove(this.tags[this.tags.length - 1]);
    } else if (e.key === 'ArrowDown' && open) {
      e.preventDefault();
      this.setActive((this.active + 1) % this.suggestions.length);
    } else if (e.key === 'ArrowUp' && open) {
      e.preventDefault();
      this.setActive(this.active <= 0 ? this.suggestions.length - 1 : this.active - 1);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      this.hideSuggestions();
    }
  }

  private commitTyped(): void {
    const typed = this.input.value;
    if (!typed.trim()) return;
    this.input.value = '';
    this.commit([typed]);
  }

  private commit(incoming: string[]): void {
    const next = addTags(this.tags, incoming);
    if (next.length === this.tags.length) return;
    this.tags = next;
    this.renderChips();
    // The tag just added is the last chip: in view, beside the box it was typed in.
    this.chips.scrollLeft = this.chips.scrollWidth;
    this.onChange(this.value);
  }

  private remove(name: string): void {
    const next = removeTag(this.tags, name);
    if (next.length === this.tags.length) return;
    this.tags = next;
    this.renderChips();
    this.onChange(this.value);
  }

  private renderChips(): void {
    const items = this.tags.map((tag) => {
      const li = document.createElement('li');
      li.className = 'tag';
      const chip = document.createElement('span');
      chip.className = 'tag-chip';
      chip.textContent = tag;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'tag-remove';
      remove.dataset.tag = tag;
      remove.setAttribute('aria-label', `Remove ${this.noun.name} ${tag}`);
      li.append(chip, remove);
      return li;
    });
    this.chips.replaceChildren(...items);
  }

  private updateSuggestions(): void {
    this.suggestions = suggestTags(this.known, this.input.value, this.tags);
    this.active = -1;
    if (!this.suggestions.length) {
      this.hideSuggestions();
      return;
    }
    const options = this.suggestions.map((name, i) => {
      const li = document.createElement('li');
      li.id = `${this.noun.optionId}-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.dataset.tag = name;
      li.textContent = name;
      const count = this.known.find((t) => t.name === name)?.count;
      if (count !== undefined) {
        const c = document.createElement('span');
        c.className = 'tag-option-count';
        c.textContent = String(count);
        li.append(c);
      }
      return li;
    });
    this.listbox.replaceChildren(...options);
    this.listbox.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    // A tag that starts with what was typed is highlighted, so Enter or Tab
    // takes "Writing" for "wri"; Escape closes the list to add what was typed
    // instead. A match inside a name ("jekyll-tag" for "tag") waits for Down.
    if (this.suggestions[0].toLowerCase().startsWith(this.input.value.trim().toLowerCase())) this.setActive(0);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private setActive(index: number): void {
    this.active = index;
    this.listbox.querySelectorAll('[role=option]').forEach((el, i) => {
      el.setAttribute('aria-selected', String(i === index));
    });
    this.input.setAttribute('aria-activedescendant', `${this.noun.optionId}-${index}`);
  }

  private hideSuggestions(): void {
    this.suggestions = [];
    this.active = -1;
    this.listbox.hidden = true;
    this.listbox.replaceChildren();
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}
