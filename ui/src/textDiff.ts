// The smallest single replacement that turns one text into another. Used to put
// the backend's edited front matter into the editor without moving the cursor.

export interface TextChange {
  from: number;
  to: number;
  insert: string;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** One change `{from, to, insert}` in `a`'s positions, or null when the texts are equal. */
export function minimalChange(a: string, b: string): TextChange | null {
  if (a === b) return null;
  const max = Math.min(a.length, b.length);
  let start = 0;
  while (start < max && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  // Never split a surrogate pair.
  if (start > 0 && isHigh(a.charCodeAt(start - 1))) start--;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (endA < a.length && isLow(a.charCodeAt(endA))) {
    endA++;
    endB++;
  }
  return { from: start, to: endA, insert: b.slice(start, endB) };
}

export function applyChange(text: string, change: TextChange | null): string {
  if (!change) return text;
  return text.slice(0, change.from) + change.insert + text.slice(change.to);
}

/**
 * The backend turned `sent` into `result` while the writer kept typing and the
 * editor now holds `current`. Returns the backend's change expressed in
 * `current`'s positions, null when there is nothing to apply, or 'overlap' when
 * both touched the same region and the caller must ask again with `current`.
 */
export function rebase(sent: string, result: string, current: string): TextChange | null | 'overlap' {
  const theirs = minimalChange(sent, result);
  if (!theirs) return null;
  const mine = minimalChange(sent, current);
  if (!mine) return theirs;
  if (theirs.to < mine.from) return theirs;
  if (mine.to < theirs.from) {
    const shift = mine.insert.length - (mine.to - mine.from);
    return { from: theirs.from + shift, to: theirs.to + shift, insert: theirs.insert };
  }
  return 'overlap';
}
