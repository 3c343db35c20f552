// What an outside change to the library means for the post open in the editor:
// reload it in place, leave it alone, or stop and ask (a conflict). Pure, so every
// case of "the writer was typing while another editor saved" is tested here.
import type { Change, Revision } from './api';

/** What happened to the open post, strongest last: a deletion or a conflict wins over an edit. */
export type OpenPostEvent = 'renamed' | 'updated' | 'conflict' | 'deleted';

const STRENGTH: Record<OpenPostEvent, number> = { renamed: 0, updated: 1, conflict: 2, deleted: 3 };

/** Two events for the open post that arrived before the first was handled, as one. */
export function mergeEvents(a: OpenPostEvent | null, b: OpenPostEvent | null): OpenPostEvent | null {
  if (a === null) return b;
  if (b === null) return a;
  // A post that is edited again after a deletion came back (restored outside).
  if (a === 'deleted' && b !== 'deleted') return b;
  return STRENGTH[b] >= STRENGTH[a] ? b : a;
}

/** The open post's part of one `library-changed` batch, or null when it was not touched. */
export function openPostEvent(changes: readonly Change[], openId: number | null): OpenPostEvent | null {
  if (openId === null) return null;
  let event: OpenPostEvent | null = null;
  for (const c of changes) {
    if (c.id !== openId || c.kind === 'created') continue;
    event = mergeEvents(event, c.kind);
  }
  return event;
}

export interface OpenPostState {
  /** The event being handled. */
  event: Exclude<OpenPostEvent, 'deleted'>;
  /** The post's text as the database now holds it (the outside text). */
  outside: string;
  /** The text the autosaver last stored: what the editor and the database agreed on. */
  saved: string;
  /** The editor's text now. */
  current: string;
  /** A save is running or queued. */
  saving: boolean;
  /** The conflict banner is up already. */
  inConflict: boolean;
}

/**
 * - `same`: the editor already shows this text; only the stored text and fields follow.
 * - `fields`: the text did not change (a rename); refresh the fields, keep editing.
 * - `apply`: nothing unsaved, so the outside text goes into the editor.
 * - `conflict`: unsaved or unsent edits met an outside edit: ask the writer.
 */
export type OpenPostOutcome = 'same' | 'fields' | 'apply' | 'conflict';

export function decide(s: OpenPostState): OpenPostOutcome {
  if (s.outside === s.current) return 'same';
  if (s.inConflict || s.event === 'conflict') return 'conflict';
  if (s.outside === s.saved) return 'fields';
  if (s.current === s.saved && !s.saving) return 'apply';
  return 'conflict';
}

/**
 * The outside text to set beside the writer's. For `updated` and `renamed` the
 * database already holds it. For a `conflict` the database kept Quire's text and
 * put the file's text aside as the newest `conflict` revision.
 */
export function outsideText(event: OpenPostEvent, stored: string, revisions: readonly Revision[]): string {
  if (event !== 'conflict') return stored;
  const kept = revisions.find((r) => r.source === 'conflict');
  return kept ? kept.text : stored;
}
