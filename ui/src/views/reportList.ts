// The collapsible lists under the import and export reports: (main text, detail)
// pairs, set as text only, long lists cut short and counted.

/** Longest list a report renders; the rest is counted. */
const LIST_LIMIT = 500;
/** Lists this short start expanded. */
const OPEN_BELOW = 10;

export function reportList(id: string, label: string, rows: [string, string][]): HTMLDetailsElement {
  const details = document.createElement('details');
  details.id = id;
  details.className = 'import-list';
  details.open = rows.length <= OPEN_BELOW;
  const summary = document.createElement('summary');
  summary.textContent = `${label} (${rows.length.toLocaleString('en-US')})`;
  const ul = document.createElement('ul');
  for (const [main, detail] of rows.slice(0, LIST_LIMIT)) {
    const li = document.createElement('li');
    const a = document.createElement('span');
    a.className = 'import-item';
    a.textContent = main;
    const b = document.createElement('span');
    b.className = 'import-item-detail';
    b.textContent = detail;
    li.append(a, b);
    ul.append(li);
  }
  if (rows.length > LIST_LIMIT) {
    const more = document.createElement('li');
    more.className = 'import-more';
    more.textContent = `…and ${(rows.length - LIST_LIMIT).toLocaleString('en-US')} more`;
    ul.append(more);
  }
  details.append(summary, ul);
  return details;
}
