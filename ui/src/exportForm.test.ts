import { describe, expect, it } from 'vitest';
import {
  baseUrlProblem,
  canStart,
  EXPORT_FORMATS,
  exportRequest,
  formatInfo,
  formProblem,
  isExportFormat,
  type ExportForm,
} from './exportForm';

const form = (over: Partial<ExportForm> = {}): ExportForm => ({
  format: 'html',
  out: '/home/me/site',
  includeDrafts: false,
  tag: '',
  baseUrl: '',
  title: '',
  ...over,
});

describe('export formats', () => {
  it('offers the HTML site first, then every Markdown flavor the backend takes', () => {
    expect(EXPORT_FORMATS.map((f) => f.value)).toEqual(['html', 'hugo', 'zola', 'jekyll', 'astro', 'plain']);
    expect(formatInfo('hugo').label).toBe('Markdown for Hugo');
    expect(formatInfo('html').label).toBe('HTML site');
  });
  it('knows its own values only', () => {
    expect(isExportFormat('zola')).toBe(true);
    expect(isExportFormat('Hugo')).toBe(false);
    expect(isExportFormat('pdf')).toBe(false);
    expect(isExportFormat(null)).toBe(false);
  });
});

describe('exportRequest', () => {
  it('turns an HTML form into export_html arguments, empty optional fields as null', () => {
    expect(exportRequest(form({ out: '  /site  ', baseUrl: '  ', title: '', tag: 'ignored' }))).toEqual({
      kind: 'html',
      options: { out: '/site', baseUrl: null, title: null, includeDrafts: false },
    });
  });
  it('keeps the base URL and title as typed, trimmed', () => {
    expect(
      exportRequest(form({ baseUrl: ' https://example.com/blog/ ', title: ' My  blog ', includeDrafts: true })),
    ).toEqual({
      kind: 'html',
      options: { out: '/home/me/site', baseUrl: 'https://example.com/blog/', title: 'My  blog', includeDrafts: true },
    });
  });
  it('turns a Markdown form into export_markdown arguments with its flavor and tag', () => {
    expect(exportRequest(form({ format: 'jekyll', tag: 'travel', baseUrl: 'https://x/', includeDrafts: true }))).toEqual({
      kind: 'markdown',
      options: { out: '/home/me/site', flavor: 'jekyll', includeDrafts: true, tag: 'travel' },
    });
    expect(exportRequest(form({ format: 'plain', tag: '' }))).toEqual({
      kind: 'markdown',
      options: { out: '/home/me/site', flavor: 'plain', includeDrafts: false, tag: null },
    });
  });
});

describe('form checks', () => {
  it('accepts an empty base URL or a whole http(s) address', () => {
    expect(baseUrlProblem('')).toBeNull();
    expect(baseUrlProblem('https://example.com/')).toBeNull();
    expect(baseUrlProblem('http://localhost:1313/blog')).toBeNull();
  });
  it('refuses a base URL a feed could not link with', () => {
    expect(baseUrlProblem('example.com')).toMatch(/whole web address/);
    expect(baseUrlProblem('/blog/')).toMatch(/whole web address/);
    expect(baseUrlProblem('ftp://example.com/')).toMatch(/https:\/\//);
    expect(baseUrlProblem('javascript:alert(1)')).toMatch(/https:\/\//);
  });
  it('names the field to fix', () => {
    expect(formProblem(form({ out: '  ' }))).toEqual({ field: 'out', message: 'Name the folder to export to.' });
    expect(formProblem(form({ baseUrl: 'example.com' }))?.field).toBe('baseUrl');
    expect(formProblem(form())).toBeNull();
  });
  it('ignores the base URL of a Markdown export', () => {
    expect(formProblem(form({ format: 'hugo', baseUrl: 'not a url' }))).toBeNull();
  });
  it('may start with a folder named and nothing running', () => {
    expect(canStart('/site', false)).toBe(true);
    expect(canStart(' ', false)).toBe(false);
    expect(canStart('/site', true)).toBe(false);
  });
});
