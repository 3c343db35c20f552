// "Export…": a modal <dialog> that writes the library into a folder, as an HTML
// site or as Markdown for a site generator, with a progress bar and a Cancel
// button, then a report that offers the next step: open the folder, or view the
// HTML site. It fills in what the last export of this library used, so exporting
// again is one click. Everything that comes from posts (paths,
// messages, tags) is set as text.
import type { ExportProgress, ExportReport, TagCount } from '../api';
import { toAppError } from '../errors';
import {
  canStart,
  DEFAULT_FORMAT,
  exportRequest,
  formatInfo,
  formProblem,
  isExportFormat,
  type ExportForm,
  type ExportFormat,
  type ExportRequest,
} from '../exportForm';
import { folderAfterFormatChange, recallExport, rememberExport, type ExportMemory } from '../exportSettings';
import { EXPORT_CANCELLED, exportProgressLabel, exportSummary, nothingExportedNote } from '../exportSummary';
import { isCancelled } from '../importSummary';
import { FolderDialog, type FolderBackend, type FolderDialogElements } from './folderDialog';
import { part } from './part';
import { reportList } from './reportList';

export interface ExportDialogElements extends FolderDialogElements {
  format: HTMLSelectElement;
  /** What the chosen format writes, in a sentence. */
  formatHint: HTMLElement;
  includeDrafts: HTMLInputElement;
  /** The fields only a Markdown export has. */
  markdownOptions: HTMLElement;
  tag: HTMLSelectElement;
  /** The fields only an HTML site has. */
  htmlOptions: HTMLElement;
  baseUrl: HTMLInputElement;
  title: HTMLInputElement;
  start: HTMLButtonElement;
  close: HTMLButtonElement;
  cancel: HTMLButtonElement;
  running: HTMLElement;
  progress: HTMLProgressElement;
  count: HTMLElement;
  current: HTMLElement;
  report: HTMLElement;
  summary: HTMLElement;
  /** Names the folder written. */
  where: HTMLElement;
  details: HTMLElement;
  /** After a finished export: what to do with what it wrote. */
  next: HTMLElement;
  openFolder: HTMLButtonElement;
  /** An HTML site only. */
  viewSite: HTMLButtonElement;
}

export interface ExportBackend extends FolderBackend {
  /** The open library's folder: what the dialog remembers is kept per library. */
  library(): string;
  loadMemory(): ExportMemory;
  saveMemory(memory: ExportMemory): void;
  /** Runs the export; a cancelled one rejects with the message `cancelled`. */
  run(request: ExportRequest, onProgress: (p: ExportProgress) => void): Promise<ExportReport>;
  cancel(): Promise<unknown>;
  /** Shows what an export wrote in `out`: the folder, or with `site` the site in the browser. */
  openExport(out: string, site: boolean): Promise<unknown>;
}

export class ExportDialog extends FolderDialog<ExportDialogElements, ExportBackend> {
  /** The format the fields show, so a change knows what it came from. */
  private format: ExportFormat = DEFAULT_FORMAT;
  /** The library the fields were last filled in for; reopening for it keeps what was typed. */
  private filledFor: string | null = null;
  /** The folder the last finished export wrote, for Open folder and View site. */
  private written: string | null = null;

  /** Mounts on #export-dialog. */
  constructor(dialog: HTMLDialogElement, backend: ExportBackend) {
    const el: ExportDialogElements = {
      dialog,
      form: part(dialog, 'export-form'),
      format: part(dialog, 'export-format'),
      formatHint: part(dialog, 'export-format-hint'),
      path: part(dialog, 'export-path'),
      browse: part(dialog, 'export-browse'),
      includeDrafts: part(dialog, 'export-include-drafts'),
      markdownOptions: part(dialog, 'export-markdown-options'),
      tag: part(dialog, 'export-tag'),
      htmlOptions: part(dialog, 'export-html-options'),
      baseUrl: part(dialog, 'export-base-url'),
      title: part(dialog, 'export-title'),
      start: part(dialog, 'export-start'),
      close: part(dialog, 'export-close'),
      cancel: part(dialog, 'export-cancel'),
      running: part(dialog, 'export-running'),
      progress: part(dialog, 'export-progress'),
      count: part(dialog, 'export-count'),
      current: part(dialog, 'export-current'),
      error: part(dialog, 'export-error'),
      report: part(dialog, 'export-report'),
      summary: part(dialog, 'export-summary'),
      where: part(dialog, 'export-where'),
      details: part(dialog, 'export-details'),
      next: part(dialog, 'export-next'),
      openFolder: part(dialog, 'export-open-folder'),
      viewSite: part(dialog, 'export-view-site'),
    };
    super(el, backend);
    el.format.addEventListener('change', () => this.formatChanged());
    el.baseUrl.addEventListener('input', () => el.baseUrl.removeAttribute('aria-invalid'));
    el.close.addEventListener('click', () => this.close());
    el.cancel.addEventListener('click', () => void this.cancel());
    el.openFolder.addEventListener('click', () => void this.openWritten(false));
    el.viewSite.addEventListener('click', () => void this.openWritten(true));
    this.showFormat(isExportFormat(el.format.value) ? el.format.value : DEFAULT_FORMAT);
    this.updateSubmit();
  }

