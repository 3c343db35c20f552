// What the window does whatever has the focus: the app's shortcuts, storing the
// open post when the window is left or hidden, never navigating away, and
// following the system's light or dark theme.
import { getCurrentWindow } from '@tauri-apps/api/window';
import type { ThemeName } from './editor';
import { isMac, shortcutFor, type Shortcut } from './keys';

export interface WindowHandlers {
  /** A modal dialog is up: the app's shortcuts wait until it closes. */
  modalOpen(): boolean;
  shortcut(shortcut: Shortcut): void;
  /** The window lost the focus or was hidden: the open post is stored. */
  left(): void;
  themeChanged(theme: ThemeName): void;
}

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** This window's label ('main' for the first), or 'main' outside Tauri. */
export function windowLabel(): string {
  try {
    return getCurrentWindow().label;
  } catch {
    return 'main';
  }
}

export const themeNow = (): ThemeName => (darkQuery().matches ? 'dark' : 'light');

export function listenToWindow(on: WindowHandlers): void {
  const mac = isMac(navigator.platform);
  // Capture phase: these win over the editor's own keys (Alt-Arrow moves lines there).
  window.addEventListener(
    'keydown',
    (e) => {
      if (on.modalOpen()) return;
      const inText = (e.target as Element | null)?.closest?.('.cm-editor') != null;
      const shortcut = shortcutFor(e, mac, inText);
      if (!shortcut) return;
      e.preventDefault();
      e.stopPropagation();
      on.shortcut(shortcut);
    },
    true,
  );

  window.addEventListener('blur', () => on.left());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') on.left();
  });

  // The window never navigates: no link, dropped file or middle click leaves the app.
  document.addEventListener('click', (e) => {
    if ((e.target as Element | null)?.closest?.('a[href]')) e.preventDefault();
  });
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  darkQuery().addEventListener('change', () => on.themeChanged(themeNow()));
}
