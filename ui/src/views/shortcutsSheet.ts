// The keyboard shortcuts sheet (Ctrl+/ or "Shortcuts"): a modal <dialog>
// listing every shortcut of the app and the editor, grouped, from keys.ts.
import { SHORTCUTS } from '../keys';
import { part } from './part';

export class ShortcutsSheet {
  private readonly dialog: HTMLDialogElement;

  /** Mounts on #shortcuts-dialog and fills its list once. */
  constructor(dialog: HTMLDialogElement) {
    this.dialog = dialog;
    const list = part<HTMLElement>(dialog, 'shortcuts-list');
    const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
    for (const group of groups) {
      const section = document.createElement('section');
      const heading = document.createElement('h3');
      heading.textContent = group;
      const table = document.createElement('table');
      for (const shortcut of SHORTCUTS.filter((s) => s.group === group)) {
        const row = table.insertRow();
        const keys = document.createElement('th');
        keys.scope = 'row';
        const kbd = document.createElement('kbd');
        kbd.textContent = shortcut.keys;
        keys.append(kbd);
        const action = row.insertCell();
        action.textContent = shortcut.action;
        row.prepend(keys);
      }
      section.append(heading, table);
      list.append(section);
    }
    part<HTMLButtonElement>(dialog, 'shortcuts-close').addEventListener('click', () => this.dialog.close());
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  open(): void {
    if (!this.dialog.open) this.dialog.showModal();
    part<HTMLButtonElement>(this.dialog, 'shortcuts-close').focus();
  }
}
