// The window's layout as the writer left it: which panes show, how wide they are,
// and how the text is set. Pure: parsed from and written to a string (kept in
// localStorage per window by views/layoutControls.ts), and fitted to the window's
// width without changing what was chosen, so a window made small and then large
// again gets the chosen widths back.

export type EditorFont = 'proportional' | 'monospace';
export type LineWidth = 'comfortable' | 'full';

export interface Layout {
  listShown: boolean;
  previewShown: boolean;
  /** The post list's width in CSS pixels. */
  listWidth: number;
  /** The preview's share of the room beside the list (the editor has the rest). */
  previewShare: number;
  /** The row of tags, draft switch, status and date under the title. */
  detailsShown: boolean;
  font: EditorFont;
  lineWidth: LineWidth;
}

export const LIST_MIN = 180;
export const LIST_MAX = 480;
/** The narrowest the editor or the preview gets beside the other. */
export const PANE_MIN = 280;
export const SHARE_MIN = 0.2;
export const SHARE_MAX = 0.8;
/** At or below this window width the editor and the preview take turns. */
export const NARROW_MAX = 820;

export const DEFAULT_LAYOUT: Readonly<Layout> = {
  listShown: true,
  previewShown: true,
  // The writing gets the most room: in a 900 px window the text is about
  // 360 px wide beside the list and the preview, not the narrowest pane.
  listWidth: 240,
  previewShare: 0.45,
  detailsShown: true,
  font: 'monospace',
  lineWidth: 'comfortable',
};

/** The localStorage key of a window's layout: each window keeps its own. */
export const layoutKey = (windowLabel: string): string => `quire:layout:${windowLabel}`;

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));

const bool = (v: unknown, fallback: boolean): boolean => (typeof v === 'boolean' ? v : fallback);

const number = (v: unknown, min: number, max: number, fallback: number): number =>
  typeof v === 'number' && Number.isFinite(v) ? clamp(v, min, max) : fallback;

/** A stored layout; anything missing, mistyped or unreadable takes its default, numbers are clamped. */
export function parseLayout(raw: string | null | undefined): Layout {
  let o: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) o = parsed as Record<string, unknown>;
  } catch {
    // A corrupt entry is as good as none.
  }
  const d = DEFAULT_LAYOUT;
  return {
    listShown: bool(o.listShown, d.listShown),
    previewShown: bool(o.previewShown, d.previewShown),
    listWidth: Math.round(number(o.listWidth, LIST_MIN, LIST_MAX, d.listWidth)),
    previewShare: number(o.previewShare, SHARE_MIN, SHARE_MAX, d.previewShare),
    detailsShown: bool(o.detailsShown, d.detailsShown),
    font: o.font === 'proportional' || o.font === 'monospace' ? o.font : d.font,
    lineWidth: o.lineWidth === 'comfortable' || o.lineWidth === 'full' ? o.lineWidth : d.lineWidth,
  };
}

export function serializeLayout(layout: Layout): string {
  const { listShown, previewShown, listWidth, previewShare, detailsShown, font, lineWidth } = layout;
  return JSON.stringify({ listShown, previewShown, listWidth, previewShare, detailsShown, font, lineWidth });
}

/** What the preview does: beside the editor, hidden, or (narrow windows) in the editor's place. */
export type PreviewPlace = 'beside' | 'hidden' | 'instead';

/** The layout as drawn in a window this wide. */
export interface FittedLayout {
  listShown: boolean;
  listWidth: number;
  preview: PreviewPlace;
  previewShare: number;
  /** The list's widest here, for its splitter. */
  listMax: number;
  /** The preview's share bounds here, for its splitter. */
  shareMin: number;
  shareMax: number;
}

export const isNarrow = (windowWidth: number): boolean => windowWidth <= NARROW_MAX;

/**
 * Fits the chosen layout into a window `windowWidth` wide: the list gives way
 * first so the editor (and the preview beside it) keep PANE_MIN each, then the
 * split keeps both at PANE_MIN. In a narrow window the preview is never beside
 * the editor: `previewInstead` says whether it is shown in the editor's place.
 */
export function fitLayout(layout: Layout, windowWidth: number, previewInstead = false): FittedLayout {
  const narrow = isNarrow(windowWidth);
  const preview: PreviewPlace = narrow ? (previewInstead ? 'instead' : 'hidden') : layout.previewShown ? 'beside' : 'hidden';
  const panes = preview === 'beside' ? 2 : 1;
  const listMax = Math.max(LIST_MIN, Math.min(LIST_MAX, windowWidth - panes * PANE_MIN));
  const listWidth = clamp(layout.listWidth, LIST_MIN, listMax);
  const room = windowWidth - (layout.listShown ? listWidth : 0);
  // Both panes keep PANE_MIN when there is room for it, and SHARE_MIN/MAX always hold.
  const edge = room > 2 * PANE_MIN ? PANE_MIN / room : 0.5;
  const shareMin = Math.max(SHARE_MIN, Math.min(0.5, edge));
  const shareMax = Math.min(SHARE_MAX, Math.max(0.5, 1 - edge));
  return {
    listShown: layout.listShown,
    listWidth,
    preview,
    previewShare: clamp(layout.previewShare, shareMin, shareMax),
    listMax,
    shareMin,
    shareMax,
  };
}
