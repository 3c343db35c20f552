// Line diffs for showing two versions of a post side by side (a conflict, a
// revision against the current text) and for applying an outside edit to the
// editor as small changes. Myers' algorithm on lines, with the common start and
// end trimmed first; a diff too large to compute exactly degrades to one block.
import { minimalChange, type TextChange } from './textDiff';

/** One step from the left text to the right one, as line counts. */
export interface Hunk {
  /** First differing line on each side (0-based) and how many lines each side has there. */
  left: number;
  leftCount: number;
  right: number;
  rightCount: number;
}

export interface DiffLine {
  /** 1-based line number. */
  n: number;
  text: string;
}

/**
 * A row of a side-by-side diff. `changed` pairs a left line with the right line
 * that replaced it; `removed` and `added` have nothing on the other side.
 */
export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left: DiffLine | null;
  right: DiffLine | null;
}

/** Unchanged rows folded away, kept so the view can unfold them. */
export interface DiffGap {
  kind: 'gap';
  rows: DiffRow[];
}

export type DiffBlock = DiffRow | DiffGap;

/** Beyond this many edits the middle is shown as one replaced block (memory grows with its square). */
const MAX_EDITS = 2000;

export const splitLines = (text: string): string[] => text.split('\n');

/** The differing stretches between two lists of lines, in order. */
export function diffHunks(a: readonly string[], b: readonly string[]): Hunk[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  if (start === endA && start === endB) return [];

  // Lines become small integers so the inner loop compares numbers.
  const ids = new Map<string, number>();
  const idOf = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) {
      id = ids.size;
      ids.set(line, id);
    }
    return id;
  };
  const x = Int32Array.from(a.slice(start, endA), idOf);
  const y = Int32Array.from(b.slice(start, endB), idOf);
  const steps = myers(x, y, MAX_EDITS);
  if (!steps) return [{ left: start, leftCount: endA - start, right: start, rightCount: endB - start }];

  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  let open: Hunk | null = null;
  for (const step of steps) {
    if (step === EQUAL) {
      if (open) hunks.push(open);
      open = null;
      i++;
      j++;
      continue;
    }
    open ??= { left: start + i, leftCount: 0, right: start + j, rightCount: 0 };
    if (step === DELETE) {
      open.leftCount++;
      i++;
    } else {
      open.rightCount++;
      j++;
    }
  }
  if (open) hunks.push(open);
  return hunks;
}

const EQUAL = 0;
const DELETE = 1;
const INSERT = 2;

/** The shortest edit script from `a` to `b`, or null when it needs more than `maxEdits` edits. */
function myers(a: Int32Array, b: Int32Array, maxEdits: number): number[] | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[k] for k in [-d, d] after step d.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    if (d > maxEdits) return null;
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let py = px - k;
      while (px < n && py < m && a[px] === b[py]) {
        px++;
        py++;
      }
      v[off + k] = px;
      if (px >= n && py >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(off - d, off + d + 1));
  }

  const steps: number[] = [];
  let px = n;
  let py = m;
  for (let d = found; d > 0; d--) {
    const prev = trace[d - 1];
    const at = (k: number) => prev[k + d - 1];
    const k = px - py;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    const startY = down ? prevY + 1 : prevY;
    while (px > startX && py > startY) {
      steps.push(EQUAL);
      px--;
      py--;
    }
    steps.push(down ? INSERT : DELETE);
    px = prevX;
    py = prevY;
  }
  while (px > 0 && py > 0) {
    steps.push(EQUAL);
    px--;
    py--;
  }
  return steps.reverse();
}

/** Every line of both texts as side-by-side rows. */
export function diffRows(left: string, right: string): DiffRow[] {
  const a = splitLines(left);
  const b = splitLines(right);
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  const same = (until: number) => {
    while (i < until) {
      rows.push({ kind: 'same', left: { n: i + 1, text: a[i] }, right: { n: j + 1, text: b[j] } });
      i++;
      j++;
    }
  };
  for (const h of diffHunks(a, b)) {
    same(h.left);
    const paired = Math.max(h.leftCount, h.rightCount);
    for (let p = 0; p < paired; p++) {
      const l = p < h.leftCount ? { n: i + 1, text: a[i++] } : null;
      const r = p < h.rightCount ? { n: j + 1, text: b[j++] } : null;
      rows.push({ kind: l && r ? 'changed' : l ? 'removed' : 'added', left: l, right: r });
    }
  }
  same(a.length);
  return rows;
}

