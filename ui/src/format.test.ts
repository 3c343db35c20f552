import { describe, expect, it } from 'vitest';
import {
  dateOnly,
  formatBytes,
  formatDate,
  formatRevisionTime,
  recentLabel,
  wordChange,
  formatSeconds,
  fullLocalTime,
  readingLabel,
  wordsLabel,
} from './format';

describe('format', () => {
  it('counts words', () => {
    expect(wordsLabel(0)).toBe('0 words');
    expect(wordsLabel(1)).toBe('1 word');
    expect(wordsLabel(12345)).toBe('12,345 words');
  });
  it('rounds reading time and never says 0 for some text', () => {
    expect(readingLabel(2.6, 600)).toBe('3 min read');
    expect(readingLabel(0.1, 20)).toBe('1 min read');
    expect(readingLabel(0, 0)).toBe('0 min read');
  });
  it('keeps the written calendar date', () => {
    expect(dateOnly('2024-03-09T23:30:00-08:00')).toBe('2024-03-09');
    expect(dateOnly(null)).toBe('');
    expect(dateOnly('soon')).toBe('');
    expect(formatDate('2024-03-09')).toBe('9 Mar 2024');
    expect(formatDate('2024-13-01')).toBe('2024-13-01');
  });
});

describe('wordChange', () => {
  it('signs the change and says when the length is the same', () => {
    expect(wordChange(56)).toBe('+56 words');
    expect(wordChange(-1)).toBe('−1 word');
    expect(wordChange(0)).toBe('same length');
    expect(wordChange(0, 6)).toBe('+6 characters');
    expect(wordChange(0, -1)).toBe('−1 character');
    expect(wordChange(2, 40)).toBe('+2 words');
  });
});

describe('formatRevisionTime', () => {
  // Built from local parts, so the test reads the same in every time zone.
  const now = new Date(2024, 2, 9, 15, 30, 0);
  const at = (...parts: [number, number, number, number, number, number?]) => new Date(...parts).toISOString();

  it('always shows the clock time, with seconds today, so close versions differ', () => {
    expect(formatRevisionTime(at(2024, 2, 9, 15, 29, 40), now)).toBe('Today, 15:29:40');
    expect(formatRevisionTime(at(2024, 2, 9, 15, 29, 52), now)).toBe('Today, 15:29:52');
    expect(recentLabel(at(2024, 2, 9, 15, 29, 40), now)).toBe('just now');
    expect(recentLabel(at(2024, 2, 9, 15, 25, 0), now)).toBe('5 min ago');
    expect(recentLabel(at(2024, 2, 9, 14, 29, 0), now)).toBeNull();
  });

  it('names today and yesterday in local time', () => {
    expect(formatRevisionTime(at(2024, 2, 9, 9, 5), now)).toBe('Today, 09:05:00');
    expect(formatRevisionTime(at(2024, 2, 9, 0, 0), now)).toBe('Today, 00:00:00');
    expect(formatRevisionTime(at(2024, 2, 8, 23, 59), now)).toBe('Yesterday, 23:59');
  });

  it('gives the date further back, with the year only when it differs', () => {
    expect(formatRevisionTime(at(2024, 1, 29, 8, 0), now)).toBe('29 Feb, 08:00');
    expect(formatRevisionTime(at(2023, 11, 31, 18, 45), now)).toBe('31 Dec 2023, 18:45');
  });

  it('reads RFC 3339 with an offset and shows anything else as it came', () => {
    const d = new Date('2024-03-09T10:00:00+02:00');
    const local = [d.getHours(), d.getMinutes()].map((n) => String(n).padStart(2, '0')).join(':');
    expect(formatRevisionTime('2024-03-09T10:00:00+02:00', new Date(2024, 2, 20))).toBe(`${d.getDate()} Mar, ${local}`);
    expect(formatRevisionTime('not a date', now)).toBe('not a date');
  });

  it('does not call a time from the future recent', () => {
    expect(formatRevisionTime(at(2024, 2, 9, 15, 40), now)).toBe('Today, 15:40:00');
    expect(recentLabel(at(2024, 2, 9, 15, 40), now)).toBeNull();
  });

  it('spells out the full local time for a tooltip', () => {
    expect(fullLocalTime(at(2024, 2, 9, 7, 8, 9))).toBe('2024-03-09 07:08:09');
    expect(fullLocalTime('nope')).toBe('nope');
  });
});

describe('formatBytes', () => {
  it('counts small sizes in bytes', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1023)).toBe('1023 bytes');
  });
  it('gives one decimal below 10 and whole numbers above', () => {
    expect(formatBytes(1024)).toBe('1 KB');
    expect(formatBytes(4300)).toBe('4.2 KB');
    expect(formatBytes(123_456)).toBe('121 KB');
    expect(formatBytes(1_572_864)).toBe('1.5 MB');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5 GB');
  });
  it('moves up a unit rather than read 1,024', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB');
    expect(formatBytes(10 * 1024 - 10)).toBe('10 KB');
  });
  it('never shows nonsense', () => {
    expect(formatBytes(-5)).toBe('0 bytes');
    expect(formatBytes(Number.NaN)).toBe('0 bytes');
  });
});

describe('formatSeconds', () => {
  it('says "under 0.1 s" for the quickest jobs', () => {
    expect(formatSeconds(0)).toBe('under 0.1 s');
    expect(formatSeconds(0.04)).toBe('under 0.1 s');
    expect(formatSeconds(Number.NaN)).toBe('under 0.1 s');
  });
  it('gives one decimal below 10 s and whole seconds above', () => {
    expect(formatSeconds(0.05)).toBe('0.1 s');
    expect(formatSeconds(0.42)).toBe('0.4 s');
    expect(formatSeconds(3)).toBe('3 s');
    expect(formatSeconds(9.96)).toBe('10 s');
    expect(formatSeconds(12.4)).toBe('12 s');
  });
  it('switches to minutes and hours', () => {
    expect(formatSeconds(125)).toBe('2 min 5 s');
    expect(formatSeconds(120)).toBe('2 min');
    expect(formatSeconds(3780)).toBe('1 h 3 min');
    expect(formatSeconds(7200)).toBe('2 h');
  });
});
