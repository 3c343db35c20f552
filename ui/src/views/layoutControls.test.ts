// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAYOUT, LIST_MAX, PANE_MIN, serializeLayout } from '../layout';
import { LayoutControls } from './layoutControls';
import { appMarkup, el } from './testDom';

const KEY = 'quire:layout:main';

let stored: Map<string, string>;
let width: number;
let remeasured: number;
let editorFocused: number;

function mount(label = 'main'): LayoutControls {
  return new LayoutControls(document.querySelector<HTMLElement>('.app')!, {
    storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    windowLabel: label,
    width: () => width,
    editor: { remeasure: () => remeasured++, focus: () => editorFocused++ },
  });
}

beforeEach(() => {
  document.body.innerHTML = appMarkup();
  stored = new Map();
  width = 1280;
  remeasured = 0;
  editorFocused = 0;
});

const app = () => document.querySelector<HTMLElement>('.app')!;
const saved = () => JSON.parse(stored.get(KEY) ?? 'null');
const expanded = (id: string) => el(id).getAttribute('aria-expanded');
const checked = (id: string) => el(id).getAttribute('aria-checked');
const press = (id: string, key: string) =>
  el(id).dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

describe('LayoutControls', () => {
  it('shows the list, the text and the preview side by side at first, with toggles that say so', () => {
    mount();
    expect(app().dataset.list).toBe('shown');
    expect(app().dataset.preview).toBe('beside');
    expect(app().style.getPropertyValue('--list-width')).toBe('240px');
    expect(expanded('list-toggle')).toBe('true');
    expect(el('list-toggle').getAttribute('aria-controls')).toBe('sidebar');
    expect(el('list-toggle').getAttribute('aria-label')).toBe('Post list');
    expect(el('list-toggle').title).toBe('Hide the post list (Ctrl+\\)');
    expect(expanded('preview-toggle')).toBe('true');
    expect(el('preview-toggle').getAttribute('aria-controls')).toBe('preview-pane');
    expect(el('preview-toggle').title).toBe('Hide the preview (Ctrl+Shift+\\)');
    expect(expanded('details-toggle')).toBe('true');
    expect(el('details-toggle').getAttribute('aria-controls')).toBe('post-details-row');
  });

  it('hides and shows the post list from its toggle, remembering it for this window', () => {
    mount();
    el('list-toggle').click();
    expect(app().dataset.list).toBe('hidden');
    expect(expanded('list-toggle')).toBe('false');
    expect(el('list-toggle').title).toBe('Show the post list (Ctrl+\\)');
    expect(saved().listShown).toBe(false);
    expect(remeasured).toBeGreaterThan(1);
    el('list-toggle').click();
    expect(app().dataset.list).toBe('shown');
    expect(saved().listShown).toBe(true);
  });

  it('hides and shows the preview beside the text in a wide window', () => {
    const layout = mount();
    el('preview-toggle').click();
    expect(app().dataset.preview).toBe('hidden');
    expect(expanded('preview-toggle')).toBe('false');
    expect(saved().previewShown).toBe(false);
    layout.togglePreview();
    expect(app().dataset.preview).toBe('beside');
  });

  it('in a narrow window shows the preview in place of the text, and goes back, without forgetting the wide layout', () => {
    width = 760;
    const layout = mount();
    expect(app().dataset.preview).toBe('hidden');
    expect(el('preview-toggle').title).toBe('Show the preview in place of the text (Ctrl+Shift+\\)');
    el('preview-toggle').click();
    expect(app().dataset.preview).toBe('instead');
    expect(expanded('preview-toggle')).toBe('true');
    expect(el('preview-toggle').title).toBe('Back to the text (Ctrl+Shift+\\)');
    layout.togglePreview();
    expect(app().dataset.preview).toBe('hidden');
    expect(stored.has(KEY)).toBe(false);
    width = 1280;
    window.dispatchEvent(new Event('resize'));
    expect(app().dataset.preview).toBe('beside');
  });

  it('gives the keyboard to the toggle when the text it was in makes way for the preview', () => {
    width = 760;
    const layout = mount();
    const textbox = document.createElement('div');
    textbox.tabIndex = 0;
    el('editor').append(textbox);
    textbox.focus();
    layout.togglePreview();
    expect(document.activeElement?.id).toBe('preview-toggle');
  });

  it('gives the keyboard to the text when the list it was in hides', () => {
    const layout = mount();
    el('search').focus();
    layout.toggleList();
    expect(editorFocused).toBe(1);
  });

  it('folds the fields row under the title, and unfolds it', () => {
    mount();
    el('details-toggle').click();
    expect(el('post-fields').dataset.details).toBe('collapsed');
    expect(expanded('details-toggle')).toBe('false');
    expect(el('details-toggle').title).toBe('Show tags, status and date');
    expect(saved().detailsShown).toBe(false);
    el('details-toggle').click();
    expect(el('post-fields').dataset.details).toBe('shown');
  });

  it('comes back as it was left in this window; another window keeps its own', () => {
    stored.set(KEY, serializeLayout({ ...DEFAULT_LAYOUT, listShown: false, listWidth: 320, font: 'proportional' }));
    mount();
    expect(app().dataset.list).toBe('hidden');
    expect(app().dataset.font).toBe('proportional');
    expect(app().style.getPropertyValue('--list-width')).toBe('320px');
    document.body.innerHTML = appMarkup();
    mount('second');
    expect(app().dataset.list).toBe('shown');
  });

  it('starts from the defaults when what is stored is unreadable', () => {
    stored.set(KEY, '{not json');
    mount();
    expect(app().dataset.list).toBe('shown');
    expect(app().dataset.preview).toBe('beside');
    expect(app().dataset.font).toBe('monospace');
  });

  it('narrows the list to fit a small window, and gives the chosen width back when it grows', () => {
    stored.set(KEY, serializeLayout({ ...DEFAULT_LAYOUT, listWidth: LIST_MAX }));
    width = 900;
    mount();
    expect(app().style.getPropertyValue('--list-width')).toBe(`${900 - 2 * PANE_MIN}px`);
    width = 1600;
    window.dispatchEvent(new Event('resize'));
    expect(app().style.getPropertyValue('--list-width')).toBe(`${LIST_MAX}px`);
  });

  it('resizes the list from its splitter with the arrow keys, within bounds, and resets on double click', () => {
    mount();
    const bar = el('list-splitter');
    expect(bar.getAttribute('role')).toBe('separator');
    expect(bar.getAttribute('aria-label')).toBe('Post list width');
    expect(bar.getAttribute('aria-valuenow')).toBe('240');
    press('list-splitter', 'ArrowRight');
    expect(app().style.getPropertyValue('--list-width')).toBe('256px');
    expect(bar.getAttribute('aria-valuenow')).toBe('256');
    expect(saved().listWidth).toBe(256);
    press('list-splitter', 'Home');
    expect(app().style.getPropertyValue('--list-width')).toBe('180px');
    bar.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(app().style.getPropertyValue('--list-width')).toBe('240px');
  });

  it('splits the room between the text and the preview from the second splitter, as fractions', () => {
    mount();
    const bar = el('preview-splitter');
    expect(bar.getAttribute('aria-valuenow')).toBe('55');
    expect(bar.getAttribute('aria-valuetext')).toBe('Editor 55%, preview 45%');
    press('preview-splitter', 'ArrowRight');
    expect(app().style.getPropertyValue('--editor-share')).toBe('0.5700fr');
    expect(app().style.getPropertyValue('--preview-share')).toBe('0.4300fr');
    press('preview-splitter', 'End');
    // The preview keeps its minimum width: 1040 px beside the 240 px list.
    expect(Number(bar.getAttribute('aria-valuenow'))).toBe(73);
    expect(saved().previewShare).toBeCloseTo(PANE_MIN / 1040);
  });

  it('offers every choice in the View menu, each showing its state', () => {
    mount();
    el('view-menu-button').click();
    expect(el('view-menu').hidden).toBe(false);
    expect([checked('view-list'), checked('view-preview'), checked('view-details')]).toEqual(['true', 'true', 'true']);
    expect([checked('view-font-proportional'), checked('view-font-monospace')]).toEqual(['false', 'true']);
    el('view-font-proportional').click();
    expect(app().dataset.font).toBe('proportional');
    expect([checked('view-font-proportional'), checked('view-font-monospace')]).toEqual(['true', 'false']);
    el('view-width-full').click();
    expect(app().dataset.lineWidth).toBe('full');
    expect(checked('view-width-comfortable')).toBe('false');
    el('view-preview').click();
    expect(app().dataset.preview).toBe('hidden');
    expect(checked('view-preview')).toBe('false');
    el('view-details').click();
    expect(checked('view-details')).toBe('false');
    el('view-list').click();
    expect(app().dataset.list).toBe('hidden');
    expect(saved()).toEqual({
      ...DEFAULT_LAYOUT,
      listShown: false,
      previewShown: false,
      detailsShown: false,
      font: 'proportional',
      lineWidth: 'full',
    });
  });
});
