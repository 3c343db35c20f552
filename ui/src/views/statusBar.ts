// The bottom line: words, reading time, whether everything is stored, and where.
import type { SaveState } from '../autosaver';
import { readingLabel, wordsLabel } from '../format';

export class StatusBar {
  constructor(
    private readonly words: HTMLElement,
    private readonly reading: HTMLElement,
    private readonly saved: HTMLElement,
    private readonly library: HTMLElement,
  ) {}

  setCounts(words: number, minutes: number): void {
    this.words.textContent = wordsLabel(words);
    this.reading.textContent = readingLabel(minutes, words);
  }

  clearCounts(): void {
    this.words.textContent = '';
    this.reading.textContent = '';
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
    if (this.saved.textContent !== text) this.saved.textContent = text;
    this.saved.dataset.state = state.kind;
    this.saved.title =
      state.kind === 'error'
        ? 'Quire keeps your text and will try again.'
        : state.kind === 'paused'
          ? 'Your text is kept on screen; choose a version above the editor to save again.'
          : '';
  }

  setLibrary(folder: string, postCount: number): void {
    // Marks keep the path's slashes in place inside the right-to-left ellipsis box.
    this.library.textContent = `\u200e${folder}\u200e`;
    this.library.title = `${folder} (${postCount} ${postCount === 1 ? 'post' : 'posts'})`;
  }
}
