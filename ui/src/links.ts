// What a click on a link in the preview does. The window itself never navigates.

export type LinkAction =
  | { kind: 'external'; url: string }
  | { kind: 'anchor'; id: string }
  /** A path or site address: perhaps another post in the library (the core decides). */
  | { kind: 'local'; href: string }
  | { kind: 'none' };

export function classifyLink(href: string | null): LinkAction {
  if (!href) return { kind: 'none' };
  const h = href.trim();
  if (h.startsWith('#')) {
    const raw = h.slice(1);
    if (!raw) return { kind: 'none' };
    let id = raw;
    try {
      id = decodeURIComponent(raw);
    } catch {
      // A malformed escape: use the id as written.
    }
    return { kind: 'anchor', id };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(h)?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https') {
    try {
      const url = new URL(h);
      return url.host ? { kind: 'external', url: url.href } : { kind: 'none' };
    } catch {
      return { kind: 'none' };
    }
  }
  if (scheme === 'mailto' && h.length > 'mailto:'.length) return { kind: 'external', url: h };
  // No scheme: a relative path (other.md) or an address on the site (/other-post/).
  if (!scheme && !h.startsWith('//')) return { kind: 'local', href: h };
  return { kind: 'none' };
}
