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

const pad = (n: number) => String(n).padStart(2, '0');

/** The start of the local day `d` falls on. */
const dayStart = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();

/**
 * When a revision was kept, in the writer's local time, always with its clock
 * time: "Today, 14:05:32", "Yesterday, 09:12", "4 Mar, 14:05", "4 Mar 2023, 14:05".
 * Anything that is not a date is shown as it came.
 */
export function formatRevisionTime(at: string, now: Date = new Date()): string {
  const d = new Date(at);
  const t = d.getTime();
  if (Number.isNaN(t)) return at;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const days = Math.round((dayStart(now) - dayStart(d)) / 86_400_000);
  // Today's versions come minutes apart: seconds tell them apart.
  if (days === 0) return `Today, ${time}:${pad(d.getSeconds())}`;
  if (days === 1) return `Yesterday, ${time}`;
  const date = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === now.getFullYear() ? `${date}, ${time}` : `${date} ${d.getFullYear()}, ${time}`;
}

/** How long ago, for the last hour: "just now", "5 min ago"; null further back. */
export function recentLabel(at: string, now: Date = new Date()): string | null {
  const ago = now.getTime() - new Date(at).getTime();
  if (Number.isNaN(ago) || ago < 0 || ago >= 3_600_000) return null;
  return ago < 60_000 ? 'just now' : `${Math.floor(ago / 60_000)} min ago`;
}

/**
 * A change in length, in words: "+56 words", "−1 word"; in characters when
 * the words are as many (a tag renamed: "+6 characters"); "same length" only
 * when both are.
 */
export function wordChange(delta: number, charDelta = 0): string {
  const [n, unit] = delta !== 0 ? [delta, 'word'] : [charDelta, 'character'];
  if (n === 0) return 'same length';
  const size = Math.abs(n);
  return `${n > 0 ? '+' : '−'}${size.toLocaleString('en-US')} ${size === 1 ? unit : `${unit}s`}`;
}

/** The full local date and time with seconds, for a tooltip: "2024-03-09 14:05:32". */
export function fullLocalTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

const BYTE_UNITS = ['KB', 'MB', 'GB', 'TB'];

/** A size for a report: "512 bytes", "4.2 KB", "120 KB", "1.5 MB" (1 KB = 1,024 bytes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '0 bytes';
  if (bytes < 1024) return `${Math.round(bytes)} ${Math.round(bytes) === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  for (let i = 0; i < BYTE_UNITS.length; i++) {
    value /= 1024;
    // One decimal below 10 ("4.2 KB"), whole numbers above; a unit that would read 1,024 goes up one.
    const shown = value < 9.95 ? Math.round(value * 10) / 10 : Math.round(value);
    if (shown < 1024 || i === BYTE_UNITS.length - 1) {
      return `${shown.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${BYTE_UNITS[i]}`;
    }
  }
  return `${bytes} bytes`;
}

/** How long a job took: "under 0.1 s", "0.4 s", "12 s", "2 min 5 s", "1 h 3 min". */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0.05) return 'under 0.1 s';
  if (seconds < 9.95) return `${Math.round(seconds * 10) / 10} s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  if (whole < 3600) {
    const s = whole % 60;
    return s ? `${Math.floor(whole / 60)} min ${s} s` : `${whole / 60} min`;
  }
  const m = Math.floor((whole % 3600) / 60);
  return m ? `${Math.floor(whole / 3600)} h ${m} min` : `${Math.floor(whole / 3600)} h`;
}
