import { describe, expect, it } from 'vitest';
import type { ImportReport } from './api';
import {
  canStart,
  cancelledSummary,
  importedBetween,
  importSummary,
  isCancelled,
  progressLabel,
  progressPercent,
} from './importSummary';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  imported: 0,
  updated: 0,
  unchanged: 0,
  skipped: [],
  warnings: [],
  posts: [],
  ...over,
});
const skipped = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `f${i}.md`, reason: 'bad' }));
const warnings = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `f${i}.md`, message: 'odd' }));

describe('importSummary', () => {
  it('says every count that is not zero', () => {
    expect(importSummary(report({ imported: 12, updated: 1, unchanged: 3, skipped: skipped(2) }), false)).toBe(
      'Imported 12 posts, updated 1, 3 unchanged, 2 skipped.',
    );
    expect(importSummary(report({ imported: 2, skipped: skipped(1) }), false)).toBe('Imported 2 posts, 1 skipped.');
  });
  it('uses the singular for one post and one warning', () => {
    expect(importSummary(report({ imported: 1, warnings: warnings(1) }), false)).toBe('Imported 1 post, 1 warning.');
    expect(importSummary(report({ imported: 3, warnings: warnings(2) }), false)).toBe('Imported 3 posts, 2 warnings.');
  });
  it('speaks in the conditional for a dry run', () => {
    expect(importSummary(report({ imported: 12, updated: 1, unchanged: 3, skipped: skipped(2) }), true)).toBe(
      'Would import 12 posts, update 1, 3 unchanged, 2 skipped.',
    );
  });
  it('reports a re-import that changed nothing', () => {
    expect(importSummary(report({ unchanged: 5 }), false)).toBe('Imported 0 posts, 5 unchanged.');
  });
  it('says so when the folder held nothing', () => {
    expect(importSummary(report(), false)).toBe('No Markdown posts found in that folder.');
    expect(importSummary(report({ warnings: warnings(1) }), true)).toBe('No Markdown posts found in that folder.');
  });
  it('groups thousands', () => {
    expect(importSummary(report({ imported: 10000 }), false)).toBe('Imported 10,000 posts.');
  });
});

describe('cancelledSummary', () => {
  it('counts what stays and says how to finish', () => {
    expect(cancelledSummary(3, false)).toBe('Import cancelled: 3 posts imported so far; import again to finish.');
    expect(cancelledSummary(1, false)).toBe('Import cancelled: 1 post imported so far; import again to finish.');
    expect(cancelledSummary(0, false)).toBe('Import cancelled: 0 posts imported so far; import again to finish.');
  });
  it('does without a count it could not get', () => {
    expect(cancelledSummary(null, false)).toBe('Import cancelled; import again to finish.');
  });
  it('has nothing to finish after a dry run', () => {
    expect(cancelledSummary(4, true)).toBe('Dry run cancelled; nothing was written.');
  });
});

describe('importedBetween', () => {
  it('is the growth of the library, never negative', () => {
    expect(importedBetween(10, 14)).toBe(4);
    expect(importedBetween(10, 9)).toBe(0);
    expect(importedBetween(null, 9)).toBeNull();
    expect(importedBetween(3, null)).toBeNull();
  });
});

describe('progress', () => {
  it('rounds down and stays within 0–100', () => {
    expect(progressPercent({ done: 0, total: 40 })).toBe(0);
    expect(progressPercent({ done: 12, total: 40 })).toBe(30);
    expect(progressPercent({ done: 2, total: 3 })).toBe(66);
    expect(progressPercent({ done: 40, total: 40 })).toBe(100);
    expect(progressPercent({ done: 41, total: 40 })).toBe(100);
  });
  it('is 0 while the total is unknown or empty', () => {
    expect(progressPercent({ done: 0, total: 0 })).toBe(0);
    expect(progressPercent({ done: 5, total: 0 })).toBe(0);
    expect(progressPercent({ done: Number.NaN, total: 10 })).toBe(0);
  });
  it('labels files done out of the total', () => {
    expect(progressLabel({ done: 12, total: 40 })).toBe('12 of 40 files (30%)');
    expect(progressLabel({ done: 1, total: 1 })).toBe('1 of 1 file (100%)');
    expect(progressLabel({ done: 0, total: 0 })).toBe('Looking for posts…');
    expect(progressLabel(null)).toBe('Looking for posts…');
  });
});

describe('isCancelled and canStart', () => {
  it('recognises the cancelled rejection only', () => {
    expect(isCancelled({ kind: 'user', message: 'cancelled' })).toBe(true);
    expect(isCancelled({ kind: 'user', message: 'that folder does not exist' })).toBe(false);
  });
  it('needs a folder and no import running', () => {
    expect(canStart('/blog', false)).toBe(true);
    expect(canStart('   ', false)).toBe(false);
    expect(canStart('/blog', true)).toBe(false);
  });
});
