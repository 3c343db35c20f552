import { describe, expect, it } from 'vitest';
import { collapseUnchanged, countRows, diffHunks, diffRows, inlineParts, lineChanges, type DiffRow } from './lineDiff';
import type { TextChange } from './textDiff';

/** Applies changes given in the original text's positions. */
function applyAll(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of [...changes].sort((x, y) => y.from - x.from)) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
  return out;
}

/** Rows as compact strings: "= 1 a | 1 a", "~ 2 b | 2 B", "- 3 c |", "+ | 3 d". */
const show = (rows: DiffRow[]) =>
  rows.map((r) => {
    const mark = { same: '=', changed: '~', removed: '-', added: '+' }[r.kind];
    const side = (l: DiffRow['left']) => (l ? `${l.n} ${l.text}` : '');
    return [mark, side(r.left), '|', side(r.right)].filter(Boolean).join(' ').trimEnd();
  });

/** A small deterministic generator, so a failing case can be replayed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(text: string, rnd: () => number): string {
  const lines = text.split('\n');
  const edits = 1 + Math.floor(rnd() * 4);
  const words = ['alpha', 'beta', '', 'gamma', '---', 'title: x', '😀 emoji', 'delta'];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (lines.length + 1));
    const pick = words[Math.floor(rnd() * words.length)];
    const op = rnd();
    if (op < 0.33) lines.splice(at, 0, pick);
    else if (op < 0.66) lines.splice(at, 1);
    else if (at < lines.length) lines[at] = lines[at] + pick;
  }
  return lines.join('\n');
}

describe('diffHunks', () => {
  it('finds nothing in equal texts', () => {
    expect(diffHunks(['a', 'b'], ['a', 'b'])).toEqual([]);
  });

  it('finds a replaced line between kept ones', () => {
    expect(diffHunks(['a', 'b', 'c'], ['a', 'B', 'c'])).toEqual([{ left: 1, leftCount: 1, right: 1, rightCount: 1 }]);
  });

  it('keeps separate edits apart', () => {
    const a = ['1', '2', '3', '4', '5', '6'];
    const b = ['0', '1', '2', '3', '4', '6'];
    expect(diffHunks(a, b)).toEqual([
      { left: 0, leftCount: 0, right: 0, rightCount: 1 },
      { left: 4, leftCount: 1, right: 5, rightCount: 0 },
    ]);
  });

  it('gives a whole block when the texts share nothing', () => {
    expect(diffHunks(['a', 'b'], ['c'])).toEqual([{ left: 0, leftCount: 2, right: 0, rightCount: 1 }]);
  });

  it('degrades to one block instead of running out of memory on huge rewrites', () => {
    const a = Array.from({ length: 6000 }, (_, i) => `left ${i}`);
    const b = Array.from({ length: 6000 }, (_, i) => `right ${i}`);
    a.unshift('same');
    b.unshift('same');
    expect(diffHunks(a, b)).toEqual([{ left: 1, leftCount: 6000, right: 1, rightCount: 6000 }]);
  });
});

describe('diffRows', () => {
  it('pairs replaced lines and leaves the rest on one side', () => {
    expect(show(diffRows('a\nb\nc\nd', 'a\nB\nc\nd\ne'))).toEqual([
      '= 1 a | 1 a',
      '~ 2 b | 2 B',
      '= 3 c | 3 c',
      '= 4 d | 4 d',
      '+ | 5 e',
    ]);
    expect(show(diffRows('a\nb\nc', 'a'))).toEqual(['= 1 a | 1 a', '- 2 b |', '- 3 c |']);
  });

  it('numbers lines on each side by their own text', () => {
    const rows = diffRows('x\ny', 'new\nx\ny');
    expect(show(rows)).toEqual(['+ | 1 new', '= 1 x | 2 x', '= 2 y | 3 y']);
  });

  it('sees a final newline as a line of its own', () => {
    expect(show(diffRows('a', 'a\n'))).toEqual(['= 1 a | 1 a', '+ | 2']);
  });

  it('counts what changed', () => {
    expect(countRows(diffRows('a\nb\nc', 'a\nB\nc\nd'))).toEqual({ changed: 2, same: 2 });
  });
});

describe('collapseUnchanged', () => {
  const lines = (n: number, prefix = 'l') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

  it('folds long unchanged runs, keeping context around each change', () => {
    const a = lines(20).join('\n');
    const b = a.replace('l10', 'changed');
    const blocks = collapseUnchanged(diffRows(a, b), 3);
    const kinds = blocks.map((b) => (b.kind === 'gap' ? `gap ${b.rows.length}` : b.kind));
    expect(kinds).toEqual(['gap 6', 'same', 'same', 'same', 'changed', 'same', 'same', 'same', 'gap 7']);
  });

  it('keeps the folded rows so they can be shown', () => {
    const a = lines(12).join('\n');
    const blocks = collapseUnchanged(diffRows(a, a + '\nend'), 2);
    const gap = blocks[0];
    expect(gap.kind).toBe('gap');
    if (gap.kind === 'gap') expect(gap.rows.map((r) => r.left?.text)).toEqual(lines(10));
  });

  it('does not fold a single line', () => {
    const a = lines(8).join('\n');
    const b = a.replace('l1\n', 'first\n').replace('l8', 'last');
    const blocks = collapseUnchanged(diffRows(a, b), 3);
    expect(blocks.some((b) => b.kind === 'gap')).toBe(false);
  });

  it('folds everything when nothing changed', () => {
    const a = lines(5).join('\n');
    const blocks = collapseUnchanged(diffRows(a, a), 3);
    expect(blocks).toHaveLength(1);
    expect(blocks[0].kind).toBe('gap');
  });
});

describe('inlineParts', () => {
  it('marks only the middle that differs', () => {
    expect(inlineParts('title: Old post', 'title: New post')).toEqual({
      left: { before: 'title: ', changed: 'Old', after: ' post' },
      right: { before: 'title: ', changed: 'New', after: ' post' },
    });
  });

  it('handles additions at the end and equal lines', () => {
    expect(inlineParts('abc', 'abcdef').right).toEqual({ before: 'abc', changed: 'def', after: '' });
    expect(inlineParts('same', 'same').left).toEqual({ before: 'same', changed: '', after: '' });
  });
});

describe('lineChanges', () => {
  const cases: [string, string][] = [
    ['', ''],
    ['', 'abc'],
    ['abc', ''],
    ['a', 'a\na'],
    ['a\na', 'a'],
    ['x\ny', 'x'],
    ['x', 'x\ny'],
    ['x\n', 'x'],
    ['x', 'x\n'],
    ['\n', ''],
    ['a\nb\nc', 'b\nc'],
    ['a\nb\nc', 'a\nb'],
    ['a\nb\nc', 'z\na\nb\nc\nz'],
    ['---\ntitle: A\n---\n\nBody', '---\ntitle: B\n---\n\nBody\n\nMore'],
    ['😀\nline', '😁\nline'],
    ['😀ba\n\nabbbc\n\n\n😀', 'b😀c\n\n\na😀cab\na\n'],
  ];
  for (const [a, b] of cases) {
    it(`turns ${JSON.stringify(a)} into ${JSON.stringify(b)}`, () => {
      const changes = lineChanges(a, b);
      expect(applyAll(a, changes)).toBe(b);
      for (const c of changes) {
        expect(c.from).toBeGreaterThanOrEqual(0);
        expect(c.to).toBeLessThanOrEqual(a.length);
      }
    });
  }

  it('changes nothing for equal texts', () => {
    expect(lineChanges('same\ntext', 'same\ntext')).toEqual([]);
  });

  it('keeps distant edits as separate small changes', () => {
    const middle = Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n');
    const a = `title: Old\n${middle}\nend.`;
    const b = `title: New\n${middle}\nend!`;
    const changes = lineChanges(a, b);
    expect(changes).toEqual([
      { from: 7, to: 10, insert: 'New' },
      { from: a.length - 1, to: a.length, insert: '!' },
    ]);
  });

  it('turns any text into any other (random edits)', () => {
    const rnd = random(42);
    let text = 'one\ntwo\nthree\n\nfour\nfive';
    for (let round = 0; round < 400; round++) {
      const next = mutate(text, rnd);
      const changes = lineChanges(text, next);
      const sorted = [...changes].sort((x, y) => x.from - y.from);
      for (let i = 1; i < sorted.length; i++) expect(sorted[i].from).toBeGreaterThan(sorted[i - 1].to);
      expect(applyAll(text, changes)).toBe(next);
      expect(show(diffRows(text, next)).length).toBeGreaterThan(0);
      text = next;
    }
  });
});
