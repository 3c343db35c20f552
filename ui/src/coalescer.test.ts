import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('Coalescer', () => {
  it('sends at once when idle and keeps one request in flight', async () => {
    const sent: string[] = [];
    const calls: ReturnType<typeof deferred<string>>[] = [];
    const results: string[] = [];
    const c = new Coalescer<string, string>(
      (t) => {
        sent.push(t);
        const d = deferred<string>();
        calls.push(d);
        return d.promise;
      },
      (out) => results.push(out),
    );
    c.push('a');
    expect(sent).toEqual(['a']);
    c.push('ab');
    c.push('abc');
    c.push('abcd');
    expect(sent).toEqual(['a']);
    expect(c.busy).toBe(true);

    calls[0].resolve('<p>a</p>');
    await flush();
    expect(results).toEqual(['<p>a</p>']);
    expect(sent).toEqual(['a', 'abcd']);

    calls[1].resolve('<p>abcd</p>');
    await flush();
    expect(results).toEqual(['<p>a</p>', '<p>abcd</p>']);
    expect(sent).toHaveLength(2);
    expect(c.busy).toBe(false);
  });

  it('carries on after an error', async () => {
    const calls: ReturnType<typeof deferred<string>>[] = [];
    const errors: unknown[] = [];
    const results: string[] = [];
    const c = new Coalescer<string, string>(
      () => {
        const d = deferred<string>();
        calls.push(d);
        return d.promise;
      },
      (out) => results.push(out),
      (e) => errors.push(e),
    );
    c.push('x');
    c.push('y');
    calls[0].reject(new Error('boom'));
    await flush();
    expect(errors).toHaveLength(1);
    expect(calls).toHaveLength(2);
    calls[1].resolve('Y');
    await flush();
    expect(results).toEqual(['Y']);
  });

  it('ignores the result in flight after reset but still waits for it', async () => {
    const sent: string[] = [];
    const calls: ReturnType<typeof deferred<string>>[] = [];
    const results: string[] = [];
    const c = new Coalescer<string, string>(
      (t) => {
        sent.push(t);
        const d = deferred<string>();
        calls.push(d);
        return d.promise;
      },
      (out) => results.push(out),
    );
    c.push('old post');
    c.reset();
    c.push('new post');
    expect(sent).toEqual(['old post']);
    calls[0].resolve('OLD');
    await flush();
    expect(results).toEqual([]);
    expect(sent).toEqual(['old post', 'new post']);
    calls[1].resolve('NEW');
    await flush();
    expect(results).toEqual(['NEW']);
  });

  it('survives a runner that throws synchronously', async () => {
    const errors: unknown[] = [];
    const c = new Coalescer<string, string>(
      () => {
        throw new Error('sync');
      },
      () => {},
      (e) => errors.push(e),
    );
    c.push('a');
    await flush();
    expect(errors).toHaveLength(1);
    expect(c.busy).toBe(false);
  });
});
