// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { MenuButton } from './menuButton';
import { el, postMenuMarkup, sidebarMarkup } from './testDom';

function key(target: HTMLElement, k: string): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
}

function setup() {
  document.body.innerHTML = `<button id="before">Delete</button>${postMenuMarkup()}<button id="after">x</button>`;
  const ran: string[] = [];
  const button = el<HTMLButtonElement>('post-more');
  const menu = el('post-menu');
  const copy = el<HTMLButtonElement>('post-copy-html');
  const exportHtml = el<HTMLButtonElement>('post-export-html');
  const menuButton = new MenuButton(button, menu, {
    'post-copy-html': () => ran.push('copy'),
    'post-export-html': () => ran.push('export'),
  });
  return { button, menu, copy, exportHtml, menuButton, ran };
}

describe('MenuButton', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('is a menu button with its menu closed and items out of the tab order', () => {
    expect(t.button.getAttribute('aria-haspopup')).toBe('menu');
    expect(t.button.getAttribute('aria-expanded')).toBe('false');
    expect(t.button.getAttribute('aria-controls')).toBe('post-menu');
    expect(t.menu.getAttribute('role')).toBe('menu');
    expect(t.menu.hidden).toBe(true);
    expect([t.copy.tabIndex, t.exportHtml.tabIndex]).toEqual([-1, -1]);
    expect([t.copy.textContent, t.exportHtml.textContent]).toEqual(['Copy as HTML', 'Export as HTML…']);
  });

  it('opens on click with the first item focused and closes on a second click', () => {
    t.button.click();
    expect(t.menuButton.isOpen).toBe(true);
    expect(t.button.getAttribute('aria-expanded')).toBe('true');
    expect(document.activeElement).toBe(t.copy);
    t.button.click();
    expect(t.menuButton.isOpen).toBe(false);
    expect(document.activeElement).toBe(t.button);
  });

  it('moves with the arrows (wrapping), Home and End', () => {
    key(t.button, 'ArrowUp');
    expect(document.activeElement).toBe(t.exportHtml);
    key(t.exportHtml, 'ArrowDown');
    expect(document.activeElement).toBe(t.copy);
    key(t.copy, 'ArrowUp');
    expect(document.activeElement).toBe(t.exportHtml);
    key(t.exportHtml, 'Home');
    expect(document.activeElement).toBe(t.copy);
    key(t.copy, 'End');
    expect(document.activeElement).toBe(t.exportHtml);
  });

  it('closes on Escape, back on the button, without letting the key reach a dialog', () => {
    t.button.click();
    const e = key(t.copy, 'Escape');
    expect(e.defaultPrevented).toBe(true);
    expect(t.menuButton.isOpen).toBe(false);
    expect(document.activeElement).toBe(t.button);
  });

  it('runs the chosen action inside the click, after closing', () => {
    t.button.click();
    t.exportHtml.click();
    expect(t.ran).toEqual(['export']);
    expect(t.menuButton.isOpen).toBe(false);
    expect(document.activeElement).toBe(t.button);
  });

  it('closes on a pointer press elsewhere', () => {
    t.button.click();
    el('after').dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(t.menuButton.isOpen).toBe(false);
  });

  it('does not open while disabled, and disabling closes it', () => {
    t.button.click();
    t.menuButton.setDisabled(true);
    expect(t.menuButton.isOpen).toBe(false);
    expect(t.button.disabled).toBe(true);
    t.menuButton.open(0);
    expect(t.menuButton.isOpen).toBe(false);
  });
});

describe('MenuButton with choices (the View menu)', () => {
  let ran: string[];
  let view: MenuButton;
  const ids = [
    'view-list',
    'view-preview',
    'view-details',
    'view-font-proportional',
    'view-font-monospace',
    'view-width-comfortable',
    'view-width-full',
  ];
  beforeEach(() => {
    document.body.innerHTML = sidebarMarkup();
    ran = [];
    view = new MenuButton(
      el('view-menu-button'),
      el('view-menu'),
      Object.fromEntries(ids.map((id) => [id, () => ran.push(id)])),
    );
  });

  it('moves through checkbox and radio items alike, past separators and group headings', () => {
    el('view-menu-button').click();
    const visited = [document.activeElement?.id];
    for (let i = 1; i < ids.length; i++) {
      key(document.activeElement as HTMLElement, 'ArrowDown');
      visited.push(document.activeElement?.id);
    }
    expect(visited).toEqual(ids);
    expect(ids.map((id) => el(id).tabIndex)).toEqual(ids.map(() => -1));
  });

  it('runs a choice inside the click and closes', () => {
    el('view-menu-button').click();
    el('view-width-full').click();
    expect(ran).toEqual(['view-width-full']);
    expect(view.isOpen).toBe(false);
  });

  it('shows a checkbox item on or off, and one radio item of a group checked', () => {
    view.setChecked('view-details', false);
    expect(el('view-details').getAttribute('aria-checked')).toBe('false');
    view.setChecked('view-font-proportional', true);
    expect(el('view-font-proportional').getAttribute('aria-checked')).toBe('true');
    expect(el('view-font-monospace').getAttribute('aria-checked')).toBe('false');
    // Another group is left alone.
    expect(el('view-width-comfortable').getAttribute('aria-checked')).toBe('true');
  });
});
