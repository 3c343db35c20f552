import { describe, expect, it } from 'vitest';
import type { ExportReport } from './api';
import {
  EXPORT_CANCELLED,
  exportProgressLabel,
  exportSummary,
  nothingExportedNote,
  postExportedMessage,
} from './exportSummary';

const report = (over: Partial<ExportReport> = {}): ExportReport => ({
  posts: 0,
  files: 0,
  bytes: 0,
  seconds: 0,
  warnings: [],
  ...over,
});
const warnings = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `p${i}.md`, message: `odd ${i}` }));

describe('exportProgressLabel', () => {
  it('says posts done out of the total', () => {
    expect(exportProgressLabel({ done: 64, total: 256 })).toBe('64 of 256 posts (25%)');
    expect(exportProgressLabel({ done: 1, total: 1 })).toBe('1 of 1 post (100%)');
    expect(exportProgressLabel({ done: 1280, total: 12000 })).toBe('1,280 of 12,000 posts (10%)');
    expect(exportProgressLabel({ phase: 'pages', done: 64, total: 300 })).toBe('64 of 300 index pages (21%)');
    expect(exportProgressLabel({ phase: 'tags', done: 1, total: 1 })).toBe('1 of 1 tag page (100%)');
  });
  it('never counts past the total', () => {
    expect(exportProgressLabel({ done: 70, total: 64 })).toBe('64 of 64 posts (100%)');
  });
  it('says it is working before the first report', () => {
    expect(exportProgressLabel(null)).toBe('Exporting…');
    expect(exportProgressLabel({ done: 0, total: 0 })).toBe('Exporting…');
  });
});

describe('exportSummary', () => {
  it('says posts, files, size and time', () => {
    expect(exportSummary(report({ posts: 12, files: 40, bytes: 1_258_291, seconds: 0.84 }))).toBe(
      'Exported 12 posts: 40 files, 1.2 MB in 0.8 s.',
    );
  });
  it('uses the singular and groups thousands', () => {
    expect(exportSummary(report({ posts: 1, files: 1, bytes: 4300, seconds: 0.01 }))).toBe(
      'Exported 1 post: 1 file, 4.2 KB in under 0.1 s.',
    );
    expect(exportSummary(report({ posts: 10000, files: 10240, bytes: 52_428_800, seconds: 75 }))).toBe(
      'Exported 10,000 posts: 10,240 files, 50 MB in 1 min 15 s.',
    );
  });
});

describe('nothingExportedNote', () => {
  it('is silent when posts were exported', () => {
    expect(nothingExportedNote(report({ posts: 3 }), { includeDrafts: false, tag: null })).toBeNull();
  });
  it('points at the drafts box when drafts were left out', () => {
    expect(nothingExportedNote(report(), { includeDrafts: false, tag: null })).toBe(
      'No published posts to export. Drafts and scheduled posts are left out unless “Include drafts and scheduled posts” is ticked.',
    );
    expect(nothingExportedNote(report(), { includeDrafts: true, tag: null })).toBe('The library has no posts to export.');
  });
  it('names the tag that matched nothing', () => {
    expect(nothingExportedNote(report(), { includeDrafts: true, tag: 'travel' })).toBe('No posts are tagged “travel”.');
    expect(nothingExportedNote(report(), { includeDrafts: false, tag: 'travel' })).toMatch(
      /^No published posts are tagged “travel”\. Drafts/,
    );
  });
});

describe('messages', () => {
  it('says how to finish a cancelled export', () => {
    expect(EXPORT_CANCELLED).toBe('Export cancelled; running it again finishes the job.');
  });
  it('confirms a single post export with its size', () => {
    expect(postExportedMessage('Hello', '/home/me/hello.html', report({ posts: 1, files: 1, bytes: 20480 }))).toBe(
      'Exported “Hello” to /home/me/hello.html (20 KB).',
    );
    expect(postExportedMessage('  ', '/x.html', report({ bytes: 10 }))).toBe('Exported “Untitled” to /x.html (10 bytes).');
  });
  it('lists the first few warnings of a single post export', () => {
    expect(postExportedMessage('A', '/a.html', report({ bytes: 10, warnings: warnings(1) }))).toBe(
      'Exported “A” to /a.html (10 bytes). 1 warning: p0.md: odd 0.',
    );
    expect(postExportedMessage('A', '/a.html', report({ bytes: 10, warnings: warnings(5) }))).toBe(
      'Exported “A” to /a.html (10 bytes). 5 warnings: p0.md: odd 0; p1.md: odd 1; p2.md: odd 2; and 2 more.',
    );
  });
});
