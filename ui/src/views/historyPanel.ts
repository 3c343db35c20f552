// "History": a modal <dialog> listing the open post's revisions, newest first, each
// with when and why it was kept. Choosing one shows it beside the current text;
// Restore makes it the post's text again (the replaced text is kept as a revision).
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
}

export interface HistoryBackend {
  /** The open post's revisions, newest first. */
  load(): Promise<Revision[]>;
  /** The editor's text now: what a revision is compared with. */
  current(): string;
  /** Restores a revision into the open post; rejects when it could not. */
  restore(revisionId: number): Promise<void>;
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
    };
    this.el = el;
    el.close.addEventListener('click', () => this.close());
    el.restore.addEventListener('click', () => void this.restoreSelected());
    el.dialog.addEventListener('cancel', (e) => {
      if (this.busy) e.preventDefault();
    });
    el.dialog.addEventListener('close', () => {
      this.loads++;
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

  /** One version: when (clock time, and how long ago within the hour), from whom, and how its length changed from the version before it. */
  private renderRow(r: Revision, older: Revision | undefined, now: Date): HTMLElement {
    const li = document.createElement('li');
    li.className = 'revision-row';
    li.id = `revision-${r.id}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.id = String(r.id);

    const when = document.createElement('span');
    when.className = 'revision-when';
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
    const change = older ? wordChange(words - countWords(older.text)) : `${words.toLocaleString('en-US')} ${words === 1 ? 'word' : 'words'}`;
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
      right: `Version from ${formatRevisionTime(r.at)}`,
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

  private setBusy(on: boolean): void {
    this.busy = on;
    this.el.dialog.setAttribute('aria-busy', String(on));
    this.el.close.disabled = on;
    this.el.restore.textContent = on ? 'Restoring…' : 'Restore this version';
    this.updateRestore();
  }

  private updateRestore(): void {
    this.el.restore.disabled = this.busy || this.selected < 0;
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
