import { describe, expect, it } from 'vitest';
import { dateOnly, formatDate, readingLabel, wordsLabel } from './format';

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
