// Where a search's first match is in a post's text, so opening a result puts
// the caret on it: the query's words and "phrases" (as the backend reads them),
// found case-insensitively in the body, after the front matter.

/** The words and quoted phrases of a search as typed. */
export function searchTerms(query: string): string[] {
  const terms: string[] = [];
  const pattern = /"([^"]*)"?|(\S+)/g;
  for (const m of query.matchAll(pattern)) {
    const term = (m[1] ?? m[2] ?? '').trim().replace(/\s+/g, ' ');
    if (term) terms.push(term);
  }
  return terms;
}

/**
 * The earliest match of any term in `text` at or after `from` (the body's
 * start), as [start, end); the last term may be a prefix, as the search box
 * treats it. Null when none is found.
 */
export function firstMatch(text: string, terms: readonly string[], from = 0): [number, number] | null {
  const lower = text.toLowerCase();
  let best: [number, number] | null = null;
  for (const term of terms) {
    const at = lower.indexOf(term.toLowerCase(), from);
    if (at >= 0 && (best === null || at < best[0])) best = [at, at + term.length];
  }
  return best;
}

/** Where the body starts: after a YAML (`---`) or TOML (`+++`) front matter block. */
export function bodyStart(text: string): number {
  const fm = /^\uFEFF?(---|\+\+\+)\r?\n[\s\S]*?\r?\n\1[ \t]*(?:\r?\n|$)/.exec(text);
  return fm ? fm[0].length : 0;
}
