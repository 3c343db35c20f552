import { describe, expect, it } from 'vitest';
import { scrollFraction, scrollTopFor } from './scrollSync';

describe('scroll sync', () => {
  it('maps top, middle and bottom', () => {
    expect(scrollFraction(0, 2000, 500)).toBe(0);
    expect(scrollFraction(750, 2000, 500)).toBe(0.5);
    expect(scrollFraction(1500, 2000, 500)).toBe(1);
  });
  it('clamps overscroll and handles content shorter than the viewport', () => {
    expect(scrollFraction(1600, 2000, 500)).toBe(1);
    expect(scrollFraction(-20, 2000, 500)).toBe(0);
    expect(scrollFraction(10, 300, 500)).toBe(0);
    expect(scrollTopFor(0.5, 300, 500)).toBe(0);
  });
  it('turns a fraction into the other pane scrollTop', () => {
    expect(scrollTopFor(0.5, 5000, 1000)).toBe(2000);
    expect(scrollTopFor(2, 5000, 1000)).toBe(4000);
    expect(scrollTopFor(Number.NaN, 5000, 1000)).toBe(0);
  });
  it('round-trips between panes of different lengths', () => {
    const f = scrollFraction(300, 1300, 400);
    expect(scrollTopFor(f, 2200, 400)).toBe(600);
  });
});
