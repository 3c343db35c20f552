// Tag chip input rules: commas and Enter add, names are trimmed and unique
// regardless of case, and the first spelling wins.
import type { TagCount } from './api';

export function cleanTag(raw: string): string {
  return raw.trim().replace(/^#+/, '').replace(/\s+/g, ' ').trim();
}

/** Splits typed text on commas: finished tags, and what is still being typed. */
export function splitTagInput(raw: string): { tags: string[]; rest: string } {
  const parts = raw.split(',');
  const rest = parts.pop() ?? '';
  return { tags: parts.map(cleanTag).filter(Boolean), rest };
}

export function addTags(existing: readonly string[], incoming: readonly string[]): string[] {
  const out = [...existing];
  const seen = new Set(existing.map((t) => t.toLowerCase()));
  for (const raw of incoming) {
    const tag = cleanTag(raw);
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out;
}

export function removeTag(existing: readonly string[], name: string): string[] {
  const key = name.toLowerCase();
  return existing.filter((t) => t.toLowerCase() !== key);
}

export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** Existing tags matching what is typed: prefix matches first, then by use. */
export function suggestTags(all: readonly TagCount[], typed: string, exclude: readonly string[], limit = 8): string[] {
  const q = cleanTag(typed).toLowerCase();
  if (!q) return [];
  const taken = new Set(exclude.map((t) => t.toLowerCase()));
  return all
    .filter((t) => !taken.has(t.name.toLowerCase()) && t.name.toLowerCase().includes(q))
    .sort((a, b) => {
      const ap = a.name.toLowerCase().startsWith(q) ? 0 : 1;
      const bp = b.name.toLowerCase().startsWith(q) ? 0 : 1;
      return ap - bp || b.count - a.count || a.name.localeCompare(b.name);
    })
    .slice(0, limit)
    .map((t) => t.name);
}
