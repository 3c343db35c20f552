// Pure helpers for "Open folder…" and start-up: when Open is allowed and what to say afterwards.
import type { ChangedWhileClosed, LibraryInfo } from './api';

export const canOpen = (path: string, busy: boolean): boolean => !busy && path.trim() !== '';

/** The last part of a path, with / or \ separators and trailing ones ignored. */
export function folderName(path: string): string {
  const trimmed = path.trim().replace(/[\\/]+$/, '');
  if (trimmed === '') return path.trim() || '';
  const parts = trimmed.split(/[\\/]/);
  return parts[parts.length - 1] || trimmed;
}

/** The confirmation after a library was opened. The folder is shown as text. */
export function openedMessage(info: Pick<LibraryInfo, 'folder' | 'postCount'>): string {
  const n = info.postCount;
  const count = n === 0 ? 'no posts yet' : `${n.toLocaleString('en-US')} ${n === 1 ? 'post' : 'posts'}`;
  return `Opened “${folderName(info.folder)}”: ${count}.`;
}

const posts = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'post' : 'posts'}`;

/**
 * What to tell the writer at start-up about edits made to the folder while Quire
 * was closed, or null when nothing was changed or removed (new files alone are
 * simply listed).
 */
export function closedChangesMessage(c: ChangedWhileClosed | undefined): string | null {
  if (!c || c.updated + c.renamed + c.trashed === 0) return null;
  const parts: string[] = [];
  if (c.updated) parts.push(`${posts(c.updated)} changed`);
  if (c.renamed) parts.push(`${posts(c.renamed)} moved or renamed`);
  if (c.trashed) parts.push(`${posts(c.trashed)} deleted (now in the trash)`);
  if (c.added) parts.push(`${posts(c.added)} added`);
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const history = c.updated ? ' The text from before is in each post’s History.' : '';
  return `While Quire was closed, ${list} in this folder.${history}`;
}

/**
 * The notice when the library's database was found damaged and made again from
 * the folder, or null. The core's message names the damaged file, set aside.
 */
export function recoveredMessage(recovered: string | null | undefined): string | null {
  if (!recovered) return null;
  const detail = recovered.charAt(0).toUpperCase() + recovered.slice(1);
  return `Quire repaired this library. ${detail}`;
}

/**
 * The notice when text typed in a session that ended before it was saved (a
 * crash while a conflict waited) was found at opening, or null. The core kept
 * it as a conflict version in each post's History.
 */
export function keptUnsavedMessage(titles: readonly string[] | undefined): string | null {
  if (!titles || titles.length === 0) return null;
  const named = titles.length === 1 ? `“${titles[0]}”` : `${titles.length} posts`;
  return `Quire closed before it could save what you typed in ${named}. Nothing is lost: it is in History, marked “conflict”.`;
}
