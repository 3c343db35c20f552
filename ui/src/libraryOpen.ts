// Pure helpers for "Open folder…": when Open is allowed and what to say afterwards.
import type { LibraryInfo } from './api';

export const canOpen = (path: string, busy: boolean): boolean => !busy && path.trim() !== '';

/** The last part of a path, with / or \ separators and trailing ones ignored. */
export function folderName(path: string): string {
  const trimmed = path.trim().replace(/[\\/]+$/, '');
  if (trimmed === '') return path.trim() || '';
  const parts = trimmed.split(/[\\/]/);
  return parts[parts.length - 1] || trimmed;
}

/** The confirmation after a library was opened. The folder is shown as text. */
export function openedMessage(info: LibraryInfo): string {
  const n = info.postCount;
  const count = n === 0 ? 'no posts yet' : `${n.toLocaleString('en-US')} ${n === 1 ? 'post' : 'posts'}`;
  return `Opened “${folderName(info.folder)}”: ${count}.`;
}
