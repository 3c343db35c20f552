// What the folder dialogs ("Import folder…", "Open folder…") share: a modal <dialog>
// with a typed, pasted or picked folder path, an error line set as text, and a busy
// state that holds the dialog open while its work runs.
import type { AppError } from '../api';
import { nextStep, toAppError } from '../errors';

export interface FolderDialogElements {
  dialog: HTMLDialogElement;
  form: HTMLFormElement;
  path: HTMLInputElement;
  browse: HTMLButtonElement;
  error: HTMLElement;
}

export interface FolderBackend {
  /** The native folder picker; null when dismissed. */
  choose(): Promise<string | null>;
}

export abstract class FolderDialog<E extends FolderDialogElements, B extends FolderBackend> {
  protected busy = false;
  protected returnFocus: HTMLElement | null = null;

  constructor(
    protected readonly el: E,
    protected readonly backend: B,
  ) {
    el.path.addEventListener('input', () => this.updateSubmit());
    el.form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });
    el.browse.addEventListener('click', () => void this.browse());
    // Escape closes unless the work is under way (an import has Cancel for that).
    el.dialog.addEventListener('cancel', (e) => {
      if (this.busy) e.preventDefault();
    });
    el.dialog.addEventListener('close', () => {
      const back = this.returnFocus;
      this.returnFocus = null;
      if (back?.isConnected) back.focus();
    });
  }

  /** Enables the submit button when the path (and state) allow it. */
  protected abstract updateSubmit(): void;
  /** The form was submitted. */
  protected abstract submit(): Promise<void>;
  /** Clears what the last use left shown; called on every open. */
  protected abstract clearOutcome(): void;
  /** The picker filled the path field. */
  protected abstract picked(): void;

  get isOpen(): boolean {
    return this.el.dialog.open;
  }

  open(): void {
    if (this.el.dialog.open) return;
    const active = document.activeElement;
    this.returnFocus = active instanceof HTMLElement && active !== document.body ? active : null;
    this.clearOutcome();
    this.updateSubmit();
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
    this.picked();
  }

  protected clearError(): void {
    this.el.error.hidden = true;
    this.el.error.textContent = '';
  }

  protected showError(e: AppError, context: string): void {
    this.showMessage([`${context}: ${e.message}`, nextStep(e.kind)].filter(Boolean).join(' '));
  }

  protected showMessage(text: string): void {
    this.el.error.textContent = text;
    this.el.error.hidden = false;
  }
}
