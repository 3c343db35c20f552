// "Open folder…": a modal <dialog> that names a folder (typed, pasted or picked)
// and opens it as the library in place. Errors are shown inside the dialog as text.
import type { LibraryInfo } from '../api';
import { toAppError } from '../errors';
import { FolderDialog, type FolderBackend, type FolderDialogElements } from './folderDialog';
import { part } from './part';
import { canOpen } from '../libraryOpen';

export interface LibraryDialogElements extends FolderDialogElements {
  confirm: HTMLButtonElement;
  cancel: HTMLButtonElement;
}

export interface LibraryBackend extends FolderBackend {
  /** Stores the open post's unsaved edits; false when that failed (then nothing switches). */
  leave(): Promise<boolean>;
  /** Opens the folder as the library. */
  open(folder: string): Promise<LibraryInfo>;
  /** The library was switched: the dialog has closed, show the new one. */
  opened(info: LibraryInfo): void;
}

export class LibraryDialog extends FolderDialog<LibraryDialogElements, LibraryBackend> {
  /** Mounts on #library-dialog. */
  constructor(dialog: HTMLDialogElement, backend: LibraryBackend) {
    const el: LibraryDialogElements = {
      dialog,
      form: part(dialog, 'library-form'),
      path: part(dialog, 'library-path'),
      browse: part(dialog, 'library-browse'),
      confirm: part(dialog, 'library-open-confirm'),
      cancel: part(dialog, 'library-cancel'),
      error: part(dialog, 'library-error'),
    };
    super(el, backend);
    el.cancel.addEventListener('click', () => this.close());
    this.updateSubmit();
  }

  protected clearOutcome(): void {
    this.clearError();
  }

  protected picked(): void {
    this.clearError();
    this.updateSubmit();
    this.el.confirm.focus();
  }

  protected submit(): Promise<void> {
    return this.confirm();
  }

  private async confirm(): Promise<void> {
    const folder = this.el.path.value.trim();
    if (!canOpen(folder, this.busy)) return;
    this.clearError();
    this.setBusy(true);
    let info: LibraryInfo;
    try {
      if (!(await this.backend.leave())) {
        this.setBusy(false);
        this.showMessage('The open post could not be saved, so this library stays open. Try again once it is saved.');
        return;
      }
      info = await this.backend.open(folder);
    } catch (e) {
      this.setBusy(false);
      this.showError(toAppError(e), 'Could not open the folder');
      this.el.path.focus();
      return;
    }
    this.setBusy(false);
    // Focus goes to the new library's post, not back to the button.
    this.returnFocus = null;
    this.el.dialog.close();
    this.backend.opened(info);
  }

  private setBusy(on: boolean): void {
    this.busy = on;
    this.el.path.disabled = on;
    this.el.browse.disabled = on;
    this.el.cancel.disabled = on;
    this.el.confirm.textContent = on ? 'Opening…' : 'Open';
    this.el.dialog.setAttribute('aria-busy', String(on));
    this.updateSubmit();
  }

  protected updateSubmit(): void {
    this.el.confirm.disabled = !canOpen(this.el.path.value, this.busy);
  }
}
