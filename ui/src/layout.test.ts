import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT,
  fitLayout,
  isNarrow,
  LIST_MAX,
  LIST_MIN,
  layoutKey,
  PANE_MIN,
  parseLayout,
  serializeLayout,
  SHARE_MAX,
  SHARE_MIN,
  type Layout,
} from './layout';

const layout = (over: Partial<Layout> = {}): Layout => ({ ...DEFAULT_LAYOUT, ...over });

describe('parseLayout', () => {
  it('gives the defaults when nothing is stored, or when what is stored is not a layout', () => {
    for (const raw of [null, undefined, '', '{', 'null', '42', '"text"', '[1,2]', '{"listShown":']) {
      expect(parseLayout(raw)).toEqual(DEFAULT_LAYOUT);
    }
  });

  it('reads back what was written', () => {
    const chosen = layout({
      listShown: false,
      previewShown: false,
      listWidth: 333,
      previewShare: 0.4,
      detailsShown: false,
      font: 'proportional',
      lineWidth: 'full',
    });
    expect(parseLayout(serializeLayout(chosen))).toEqual(chosen);
  });

  it('keeps each good field and replaces each bad one with its default', () => {
    const parsed = parseLayout(
      JSON.stringify({ listShown: 'no', previewShown: false, listWidth: 'wide', font: 'comic', lineWidth: 'full' }),
    );
    expect(parsed).toEqual(layout({ previewShown: false, lineWidth: 'full' }));
  });

  it('clamps widths and shares into their bounds, and ignores numbers that are not finite', () => {
    expect(parseLayout('{"listWidth": 5, "previewShare": 0.01}')).toMatchObject({ listWidth: LIST_MIN, previewShare: SHARE_MIN });
    expect(parseLayout('{"listWidth": 9000, "previewShare": 7}')).toMatchObject({ listWidth: LIST_MAX, previewShare: SHARE_MAX });
    expect(parseLayout('{"listWidth": 250.6}').listWidth).toBe(251);
    expect(parseLayout('{"listWidth": 1e999}').listWidth).toBe(DEFAULT_LAYOUT.listWidth);
  });

  it('keeps one layout per window', () => {
    expect(layoutKey('main')).toBe('quire:layout:main');
    expect(layoutKey('post-2')).not.toBe(layoutKey('main'));
  });
});

describe('fitLayout', () => {
  it('draws the chosen layout unchanged in a wide window', () => {
    const fitted = fitLayout(layout({ listWidth: 300, previewShare: 0.4 }), 1280);
    expect(fitted).toMatchObject({ listShown: true, listWidth: 300, preview: 'beside', previewShare: 0.4 });
  });

  it('narrows the list first, so the editor and the preview keep their minimum', () => {
    const fitted = fitLayout(layout({ listWidth: LIST_MAX }), 900);
    expect(fitted.listWidth).toBe(900 - 2 * PANE_MIN);
    expect(fitted.listMax).toBe(900 - 2 * PANE_MIN);
    expect(fitLayout(layout({ listWidth: 300 }), 821).listWidth).toBe(821 - 2 * PANE_MIN);
    // Never under its own minimum, even in a window too small for both.
    expect(fitLayout(layout({ listWidth: 300 }), 400).listWidth).toBe(LIST_MIN);
  });

  it('lets the list be wider when the preview is hidden', () => {
    const fitted = fitLayout(layout({ listWidth: LIST_MAX, previewShown: false }), 900);
    expect(fitted).toMatchObject({ preview: 'hidden', listWidth: LIST_MAX });
  });

  it('keeps the editor and the preview at their minimum width when splitting', () => {
    const fitted = fitLayout(layout({ listWidth: 280, previewShare: SHARE_MAX }), 1000);
    const room = 1000 - 280;
    expect(fitted.previewShare).toBeCloseTo(1 - PANE_MIN / room);
    expect((1 - fitted.previewShare) * room).toBeGreaterThanOrEqual(PANE_MIN - 0.001);
    expect(fitLayout(layout({ listWidth: 280, previewShare: SHARE_MIN }), 1000).previewShare * room).toBeGreaterThanOrEqual(PANE_MIN - 0.001);
    // Keeps the chosen share where it fits, so widening the window brings it back.
    expect(fitLayout(layout({ previewShare: SHARE_MAX }), 2400).previewShare).toBe(SHARE_MAX);
  });

  it('in a narrow window shows the preview only in place of the editor, when asked', () => {
    expect(isNarrow(760)).toBe(true);
    expect(isNarrow(1280)).toBe(false);
    expect(fitLayout(layout(), 760).preview).toBe('hidden');
    expect(fitLayout(layout(), 760, true).preview).toBe('instead');
    expect(fitLayout(layout({ previewShown: false }), 760, true).preview).toBe('instead');
    // The list leaves the editor its minimum.
    expect(fitLayout(layout({ listWidth: LIST_MAX }), 600).listWidth).toBe(600 - PANE_MIN);
  });

  it('hides the preview in a wide window when the writer hid it', () => {
    expect(fitLayout(layout({ previewShown: false }), 1280, true).preview).toBe('hidden');
  });
});
