import { GFM, parser } from '@lezer/markdown';
import { describe, expect, it } from 'vitest';
import { frontMatterSyntax } from './frontMatter';

const md = parser.configure([GFM, frontMatterSyntax]);

function topLevel(text: string): string[] {
  const names: string[] = [];
  const cursor = md.parse(text).cursor();
  if (cursor.firstChild()) {
    do names.push(`${cursor.name}@${cursor.from}-${cursor.to}`);
    while (cursor.nextSibling());
  }
  return names;
}

describe('front matter syntax', () => {
  it('reads YAML front matter as one block, not a setext heading', () => {
    const text = '---\ntitle: Hi\ndraft: true\n---\n\n# Body\n';
    expect(topLevel(text)).toEqual(['FrontMatter@0-29', 'ATXHeading1@31-37']);
  });

  it('reads TOML front matter', () => {
    expect(topLevel('+++\ntitle = "x"\n+++\ntext\n')[0]).toBe('FrontMatter@0-19');
  });

  it('only counts at the very start of the document', () => {
    const names = topLevel('intro\n\n---\ntitle: x\n---\n');
    expect(names.some((n) => n.startsWith('FrontMatter'))).toBe(false);
  });

  it('runs to the end while the closing fence is still missing', () => {
    expect(topLevel('---\ntitle: x\n')).toEqual(['FrontMatter@0-12']);
  });
});
