// How counts and dates read in the status bar and the post list.

export function wordsLabel(words: number): string {
  return `${words.toLocaleString('en-US')} ${words === 1 ? 'word' : 'words'}`;
}

export function readingLabel(minutes: number, words: number): string {
  if (words <= 0) return '0 min read';
  return `${Math.max(1, Math.round(minutes))} min read`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The calendar date the writer wrote (no time zone shifts): 'YYYY-MM-DD' or an ISO datetime. */
export function dateOnly(date: string | null): string {
  const m = date ? /^(\d{4}-\d{2}-\d{2})/.exec(date.trim()) : null;
  return m ? m[1] : '';
}

export function formatDate(date: string | null): string {
  const d = dateOnly(date);
  if (!d) return '';
  const [y, m, day] = d.split('-').map(Number);
  if (m < 1 || m > 12) return d;
  return `${day} ${MONTHS[m - 1]} ${y}`;
}

export const STATUS_LABEL = { draft: 'Draft', scheduled: 'Scheduled', published: 'Published' } as const;
