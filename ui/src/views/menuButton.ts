// A button that opens a small menu of actions (the ARIA menu button pattern):
// Enter, Space or the arrows open it with an item focused; the arrows, Home and End
// move; Escape closes it and returns to the button; Tab, a click elsewhere or
// choosing an item closes it. An item's action runs inside the click, so actions
// that need the writer's gesture (the clipboard) still have it. Items may be
// plain actions (menuitem) or choices that show their state (menuitemcheckbox,
// menuitemradio, with aria-checked, set by `setChecked`).
import { listMoveForKey, moveIndex } from '../listNav';

const ITEM = '[role=menuitem], [role=menuitemcheckbox], [role=menuitemradio]';

export class MenuButton {
  constructor(
    private readonly button: HTMLButtonElement,
    private readonly menu: HTMLElement,
    private readonly actions: Record<string, () => void>,
  ) {
    button.setAttribute('aria-haspopup', 'menu');
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', menu.id);
    for (const item of this.items()) item.tabIndex = -1;
    button.addEventListener('click', () => (this.isOpen ? this.close(true) : this.open(0)));
    button.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        this.open(e.key === 'ArrowUp' ? -1 : 0);
      }
    });
    menu.addEventListener('keydown', (e) => this.onKeydown(e));
    menu.addEventListener('click', (e) => {
      const item = (e.target as Element).closest<HTMLElement>(ITEM);
      if (!item || item.getAttribute('aria-disabled') === 'true') return;
      this.close(true);
      this.actions[item.id]?.();
    });
    menu.addEventListener('focusout', (e) => {
      const to = e.relatedTarget as Node | null;
      if (this.isOpen && (!to || (!menu.contains(to) && to !== button))) this.close(false);
    });
    document.addEventListener(
      'pointerdown',
      (e) => {
        const target = e.target as Node | null;
        if (this.isOpen && target && !menu.contains(target) && !button.contains(target)) this.close(false);
      },
      true,
    );
  }

  get isOpen(): boolean {
    return !this.menu.hidden;
  }

  /** Opens with the item at `index` focused (-1: the last). */
  open(index: number): void {
    if (this.button.disabled) return;
    this.menu.hidden = false;
    this.button.setAttribute('aria-expanded', 'true');
    const items = this.items();
    items[index < 0 ? items.length - 1 : Math.min(index, items.length - 1)]?.focus();
  }

  close(focusButton: boolean): void {
    if (!this.isOpen) return;
    this.menu.hidden = true;
    this.button.setAttribute('aria-expanded', 'false');
    if (focusButton) this.button.focus();
  }

  setDisabled(disabled: boolean): void {
    if (disabled) this.close(false);
    this.button.disabled = disabled;
  }

  /** Shows a checkbox or radio item's state; a radio item checked unchecks the others of its group. */
  setChecked(itemId: string, checked: boolean): void {
    const item = this.items().find((i) => i.id === itemId);
    if (!item) return;
    if (checked && item.getAttribute('role') === 'menuitemradio') {
      const group = item.closest('[role=group]') ?? this.menu;
      for (const other of group.querySelectorAll('[role=menuitemradio]')) other.setAttribute('aria-checked', 'false');
    }
    item.setAttribute('aria-checked', String(checked));
  }

  private items(): HTMLElement[] {
    return Array.from(this.menu.querySelectorAll<HTMLElement>(ITEM));
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Escape') {
      e.preventDefault();
      // Not the dialog or anything behind: Escape here only closes the menu.
      e.stopPropagation();
      this.close(true);
      return;
    }
    if (e.key === 'Tab') {
      this.close(false);
      return;
    }
    const move = listMoveForKey(e.key);
    if (!move || move === 'pageUp' || move === 'pageDown') return;
    e.preventDefault();
    const items = this.items();
    const at = items.indexOf(document.activeElement as HTMLElement);
    let to = moveIndex(at, move, items.length);
    // The arrows wrap around, as menus do.
    if (move === 'next' && at === items.length - 1) to = 0;
    if (move === 'prev' && at === 0) to = items.length - 1;
    items[to]?.focus();
  }
}
