// App-wide shortcuts, as a pure mapping from a key event to what it does.

export type Shortcut =
  | 'newPost'
  | 'importFolder'
  | 'exportLibrary'
  | 'openLibrary'
  | 'search'
  | 'history'
  | 'prevPost'
  | 'nextPost'
  | 'shortcuts'
  | 'toggleList'
  | 'togglePreview';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The physical key, for keys whose character depends on Shift or the layout (\ and |). */
  code?: string;
}

/** Backslash, as typed (Shift makes it | on most layouts) or by its place on the keyboard. */
const isBackslash = (e: KeyLike): boolean => e.key === '\\' || e.key === '|' || e.code === 'Backslash';

/**
 * The app's shortcut for a key, if it has one. In the post's text the editor's
 * own formatting keys win (Mod-B, I, K, E and the rest, see editor/format.ts):
 * the app's actions there use Shift combinations that no writing key takes.
 */
export function shortcutFor(e: KeyLike, mac: boolean, inText = false): Shortcut | null {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey && !e.shiftKey) {
    if (key === 'n') return 'newPost';
    if (key === 'o') return 'openLibrary';
    if (key === 'p') return 'search';
    // Mod-K is the editor's link in the text, search everywhere else.
    if (key === 'k' && !inText) return 'search';
    if (key === '/') return 'shortcuts';
    if (isBackslash(e)) return 'toggleList';
  }
  if (mod && !e.altKey && e.shiftKey) {
    if (key === 'i') return 'importFolder';
    if (key === 'e') return 'exportLibrary';
    if (key === 'f') return 'search';
    // Shift-H, not H: Ctrl/Cmd-H is the editor's find and replace.
    if (key === 'h') return 'history';
    // Wins over the editor's Shift-Mod-\ (go to the matching bracket), which Markdown has little use for.
    if (isBackslash(e)) return 'togglePreview';
  }
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    if (key === 'ArrowUp') return 'prevPost';
    if (key === 'ArrowDown') return 'nextPost';
  }
  if (e.ctrlKey && !e.altKey && !e.metaKey && !e.shiftKey) {
    if (key === 'PageUp') return 'prevPost';
    if (key === 'PageDown') return 'nextPost';
  }
  return null;
}

/** Every shortcut of the app and the editor, as the shortcuts sheet lists them. */
export const SHORTCUTS: readonly { group: string; keys: string; action: string }[] = [
  { group: 'Posts', keys: 'Ctrl+N', action: 'New post' },
  { group: 'Posts', keys: 'Ctrl+P or Ctrl+Shift+F', action: 'Search posts (Ctrl+K outside the text)' },
  { group: 'Posts', keys: 'Alt+↑ / Alt+↓', action: 'Previous or next post in the list' },
  { group: 'Posts', keys: 'Ctrl+Shift+H', action: 'History of the post' },
  { group: 'Library', keys: 'Ctrl+Shift+I', action: 'Import a folder' },
  { group: 'Library', keys: 'Ctrl+Shift+E', action: 'Export for publishing' },
  { group: 'Library', keys: 'Ctrl+O', action: 'Open a folder as the library' },
  { group: 'Writing', keys: 'Ctrl+B', action: 'Bold' },
  { group: 'Writing', keys: 'Ctrl+I', action: 'Italic' },
  { group: 'Writing', keys: 'Ctrl+E', action: 'Inline code' },
  { group: 'Writing', keys: 'Ctrl+K', action: 'Link' },
  { group: 'Writing', keys: 'Ctrl+1 … Ctrl+6', action: 'Heading level 1 to 6 (again: back to a paragraph)' },
  { group: 'Writing', keys: 'Ctrl+Shift+7', action: 'Numbered list' },
  { group: 'Writing', keys: 'Ctrl+Shift+8', action: 'Bulleted list' },
  { group: 'Writing', keys: 'Enter on an empty item', action: 'End the list' },
  { group: 'Writing', keys: 'Ctrl+Z / Ctrl+Shift+Z', action: 'Undo / redo' },
  { group: 'Writing', keys: 'Ctrl+F / Ctrl+H', action: 'Find / find and replace' },
  { group: 'View', keys: 'Ctrl+\\', action: 'Show or hide the post list' },
  { group: 'View', keys: 'Ctrl+Shift+\\', action: 'Show or hide the preview (in a narrow window: in place of the text)' },
  { group: 'Help', keys: 'Ctrl+/', action: 'This list of shortcuts' },
];

export const isMac = (platform: string): boolean => /mac|iphone|ipad/i.test(platform);
