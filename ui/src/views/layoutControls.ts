// The window's layout on screen: the toggles at the ends of the title row (post
// list, fields row, preview), the splitters between the panes, and the View menu
// (the same toggles, the editor's font and line width). What the writer chooses is
// kept per window (layout.ts says how); this view draws it through data attributes
// and CSS variables on the .app grid (app.css, "layout"). In a narrow window the
// preview is never beside the text: its toggle swaps the two.
import {
  DEFAULT_LAYOUT,
  fitLayout,
  isNarrow,
  LIST_MIN,
  layoutKey,
  parseLayout,
  serializeLayout,
  type EditorFont,
  type FittedLayout,
  type Layout,
  type LineWidth,
} from '../layout';
import type { StorageLike } from '../exportSettings';
import { MenuButton } from './menuButton';
import { part } from './part';
import { Splitter } from './splitter';

export interface LayoutHost {
  /** Where the layout is remembered; null where the webview refuses storage. */
  storage: StorageLike | null;
  /** The window's label: each window remembers its own layout. */
  windowLabel: string;
  /** The window's width in CSS pixels, now. */
  width(): number;
  /** The editor: measured again when its pane changes, and given the keyboard when a pane that had it hides. */
  editor: { remeasure(): void; focus(): void };
}

interface LayoutElements {
  sidebar: HTMLElement;
  preview: HTMLElement;
  header: HTMLElement;
  details: HTMLElement;
  editor: HTMLElement;
  listToggle: HTMLButtonElement;
  detailsToggle: HTMLButtonElement;
  previewToggle: HTMLButtonElement;
}

/** Keyboard steps of the splitters: pixels for the list, percent of the room for the editor. */
const LIST_STEP = 16;
const SHARE_STEP = 2;

export class LayoutControls {
  private layout: Layout;
  /** In a narrow window: the preview is shown in place of the text. */
  private previewInstead = false;
  private readonly el: LayoutElements;
  private readonly menu: MenuButton;
  private readonly splitters: Splitter[];

  /** Mounts on the .app grid that holds the panes. */
  constructor(
    private readonly root: HTMLElement,
    private readonly host: LayoutHost,
  ) {
    this.el = {
      sidebar: part(root, 'sidebar'),
      preview: part(root, 'preview-pane'),
      header: part(root, 'post-fields'),
      details: part(root, 'post-details-row'),
      editor: part(root, 'editor'),
      listToggle: part(root, 'list-toggle'),
      detailsToggle: part(root, 'details-toggle'),
      previewToggle: part(root, 'preview-toggle'),
    };
    this.layout = parseLayout(this.read());
    this.el.listToggle.addEventListener('click', () => this.toggleList());
    this.el.detailsToggle.addEventListener('click', () => this.toggleDetails());
    this.el.previewToggle.addEventListener('click', () => this.togglePreview());
    this.menu = new MenuButton(part(root, 'view-menu-button'), part(root, 'view-menu'), {
      'view-list': () => this.toggleList(),
      'view-preview': () => this.togglePreview(),
      'view-details': () => this.toggleDetails(),
      'view-font-proportional': () => this.setFont('proportional'),
      'view-font-monospace': () => this.setFont('monospace'),
      'view-width-comfortable': () => this.setLineWidth('comfortable'),
      'view-width-full': () => this.setLineWidth('full'),
    });
    this.splitters = [
      new Splitter(part(root, 'list-splitter'), {
        step: LIST_STEP,
        range: () => {
          const fit = this.fitted();
          return { now: fit.listWidth, min: LIST_MIN, max: fit.listMax, text: `${fit.listWidth} pixels` };
        },
        perPixel: () => 1,
        set: (width) => this.change({ listWidth: Math.round(width) }),
        reset: () => this.change({ listWidth: DEFAULT_LAYOUT.listWidth }),
      }),
      new Splitter(part(root, 'preview-splitter'), {
        step: SHARE_STEP,
        // The splitter's value is the editor's share in percent: Right makes the editor wider.
        range: () => {
          const fit = this.fitted();
          const editor = Math.round((1 - fit.previewShare) * 100);
          return {
            now: editor,
            min: (1 - fit.shareMax) * 100,
            max: (1 - fit.shareMin) * 100,
            text: `Editor ${editor}%, preview ${100 - editor}%`,
          };
        },
        perPixel: () => 100 / this.besideList(),
        set: (editor) => this.change({ previewShare: 1 - editor / 100 }),
        reset: () => this.change({ previewShare: DEFAULT_LAYOUT.previewShare }),
      }),
    ];
    window.addEventListener('resize', () => this.apply());
    this.apply();
  }

