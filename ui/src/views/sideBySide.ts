// Two versions of a post side by side, line by line: a table with line numbers,
// the lines that differ highlighted (and within a changed line, the part that
// changed), long unchanged runs folded behind a button that unfolds them. Post
// text is untrusted: every piece goes in with textContent.
import { collapseUnchanged, countRows, diffRows, inlineParts, type DiffLine, type DiffRow } from '../lineDiff';

export interface SideBySideLabels {
  left: string;
  right: string;
}

/** Unchanged lines kept around each change. */
const CONTEXT = 3;

function cell(className: string, text = ''): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

function lineCells(line: DiffLine | null, side: 'left' | 'right', parts?: { before: string; changed: string; after: string }) {
  const num = cell('diff-num', line ? String(line.n) : '');
  const text = cell(`diff-text diff-${side}`);
  if (!line) {
    text.classList.add('diff-empty');
  } else if (parts && parts.changed) {
    const mark = document.createElement('span');
    mark.className = 'diff-mark';
    mark.textContent = parts.changed;
    text.append(parts.before, mark, parts.after);
  } else {
    text.textContent = line.text;
  }
  return [num, text];
}

function renderRow(row: DiffRow): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = `diff-row diff-${row.kind}`;
  const parts = row.kind === 'changed' ? inlineParts(row.left!.text, row.right!.text) : null;
  tr.append(...lineCells(row.left, 'left', parts?.left), ...lineCells(row.right, 'right', parts?.right));
  return tr;
}

function renderGap(rows: DiffRow[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  tr.className = 'diff-gap';
  const td = document.createElement('td');
  td.colSpan = 4;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'diff-expand quiet small';
  button.textContent = `Show ${rows.length} unchanged ${rows.length === 1 ? 'line' : 'lines'}`;
  button.addEventListener('click', () => {
    const shown = rows.map(renderRow);
    tr.replaceWith(...shown);
    // Keep the keyboard where it was: on the first line that appeared.
    shown[0]?.scrollIntoView({ block: 'nearest' });
  });
  td.append(button);
  tr.append(td);
  return tr;
}

/** What `renderSideBySide` found, for a summary. */
export interface SideBySideResult {
  changedLines: number;
}

/**
 * Fills `container` with the two texts side by side (left and right as labelled).
 * Equal texts show a short note instead of a table.
 */
export function renderSideBySide(
  container: HTMLElement,
  left: string,
  right: string,
  labels: SideBySideLabels,
): SideBySideResult {
  if (left === right) {
    const same = document.createElement('p');
    same.className = 'diff-same-note';
    same.textContent = 'No differences: both are the same text.';
    container.replaceChildren(same);
    return { changedLines: 0 };
  }
  const rows = diffRows(left, right);
  const { changed } = countRows(rows);

  const table = document.createElement('table');
  table.className = 'side-diff';
  const caption = document.createElement('caption');
  caption.className = 'visually-hidden';
  caption.textContent = `${labels.left} beside ${labels.right}: ${changed} ${changed === 1 ? 'line differs' : 'lines differ'}`;
  const colgroup = document.createElement('colgroup');
  for (const name of ['diff-num-col', 'diff-text-col', 'diff-num-col', 'diff-text-col']) {
    const col = document.createElement('col');
    col.className = name;
    colgroup.append(col);
  }
  const head = document.createElement('thead');
  const headRow = document.createElement('tr');
  for (const [side, label] of [
    ['left', labels.left],
    ['right', labels.right],
  ] as const) {
    const th = document.createElement('th');
    th.scope = 'colgroup';
    th.colSpan = 2;
    th.className = `diff-head diff-head-${side}`;
    th.textContent = label;
    headRow.append(th);
  }
  head.append(headRow);

  const body = document.createElement('tbody');
  for (const block of collapseUnchanged(rows, CONTEXT)) {
    body.append(block.kind === 'gap' ? renderGap(block.rows) : renderRow(block));
  }
  table.append(caption, colgroup, head, body);
  container.replaceChildren(table);
  return { changedLines: changed };
}
