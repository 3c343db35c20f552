import { expect, it } from 'vitest';
import { lineChanges } from './lineDiff';
it('fuzz', () => {
  for (let seed = 1; seed < 60; seed++) {
    let s = seed;
    const rnd = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const alphabet = ['a', 'b', '\n', '\n', 'c', '😀'];
    const gen = () => Array.from({ length: Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const a = gen(), b = gen();
      const ch = lineChanges(a, b);
      for (let k = 1; k < ch.length; k++) expect(ch[k].from, JSON.stringify([a,b,ch])).toBeGreaterThan(ch[k-1].to);
      let out = a;
      for (const c of [...ch].reverse()) out = out.slice(0, c.from) + c.insert + out.slice(c.to);
      expect(out, JSON.stringify([a, b])).toBe(b);
    }
  }
});
