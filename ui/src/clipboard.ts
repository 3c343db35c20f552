// "Copy as HTML": puts a post's HTML on the clipboard as rich text (text/html) with
// the HTML source as its plain-text flavour, trying the ways a webview may allow
// one after another. The HTML is never parsed into this document: the fallbacks
// hold it as text.
import type { AppError } from './api';

/** The ways to reach the clipboard; a missing one is skipped. */
export interface ClipboardWriters {
  /**
   * navigator.clipboard.write with one ClipboardItem. It takes the HTML still to
   * come, so it is called while the click still counts as the writer's gesture
   * (WebKit refuses clipboard writes after that).
   */
  writeRich?: (html: Promise<string>) => Promise<void>;
  /** navigator.clipboard.writeText: the HTML source as plain text. */
  writeText?: (text: string) => Promise<void>;
  /** document.execCommand('copy') on a hidden element; false when refused. */
  execCopy?: (html: string) => boolean;
}

export type CopiedAs = 'rich' | 'text' | 'command';

/**
 * Copies the HTML `html` resolves to. Rejects with the error of `html` itself when
 * the HTML could not be had, else with a retryable error when every way failed.
 */
export async function copyHtml(html: Promise<string>, writers: ClipboardWriters): Promise<CopiedAs> {
  if (writers.writeRich) {
    try {
      // Called before anything is awaited: see `writeRich`.
      await writers.writeRich(html);
      return 'rich';
    } catch {
      // The next way, unless it was the HTML that failed (awaited just below).
    }
  }
  const text = await html;
  if (writers.writeText) {
    try {
      await writers.writeText(text);
      return 'text';
    } catch {
      // The last way.
    }
  }
  if (writers.execCopy) {
    try {
      if (writers.execCopy(text)) return 'command';
    } catch {
      // Reported below.
    }
  }
  const error: AppError = { kind: 'retry', message: 'the clipboard did not accept it' };
  throw error;
}

/** A promise that may reject without an unhandled-rejection report (the caller sees the rejection elsewhere). */
function quiet<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

/** The real writers of this webview: those it has. */
export function browserClipboard(win: Window & typeof globalThis = window): ClipboardWriters {
  const clipboard = win.navigator.clipboard as Clipboard | undefined;
  const Item = (win as { ClipboardItem?: typeof ClipboardItem }).ClipboardItem;
  const writers: ClipboardWriters = {};
  if (clipboard && typeof clipboard.write === 'function' && typeof Item === 'function') {
    writers.writeRich = (html) => {
      const blob = (type: string) => quiet(html.then((h) => new Blob([h], { type })));
      return clipboard.write([new Item({ 'text/html': blob('text/html'), 'text/plain': blob('text/plain') })]);
    };
  }
  if (clipboard && typeof clipboard.writeText === 'function') {
    writers.writeText = (text) => clipboard.writeText(text);
  }
  if (typeof win.document.execCommand === 'function') {
    writers.execCopy = (html) => execCopy(win.document, html);
  }
  return writers;
}

/**
 * The oldest way: select a hidden editable element holding the HTML source and
 * run the copy command, setting both flavours in the copy event when it lets us.
 */
function execCopy(doc: Document, html: string): boolean {
  const holder = doc.createElement('div');
  holder.contentEditable = 'true';
  holder.setAttribute('aria-hidden', 'true');
  holder.className = 'clipboard-holder';
  holder.textContent = html;
  const onCopy = (e: ClipboardEvent) => {
    if (!e.clipboardData) return;
    e.clipboardData.setData('text/html', html);
    e.clipboardData.setData('text/plain', html);
    e.preventDefault();
  };
  const active = doc.activeElement instanceof HTMLElement ? doc.activeElement : null;
  doc.body.append(holder);
  doc.addEventListener('copy', onCopy, true);
  try {
    const selection = doc.getSelection();
    const range = doc.createRange();
    range.selectNodeContents(holder);
    selection?.removeAllRanges();
    selection?.addRange(range);
    return doc.execCommand('copy');
  } finally {
    doc.removeEventListener('copy', onCopy, true);
    doc.getSelection()?.removeAllRanges();
    holder.remove();
    active?.focus();
  }
}