/**
 * Folds runs of unchanged rows, keeping `context` rows next to each change. A fold
 * that would hide fewer than two rows is not worth the click and stays open.
 */
export function collapseUnchanged(rows: readonly DiffRow[], context = 3): DiffBlock[] {
  const blocks: DiffBlock[] = [];
  let at = 0;
  while (at < rows.length) {
    if (rows[at].kind !== 'same') {
      blocks.push(rows[at++]);
      continue;
    }
    let end = at;
    while (end < rows.length && rows[end].kind === 'same') end++;
    const keepBefore = at === 0 ? 0 : context;
    const keepAfter = end === rows.length ? 0 : context;
    const hidden = end - at - keepBefore - keepAfter;
    if (hidden < 2) {
      blocks.push(...rows.slice(at, end));
    } else {
      blocks.push(...rows.slice(at, at + keepBefore));
      blocks.push({ kind: 'gap', rows: rows.slice(at + keepBefore, end - keepAfter) });
      blocks.push(...rows.slice(end - keepAfter, end));
    }
    at = end;
  }
  return blocks;
}

export interface DiffCounts {
  /** Rows that differ (changed, removed or added). */
  changed: number;
  same: number;
}

export function countRows(rows: readonly DiffRow[]): DiffCounts {
  let same = 0;
  for (const r of rows) if (r.kind === 'same') same++;
  return { changed: rows.length - same, same };
}

/** A line cut into the part both versions share and the part that differs. */
export interface LineParts {
  before: string;
  changed: string;
  after: string;
}

/** What differs inside a changed pair of lines: the common start and end stay plain. */
export function inlineParts(left: string, right: string): { left: LineParts; right: LineParts } {
  const c = minimalChange(left, right);
  if (!c) return { left: { before: left, changed: '', after: '' }, right: { before: right, changed: '', after: '' } };
  const rightEnd = c.from + c.insert.length;
  return {
    left: { before: left.slice(0, c.from), changed: left.slice(c.from, c.to), after: left.slice(c.to) },
    right: { before: right.slice(0, c.from), changed: c.insert, after: right.slice(rightEnd) },
  };
}

/**
 * The changes that turn `a` into `b`, in `a`'s positions, one per differing
 * stretch of lines and each as small as it can be. An edit at the top and one at
 * the bottom stay two changes, so a cursor between them does not move.
 */
export function lineChanges(a: string, b: string): TextChange[] {
  if (a === b) return [];
  const linesA = splitLines(a);
  const linesB = splitLines(b);
  // Every line ends in a newline here (the last one too, virtually), so the text of
  // lines [s, e) is exactly the slice between their starts.
  const startsA = lineStarts(linesA);
  const startsB = lineStarts(linesB);
  const extA = a + '\n';
  const extB = b + '\n';
  const changes: TextChange[] = [];
  for (const h of diffHunks(linesA, linesB)) {
    const fromA = startsA[h.left];
    const fromB = startsB[h.right];
    const c = minimalChange(
      extA.slice(fromA, startsA[h.left + h.leftCount]),
      extB.slice(fromB, startsB[h.right + h.rightCount]),
    );
    if (!c) continue;
    let from = fromA + c.from;
    let to = fromA + c.to;
    let insert = c.insert;
    // The change reached the virtual newline after the last line (both sides end in
    // one there): express it on the real texts.
    if (to > a.length) {
      if (insert === '') {
        // Deleting the last lines: take the newline before them instead.
        from--;
        to--;
      } else if (from > a.length) {
        // Lines added after the last one: a newline first, none at the end.
        from = to = a.length;
        insert = '\n' + insert.slice(0, -1);
      } else {
        to = a.length;
        insert = insert.slice(0, -1);
      }
    }
    const last = changes[changes.length - 1];
    // Moved back against the previous change: one change, not two at the same place.
    if (last && last.to === from) changes[changes.length - 1] = { from: last.from, to, insert: last.insert + insert };
    else changes.push({ from, to, insert });
  }
  return changes;
}

/** Where each line starts, plus one past the end (as if the text ended in a newline). */
function lineStarts(lines: readonly string[]): number[] {
  const starts = new Array<number>(lines.length + 1);
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    starts[i] = at;
    at += lines[i].length + 1;
  }
  starts[lines.length] = at;
  return starts;
}