  get isRunning(): boolean {
    return this.busy;
  }

  open(): void {
    if (this.isOpen) return;
    this.fill();
    super.open();
    // All filled in from last time: the export is one click (or Enter) away.
    if (this.el.path.value.trim() !== '') this.el.start.focus();
  }

  /** The library's tags, for the Markdown tag filter. A chosen tag that vanished stays chosen. */
  setTags(tags: TagCount[]): void {
    const { tag } = this.el;
    const current = tag.value;
    const options = [option('All posts', '')];
    for (const t of tags) options.push(option(`${t.name} (${t.count.toLocaleString('en-US')})`, t.name));
    if (current && !tags.some((t) => t.name === current)) options.push(option(`${current} (0)`, current));
    tag.replaceChildren(...options);
    tag.value = current;
  }

  protected picked(): void {
    this.clearError();
    this.updateSubmit();
    this.el.start.focus();
  }

  protected submit(): Promise<void> {
    return this.start();
  }

  protected updateSubmit(): void {
    this.el.path.removeAttribute('aria-invalid');
    this.el.start.disabled = !canStart(this.el.path.value, this.busy);
  }

  protected clearOutcome(): void {
    this.clearError();
    this.el.path.removeAttribute('aria-invalid');
    this.el.baseUrl.removeAttribute('aria-invalid');
    this.el.report.hidden = true;
    this.el.summary.textContent = '';
    this.el.where.textContent = '';
    this.el.details.replaceChildren();
    this.written = null;
    this.el.next.hidden = true;
  }

  // ---- the fields ---------------------------------------------------------------

  /** Fills in what the last export of this library used, once per library. */
  private fill(): void {
    const library = this.backend.library();
    if (library === this.filledFor) return;
    this.filledFor = library;
    const last = recallExport(this.backend.loadMemory(), library);
    this.showFormat(last.format);
    this.el.path.value = last.out;
    this.el.baseUrl.value = last.baseUrl;
    this.el.title.value = last.title;
    this.el.includeDrafts.checked = false;
    this.el.tag.value = '';
  }

  private formatChanged(): void {
    const from = this.format;
    const to = isExportFormat(this.el.format.value) ? this.el.format.value : DEFAULT_FORMAT;
    if (to === from) return;
    this.el.path.value = folderAfterFormatChange(
      this.backend.loadMemory(),
      this.backend.library(),
      from,
      to,
      this.el.path.value,
    );
    this.showFormat(to);
    this.clearError();
    this.updateSubmit();
  }

  private showFormat(format: ExportFormat): void {
    this.format = format;
    this.el.format.value = format;
    this.el.formatHint.textContent = formatInfo(format).hint;
    this.el.htmlOptions.hidden = format !== 'html';
    this.el.markdownOptions.hidden = format === 'html';
  }

  private form(): ExportForm {
    return {
      format: this.format,
      out: this.el.path.value,
      includeDrafts: this.el.includeDrafts.checked,
      tag: this.el.tag.value,
      baseUrl: this.el.baseUrl.value,
      title: this.el.title.value,
    };
  }

  // ---- running ------------------------------------------------------------------

