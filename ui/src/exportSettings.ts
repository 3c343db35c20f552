// What the export dialog remembers between runs, kept in localStorage: for each
// library the format, a folder for each format, the base URL and the site title,
// so the next export of that library is one click. A folder is never offered to
// another library or format: Quire would accept it (it exported there before) and
// replace what is there with something else.
import { DEFAULT_FORMAT, isExportFormat, type ExportFormat } from './exportForm';

/** The part of `Storage` used, so tests pass a Map-backed one. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LibraryExport {
  /** The library folder, as the backend names it. */
  library: string;
  format: ExportFormat;
  folders: Partial<Record<ExportFormat, string>>;
  baseUrl: string;
  title: string;
}

export interface ExportMemory {
  /** The format last used in any library: a library never exported starts with it. */
  format: ExportFormat | null;
  /** Most recently used first. */
  libraries: LibraryExport[];
  /** The folder the last single post was exported into. */
  postFolder: string | null;
}

/** What the dialog fills in when it opens. */
export interface RecalledExport {
  format: ExportFormat;
  out: string;
  baseUrl: string;
  title: string;
}

export const EXPORT_MEMORY_KEY = 'quire.export';
/** Libraries remembered; the least recently exported is forgotten first. */
export const MAX_LIBRARIES = 20;

export const emptyMemory = (): ExportMemory => ({ format: null, libraries: [], postFolder: null });

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

function parseLibrary(v: unknown): LibraryExport | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (typeof o.library !== 'string' || !isExportFormat(o.format)) return null;
  const folders: Partial<Record<ExportFormat, string>> = {};
  if (o.folders && typeof o.folders === 'object') {
    for (const [format, folder] of Object.entries(o.folders as Record<string, unknown>)) {
      if (isExportFormat(format) && typeof folder === 'string' && folder.trim() !== '') folders[format] = folder;
    }
  }
  return { library: o.library, format: o.format, folders, baseUrl: text(o.baseUrl), title: text(o.title) };
}

/** Whatever was stored, read defensively: anything unreadable is simply not remembered. */
export function readExportMemory(storage: StorageLike | null): ExportMemory {
  let raw: string | null;
  try {
    raw = storage?.getItem(EXPORT_MEMORY_KEY) ?? null;
  } catch {
    return emptyMemory();
  }
  if (!raw) return emptyMemory();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return emptyMemory();
  }
  if (!data || typeof data !== 'object') return emptyMemory();
  const o = data as Record<string, unknown>;
  const libraries = Array.isArray(o.libraries)
    ? o.libraries.map(parseLibrary).filter((l): l is LibraryExport => l !== null).slice(0, MAX_LIBRARIES)
    : [];
  return {
    format: isExportFormat(o.format) ? o.format : null,
    libraries,
    postFolder: typeof o.postFolder === 'string' && o.postFolder !== '' ? o.postFolder : null,
  };
}

/** Stores the memory; false when storage refused (full, or disabled), which only costs the convenience. */
export function writeExportMemory(storage: StorageLike | null, memory: ExportMemory): boolean {
  if (!storage) return false;
  try {
    storage.setItem(EXPORT_MEMORY_KEY, JSON.stringify(memory));
    return true;
  } catch {
    return false;
  }
}

const entryFor = (memory: ExportMemory, library: string) => memory.libraries.find((l) => l.library === library);

/** The fields for the next export of `library`. */
export function recallExport(memory: ExportMemory, library: string): RecalledExport {
  const entry = entryFor(memory, library);
  const format = entry?.format ?? memory.format ?? DEFAULT_FORMAT;
  return {
    format,
    out: entry?.folders[format] ?? '',
    baseUrl: entry?.baseUrl ?? '',
    title: entry?.title ?? '',
  };
}

/**
 * Remembers an export of `library` just started. The base URL and title belong to
 * the HTML site, so a Markdown export leaves them as they were.
 */
export function rememberExport(memory: ExportMemory, library: string, used: RecalledExport): ExportMemory {
  const before = entryFor(memory, library);
  const html = used.format === 'html';
  const entry: LibraryExport = {
    library,
    format: used.format,
    folders: { ...before?.folders, [used.format]: used.out.trim() },
    baseUrl: html ? used.baseUrl.trim() : (before?.baseUrl ?? ''),
    title: html ? used.title.trim() : (before?.title ?? ''),
  };
  const others = memory.libraries.filter((l) => l.library !== library);
  return { ...memory, format: used.format, libraries: [entry, ...others].slice(0, MAX_LIBRARIES) };
}

/**
 * The folder field after the format changes from `from` to `to`. A folder the
 * writer typed stays; the folder remembered for the old format (or none) gives way
 * to the one remembered for the new format, or to an empty field.
 */
export function folderAfterFormatChange(
  memory: ExportMemory,
  library: string,
  from: ExportFormat,
  to: ExportFormat,
  current: string,
): string {
  const folders = entryFor(memory, library)?.folders ?? {};
  const typed = current.trim();
  if (typed !== '' && typed !== folders[from]) return current;
  return folders[to] ?? '';
}

/** The folder a file path is in; null for a bare name. */
export function parentFolder(path: string): string | null {
  const at = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  if (at < 0) return null;
  return at === 0 ? path.slice(0, 1) : path.slice(0, at);
}

/** Remembers where a single post was exported, to offer the same folder next time. */
export function rememberPostFile(memory: ExportMemory, file: string): ExportMemory {
  return { ...memory, postFolder: parentFolder(file) ?? memory.postFolder };
}

/** What the save dialog offers for a post: `<slug>.html`, in the folder used last time if any. */
export function defaultPostFile(slug: string, folder: string | null): string {
  const name = `${slug.trim() || 'post'}.html`;
  if (!folder) return name;
  const sep = folder.includes('\\') && !folder.includes('/') ? '\\' : '/';
  const base = folder.replace(/[\\/]+$/, '');
  return `${base}${sep}${name}`;
}
