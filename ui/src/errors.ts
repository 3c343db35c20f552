// Normalises whatever a rejected call throws into the AppError shape the UI shows.
import type { AppError, ErrorKind } from './api';

const KINDS: readonly ErrorKind[] = ['user', 'retry', 'bug'];

export function toAppError(e: unknown): AppError {
  if (e && typeof e === 'object') {
    const o = e as { kind?: unknown; message?: unknown };
    if (typeof o.message === 'string') {
      const kind = KINDS.includes(o.kind as ErrorKind) ? (o.kind as ErrorKind) : 'bug';
      return { kind, message: o.message };
    }
  }
  if (typeof e === 'string' && e.length > 0) return { kind: 'bug', message: e };
  return { kind: 'bug', message: 'Something went wrong.' };
}

/** What the writer can do next, by kind. */
export function nextStep(kind: ErrorKind): string {
  switch (kind) {
    case 'user':
      return '';
    case 'retry':
      return 'Try again in a moment.';
    case 'bug':
      return 'This looks like a bug in Quire.';
  }
}
