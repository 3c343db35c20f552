// The banner above the editor when the open post changed outside Quire while the
// writer had unsaved edits: both versions side by side and three ways out. It only
// shows and reports; openPostSync.ts decides what each choice stores.
import { part } from './part';
import { renderSideBySide } from './sideBySide';

interface ConflictBannerElements {
  banner: HTMLElement;
  diff: HTMLElement;
  keepMine: HTMLButtonElement;
  takeTheirs: HTMLButtonElement;
  merge: HTMLButtonElement;
  /** Why Merge is off, shown under the buttons. */
  mergeNote: HTMLElement;
}

export interface ConflictChoices {
  keepMine(): void;
  takeTheirs(): void;
  merge(): void;
}

/**
 * - `checking`: the merge is being tried.
 * - `possible`: the two merge cleanly.
 * - `clashes`: both changed the same lines.
 * - `unknown`: the check failed; Merge stays on and tries again.
 */
export type MergeState = 'checking' | 'possible' | 'clashes' | 'unknown';

const CLASH = 'Both versions changed the same lines, so they cannot be merged. Keep one; the other stays in History.';

export const CONFLICT_LABELS = { left: 'Yours', right: 'Outside' } as const;

export class ConflictBanner {
  private merge: MergeState = 'checking';
  private busy = false;
  private shown: { mine: string; theirs: string } | null = null;

  private readonly el: ConflictBannerElements;

  /** Mounts on #conflict-banner. */
  constructor(banner: HTMLElement, on: ConflictChoices) {
    const el: ConflictBannerElements = {
      banner,
      diff: part(banner, 'conflict-diff'),
      keepMine: part(banner, 'conflict-keep-mine'),
      takeTheirs: part(banner, 'conflict-take-theirs'),
      merge: part(banner, 'conflict-merge'),
      mergeNote: part(banner, 'conflict-merge-note'),
    };
    this.el = el;
    el.keepMine.addEventListener('click', () => on.keepMine());
    el.takeTheirs.addEventListener('click', () => on.takeTheirs());
    el.merge.addEventListener('click', () => on.merge());
    this.hide();
  }

  get isOpen(): boolean {
    return !this.el.banner.hidden;
  }

  /** Shows (or refreshes) the banner with the writer's text beside the outside one. */
  show(mine: string, theirs: string): void {
    if (!this.shown || this.shown.mine !== mine || this.shown.theirs !== theirs) {
      const scroll = this.el.diff.scrollTop;
      renderSideBySide(this.el.diff, mine, theirs, CONFLICT_LABELS);
      // A refresh while the writer reads the diff should not throw them back to the top.
      if (this.shown) this.el.diff.scrollTop = scroll;
      this.shown = { mine, theirs };
    }
    this.el.banner.hidden = false;
    this.update();
  }

  setMerge(state: MergeState): void {
    this.merge = state;
    this.update();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.el.banner.setAttribute('aria-busy', String(busy));
    this.update();
  }

  hide(): void {
    this.el.banner.hidden = true;
    this.el.banner.removeAttribute('aria-busy');
    this.el.diff.replaceChildren();
    this.shown = null;
    this.busy = false;
    this.merge = 'checking';
  }

  private update(): void {
    this.el.keepMine.disabled = this.busy;
    this.el.takeTheirs.disabled = this.busy;
    const clashes = this.merge === 'clashes';
    this.el.merge.disabled = this.busy || clashes || this.merge === 'checking';
    this.el.merge.title =
      clashes ? CLASH : this.merge === 'checking' ? 'Checking whether the two versions merge…' : 'Keep the changes from both versions';
    this.el.mergeNote.textContent = clashes ? CLASH : '';
    this.el.mergeNote.hidden = !clashes;
  }
}
