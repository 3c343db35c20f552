// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOAST_MS, Toasts, toastDuration } from './toasts';

let toasts: Toasts;
const shown = () => Array.from(document.querySelectorAll('.toast'), (t) => t.querySelector('.toast-message')!.textContent);

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '<section id="toasts" class="toasts" aria-label="Notifications"></section>';
  toasts = new Toasts(document.getElementById('toasts')!);
});
afterEach(() => vi.useRealTimers());

describe('Toasts', () => {
  it('shows a short confirmation briefly, as a status', () => {
    toasts.show('Copied as HTML');
    const toast = document.querySelector('.toast')!;
    expect(toast.getAttribute('role')).toBe('status');
    vi.advanceTimersByTime(2400);
    expect(shown()).toEqual(['Copied as HTML']);
    vi.advanceTimersByTime(200);
    expect(shown()).toEqual([]);
  });

  it('keeps a longer notice up long enough to read', () => {
    const long = 'Kept your version of “Notes”. The version from outside Quire is in its History.';
    toasts.show(long);
    vi.advanceTimersByTime(5900);
    expect(shown()).toEqual([long]);
    vi.advanceTimersByTime(200);
    expect(shown()).toEqual([]);
  });

  it('keeps an Undo offer up as long as before, however short', () => {
    const run = vi.fn();
    toasts.show('Moved “A” to the trash.', { action: { label: 'Undo', run } });
    vi.advanceTimersByTime(5900);
    expect(shown()).toEqual(['Moved “A” to the trash.']);
    document.querySelector<HTMLButtonElement>('.toast-action')!.click();
    expect(run).toHaveBeenCalledOnce();
    expect(shown()).toEqual([]);
  });

  it('keeps an error up longest, as an alert', () => {
    toasts.error({ kind: 'user', message: 'disk full' }, 'Could not copy as HTML');
    expect(document.querySelector('.toast')!.getAttribute('role')).toBe('alert');
    vi.advanceTimersByTime(9900);
    expect(shown()).toEqual(['Could not copy as HTML: disk full']);
    vi.advanceTimersByTime(200);
    expect(shown()).toEqual([]);
  });

  it('stays while the pointer is on it, then leaves after its time', () => {
    toasts.show('Copied as HTML');
    const toast = document.querySelector('.toast')!;
    toast.dispatchEvent(new Event('pointerenter'));
    vi.advanceTimersByTime(10000);
    expect(shown()).toEqual(['Copied as HTML']);
    toast.dispatchEvent(new Event('pointerleave'));
    vi.advanceTimersByTime(TOAST_MS.brief + 10);
    expect(shown()).toEqual([]);
  });

  it('takes a time the caller gives', () => {
    expect(toastDuration('Copied as HTML', { timeoutMs: 8000 })).toBe(8000);
    expect(toastDuration('Copied as HTML')).toBe(TOAST_MS.brief);
  });
});
