// The bottom line: words, reading time, whether everything is stored, and where.
import type { SaveState } from '../autosaver';
import { readingLabel, wordsLabel } from '../format';
import { part } from './part';

/**
 * While typing, the counts follow this long after the preview. Without a GPU
 * WebKit paints in software and one frame that changes both the preview and
 * the status bar repaints the box around both (about 15 ms here, against 3 ms
 * for each alone), which the next keystroke would wait behind.
 */
export const COUNTS_DELAY_MS = 150;

export class StatusBar {
  private pendingCounts: { words: number; minutes: number } | null = null;
  private countsTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly words: HTMLElement;
  private readonly reading: HTMLElement;
  private readonly saved: HTMLElement;
  private readonly library: HTMLElement;

  /** Mounts on the <footer class="statusbar">. */
  constructor(bar: HTMLElement) {
    this.words = part(bar, 'status-words');
    this.reading = part(bar, 'status-reading');
    this.saved = part(bar, 'status-saved');
    this.library = part(bar, 'status-library');
  }

  /** Shows the counts now (a post was opened). */
  setCounts(words: number, minutes: number): void {
    this.cancelPendingCounts();
    setText(this.words, wordsLabel(words));
    setText(this.reading, readingLabel(minutes, words));
  }

  /** Shows the counts a moment later (the text is being typed): see COUNTS_DELAY_MS. */
  setCountsSoon(words: number, minutes: number): void {
    this.pendingCounts = { words, minutes };
    this.countsTimer ??= setTimeout(() => {
      this.countsTimer = null;
      const counts = this.pendingCounts;
      if (counts) this.setCounts(counts.words, counts.minutes);
    }, COUNTS_DELAY_MS);
  }

  clearCounts(): void {
    this.cancelPendingCounts();
    setText(this.words, '');
    setText(this.reading, '');
  }

  private cancelPendingCounts(): void {
    this.pendingCounts = null;
    if (this.countsTimer !== null) clearTimeout(this.countsTimer);
    this.countsTimer = null;
  }

  setSaveState(state: SaveState): void {
    const text =
      state.kind === 'saved'
        ? 'Saved'
        : state.kind === 'saving'
          ? 'Saving…'
          : state.kind === 'unsaved'
            ? 'Unsaved'
            : state.kind === 'paused'
              ? 'Autosave paused'
              : `Not saved: ${state.message}`;
    setText(this.saved, text);
    if (this.saved.dataset.state !== state.kind) this.saved.dataset.state = state.kind;
    const title =
      state.kind === 'error'
        ? 'Quire keeps your text and will try again.'
        : state.kind === 'paused'
          ? 'Your text is kept on screen; choose a version above the editor to save again.'
          : '';
    if (this.saved.title !== title) this.saved.title = title;
  }

  setLibrary(folder: string, postCount: number): void {
    // Marks keep the path's slashes in place inside the right-to-left ellipsis box.
    this.library.textContent = `\u200e${folder}\u200e`;
    this.library.title = `${folder} (${postCount} ${postCount === 1 ? 'post' : 'posts'})`;
  }
}

/** Writes only a change: the same text written again still costs a layout and a repaint. */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}
