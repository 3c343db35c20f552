// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../keys';
import { ShortcutsSheet } from './shortcutsSheet';
import { dialogMarkup, el } from './testDom';

describe('ShortcutsSheet', () => {
  let sheet: ShortcutsSheet;
  beforeEach(() => {
    document.body.innerHTML = dialogMarkup('shortcuts-dialog');
    sheet = new ShortcutsSheet(el('shortcuts-dialog'));
  });

  it('lists every shortcut once, keys as <kbd> row headers, grouped', () => {
    const rows = [...document.querySelectorAll('#shortcuts-list tr')];
    expect(rows).toHaveLength(SHORTCUTS.length);
    expect(rows.map((r) => r.querySelector('th kbd')?.textContent)).toEqual(SHORTCUTS.map((s) => s.keys));
    const groups = [...document.querySelectorAll('#shortcuts-list h3')].map((h) => h.textContent);
    expect(groups).toEqual(['Posts', 'Library', 'Writing', 'View', 'Help']);
    expect(document.body.textContent).toContain('Bulleted list');
    expect(document.body.textContent).toContain('Show or hide the post list');
    expect(document.body.textContent).toContain('Ctrl+Shift+\\');
  });

  it('opens with the focus on Close, and Close closes it', () => {
    sheet.open();
    expect(sheet.isOpen).toBe(true);
    expect(document.activeElement?.id).toBe('shortcuts-close');
    el<HTMLButtonElement>('shortcuts-close').click();
    expect(sheet.isOpen).toBe(false);
  });
});
