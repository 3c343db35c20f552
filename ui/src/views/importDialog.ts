// "Import folder…": a modal <dialog> that names a folder (typed, pasted or picked),
// runs the import with a progress bar and a Cancel button, then shows the report.
// A finished import ends in its next step: Done, or Import another folder (importing
// the same folder again would change nothing). Everything from the imported files
// (paths, reasons, titles) is set as text.
import type { ImportProgress, ImportReport } from '../api';
import { toAppError } from '../errors';
import { FolderDialog, type FolderBackend, type FolderDialogElements } from './folderDialog';
import { part } from './part';
import {
  canStart,
  cancelledSummary,
  importedBetween,
  importSummary,
  isCancelled,
  progressLabel,
} from '../importSummary';
import { reportList } from './reportList';

export interface ImportDialogElements extends FolderDialogElements {
  dryRun: HTMLInputElement;
  start: HTMLButtonElement;
  /** Close, or Done once an import finished. */
  close: HTMLButtonElement;
  /** After a finished import: empties the form for the next folder. */
  again: HTMLButtonElement;
  cancel: HTMLButtonElement;
  running: HTMLElement;
  progress: HTMLProgressElement;
  count: HTMLElement;
  current: HTMLElement;
  report: HTMLElement;
  summary: HTMLElement;
  details: HTMLElement;
}

export interface ImportBackend extends FolderBackend {
  run(src: string, dryRun: boolean, onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
  cancel(): Promise<unknown>;
  /** How many posts the library holds, to tell how many a cancelled import added. */
  countPosts(): Promise<number>;
  /** A real (not dry) import ended: the library may have changed. The report is null if it did not finish. */
  changed(report: ImportReport | null): void;
}

export class ImportDialog extends FolderDialog<ImportDialogElements, ImportBackend> {
  /** A real import finished and the form has not changed since: Done is the next step. */
  private done = false;

  /** Mounts on #import-dialog. */
  constructor(dialog: HTMLDialogElement, backend: ImportBackend) {
    const el: ImportDialogElements = {
      dialog,
      form: part(dialog, 'import-form'),
      path: part(dialog, 'import-path'),
      browse: part(dialog, 'import-browse'),
      dryRun: part(dialog, 'import-dry-run'),
      start: part(dialog, 'import-start'),
      close: part(dialog, 'import-close'),
      again: part(dialog, 'import-again'),
      cancel: part(dialog, 'import-cancel'),
      running: part(dialog, 'import-running'),
      progress: part(dialog, 'import-progress'),
      count: part(dialog, 'import-count'),
      current: part(dialog, 'import-current'),
      error: part(dialog, 'import-error'),
      report: part(dialog, 'import-report'),
      summary: part(dialog, 'import-summary'),
      details: part(dialog, 'import-details'),
    };
    super(el, backend);
    el.close.addEventListener('click', () => this.close());
    el.again.addEventListener('click', () => this.importAnother());
    el.cancel.addEventListener('click', () => void this.cancel());
    // Another folder or another kind of run: Import is the next step again.
    el.path.addEventListener('input', () => this.showDone(false));
    el.dryRun.addEventListener('change', () => this.showDone(false));
    this.updateSubmit();
  }

  get isRunning(): boolean {
    return this.busy;
  }

  protected picked(): void {
    this.showDone(false);
    this.updateSubmit();
    this.el.start.focus();
  }

  protected submit(): Promise<void> {
    return this.start();
  }

  private async start(): Promise<void> {
    const src = this.el.path.value.trim();
    if (!canStart(src, this.busy)) return;
    const dryRun = this.el.dryRun.checked;
    this.clearOutcome();
    this.setRunning(true);
    let before: number | null = null;
    try {
      if (!dryRun) before = await this.backend.countPosts().catch(() => null);
      const report = await this.backend.run(src, dryRun, (p) => this.showProgress(p));
      this.showReport(report, dryRun);
      if (!dryRun) this.backend.changed(report);
      // After a dry run the next step is the import itself: Import stays.
      this.done = !dryRun;
    } catch (e) {
      const error = toAppError(e);
      if (isCancelled(error)) {
        const after = dryRun ? null : await this.backend.countPosts().catch(() => null);
        this.showCancelled(cancelledSummary(importedBetween(before, after), dryRun));
      } else {
        this.showError(error, dryRun ? 'The dry run failed' : 'The import failed');
      }
      // Whatever was imported before it stopped stays: show it.
      if (!dryRun) this.backend.changed(null);
    } finally {
      this.setRunning(false);
      this.showDone(this.done);
      this.el.close.focus();
    }
  }

