import { describe, expect, it } from 'vitest';
import { bodyStart, firstMatch, searchTerms } from './searchMatch';

describe('searchTerms', () => {
  it('reads words and quoted phrases, an open quote running to the end', () => {
    expect(searchTerms('remote  "plain text" blog')).toEqual(['remote', 'plain text', 'blog']);
    expect(searchTerms('"half typed')).toEqual(['half typed']);
    expect(searchTerms('   ')).toEqual([]);
  });
});

describe('firstMatch', () => {
  const text = '---\ntitle: Remote work\n---\nI write about Remote work and plain text.\n';
  const body = text.indexOf('I write');

  it('finds the earliest term in the body, not in the front matter', () => {
    const [start, end] = firstMatch(text, ['plain', 'remote'], body)!;
    expect(text.slice(start, end)).toBe('Remote');
  });

  it('matches a prefix of a word, as the search box does', () => {
    const [start, end] = firstMatch(text, ['pla'], body)!;
    expect(text.slice(start, end)).toBe('pla');
  });

  it('says when nothing matches', () => {
    expect(firstMatch(text, ['absent'], body)).toBeNull();
  });
});

describe('bodyStart', () => {
  it('skips YAML or TOML front matter, and nothing else', () => {
    expect(bodyStart('---\ntitle: A\n---\nBody')).toBe('---\ntitle: A\n---\n'.length);
    expect(bodyStart('+++\ntitle = "A"\n+++\r\nBody')).toBe('+++\ntitle = "A"\n+++\r\n'.length);
    expect(bodyStart('No front matter\n---\n')).toBe(0);
  });
});
