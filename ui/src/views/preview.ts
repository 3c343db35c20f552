// The rendered post. The backend's sanitized HTML is morphed into place so the
// scroll position and loaded images stay put; link clicks never navigate the window.
import morphdom from 'morphdom';
import { classifyLink } from '../links';
import { scrollTopFor } from '../scrollSync';
import { part } from './part';

export class PreviewPane {
  private readonly parser = new DOMParser();
  /** #preview: the rendered article. */
  private readonly content: HTMLElement;

  /** Mounts on #preview-pane, the scrolling pane around the article. */
  constructor(
    private readonly scroller: HTMLElement,
    private readonly openExternal: (url: string) => void,
    /** A link that may be another post of the library (other.md, /other-post/). */
    private readonly openLocal: (href: string) => void = () => {},
  ) {
    this.content = part(scroller, 'preview');
    this.content.addEventListener('click', (e) => this.onClick(e));
    this.content.addEventListener('auxclick', (e) => {
      if ((e.target as Element | null)?.closest?.('a')) e.preventDefault();
    });
  }

  show(html: string, title: string | null = null): void {
    const heading = this.scroller.querySelector<HTMLElement>('#preview-title');
    // Written only when changed: without a GPU a rewritten heading repaints
    // the pane from it down to the patched paragraph.
    if (heading && heading.textContent !== (title ?? '')) heading.textContent = title ?? '';
    if (heading && heading.hidden !== !title) heading.hidden = !title;
    // Parsed in an inert document: nothing loads or runs until morphdom moves it in.
    const parsing = performance.now();
    const doc = this.parser.parseFromString(`<!doctype html><body>${html}`, 'text/html');
    const morphing = performance.now();
    morphdom(this.content, doc.body, {
      childrenOnly: true,
      onBeforeElUpdated: (from, to) => !from.isEqualNode(to),
    });
    timed('quire:preview-parse', parsing, morphing);
    timed('quire:preview-morph', morphing, performance.now());
  }

  clear(): void {
    this.content.replaceChildren();
    this.show('', null);
    this.scroller.scrollTop = 0;
  }

  /** Follows the editor: the same fraction of the way down. */
  syncTo(fraction: number): void {
    this.scroller.scrollTop = scrollTopFor(fraction, this.scroller.scrollHeight, this.scroller.clientHeight);
  }

  private onClick(e: MouseEvent): void {
    const link = (e.target as Element | null)?.closest?.('a');
    if (!link || !this.content.contains(link)) return;
    e.preventDefault();
    const action = classifyLink(link.getAttribute('href'));
    if (action.kind === 'external') this.openExternal(action.url);
    else if (action.kind === 'anchor') this.scrollToAnchor(action.id);
    else if (action.kind === 'local') this.openLocal(action.href);
  }

  private scrollToAnchor(id: string): void {
    const target =
      this.content.querySelector(`[id="${CSS.escape(id)}"]`) ??
      this.content.querySelector(`[id="user-content-${CSS.escape(id)}"]`) ??
      this.content.querySelector(`[name="${CSS.escape(id)}"]`);
    if (!target) return;
    const top = target.getBoundingClientRect().top - this.scroller.getBoundingClientRect().top;
    this.scroller.scrollTo({ top: this.scroller.scrollTop + top - 12, behavior: 'smooth' });
  }
}

/**
 * Keeps the latest duration of one step of the preview on the page's
 * performance timeline, where the app benchmark reads it (one entry per name,
 * so typing does not grow the timeline).
 */
export function timed(name: string, start: number, end: number): void {
  if (typeof performance.measure !== 'function') return;
  performance.clearMeasures(name);
  performance.measure(name, { start, end });
}
