// "History": a modal <dialog> listing the open post's revisions, newest first, each
// with when and why it was kept, and the name the writer gave it ("sent to editor").
// Choosing one shows it beside the current text; Restore makes it the post's text
// again (the replaced text is kept as a revision). A small form in the dialog names
// the current text (kept as a version) or renames an earlier one.
import type { AppError, Revision, RevisionSource } from '../api';
import { nextStep, toAppError } from '../errors';
import { formatRevisionTime, fullLocalTime, recentLabel, wordChange } from '../format';
import { bodyStart } from '../searchMatch';
import { listMoveForKey, moveIndex } from '../listNav';
import { part } from './part';
import { renderSideBySide } from './sideBySide';

interface HistoryElements {
  dialog: HTMLDialogElement;
  /** Names the post whose history this is. */
  subtitle: HTMLElement;
  list: HTMLElement;
  empty: HTMLElement;
  diff: HTMLElement;
  status: HTMLElement;
  error: HTMLElement;
  restore: HTMLButtonElement;
  close: HTMLButtonElement;
  /** Opens the naming form for the current text. */
  nameCurrent: HTMLButtonElement;
  /** Opens the naming form for the chosen version. */
  name: HTMLButtonElement;
  labelForm: HTMLFormElement;
  /** Says what the form names. */
  labelCaption: HTMLElement;
  labelInput: HTMLInputElement;
  labelSave: HTMLButtonElement;
  labelRemove: HTMLButtonElement;
  labelCancel: HTMLButtonElement;
}

export interface HistoryBackend {
  /** The open post's revisions, newest first. */
  load(): Promise<Revision[]>;
  /** The editor's text now: what a revision is compared with. */
  current(): string;
  /** Restores a revision into the open post; rejects when it could not. */
  restore(revisionId: number): Promise<void>;
  /**
   * Names a version (`revisionId` null: the current text, kept as a version first);
   * '' removes a name. Resolves to the revisions then, newest first.
   */
  label(revisionId: number | null, label: string): Promise<Revision[]>;
}

/** Words in a version's body (the front matter not counted). */
function countWords(text: string): number {
  return text.slice(bodyStart(text)).split(/\s+/).filter(Boolean).length;
}

/** Who or what the version came from, in words. */
export const SOURCE_LABEL: Record<RevisionSource, string> = {
  app: 'you',
  external: 'another app',
  import: 'import',
  conflict: 'conflict',
  restore: 'before restoring',
};

/** What each source word means, for the badge's tooltip. */
export const SOURCE_HELP: Record<RevisionSource, string> = {
  app: 'Kept from writing in Quire',
  external: 'Kept when the file changed outside Quire',
  import: 'Kept when an import updated the post',
  conflict: 'Kept when both Quire and another editor changed the post',
  restore: 'Kept before an earlier version was restored',
};

export class HistoryPanel {
  private revisions: Revision[] = [];
  private selected = -1;
  private busy = false;
  private returnFocus: HTMLElement | null = null;
  /** Bumped by each load so an older, slower one cannot win. */
  private loads = 0;
  /** What the naming form names: a revision's id, null for the current text, undefined while it is closed. */
  private naming: number | null | undefined = undefined;
  private savingLabel = false;
  /** The button that opened the naming form, to go back to when it closes. */
  private namingFrom: HTMLElement | null = null;

  private readonly el: HistoryElements;

