// The bar above the editor when the open post changed outside Quire while the
// writer had unsaved edits: one line that says so, three ways out, and Compare…,
// which opens both versions side by side in a dialog with the same three choices.
// It only shows and reports; openPostSync.ts decides what each choice stores.
import { part } from './part';
import { renderSideBySide } from './sideBySide';

interface ConflictBannerElements {
  banner: HTMLElement;
  compare: HTMLButtonElement;
  keepMine: HTMLButtonElement;
  takeTheirs: HTMLButtonElement;
  merge: HTMLButtonElement;
  /** Why Merge is off, shown under the buttons. */
  mergeNote: HTMLElement;
  dialog: HTMLDialogElement;
  diff: HTMLElement;
  dialogKeepMine: HTMLButtonElement;
  dialogTakeTheirs: HTMLButtonElement;
  dialogMerge: HTMLButtonElement;
  dialogMergeNote: HTMLElement;
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

  /** Mounts on #conflict-banner and its dialog, #conflict-dialog. */
  constructor(
    banner: HTMLElement,
    on: ConflictChoices,
    dialog: HTMLDialogElement = part(banner.ownerDocument, 'conflict-dialog'),
  ) {
    const el: ConflictBannerElements = {
      banner,
      compare: part(banner, 'conflict-compare'),
      keepMine: part(banner, 'conflict-keep-mine'),
      takeTheirs: part(banner, 'conflict-take-theirs'),
      merge: part(banner, 'conflict-merge'),
      mergeNote: part(banner, 'conflict-merge-note'),
      dialog,
      diff: part(dialog, 'conflict-diff'),
      dialogKeepMine: part(dialog, 'conflict-dialog-keep-mine'),
      dialogTakeTheirs: part(dialog, 'conflict-dialog-take-theirs'),
      dialogMerge: part(dialog, 'conflict-dialog-merge'),
      dialogMergeNote: part(dialog, 'conflict-dialog-merge-note'),
    };
    this.el = el;
    el.compare.addEventListener('click', () => this.compare());
    el.keepMine.addEventListener('click', () => on.keepMine());
    el.takeTheirs.addEventListener('click', () => on.takeTheirs());
    el.merge.addEventListener('click', () => on.merge());
    // The dialog's choices are the bar's: the dialog closes first, so the
    // keyboard goes back to the page before the choice moves it to the text.
    const choose = (choice: () => void) => () => {
      this.closeDialog();
      choice();
    };
    el.dialogKeepMine.addEventListener('click', choose(() => on.keepMine()));
    el.dialogTakeTheirs.addEventListener('click', choose(() => on.takeTheirs()));
    el.dialogMerge.addEventListener('click', choose(() => on.merge()));
    part<HTMLButtonElement>(dialog, 'conflict-dialog-close').addEventListener('click', () => this.closeDialog());
    this.hide();
  }

  get isOpen(): boolean {
    return !this.el.banner.hidden;
  }

  /** The side-by-side dialog is up (a modal: the app's shortcuts wait). */
  get isComparing(): boolean {
    return this.el.dialog.open;
  }

  /**
   * Shows (or refreshes) the bar. The writer's text beside the outside one is
   * drawn now, into the dialog, so it is ready (and readable) before Compare….
   */
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

  /** Opens the two versions side by side, the focus on the diff so the arrows scroll it. */
  compare(): void {
    if (!this.isOpen) return;
    if (!this.el.dialog.open) this.el.dialog.showModal();
    this.el.diff.focus();
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
    this.closeDialog();
    this.el.banner.hidden = true;
    this.el.banner.removeAttribute('aria-busy');
    this.el.diff.replaceChildren();
    this.shown = null;
    this.busy = false;
    this.merge = 'checking';
  }

  private closeDialog(): void {
    if (this.el.dialog.open) this.el.dialog.close();
  }

  private update(): void {
    const clashes = this.merge === 'clashes';
    const mergeOff = this.busy || clashes || this.merge === 'checking';
    const mergeTitle =
      clashes ? CLASH : this.merge === 'checking' ? 'Checking whether the two versions merge…' : 'Keep the changes from both versions';
    const { el } = this;
    for (const button of [el.keepMine, el.takeTheirs, el.dialogKeepMine, el.dialogTakeTheirs]) button.disabled = this.busy;
    for (const button of [el.merge, el.dialogMerge]) {
      button.disabled = mergeOff;
      button.title = mergeTitle;
    }
    for (const note of [el.mergeNote, el.dialogMergeNote]) {
      note.textContent = clashes ? CLASH : '';
      note.hidden = !clashes;
    }
  }
}
