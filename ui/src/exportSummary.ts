// How the export dialog and the post menu word progress and outcomes: pure, so
// they are tested. Paths, tags and titles come from the writer's posts and are
// only ever set as text.
import type { ExportPhase, ExportProgress, ExportReport } from './api';
import { formatBytes, formatSeconds } from './format';
import { progressPercent } from './importSummary';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const PHASE_ITEMS = {
  posts: ['post', 'posts'],
  pages: ['index page', 'index pages'],
  tags: ['tag page', 'tag pages'],
} as const;

/** "12 of 40 posts (30%)", "3 of 12 tag pages (25%)", or "Exporting…" before the first report. */
export function exportProgressLabel(p: (Pick<ExportProgress, 'done' | 'total'> & { phase?: ExportPhase }) | null): string {
  if (!p || !(p.total > 0)) return 'Exporting…';
  const done = Math.min(p.done, p.total);
  const [one, many] = PHASE_ITEMS[p.phase ?? 'posts'];
  return `${done.toLocaleString('en-US')} of ${count(p.total, one, many)} (${progressPercent(p)}%)`;
}

/** The sentence that opens the report: "Exported 12 posts: 40 files, 1.2 MB in 0.8 s." */
export function exportSummary(report: ExportReport): string {
  return (
    `Exported ${count(report.posts, 'post', 'posts')}: ${count(report.files, 'file', 'files')}, ` +
    `${formatBytes(report.bytes)} in ${formatSeconds(report.seconds ?? 0)}.`
  );
}

/** Why nothing was exported, when nothing was; null otherwise. */
export function nothingExportedNote(
  report: ExportReport,
  asked: { includeDrafts: boolean; tag: string | null },
): string | null {
  if (report.posts > 0) return null;
  const left = 'Drafts and scheduled posts are left out unless “Include drafts and scheduled posts” is ticked.';
  if (asked.tag !== null) {
    return asked.includeDrafts
      ? `No posts are tagged “${asked.tag}”.`
      : `No published posts are tagged “${asked.tag}”. ${left}`;
  }
  return asked.includeDrafts ? 'The library has no posts to export.' : `No published posts to export. ${left}`;
}

export const EXPORT_CANCELLED = 'Export cancelled; running it again finishes the job.';

/** The notice after one post was exported as an HTML file. */
export function postExportedMessage(title: string, file: string, report: ExportReport): string {
  const name = title.trim() || 'Untitled';
  const done = `Exported “${name}” to ${file} (${formatBytes(report.bytes)}).`;
  const warnings = report.warnings;
  if (warnings.length === 0) return done;
  const shown = warnings.slice(0, 3).map((w) => (w.path ? `${w.path}: ${w.message}` : w.message));
  const more = warnings.length > 3 ? `; and ${(warnings.length - 3).toLocaleString('en-US')} more` : '';
  return `${done} ${count(warnings.length, 'warning', 'warnings')}: ${shown.join('; ')}${more}.`;
}
