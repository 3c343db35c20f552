import { describe, expect, it } from 'vitest';
import { copyHtml, type ClipboardWriters } from './clipboard';

const HTML = '<h1>Hi</h1><p>there</p>';

function writers(fail: { rich?: boolean; text?: boolean; command?: boolean | 'throw' } = {}) {
  const calls: string[] = [];
  const w: ClipboardWriters = {
    writeRich: async (html) => {
      calls.push(`rich:${await html}`);
      if (fail.rich) throw new DOMException('denied', 'NotAllowedError');
    },
    writeText: async (text) => {
      calls.push(`text:${text}`);
      if (fail.text) throw new Error('denied');
    },
    execCopy: (html) => {
      calls.push(`command:${html}`);
      if (fail.command === 'throw') throw new Error('no');
      return !fail.command;
    },
  };
  return { w, calls };
}

describe('copyHtml', () => {
  it('writes rich text first', async () => {
    const { w, calls } = writers();
    await expect(copyHtml(Promise.resolve(HTML), w)).resolves.toBe('rich');
    expect(calls).toEqual([`rich:${HTML}`]);
  });
  it('asks for the rich write before awaiting anything, while the click still counts', () => {
    let called = false;
    void copyHtml(new Promise<string>(() => undefined), {
      writeRich: () => {
        called = true;
        return new Promise(() => undefined);
      },
    });
    expect(called).toBe(true);
  });
  it('falls back to plain text, then to the copy command', async () => {
    const a = writers({ rich: true });
    await expect(copyHtml(Promise.resolve(HTML), a.w)).resolves.toBe('text');
    expect(a.calls).toEqual([`rich:${HTML}`, `text:${HTML}`]);

    const b = writers({ rich: true, text: true });
    await expect(copyHtml(Promise.resolve(HTML), b.w)).resolves.toBe('command');
    expect(b.calls).toEqual([`rich:${HTML}`, `text:${HTML}`, `command:${HTML}`]);
  });
  it('skips the ways this webview lacks', async () => {
    await expect(copyHtml(Promise.resolve(HTML), { writeText: async () => undefined })).resolves.toBe('text');
    await expect(copyHtml(Promise.resolve(HTML), { execCopy: () => true })).resolves.toBe('command');
  });
  it('fails as retryable when every way failed', async () => {
    await expect(copyHtml(Promise.resolve(HTML), writers({ rich: true, text: true, command: true }).w)).rejects.toEqual({
      kind: 'retry',
      message: 'the clipboard did not accept it',
    });
    await expect(copyHtml(Promise.resolve(HTML), writers({ rich: true, text: true, command: 'throw' }).w)).rejects.toEqual(
      { kind: 'retry', message: 'the clipboard did not accept it' },
    );
    await expect(copyHtml(Promise.resolve(HTML), {})).rejects.toMatchObject({ kind: 'retry' });
  });
  it('reports the backend’s error when the HTML could not be had, trying nothing else', async () => {
    const failure = { kind: 'user', message: 'there is no post 7' };
    const calls: string[] = [];
    const w: ClipboardWriters = {
      writeRich: async (html) => {
        await html;
      },
      writeText: async () => void calls.push('text'),
      execCopy: () => {
        calls.push('command');
        return true;
      },
    };
    await expect(copyHtml(Promise.reject(failure), w)).rejects.toBe(failure);
    expect(calls).toEqual([]);
  });
});
