import { describe, expect, it } from 'vitest';
import { applyChange, minimalChange, rebase } from './textDiff';

describe('minimalChange', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['', 'abc'],
    ['abc', ''],
    ['title: Old\nbody', 'title: New one\nbody'],
    ['aaa', 'aaaa'],
    ['abcabc', 'abc'],
    ['x😀y', 'x😁y'],
    ['😀', '😀😀'],
    ['---\ntags: []\n---\n\nHello', '---\ntags: [a, b]\n---\n\nHello'],
  ];
  for (const [a, b] of cases) {
    it(`turns ${JSON.stringify(a)} into ${JSON.stringify(b)}`, () => {
      expect(applyChange(a, minimalChange(a, b))).toBe(b);
    });
  }

  it('returns null for equal texts', () => {
    expect(minimalChange('same', 'same')).toBeNull();
  });

  it('replaces only the middle', () => {
    expect(minimalChange('title: Old\nbody', 'title: New\nbody')).toEqual({ from: 7, to: 10, insert: 'New' });
  });

  it('does not split surrogate pairs', () => {
    const c = minimalChange('x😀y', 'x😁y')!;
    expect(c.insert).toBe('😁');
    expect(c.from).toBe(1);
    expect(c.to).toBe(3);
  });
});

describe('rebase', () => {
  const sent = '---\ntitle: A\n---\n\nBody text';
  const result = '---\ntitle: Longer title\n---\n\nBody text';

  it('applies the change directly when nothing was typed', () => {
    expect(applyChange(sent, rebase(sent, result, sent) as never)).toBe(result);
  });

  it('keeps text typed in the body after the request was sent', () => {
    const current = sent + ' and more';
    const change = rebase(sent, result, current);
    expect(change).not.toBe('overlap');
    expect(applyChange(current, change as never)).toBe(result + ' and more');
  });

  it('shifts the change when typing happened before it', () => {
    const s = 'intro\n---\nkey: 1\n';
    const r = 'intro\n---\nkey: 22\n';
    const current = 'new intro\n---\nkey: 1\n';
    expect(applyChange(current, rebase(s, r, current) as never)).toBe('new intro\n---\nkey: 22\n');
  });

  it('reports overlapping edits', () => {
    const current = '---\ntitle: AB\n---\n\nBody text';
    expect(rebase(sent, result, current)).toBe('overlap');
  });

  it('returns null when the backend changed nothing', () => {
    expect(rebase(sent, sent, sent + 'x')).toBeNull();
  });
});