  private async start(): Promise<void> {
    if (this.busy) return;
    const form = this.form();
    const problem = formProblem(form);
    if (problem) {
      this.clearOutcome();
      this.showMessage(problem.message);
      const field = problem.field === 'out' ? this.el.path : this.el.baseUrl;
      field.setAttribute('aria-invalid', 'true');
      field.focus();
      return;
    }
    const request = exportRequest(form);
    this.clearOutcome();
    this.backend.saveMemory(rememberExport(this.backend.loadMemory(), this.backend.library(), form));
    this.setRunning(true);
    let failed = false;
    try {
      const report = await this.backend.run(request, (p) => this.showProgress(p));
      this.showReport(report, request);
      this.showNext(request);
    } catch (e) {
      const error = toAppError(e);
      if (isCancelled(error)) {
        this.showOutcome(EXPORT_CANCELLED, '', []);
      } else {
        failed = true;
        this.showError(error, 'The export failed');
      }
    } finally {
      this.setRunning(false);
      // After a failure the fields are as they were, ready to be fixed.
      if (failed) this.el.path.focus();
      else this.el.close.focus();
    }
  }

  private async cancel(): Promise<void> {
    if (!this.busy) return;
    this.el.cancel.disabled = true;
    this.el.cancel.textContent = 'Cancelling…';
    try {
      await this.backend.cancel();
    } catch (e) {
      this.showError(toAppError(e), 'Could not cancel the export');
      this.el.cancel.disabled = false;
      this.el.cancel.textContent = 'Cancel';
    }
  }

  /** Open folder, or View site: the backend opens only a folder this library exported to. */
  private async openWritten(site: boolean): Promise<void> {
    const out = this.written;
    if (out === null || this.busy) return;
    this.clearError();
    try {
      await this.backend.openExport(out, site);
    } catch (e) {
      this.showError(toAppError(e), site ? 'Could not open the site' : 'Could not open the folder');
    }
  }

  // ---- showing state ------------------------------------------------------------

  private setRunning(on: boolean): void {
    this.busy = on;
    const el = this.el;
    for (const input of [el.format, el.path, el.browse, el.includeDrafts, el.tag, el.baseUrl, el.title, el.close]) {
      input.disabled = on;
    }
    el.cancel.hidden = !on;
    el.cancel.disabled = false;
    el.cancel.textContent = 'Cancel';
    el.running.hidden = !on;
    el.dialog.setAttribute('aria-busy', String(on));
    if (on) {
      this.showProgress(null);
      el.cancel.focus();
    }
    this.updateSubmit();
  }

  private showProgress(p: ExportProgress | null): void {
    const { progress, count, current } = this.el;
    if (!p || !(p.total > 0)) {
      // Indeterminate until the first report (the export sends one every 64 posts).
      progress.removeAttribute('value');
      progress.max = 1;
    } else {
      progress.max = p.total;
      progress.value = Math.min(p.done, p.total);
    }
    count.textContent = exportProgressLabel(p);
    const file = p?.current ?? '';
    // The marks keep a path's slashes in place inside the right-to-left ellipsis box.
    current.textContent = file ? `\u200e${file}\u200e` : '';
    current.title = file;
  }

  private showReport(report: ExportReport, request: ExportRequest): void {
    const { options } = request;
    const lists: HTMLElement[] = [];
    const note = nothingExportedNote(report, {
      includeDrafts: options.includeDrafts,
      tag: request.kind === 'markdown' ? request.options.tag : null,
    });
    if (note) {
      const p = document.createElement('p');
      p.className = 'export-note';
      p.textContent = note;
      lists.push(p);
    }
    if (report.warnings.length) {
      lists.push(
        reportList(
          'export-warnings',
          'Warnings',
          report.warnings.map((w) => [w.path, w.message]),
        ),
      );
    }
    this.showOutcome(exportSummary(report), `Written to ${options.out}`, lists);
  }

  /** The next steps after a finished export: its folder, and for an HTML site the site itself. */
  private showNext(request: ExportRequest): void {
    this.written = request.options.out;
    this.el.viewSite.hidden = request.kind !== 'html';
    this.el.next.hidden = false;
  }

  private showOutcome(summary: string, where: string, details: HTMLElement[]): void {
    this.el.summary.textContent = summary;
    this.el.where.textContent = where;
    this.el.where.hidden = where === '';
    this.el.details.replaceChildren(...details);
    this.el.report.hidden = false;
  }
}

/** An <option> with its label set as text. */
function option(label: string, value: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.textContent = label;
  o.value = value;
  return o;
}
