// What the export dialog's fields mean: the formats it offers and the command a
// filled-in form becomes. Pure, so it is tested.
import type { HtmlExportOptions, MarkdownExportOptions, Flavor } from './api';

export type ExportFormat = 'html' | Flavor;

export interface ExportFormatInfo {
  value: ExportFormat;
  label: string;
  /** What the folder will hold, in a sentence under the choice. */
  hint: string;
}

/** In the order the dialog lists them. */
export const EXPORT_FORMATS: readonly ExportFormatInfo[] = [
  {
    value: 'html',
    label: 'HTML site',
    hint: 'A static site any web host serves as it is: an index page and a page for each post.',
  },
  {
    value: 'hugo',
    label: 'Markdown for Hugo',
    hint: 'Posts in content/posts/ with YAML front matter; a post with images becomes a page bundle.',
  },
  {
    value: 'zola',
    label: 'Markdown for Zola',
    hint: 'Posts in content/blog/ with TOML front matter, tags under [taxonomies] and other keys under [extra].',
  },
  {
    value: 'jekyll',
    label: 'Markdown for Jekyll',
    hint: 'Posts in _posts/ named YYYY-MM-DD-slug.md with YAML front matter; drafts get published: false.',
  },
  {
    value: 'astro',
    label: 'Markdown for Astro',
    hint: 'Posts in src/content/blog/ with YAML front matter and pubDate, ready for a content collection.',
  },
  {
    value: 'plain',
    label: 'Plain Markdown',
    hint: 'One slug.md for each post at the top of the folder, with YAML front matter.',
  },
];

export const DEFAULT_FORMAT: ExportFormat = 'html';

export const isExportFormat = (value: unknown): value is ExportFormat =>
  EXPORT_FORMATS.some((f) => f.value === value);

export const formatInfo = (format: ExportFormat): ExportFormatInfo =>
  EXPORT_FORMATS.find((f) => f.value === format) ?? EXPORT_FORMATS[0];

/** The dialog's fields as typed. Fields of the other kind of export are ignored. */
export interface ExportForm {
  format: ExportFormat;
  out: string;
  includeDrafts: boolean;
  /** Markdown only: '' for every post. */
  tag: string;
  /** HTML only. */
  baseUrl: string;
  /** HTML only. */
  title: string;
}

/** The command a form runs, with its arguments. */
export type ExportRequest =
  | { kind: 'html'; options: HtmlExportOptions }
  | { kind: 'markdown'; options: MarkdownExportOptions };

/** Trimmed, and null when nothing is left: an optional field left empty. */
const optional = (value: string): string | null => {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
};

export function exportRequest(form: ExportForm): ExportRequest {
  const out = form.out.trim();
  if (form.format === 'html') {
    return {
      kind: 'html',
      options: {
        out,
        baseUrl: optional(form.baseUrl),
        title: optional(form.title),
        includeDrafts: form.includeDrafts,
      },
    };
  }
  return {
    kind: 'markdown',
    options: { out, flavor: form.format, includeDrafts: form.includeDrafts, tag: optional(form.tag) },
  };
}

/** Why a base URL cannot be used, or null when it can (or is left empty). */
export function baseUrlProblem(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return 'The base URL must be a whole web address, like https://example.com/.';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return 'The base URL must start with https:// or http://.';
  }
  return null;
}

/** What stops the form from running, and which field to fix; null when it may run. */
export function formProblem(form: ExportForm): { field: 'out' | 'baseUrl'; message: string } | null {
  if (form.out.trim() === '') return { field: 'out', message: 'Name the folder to export to.' };
  if (form.format === 'html') {
    const message = baseUrlProblem(form.baseUrl);
    if (message) return { field: 'baseUrl', message };
  }
  return null;
}

/** The export may start: a folder is named and nothing runs. */
export const canStart = (out: string, running: boolean): boolean => !running && out.trim() !== '';