  /** What the writer chose (not what a small window can show of it). */
  get current(): Readonly<Layout> {
    return this.layout;
  }

  toggleList(): void {
    this.change({ listShown: !this.layout.listShown });
  }

  /** Shows the list if it is hidden (searching needs it). */
  showList(): void {
    if (!this.layout.listShown) this.change({ listShown: true });
  }

  /** Beside the text in a wide window; in its place, or back to the text, in a narrow one. */
  togglePreview(): void {
    if (isNarrow(this.host.width())) {
      this.previewInstead = !this.previewInstead;
      this.apply();
    } else {
      this.change({ previewShown: !this.layout.previewShown });
    }
  }

  toggleDetails(): void {
    this.change({ detailsShown: !this.layout.detailsShown });
  }

  setFont(font: EditorFont): void {
    this.change({ font });
  }

  setLineWidth(lineWidth: LineWidth): void {
    this.change({ lineWidth });
  }

  private change(to: Partial<Layout>): void {
    this.layout = { ...this.layout, ...to };
    try {
      this.host.storage?.setItem(layoutKey(this.host.windowLabel), serializeLayout(this.layout));
    } catch {
      // Storage full or refused: the layout still applies, for this session.
    }
    this.apply();
  }

  private read(): string | null {
    try {
      return this.host.storage?.getItem(layoutKey(this.host.windowLabel)) ?? null;
    } catch {
      return null;
    }
  }

  private fitted(): FittedLayout {
    return fitLayout(this.layout, this.host.width(), this.previewInstead);
  }

  /** The width the editor and the preview share. */
  private besideList(): number {
    const fit = this.fitted();
    return Math.max(1, this.host.width() - (fit.listShown ? fit.listWidth : 0));
  }

  /** Draws the layout as it fits the window now. */
  private apply(): void {
    // Back in a wide window the preview goes back beside the text (or stays hidden).
    if (!isNarrow(this.host.width())) this.previewInstead = false;
    const fit = this.fitted();
    const focused = document.activeElement;
    const { root, el, layout } = this;
    root.dataset.list = fit.listShown ? 'shown' : 'hidden';
    root.dataset.preview = fit.preview;
    root.dataset.font = layout.font;
    root.dataset.lineWidth = layout.lineWidth;
    root.style.setProperty('--list-width', `${fit.listWidth}px`);
    root.style.setProperty('--editor-share', `${(1 - fit.previewShare).toFixed(4)}fr`);
    root.style.setProperty('--preview-share', `${fit.previewShare.toFixed(4)}fr`);
    el.header.dataset.details = layout.detailsShown ? 'shown' : 'collapsed';

    const previewShown = fit.preview !== 'hidden';
    this.showToggle(el.listToggle, fit.listShown, fit.listShown ? 'Hide the post list' : 'Show the post list', 'Ctrl+\\');
    this.showToggle(
      el.previewToggle,
      previewShown,
      fit.preview === 'instead'
        ? 'Back to the text'
        : fit.preview === 'beside'
          ? 'Hide the preview'
          : isNarrow(this.host.width())
            ? 'Show the preview in place of the text'
            : 'Show the preview',
      'Ctrl+Shift+\\',
    );
    this.showToggle(
      el.detailsToggle,
      layout.detailsShown,
      layout.detailsShown ? 'Hide tags, status and date' : 'Show tags, status and date',
    );
    this.menu.setChecked('view-list', fit.listShown);
    this.menu.setChecked('view-preview', previewShown);
    this.menu.setChecked('view-details', layout.detailsShown);
    this.menu.setChecked(`view-font-${layout.font}`, true);
    this.menu.setChecked(`view-width-${layout.lineWidth}`, true);
    for (const splitter of this.splitters) splitter.update();

    this.keepFocus(focused, fit);
    this.host.editor.remeasure();
  }

  private showToggle(button: HTMLButtonElement, expanded: boolean, action: string, keys?: string): void {
    button.setAttribute('aria-expanded', String(expanded));
    button.title = keys ? `${action} (${keys})` : action;
  }

  /** The keyboard was in a part that just hid: it goes where the writer can go on. */
  private keepFocus(focused: Element | null, fit: FittedLayout): void {
    if (!focused || focused === document.body) return;
    const { el } = this;
    if ((!fit.listShown && el.sidebar.contains(focused)) || (fit.preview === 'hidden' && el.preview.contains(focused))) {
      this.host.editor.focus();
    } else if (fit.preview === 'instead' && el.editor.contains(focused)) {
      // The text is hidden; its way back is this toggle.
      el.previewToggle.focus();
    } else if (!this.layout.detailsShown && el.details.contains(focused)) {
      el.detailsToggle.focus();
    }
  }
}
