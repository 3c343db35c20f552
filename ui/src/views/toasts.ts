// Non-blocking notices in a corner: errors from the backend, undo offers, and short
// confirmations that leave quickly so they do not sit over the text.
import type { AppError } from '../api';
import { nextStep, toAppError } from '../errors';

export interface ToastOptions {
  tone?: 'info' | 'error';
  action?: { label: string; run(): void };
  timeoutMs?: number;
}

/** How long a notice stays, unless the caller says. */
export const TOAST_MS = {
  /** A short notice with nothing to do ("Copied as HTML"): read at a glance, then out of the way of the text. */
  brief: 2500,
  /** A longer notice, or one with an action (Undo) to reach for. */
  info: 6000,
  error: 10000,
} as const;

/** Notices of up to this many words are read at a glance. */
const BRIEF_WORDS = 8;

/** How long a toast stays up when `opts.timeoutMs` does not say. */
export function toastDuration(message: string, opts: ToastOptions = {}): number {
  if (opts.timeoutMs !== undefined) return opts.timeoutMs;
  if (opts.tone === 'error') return TOAST_MS.error;
  if (opts.action) return TOAST_MS.info;
  const words = message.split(/\s+/).filter(Boolean).length;
  return words <= BRIEF_WORDS ? TOAST_MS.brief : TOAST_MS.info;
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
      timer = setTimeout(close, toastDuration(message, opts));
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