  /** "Import another folder": the form as new, ready for the next folder. */
  private importAnother(): void {
    if (this.busy) return;
    this.el.path.value = '';
    this.el.dryRun.checked = false;
    this.clearOutcome();
    this.updateSubmit();
    this.el.path.focus();
  }

  private async cancel(): Promise<void> {
    if (!this.busy) return;
    this.el.cancel.disabled = true;
    this.el.cancel.textContent = 'Cancelling…';
    try {
      await this.backend.cancel();
    } catch (e) {
      this.showError(toAppError(e), 'Could not cancel the import');
      this.el.cancel.disabled = false;
      this.el.cancel.textContent = 'Cancel';
    }
  }

  // ---- showing state ------------------------------------------------------------

  private setRunning(on: boolean): void {
    this.busy = on;
    this.el.path.disabled = on;
    this.el.browse.disabled = on;
    this.el.dryRun.disabled = on;
    this.el.close.disabled = on;
    this.el.cancel.hidden = !on;
    this.el.cancel.disabled = false;
    this.el.cancel.textContent = 'Cancel';
    this.el.running.hidden = !on;
    this.el.dialog.setAttribute('aria-busy', String(on));
    if (on) {
      this.showProgress(null);
      this.el.cancel.focus();
    }
    this.updateSubmit();
  }

  protected updateSubmit(): void {
    // Disabled too while hidden, so Enter in the path does not import the same folder again.
    this.el.start.disabled = this.done || !canStart(this.el.path.value, this.busy);
  }

  /**
   * After a finished import Import gives way: Close becomes the primary Done, and
   * Import another folder is offered. Otherwise the form as it was.
   */
  private showDone(done: boolean): void {
    this.done = done;
    const { start, close, again } = this.el;
    start.hidden = done;
    again.hidden = !done;
    close.textContent = done ? 'Done' : 'Close';
    close.classList.toggle('primary', done);
    this.updateSubmit();
  }

  private showProgress(p: ImportProgress | null): void {
    const { progress, count, current } = this.el;
    if (!p || !(p.total > 0)) {
      // Indeterminate until the walk has counted the files.
      progress.removeAttribute('value');
      progress.max = 1;
    } else {
      progress.max = p.total;
      progress.value = Math.min(p.done, p.total);
    }
    count.textContent = progressLabel(p);
    const file = p?.current ?? '';
    // The marks keep a path's slashes in place inside the right-to-left ellipsis box.
    current.textContent = file ? `\u200e${file}\u200e` : '';
    current.title = file;
  }

  protected clearOutcome(): void {
    this.showDone(false);
    this.clearError();
    this.el.report.hidden = true;
    this.el.summary.textContent = '';
    this.el.details.replaceChildren();
  }

  private showCancelled(message: string): void {
    this.el.summary.textContent = message;
    this.el.details.replaceChildren();
    this.el.report.hidden = false;
  }

  private showReport(report: ImportReport, dryRun: boolean): void {
    this.el.summary.textContent = importSummary(report, dryRun);
    const lists: HTMLElement[] = [];
    if (report.skipped.length) {
      lists.push(
        reportList(
          'import-skipped',
          'Skipped',
          report.skipped.map((s) => [s.path, s.reason]),
        ),
      );
    }
    if (report.warnings.length) {
      lists.push(
        reportList(
          'import-warnings',
          'Warnings',
          report.warnings.map((w) => [w.path, w.message]),
        ),
      );
    }
    if (report.posts.length) {
      lists.push(
        reportList(
          'import-posts',
          dryRun ? 'Posts it would import or update' : 'Imported posts',
          report.posts.map((p) => [p.post.title.trim() || 'Untitled', p.source]),
        ),
      );
    }
    this.el.details.replaceChildren(...lists);
    this.el.report.hidden = false;
  }
}
