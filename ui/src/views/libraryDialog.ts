// "Open folder…": a modal <dialog> that names a folder (typed, pasted or picked)
// and opens it as the library in place. Errors are shown inside the dialog as text.
import type { AppError, LibraryInfo } from '../api';
import { nextStep, toAppError } from '../errors';
import { canOpen } from '../libraryOpen';

export interface LibraryDialogElements {
  dialog: HTMLDialogElement;
  form: HTMLFormElement;
  path: HTMLInputElement;
  browse: HTMLButtonElement;
  confirm: HTMLButtonElement;
  cancel: HTMLButtonElement;
  error: HTMLElement;
}

export interface LibraryBackend {
  /** The native folder picker; null when dismissed. */
  choose(): Promise<string | null>;
  /** Stores the open post's unsaved edits; false when that failed (then nothing switches). */
  leave(): Promise<boolean>;
  /** Opens the folder as the library. */
  open(folder: string): Promise<LibraryInfo>;
  /** The library was switched: the dialog has closed, show the new one. */
  opened(info: LibraryInfo): void;
}

export class LibraryDialog {
  private busy = false;
  private returnFocus: HTMLElement | null = null;

  constructor(
    private readonly el: LibraryDialogElements,
    private readonly backend: LibraryBackend,
  ) {
    el.path.addEventListener('input', () => this.updateConfirm());
    el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.confirm();
    });
    el.browse.addEventListener('click', () => void this.browse());
    el.cancel.addEventListener('click', () => this.close());
    // Escape closes unless a switch is under way.
    el.dialog.addEventListener('cancel', (e) => {
      if (this.busy) e.preventDefault();
    });
    el.dialog.addEventListener('close', () => {
      const back = this.returnFocus;
      this.returnFocus = null;
      if (back?.isConnected) back.focus();
    });
    this.updateConfirm();
  }

  get isOpen(): boolean {
    return this.el.dialog.open;
  }

  open(): void {
    if (this.el.dialog.open) return;
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
    this.clearError();
    this.updateConfirm();
    this.el.dialog.showModal();
    this.el.path.focus();
    this.el.path.select();
  }

  close(): void {
    if (this.busy || !this.el.dialog.open) return;
    this.el.dialog.close();
  }

  private async browse(): Promise<void> {
    if (this.busy) return;
    let picked: string | null;
    try {
      picked = await this.backend.choose();
    } catch (e) {
      this.showError(toAppError(e), 'Could not open the folder picker');
      return;
    }
    if (picked === null) return;
    this.el.path.value = picked;
    this.clearError();
    this.updateConfirm();
    this.el.confirm.focus();
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
    this.updateConfirm();
  }

  private updateConfirm(): void {
    this.el.confirm.disabled = !canOpen(this.el.path.value, this.busy);
  }

  private clearError(): void {
    this.el.error.hidden = true;
    this.el.error.textContent = '';
  }

  private showError(e: AppError, context: string): void {
    this.showMessage([`${context}: ${e.message}`, nextStep(e.kind)].filter(Boolean).join(' '));
  }

  private showMessage(text: string): void {
    this.el.error.textContent = text;
    this.el.error.hidden = false;
  }
}
