// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { Splitter } from './splitter';

/** A list width in pixels between 180 and 480, as the list's splitter has. */
let width: number;
let resets: number;
let splitter: Splitter;
let bar: HTMLElement;

function key(k: string, mods: KeyboardEventInit = {}): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods });
  bar.dispatchEvent(e);
  return e;
}

function pointer(type: string, clientX: number, init: PointerEventInit = {}): void {
  bar.dispatchEvent(new PointerEvent(type, { clientX, pointerId: 1, button: 0, bubbles: true, cancelable: true, ...init }));
}

beforeEach(() => {
  document.body.innerHTML = '<div id="list-splitter" aria-label="Resize the post list"></div>';
  bar = document.getElementById('list-splitter')!;
  width = 280;
  resets = 0;
  splitter = new Splitter(bar, {
    range: () => ({ now: width, min: 180, max: 480, text: `${width} pixels` }),
    perPixel: () => 1,
    step: 10,
    set: (v) => (width = v),
    reset: () => {
      resets++;
      width = 280;
    },
  });
});

const aria = (name: string) => bar.getAttribute(`aria-${name}`);

describe('Splitter', () => {
  it('is a focusable vertical separator that tells its value and bounds', () => {
    expect(bar.getAttribute('role')).toBe('separator');
    expect(aria('orientation')).toBe('vertical');
    expect(bar.tabIndex).toBe(0);
    expect([aria('valuenow'), aria('valuemin'), aria('valuemax'), aria('valuetext')]).toEqual([
      '280',
      '180',
      '480',
      '280 pixels',
    ]);
  });

  it('moves by a step with Left and Right, by bigger steps with Shift, to its ends with Home and End', () => {
    expect(key('ArrowRight').defaultPrevented).toBe(true);
    expect(width).toBe(290);
    expect(aria('valuenow')).toBe('290');
    key('ArrowLeft');
    key('ArrowLeft');
    expect(width).toBe(270);
    key('ArrowRight', { shiftKey: true });
    expect(width).toBe(310);
    key('End');
    expect(width).toBe(480);
    key('ArrowRight');
    expect(width).toBe(480);
    key('Home');
    expect(aria('valuenow')).toBe('180');
  });

  it('leaves other keys alone', () => {
    expect(key('ArrowUp').defaultPrevented).toBe(false);
    expect(key('ArrowRight', { ctrlKey: true }).defaultPrevented).toBe(false);
    expect(width).toBe(280);
  });

  it('follows a pointer drag, within its bounds, until the pointer is released', () => {
    pointer('pointerdown', 300);
    expect(splitter.dragging).toBe(true);
    pointer('pointermove', 350);
    expect(width).toBe(330);
    pointer('pointermove', 1000);
    expect(width).toBe(480);
    pointer('pointermove', 250);
    expect(width).toBe(230);
    pointer('pointerup', 250);
    expect(splitter.dragging).toBe(false);
    pointer('pointermove', 400);
    expect(width).toBe(230);
  });

  it('ignores a drag with another button', () => {
    pointer('pointerdown', 300, { button: 2 });
    pointer('pointermove', 350);
    expect(width).toBe(280);
  });

  it('goes back to its default on a double click', () => {
    key('End');
    bar.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
    expect(resets).toBe(1);
    expect(aria('valuenow')).toBe('280');
  });
});
