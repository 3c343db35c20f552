// How the import dialog words its progress and its outcome: pure, so it is tested.
import type { AppError, ImportProgress, ImportReport } from './api';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The one sentence that opens the report, e.g. "Imported 12 posts, updated 1, 3 unchanged, 2 skipped." */
export function importSummary(report: ImportReport, dryRun: boolean): string {
  const { imported, updated, unchanged } = report;
  const skipped = report.skipped.length;
  const warnings = report.warnings.length;
  if (imported + updated + unchanged + skipped === 0) {
    return 'No Markdown posts found in that folder.';
  }
  const parts = [`${dryRun ? 'Would import' : 'Imported'} ${count(imported, 'post', 'posts')}`];
  if (updated > 0) parts.push(`${dryRun ? 'update' : 'updated'} ${updated.toLocaleString('en-US')}`);
  if (unchanged > 0) parts.push(`${unchanged.toLocaleString('en-US')} unchanged`);
  if (skipped > 0) parts.push(`${skipped.toLocaleString('en-US')} skipped`);
  if (warnings > 0) parts.push(count(warnings, 'warning', 'warnings'));
  return `${parts.join(', ')}.`;
}

/**
 * What a cancelled import says. `importedSoFar` is how many posts it added
 * (null when unknown); a dry run wrote nothing, so there is nothing to finish.
 */
export function cancelledSummary(importedSoFar: number | null, dryRun: boolean): string {
  if (dryRun) return 'Dry run cancelled; nothing was written.';
  if (importedSoFar === null) return 'Import cancelled; import again to finish.';
  return `Import cancelled: ${count(importedSoFar, 'post', 'posts')} imported so far; import again to finish.`;
}

/** Posts added between two counts of the library; null if either is unknown. */
export function importedBetween(before: number | null, after: number | null): number | null {
  if (before === null || after === null) return null;
  return Math.max(0, after - before);
}

/** Whole percent done, 0–100; 0 while the total is not known yet. */
export function progressPercent(p: Pick<ImportProgress, 'done' | 'total'>): number {
  if (!(p.total > 0) || !(p.done > 0)) return 0;
  return Math.min(100, Math.floor((p.done / p.total) * 100));
}

/** "12 of 40 files (30%)", or "Looking for posts…" before the first report. */
export function progressLabel(p: Pick<ImportProgress, 'done' | 'total'> | null): string {
  if (!p || !(p.total > 0)) return 'Looking for posts…';
  const done = Math.min(p.done, p.total);
  return `${done.toLocaleString('en-US')} of ${count(p.total, 'file', 'files')} (${progressPercent(p)}%)`;
}

/** A rejection that means the writer stopped the import. */
export const isCancelled = (e: AppError): boolean => e.message.trim().toLowerCase() === 'cancelled';

/** The import may start: a folder is named and nothing runs. */
export const canStart = (path: string, running: boolean): boolean => !running && path.trim() !== '';
