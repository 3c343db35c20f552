// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COUNTS_DELAY_MS, StatusBar } from './statusBar';

function setup() {
  document.body.innerHTML =
    '<footer class="statusbar"><span id="status-words"></span><span id="status-reading"></span>' +
    '<span id="status-saved"></span><span id="status-library"></span></footer>';
  const byId = (id: string) => document.getElementById(id)!;
  const bar = new StatusBar(document.querySelector('footer')!);
  return { bar, words: byId('status-words'), reading: byId('status-reading'), saved: byId('status-saved') };
}

describe('StatusBar', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('shows the counts of an opened post at once', () => {
    const { bar, words, reading } = setup();
    bar.setCounts(1200, 5.2);
    expect(words.textContent).toBe('1,200 words');
    expect(reading.textContent).toBe('5 min read');
  });

  it('while typing, shows only the latest counts, a moment later', () => {
    const { bar, words } = setup();
    bar.setCounts(10, 1);
    bar.setCountsSoon(11, 1);
    bar.setCountsSoon(12, 1);
    expect(words.textContent).toBe('10 words');
    vi.advanceTimersByTime(COUNTS_DELAY_MS);
    expect(words.textContent).toBe('12 words');
  });

  it('drops counts still waiting when another post opens or the post closes', () => {
    const { bar, words } = setup();
    bar.setCountsSoon(99, 1);
    bar.setCounts(5, 1);
    vi.advanceTimersByTime(COUNTS_DELAY_MS);
    expect(words.textContent).toBe('5 words');
    bar.setCountsSoon(99, 1);
    bar.clearCounts();
    vi.advanceTimersByTime(COUNTS_DELAY_MS);
    expect(words.textContent).toBe('');
  });

  it('leaves the text nodes alone when nothing changed', () => {
    const { bar, words, saved } = setup();
    bar.setCounts(7, 1);
    bar.setSaveState({ kind: 'unsaved' });
    const [wordsText, savedText] = [words.firstChild, saved.firstChild];
    bar.setCounts(7, 1);
    bar.setSaveState({ kind: 'unsaved' });
    expect(words.firstChild).toBe(wordsText);
    expect(saved.firstChild).toBe(savedText);
    bar.setSaveState({ kind: 'saved' });
    expect(saved.textContent).toBe('Saved');
    expect(saved.dataset.state).toBe('saved');
  });
});
