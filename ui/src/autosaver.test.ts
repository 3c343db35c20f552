import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AutoSaver, type SaveState } from './autosaver';

function setup(opts: { fail?: number; saveMs?: number } = {}) {
  let text = 'start';
  let failuresLeft = opts.fail ?? 0;
  const stored: string[] = [];
  const pending: string[] = [];
  const states: SaveState[] = [];
  const saver = new AutoSaver('start', {
    getText: () => text,
    save: async (t) => {
      await new Promise((r) => setTimeout(r, opts.saveMs ?? 10));
      if (failuresLeft > 0) {
        failuresLeft--;
        throw { kind: 'retry', message: 'Disk is busy' };
      }
      stored.push(t);
    },
    keepPending: async (t) => void pending.push(t),
    onState: (s) => states.push(s),
    delayMs: 800,
    retryDelaysMs: [1000, 5000],
  });
  const type = (t: string) => {
    text = t;
    saver.changed();
  };
  /** A paste or a drop, which the editor reports as such. */
  const paste = (t: string) => {
    text = t;
    saver.changed(true);
  };
  const last = () => states[states.length - 1];
  return { saver, stored, pending, states, type, paste, last, getText: () => text };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('AutoSaver', () => {
  it('saves once, 800 ms after the last keystroke', async () => {
    const { type, stored, last } = setup();
    type('s1');
    await vi.advanceTimersByTimeAsync(500);
    type('s12');
    await vi.advanceTimersByTimeAsync(500);
    type('s123');
    expect(last()).toEqual({ kind: 'unsaved' });
    await vi.advanceTimersByTimeAsync(799);
    expect(stored).toEqual([]);
    await vi.advanceTimersByTimeAsync(20);
    expect(stored).toEqual(['s123']);
    expect(last()).toEqual({ kind: 'saved' });
  });

  it('stores a paste at once, not after the pause in typing', async () => {
    const { paste, stored } = setup();
    paste('start and a whole pasted chapter');
    await vi.advanceTimersByTimeAsync(15);
    expect(stored).toEqual(['start and a whole pasted chapter']);
  });

  it('keeps a paste while a conflict pauses saving at once, as the pending version', async () => {
    const { saver, paste, pending } = setup();
    saver.pause();
    paste('pasted while paused');
    await vi.advanceTimersByTimeAsync(5);
    expect(pending).toEqual(['pasted while paused']);
  });

  it('flushes at once and reports whether everything is stored', async () => {
    const { saver, type, stored } = setup();
    type('abc');
    const done = saver.flush();
    await vi.advanceTimersByTimeAsync(10);
    expect(await done).toBe(true);
    expect(stored).toEqual(['abc']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(stored).toEqual(['abc']);
  });

  it('does not call the backend when nothing changed', async () => {
    const { saver, type, stored, last } = setup();
    type('start');
    expect(last()).toEqual({ kind: 'saved' });
    expect(await saver.flush()).toBe(true);
    expect(stored).toEqual([]);
  });

  it('saves text typed during a save right after it', async () => {
    const { type, stored, last } = setup({ saveMs: 300 });
    type('one');
    await vi.advanceTimersByTimeAsync(800);
    type('one two');
    await vi.advanceTimersByTimeAsync(300);
    expect(stored).toEqual(['one']);
    expect(last()).toEqual({ kind: 'unsaved' });
    await vi.advanceTimersByTimeAsync(1200);
    expect(stored).toEqual(['one', 'one two']);
    expect(last()).toEqual({ kind: 'saved' });
  });

  it('shows the error and retries until the text is stored', async () => {
    const { type, stored, states, last, saver } = setup({ fail: 2 });
    type('precious');
    await vi.advanceTimersByTimeAsync(810);
    expect(last()).toEqual({ kind: 'error', message: 'Disk is busy' });
    expect(saver.dirty).toBe(true);
    await vi.advanceTimersByTimeAsync(1010);
    expect(stored).toEqual([]);
    expect(last()).toEqual({ kind: 'error', message: 'Disk is busy' });
    await vi.advanceTimersByTimeAsync(5010);
    expect(stored).toEqual(['precious']);
    expect(last()).toEqual({ kind: 'saved' });
    expect(states.filter((s) => s.kind === 'error')).toHaveLength(2);
  });

  it('keeps showing the error, not Unsaved, while typing after a failure', async () => {
    const { type, last } = setup({ fail: 5 });
    type('a');
    await vi.advanceTimersByTimeAsync(810);
    type('ab');
    expect(last()).toEqual({ kind: 'error', message: 'Disk is busy' });
  });

  it('flush resolves false when the save fails, and the text is kept', async () => {
    const { saver, type, stored, getText } = setup({ fail: 1 });
    type('keep me');
    const done = saver.flush();
    await vi.advanceTimersByTimeAsync(10);
    expect(await done).toBe(false);
    expect(getText()).toBe('keep me');
    await vi.advanceTimersByTimeAsync(1010);
    expect(stored).toEqual(['keep me']);
  });

  it('runs exclusive writes after the save in flight, never beside it', async () => {
    let text = 'start';
    const order: string[] = [];
    const saver = new AutoSaver('start', {
      getText: () => text,
      save: async (t) => {
        order.push(`save ${t} start`);
        await new Promise((r) => setTimeout(r, 100));
        order.push(`save ${t} end`);
      },
      onState: () => {},
    });
    text = 'body';
    void saver.flush();
    await vi.advanceTimersByTimeAsync(1);
    const fields = saver.exclusive(async () => {
      order.push('fields start');
      await new Promise((r) => setTimeout(r, 50));
      order.push('fields end');
      return { saved: 'front+body', value: 42 };
    });
    text = 'front+body more';
    saver.changed();
    await vi.advanceTimersByTimeAsync(1000);
    expect(await fields).toBe(42);
    expect(order).toEqual([
      'save body start',
      'save body end',
      'fields start',
      'fields end',
      'save front+body more start',
      'save front+body more end',
    ]);
    expect(saver.dirty).toBe(false);
  });

  it('an exclusive write stores the text and cancels the pending autosave', async () => {
    let text = 'a';
    const stored: string[] = [];
    const saver = new AutoSaver('a', {
      getText: () => text,
      save: async (t) => {
        stored.push(t);
      },
      onState: () => {},
    });
    text = 'ab';
    saver.changed();
    await saver.exclusive(async () => {
      text = 'FM ab';
      return { saved: 'FM ab', value: null };
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(stored).toEqual([]);
    expect(saver.dirty).toBe(false);
  });

  it('after a failed exclusive write the typed text is still autosaved', async () => {
    const { saver, type, stored } = setup();
    type('typed');
    await expect(
      saver.exclusive(async () => {
        throw { kind: 'user', message: 'Bad date' };
      }),
    ).rejects.toEqual({ kind: 'user', message: 'Bad date' });
    await vi.advanceTimersByTimeAsync(820);
    expect(stored).toEqual(['typed']);
  });

  it('stops scheduling after dispose', async () => {
    const { saver, type, stored } = setup();
    type('x');
    saver.dispose();
    type('xy');
    await vi.advanceTimersByTimeAsync(5000);
    expect(stored).toEqual([]);
  });

  it('reports a save in flight as busy', async () => {
    const { saver, type } = setup({ saveMs: 100 });
    expect(saver.busy).toBe(false);
    type('abc');
    await vi.advanceTimersByTimeAsync(810);
    expect(saver.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(saver.busy).toBe(false);
  });

  it('pauses: typing is kept but not stored, flush stores nothing, resume saves', async () => {
    const { saver, type, stored, last } = setup();
    saver.pause();
    expect(last()).toEqual({ kind: 'paused' });
    type('typed while paused');
    expect(last()).toEqual({ kind: 'paused' });
    await vi.advanceTimersByTimeAsync(5000);
    expect(stored).toEqual([]);
    expect(await saver.flush()).toBe(false);
    expect(stored).toEqual([]);
    saver.resume();
    expect(last()).toEqual({ kind: 'unsaved' });
    await vi.advanceTimersByTimeAsync(820);
    expect(stored).toEqual(['typed while paused']);
    expect(last()).toEqual({ kind: 'saved' });
  });

  it('while paused, what is typed is kept pending after the same pause in typing, never saved', async () => {
    const { saver, type, stored, pending } = setup();
    type('typed before the conflict');
    saver.pause();
    await vi.advanceTimersByTimeAsync(810);
    expect(pending).toEqual(['typed before the conflict']);
    type('typed before the conflict, and more');
    await vi.advanceTimersByTimeAsync(500);
    type('typed before the conflict, and more still');
    await vi.advanceTimersByTimeAsync(810);
    expect(pending).toEqual(['typed before the conflict', 'typed before the conflict, and more still']);
    expect(stored).toEqual([]);
    // Resumed before the next keep was due: the save takes over.
    type('settled');
    saver.resume();
    await vi.advanceTimersByTimeAsync(2000);
    expect(pending).toHaveLength(2);
    expect(stored).toEqual(['settled']);
  });

  it('a pause with nothing typed keeps nothing pending', async () => {
    const { saver, pending } = setup();
    saver.pause();
    await vi.advanceTimersByTimeAsync(2000);
    expect(pending).toEqual([]);
  });

  it('a pause stops a save that was waiting its turn and the retries', async () => {
    const { saver, type, stored } = setup({ fail: 1 });
    type('one');
    await vi.advanceTimersByTimeAsync(810);
    saver.pause();
    await vi.advanceTimersByTimeAsync(10000);
    expect(stored).toEqual([]);
    saver.resume();
    await vi.advanceTimersByTimeAsync(820);
    expect(stored).toEqual(['one']);
  });

  it('exclusive writes still run while paused', async () => {
    const { saver, type, stored, last } = setup();
    saver.pause();
    type('mine');
    const value = await saver.exclusive(async () => ({ saved: 'mine', value: 7 }));
    expect(value).toBe(7);
    expect(saver.dirty).toBe(false);
    expect(last()).toEqual({ kind: 'saved' });
    expect(stored).toEqual([]);
  });

  it('adopts text the backend already holds without saving it back', async () => {
    const { saver, type, stored, last } = setup();
    type('outside');
    saver.adopt('outside');
    expect(saver.dirty).toBe(false);
    expect(saver.savedText).toBe('outside');
    expect(last()).toEqual({ kind: 'saved' });
    await vi.advanceTimersByTimeAsync(2000);
    expect(stored).toEqual([]);
  });

  it('adopting clears an error about text the editor no longer holds', async () => {
    const { saver, type, stored, last } = setup({ fail: 5 });
    type('failing');
    await vi.advanceTimersByTimeAsync(810);
    expect(last().kind).toBe('error');
    type('outside');
    saver.adopt('outside');
    expect(last()).toEqual({ kind: 'saved' });
    await vi.advanceTimersByTimeAsync(60000);
    expect(stored).toEqual([]);
  });
});
