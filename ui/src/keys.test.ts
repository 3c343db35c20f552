import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from './keys';

const k = (key: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutFor', () => {
  it('uses Ctrl off the Mac and Cmd on it', () => {
    expect(shortcutFor(k('n', { ctrlKey: true }), false)).toBe('newPost');
    expect(shortcutFor(k('n', { metaKey: true }), true)).toBe('newPost');
    expect(shortcutFor(k('n', { metaKey: true }), false)).toBeNull();
    expect(shortcutFor(k('n', { ctrlKey: true }), true)).toBeNull();
  });
  it('opens the import and export dialogs with Ctrl/Cmd+Shift+I and E, leaving Ctrl+I and E to the text', () => {
    expect(shortcutFor(k('I', { ctrlKey: true, shiftKey: true }), false)).toBe('importFolder');
    expect(shortcutFor(k('i', { metaKey: true, shiftKey: true }), true)).toBe('importFolder');
    expect(shortcutFor(k('E', { ctrlKey: true, shiftKey: true }), false)).toBe('exportLibrary');
    expect(shortcutFor(k('i', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(k('e', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(k('i', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeNull();
  });
  it('opens another library folder with Ctrl/Cmd+O', () => {
    expect(shortcutFor(k('o', { ctrlKey: true }), false)).toBe('openLibrary');
    expect(shortcutFor(k('O', { metaKey: true }), true)).toBe('openLibrary');
    expect(shortcutFor(k('o', { ctrlKey: true }), true)).toBeNull();
    expect(shortcutFor(k('o', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(k('o', { ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(shortcutFor(k('o'), false)).toBeNull();
  });
  it('jumps to search with P, Shift+F, and K outside the text (where K makes a link)', () => {
    expect(shortcutFor(k('k', { ctrlKey: true }), false)).toBe('search');
    expect(shortcutFor(k('k', { ctrlKey: true }), false, true)).toBeNull();
    expect(shortcutFor(k('P', { ctrlKey: true }), false, true)).toBe('search');
    expect(shortcutFor(k('F', { ctrlKey: true, shiftKey: true }), false, true)).toBe('search');
  });
  it('lists every shortcut with Ctrl/Cmd+/', () => {
    expect(shortcutFor(k('/', { ctrlKey: true }), false, true)).toBe('shortcuts');
  });
  it('opens the history with Ctrl/Cmd+Shift+H, leaving Ctrl+H to find and replace', () => {
    expect(shortcutFor(k('H', { ctrlKey: true, shiftKey: true }), false)).toBe('history');
    expect(shortcutFor(k('h', { metaKey: true, shiftKey: true }), true)).toBe('history');
    expect(shortcutFor(k('h', { ctrlKey: true }), false)).toBeNull();
    expect(shortcutFor(k('H', { ctrlKey: true, shiftKey: true, altKey: true }), false)).toBeNull();
  });
  it('shows or hides the post list with Ctrl/Cmd+\\ and the preview with Ctrl/Cmd+Shift+\\, in the text too', () => {
    expect(shortcutFor(k('\\', { ctrlKey: true }), false)).toBe('toggleList');
    expect(shortcutFor(k('\\', { ctrlKey: true }), false, true)).toBe('toggleList');
    expect(shortcutFor(k('\\', { metaKey: true }), true)).toBe('toggleList');
    // Shift turns a backslash into | on most layouts.
    expect(shortcutFor(k('|', { ctrlKey: true, shiftKey: true }), false, true)).toBe('togglePreview');
    expect(shortcutFor(k('\\', { ctrlKey: true, shiftKey: true }), false)).toBe('togglePreview');
    // A layout where the key makes another character.
    expect(shortcutFor(k('#', { ctrlKey: true, code: 'Backslash' }), false)).toBe('toggleList');
    expect(shortcutFor(k('\\'), false)).toBeNull();
    expect(shortcutFor(k('\\', { ctrlKey: true, altKey: true }), false)).toBeNull();
  });
  it('switches posts with Alt-arrows and Ctrl-PageUp/PageDown', () => {
    expect(shortcutFor(k('ArrowUp', { altKey: true }), false)).toBe('prevPost');
    expect(shortcutFor(k('ArrowDown', { altKey: true }), true)).toBe('nextPost');
    expect(shortcutFor(k('PageUp', { ctrlKey: true }), false)).toBe('prevPost');
    expect(shortcutFor(k('PageDown', { ctrlKey: true }), false)).toBe('nextPost');
  });
  it('ignores extra modifiers and plain keys', () => {
    expect(shortcutFor(k('n', { ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(k('ArrowUp', { altKey: true, shiftKey: true }), false)).toBeNull();
    expect(shortcutFor(k('ArrowUp'), false)).toBeNull();
    expect(shortcutFor(k('n'), false)).toBeNull();
  });
});
