// App-wide shortcuts, as a pure mapping from a key event to what it does.

export type Shortcut =
  | 'newPost'
  | 'importFolder'
  | 'exportLibrary'
  | 'openLibrary'
  | 'search'
  | 'history'
  | 'prevPost'
  | 'nextPost';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function shortcutFor(e: KeyLike, mac: boolean): Shortcut | null {
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey && !e.shiftKey) {
    if (key === 'n') return 'newPost';
    if (key === 'i') return 'importFolder';
    // Free in the editor: Ctrl-E (line end) is only an Emacs key on the Mac, where this is Cmd-E.
    if (key === 'e') return 'exportLibrary';
    if (key === 'o') return 'openLibrary';
    if (key === 'k' || key === 'p') return 'search';
  }
  // Shift-H, not H: Ctrl/Cmd-H is the editor's find and replace.
  if (mod && !e.altKey && e.shiftKey && key === 'h') return 'history';
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

export const isMac = (platform: string): boolean => /mac|iphone|ipad/i.test(platform);
