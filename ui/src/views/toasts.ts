// Non-blocking notices in a corner: errors from the backend, and undo offers.
import type { AppError } from '../api';
import { nextStep, toAppError } from '../errors';

export interface ToastOptions {
  tone?: 'info' | 'error';
  action?: { label: string; run(): void };
  timeoutMs?: number;
}

export class Toasts {
  constructor(private readonly root: HTMLElement) {}

  show(message: string, opts: ToastOptions = {}): void {
    const tone = opts.tone ?? 'info';
    for (const el of this.root.querySelectorAll<HTMLElement>('.toast')) {
      if (el.dataset.message === message) el.remove();
    }
    const toast = document.createElement('div');
    toast.className = `toast toast-${tone}`;
    toast.dataset.message = message;
    toast.setAttribute('role', tone === 'error' ? 'alert' : 'status');

    const text = document.createElement('p');
    text.className = 'toast-message';
    text.textContent = message;
    toast.append(text);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const close = () => {
      clearTimeout(timer);
      toast.remove();
    };
    if (opts.action) {
      const { label, run } = opts.action;
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'toast-action';
      button.textContent = label;
      button.addEventListener('click', () => {
        close();
        run();
      });
      toast.append(button);
    }
    const dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'toast-close';
    dismiss.setAttribute('aria-label', 'Dismiss');
    dismiss.textContent = '×';
    dismiss.addEventListener('click', close);
    toast.append(dismiss);

    const start = () => {
      clearTimeout(timer);
      timer = setTimeout(close, opts.timeoutMs ?? (tone === 'error' ? 10000 : 6000));
    };
    // Keep it up while the writer is reading or reaching for it.
    toast.addEventListener('pointerenter', () => clearTimeout(timer));
    toast.addEventListener('pointerleave', start);
    toast.addEventListener('focusin', () => clearTimeout(timer));
    toast.addEventListener('focusout', start);

    this.root.append(toast);
    while (this.root.children.length > 4) this.root.firstElementChild?.remove();
    start();
  }

  error(e: AppError, context?: string): void {
    const step = nextStep(e.kind);
    const message = [context ? `${context}: ${e.message}` : e.message, step].filter(Boolean).join(' ');
    this.show(message, { tone: 'error' });
  }

  /** Awaits a call; on failure shows its error after `context` and resolves null. */
  async attempt<T>(promise: Promise<T>, context: string): Promise<T | null> {
    try {
      return await promise;
    } catch (e) {
      this.error(toAppError(e), context);
      return null;
    }
  }
}
