import { describe, expect, it } from 'vitest';
import {
  defaultPostFile,
  emptyMemory,
  EXPORT_MEMORY_KEY,
  folderAfterFormatChange,
  MAX_LIBRARIES,
  parentFolder,
  readExportMemory,
  recallExport,
  rememberExport,
  rememberPostFile,
  writeExportMemory,
  type StorageLike,
} from './exportSettings';

function storage(initial: Record<string, string> = {}): StorageLike & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
  };
}

const used = (over: Partial<Parameters<typeof rememberExport>[2]> = {}) => ({
  format: 'html' as const,
  out: '/home/me/site',
  baseUrl: 'https://example.com/',
  title: 'My blog',
  ...over,
});

describe('recallExport', () => {
  it('starts an unknown library with the HTML site and empty fields', () => {
    expect(recallExport(emptyMemory(), '/blog')).toEqual({ format: 'html', out: '', baseUrl: '', title: '' });
  });
  it('fills in what the last export of the library used', () => {
    const memory = rememberExport(emptyMemory(), '/blog', used());
    expect(recallExport(memory, '/blog')).toEqual(used());
  });
  it('never offers one library’s folder to another, only the format', () => {
    const memory = rememberExport(emptyMemory(), '/blog', used({ format: 'zola', out: '/zola-site' }));
    expect(recallExport(memory, '/other')).toEqual({ format: 'zola', out: '', baseUrl: '', title: '' });
  });
  it('keeps a folder for each format', () => {
    let memory = rememberExport(emptyMemory(), '/blog', used());
    memory = rememberExport(memory, '/blog', used({ format: 'hugo', out: ' /hugo ' }));
    expect(recallExport(memory, '/blog')).toEqual({
      format: 'hugo',
      out: '/hugo',
      baseUrl: 'https://example.com/',
      title: 'My blog',
    });
    expect(memory.libraries[0].folders).toEqual({ html: '/home/me/site', hugo: '/hugo' });
  });
  it('lets a Markdown export leave the site’s base URL and title alone', () => {
    let memory = rememberExport(emptyMemory(), '/blog', used());
    memory = rememberExport(memory, '/blog', used({ format: 'plain', baseUrl: '', title: '' }));
    expect(memory.libraries[0]).toMatchObject({ baseUrl: 'https://example.com/', title: 'My blog' });
    memory = rememberExport(memory, '/blog', used({ baseUrl: '', title: '' }));
    expect(memory.libraries[0]).toMatchObject({ baseUrl: '', title: '' });
  });
  it('forgets the least recently exported library first', () => {
    let memory = emptyMemory();
    for (let i = 0; i <= MAX_LIBRARIES; i++) memory = rememberExport(memory, `/lib${i}`, used());
    expect(memory.libraries).toHaveLength(MAX_LIBRARIES);
    expect(memory.libraries[0].library).toBe(`/lib${MAX_LIBRARIES}`);
    expect(memory.libraries.some((l) => l.library === '/lib0')).toBe(false);
    memory = rememberExport(memory, '/lib5', used());
    expect(memory.libraries[0].library).toBe('/lib5');
    expect(memory.libraries).toHaveLength(MAX_LIBRARIES);
  });
});

describe('folderAfterFormatChange', () => {
  let memory = rememberExport(emptyMemory(), '/blog', used());
  memory = rememberExport(memory, '/blog', used({ format: 'hugo', out: '/hugo' }));

  it('swaps the remembered folder for the new format’s', () => {
    expect(folderAfterFormatChange(memory, '/blog', 'hugo', 'html', '/hugo')).toBe('/home/me/site');
    expect(folderAfterFormatChange(memory, '/blog', 'html', 'hugo', '')).toBe('/hugo');
  });
  it('empties the field rather than offer one format’s folder to another', () => {
    expect(folderAfterFormatChange(memory, '/blog', 'html', 'zola', '/home/me/site')).toBe('');
  });
  it('keeps a folder the writer typed', () => {
    expect(folderAfterFormatChange(memory, '/blog', 'html', 'hugo', '/typed')).toBe('/typed');
    expect(folderAfterFormatChange(emptyMemory(), '/blog', 'html', 'hugo', '/typed')).toBe('/typed');
  });
});

describe('storage', () => {
  it('round-trips through storage', () => {
    const store = storage();
    const memory = rememberPostFile(rememberExport(emptyMemory(), '/blog', used()), '/home/me/posts/a.html');
    expect(writeExportMemory(store, memory)).toBe(true);
    expect(store.data.has(EXPORT_MEMORY_KEY)).toBe(true);
    expect(readExportMemory(store)).toEqual(memory);
  });
  it('reads nothing it cannot trust', () => {
    expect(readExportMemory(null)).toEqual(emptyMemory());
    expect(readExportMemory(storage({ [EXPORT_MEMORY_KEY]: '{not json' }))).toEqual(emptyMemory());
    expect(readExportMemory(storage({ [EXPORT_MEMORY_KEY]: '42' }))).toEqual(emptyMemory());
    const odd = {
      format: 'pdf',
      postFolder: 7,
      libraries: [
        { library: '/a', format: 'hugo', folders: { hugo: '/h', pdf: '/p', zola: 3, html: ' ' }, baseUrl: 1 },
        { library: '/b', format: 'word' },
        'junk',
      ],
    };
    expect(readExportMemory(storage({ [EXPORT_MEMORY_KEY]: JSON.stringify(odd) }))).toEqual({
      format: null,
      postFolder: null,
      libraries: [{ library: '/a', format: 'hugo', folders: { hugo: '/h' }, baseUrl: '', title: '' }],
    });
  });
  it('survives storage that throws', () => {
    const broken: StorageLike = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(readExportMemory(broken)).toEqual(emptyMemory());
    expect(writeExportMemory(broken, emptyMemory())).toBe(false);
    expect(writeExportMemory(null, emptyMemory())).toBe(false);
  });
});

describe('single post files', () => {
  it('offers <slug>.html, in the folder used last time', () => {
    expect(defaultPostFile('hello-world', null)).toBe('hello-world.html');
    expect(defaultPostFile('hello-world', '/home/me/out/')).toBe('/home/me/out/hello-world.html');
    expect(defaultPostFile('a', '/')).toBe('/a.html');
    expect(defaultPostFile('a', 'C:\\Users\\me')).toBe('C:\\Users\\me\\a.html');
    expect(defaultPostFile('  ', null)).toBe('post.html');
  });
  it('remembers the folder of the file chosen', () => {
    expect(parentFolder('/home/me/a.html')).toBe('/home/me');
    expect(parentFolder('/a.html')).toBe('/');
    expect(parentFolder('C:\\me\\a.html')).toBe('C:\\me');
    expect(parentFolder('a.html')).toBeNull();
    expect(rememberPostFile(emptyMemory(), '/out/a.html').postFolder).toBe('/out');
    expect(rememberPostFile({ ...emptyMemory(), postFolder: '/kept' }, 'a.html').postFolder).toBe('/kept');
  });
});