  /** Mounts on #history-panel. */
  constructor(
    dialog: HTMLDialogElement,
    private readonly backend: HistoryBackend,
  ) {
    const el: HistoryElements = {
      dialog,
      subtitle: part(dialog, 'history-post'),
      list: part(dialog, 'history-list'),
      empty: part(dialog, 'history-empty'),
      diff: part(dialog, 'history-diff'),
      status: part(dialog, 'history-status'),
      error: part(dialog, 'history-error'),
      restore: part(dialog, 'history-restore'),
      close: part(dialog, 'history-close'),
      nameCurrent: part(dialog, 'history-name-current'),
      name: part(dialog, 'history-name'),
      labelForm: part(dialog, 'history-label-form'),
      labelCaption: part(dialog, 'history-label-caption'),
      labelInput: part(dialog, 'history-label-input'),
      labelSave: part(dialog, 'history-label-save'),
      labelRemove: part(dialog, 'history-label-remove'),
      labelCancel: part(dialog, 'history-label-cancel'),
    };
    this.el = el;
    el.close.addEventListener('click', () => this.close());
    el.restore.addEventListener('click', () => void this.restoreSelected());
    el.nameCurrent.addEventListener('click', () => this.openLabelForm(null));
    el.name.addEventListener('click', () => {
      const r = this.revisions[this.selected];
      if (r) this.openLabelForm(r.id);
    });
    el.labelForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveLabel(el.labelInput.value);
    });
    el.labelRemove.addEventListener('click', () => void this.saveLabel(''));
    el.labelCancel.addEventListener('click', () => this.closeLabelForm());
    el.labelInput.addEventListener('input', () => this.updateLabelForm());
    // Escape in the form leaves the naming, not the dialog: handled here, the key
    // never becomes the dialog's cancel.
    el.labelForm.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || e.isComposing) return;
      e.preventDefault();
      e.stopPropagation();
      if (!this.savingLabel) this.closeLabelForm();
    });
    el.dialog.addEventListener('cancel', (e) => {
      if (this.busy) {
        e.preventDefault();
      } else if (this.naming !== undefined) {
        // Escape from elsewhere in the dialog while the form is open: the form goes first.
        e.preventDefault();
        if (!this.savingLabel) this.closeLabelForm();
      }
    });
    el.dialog.addEventListener('close', () => {
      this.loads++;
      this.closeLabelForm(false);
      const back = this.returnFocus;
      this.returnFocus = null;
      if (back?.isConnected) back.focus();
    });
    el.list.addEventListener('click', (e) => {
      const row = (e.target as Element).closest<HTMLElement>('.revision-row');
      if (row) this.select(Array.prototype.indexOf.call(el.list.children, row));
    });
    el.list.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const move = listMoveForKey(e.key);
      if (!move) return;
      e.preventDefault();
      this.select(moveIndex(this.selected, move, this.revisions.length));
    });
  }

  get isOpen(): boolean {
    return this.el.dialog.open;
  }

  /** Opens the history of the post titled `title` and loads it. */
  async open(title: string): Promise<void> {
    if (this.el.dialog.open) return;
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
    this.el.subtitle.textContent = title.trim() || 'Untitled';
    this.revisions = [];
    this.selected = -1;
    this.el.list.replaceChildren();
    this.el.diff.replaceChildren();
    this.showStatus('');
    this.showError(null);
    this.closeLabelForm(false);
    this.updateRestore();
    this.el.dialog.showModal();
    this.el.list.focus();
    await this.reload();
  }

  close(): void {
    if (this.busy || !this.el.dialog.open) return;
    this.el.dialog.close();
  }

  /** Fetches the list again, keeping the chosen revision when it is still there. */
  async reload(): Promise<void> {
    if (!this.el.dialog.open) return;
    const load = ++this.loads;
    const keep = this.revisions[this.selected]?.id;
    this.el.list.setAttribute('aria-busy', 'true');
    let revisions: Revision[];
    try {
      revisions = await this.backend.load();
    } catch (e) {
      if (load === this.loads) {
        this.el.list.removeAttribute('aria-busy');
        this.showError(toAppError(e), 'Could not load the history');
      }
      return;
    }
    if (load !== this.loads) return;
    this.el.list.removeAttribute('aria-busy');
    this.showRevisions(revisions, keep);
  }

  /** Lists `revisions`, choosing the one with id `keep` (else the newest). */
  private showRevisions(revisions: Revision[], keep: number | undefined): void {
    this.revisions = revisions;
    const now = new Date();
    this.el.list.replaceChildren(...revisions.map((r, i) => this.renderRow(r, revisions[i + 1], now)));
    const empty = revisions.length === 0;
    this.el.empty.hidden = !empty;
    this.el.list.hidden = empty;
    this.el.diff.hidden = empty;
    // The list took the focus on opening; with nothing to list, Close is next.
    if (empty && document.activeElement === this.el.list) this.el.close.focus();
    const at = keep === undefined ? -1 : revisions.findIndex((r) => r.id === keep);
    this.selected = -1;
    this.select(empty ? -1 : Math.max(0, at), false);
  }

  /** The text behind the dialog changed (an outside edit): compare with the new one. */
  currentChanged(): void {
    if (this.el.dialog.open && this.selected >= 0) this.showDiff();
  }

  /**
   * One version: its name if the writer gave it one, when (clock time, and how long
   * ago within the hour), from whom, and how its length changed from the version before it.
   */
  private renderRow(r: Revision, older: Revision | undefined, now: Date): HTMLElement {
    const li = document.createElement('li');
    li.className = r.label ? 'revision-row labelled' : 'revision-row';
    li.id = `revision-${r.id}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.id = String(r.id);

    const when = document.createElement('span');
    when.className = 'revision-when';
    if (r.label) {
      // Set as text: a name may hold any characters, markup included.
      const name = document.createElement('span');
      name.className = 'revision-label';
      name.textContent = r.label;
      name.title = r.label;
      when.append(name);
    }
    const time = document.createElement('time');
    time.className = 'revision-time';
    time.dateTime = r.at;
    time.textContent = formatRevisionTime(r.at, now);
    time.title = fullLocalTime(r.at);
    when.append(time);
    const recent = recentLabel(r.at, now);
    const size = document.createElement('span');
    size.className = 'revision-size';
    const words = countWords(r.text);
    const change = older ? wordChange(words - countWords(older.text), r.text.length - older.text.length) : `${words.toLocaleString('en-US')} ${words === 1 ? 'word' : 'words'}`;
    size.textContent = recent ? `${recent} · ${change}` : change;
    when.append(size);

    const source = document.createElement('span');
    source.className = `badge revision-source source-${r.source}`;
    source.textContent = SOURCE_LABEL[r.source] ?? r.source;
    source.title = SOURCE_HELP[r.source] ?? '';

    li.append(when, source);
    return li;
  }

  private select(index: number, scroll = true): void {
    if (index === this.selected && index >= 0) return;
    this.selected = index;
    for (const [i, row] of Array.from(this.el.list.children).entries()) {
      row.setAttribute('aria-selected', String(i === index));
    }
    const row = index >= 0 ? this.el.list.children[index] : undefined;
    if (row instanceof HTMLElement) {
      this.el.list.setAttribute('aria-activedescendant', row.id);
      if (scroll) row.scrollIntoView({ block: 'nearest' });
    } else {
      this.el.list.removeAttribute('aria-activedescendant');
    }
    this.showDiff();
    this.updateRestore();
  }

  private showDiff(): void {
    const r = this.revisions[this.selected];
    if (!r) {
      this.el.diff.replaceChildren();
      return;
    }
    renderSideBySide(this.el.diff, this.backend.current(), r.text, {
      left: 'Current text',
      right: r.label
        ? `“${r.label}”, the version from ${formatRevisionTime(r.at)}`
        : `Version from ${formatRevisionTime(r.at)}`,
    });
    this.el.diff.scrollTop = 0;
  }

  private async restoreSelected(): Promise<void> {
    const r = this.revisions[this.selected];
    if (!r || this.busy) return;
    this.setBusy(true);
    this.showError(null);
    this.showStatus('');
    try {
      await this.backend.restore(r.id);
    } catch (e) {
      this.setBusy(false);
      this.showError(toAppError(e), 'Could not restore this version');
      return;
    }
    this.setBusy(false);
    this.showStatus(`Restored the version from ${formatRevisionTime(r.at)}. The text it replaced is kept in this list.`);
    // Keeps the same revision chosen: now equal to the current text, it confirms the restore.
    await this.reload();
  }

  // ---- naming versions ------------------------------------------------------------

  /** Opens the naming form for revision `target`, or with null for the current text. */
  private openLabelForm(target: number | null): void {
    if (this.busy || this.savingLabel) return;
    const r = target === null ? undefined : this.revisions.find((v) => v.id === target);
    if (target !== null && !r) return;
    const opener = document.activeElement;
    // Opened for another version while open: Cancel still goes back where it first came from.
    if (this.naming === undefined) this.namingFrom = opener instanceof HTMLElement ? opener : null;
    this.naming = target;
    const { labelForm, labelCaption, labelInput, labelRemove } = this.el;
    labelCaption.textContent = r
      ? `Name for the version from ${formatRevisionTime(r.at)}`
      : 'Name for the current text';
    labelInput.value = r?.label ?? '';
    labelRemove.hidden = !r?.label;
    labelForm.hidden = false;
    this.showStatus('');
    this.showError(null);
    this.updateLabelForm();
    labelInput.focus();
    labelInput.select();
  }

  /** Closes the naming form, by default giving the focus back to the button that opened it. */
  private closeLabelForm(refocus = true): void {
    if (this.naming === undefined) return;
    this.naming = undefined;
    const hadFocus = this.el.labelForm.contains(document.activeElement);
    this.el.labelForm.hidden = true;
    const back = this.namingFrom;
    this.namingFrom = null;
    // Only when the focus was in the form: an Escape from elsewhere leaves it where it is.
    if (!refocus || !hadFocus) return;
    const usable = back?.isConnected && !(back instanceof HTMLButtonElement && back.disabled);
    (usable && back ? back : this.el.list).focus();
  }

  private async saveLabel(typed: string): Promise<void> {
    const target = this.naming;
    if (target === undefined || this.savingLabel) return;
    const label = typed.trim();
    // The current text is named, never unnamed: there is nothing to save without a name.
    if (target === null && label === '') {
      this.el.labelInput.focus();
      return;
    }
    const before = this.revisions.find((r) => r.id === target);
    const known = new Set(this.revisions.map((r) => r.id));
    this.setSavingLabel(true);
    this.showError(null);
    let revisions: Revision[];
    try {
      revisions = await this.backend.label(target, label);
    } catch (e) {
      this.setSavingLabel(false);
      this.showError(toAppError(e), labelFailedContext(target, label));
      this.el.labelInput.focus();
      return;
    }
    this.setSavingLabel(false);
    if (!this.el.dialog.open) return;
    // Newer than any load still on its way.
    this.loads++;
    this.el.list.removeAttribute('aria-busy');
    // The current text comes back as a new version: the one not listed before.
    const named = target ?? revisions.find((r) => !known.has(r.id))?.id;
    this.closeLabelForm(false);
    this.showRevisions(revisions, named);
    this.showStatus(labelledMessage(label, before));
    this.el.list.focus();
  }

  private setSavingLabel(on: boolean): void {
    this.savingLabel = on;
    const { labelForm, labelInput, labelRemove, labelCancel } = this.el;
    labelForm.setAttribute('aria-busy', String(on));
    labelInput.disabled = on;
    labelRemove.disabled = on;
    labelCancel.disabled = on;
    this.updateLabelForm();
  }

  /** Save needs a name for the current text; for an earlier version an empty name removes it. */
  private updateLabelForm(): void {
    const blank = this.el.labelInput.value.trim() === '';
    this.el.labelSave.disabled = this.savingLabel || (this.naming === null && blank);
  }

  // ---- showing state ------------------------------------------------------------

  private setBusy(on: boolean): void {
    this.busy = on;
    this.el.dialog.setAttribute('aria-busy', String(on));
    this.el.close.disabled = on;
    this.el.nameCurrent.disabled = on;
    this.el.restore.textContent = on ? 'Restoring…' : 'Restore this version';
    this.updateRestore();
  }

  /** Restore and naming act on the chosen version; the naming button says whether it has a name. */
  private updateRestore(): void {
    const r = this.revisions[this.selected];
    this.el.restore.disabled = this.busy || !r;
    this.el.name.disabled = this.busy || !r;
    this.el.name.textContent = r?.label ? 'Rename this version…' : 'Name this version…';
  }

  private showStatus(text: string): void {
    this.el.status.textContent = text;
    this.el.status.hidden = !text;
  }

  private showError(e: AppError | null, context = ''): void {
    this.el.error.textContent = e ? [`${context}: ${e.message}`, nextStep(e.kind)].filter(Boolean).join(' ') : '';
    this.el.error.hidden = !e;
  }
}

/**
 * What naming did, for the status line: `label` is the new name ('' removed it);
 * `version` is the version named, absent for the current text.
 */
export function labelledMessage(label: string, version: Revision | undefined): string {
  if (!version) return `Kept the current text as a version named “${label}”.`;
  const from = `the version from ${formatRevisionTime(version.at)}`;
  if (!label) return `Removed the name of ${from}.`;
  return version.label ? `Renamed ${from} “${label}”.` : `Named ${from} “${label}”.`;
}

/** What a failed naming tried, before its error. */
function labelFailedContext(target: number | null, label: string): string {
  if (target === null) return 'Could not name the current text';
  return label ? 'Could not name this version' : 'Could not remove the name';
}
