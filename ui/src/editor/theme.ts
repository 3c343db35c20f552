// The editor's look. Colours come from the app's CSS variables, so they follow the
// system theme with the chrome; the Compartment flips CodeMirror's own dark flag.
// The font and the measure are variables too (--editor-font, --editor-measure),
// which the View menu sets on the page (views/layoutControls.ts): changing them
// restyles the text without reconfiguring the editor.
import { Compartment, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

export type ThemeName = 'light' | 'dark';

export const themeCompartment = new Compartment();

const base = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--text)',
    backgroundColor: 'var(--editor-bg)',
    fontSize: 'var(--editor-font-size)',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': {
    fontFamily: 'var(--editor-font, var(--font-mono))',
    lineHeight: '1.65',
    overflow: 'auto',
  },
  // A comfortable line length, centred when the pane is wider; `none` for full width.
  '.cm-content': {
    maxWidth: 'var(--editor-measure, calc(72ch + 56px))',
    margin: '0 auto',
    padding: '24px 28px 40vh',
    caretColor: 'var(--accent)',
  },
  '.cm-line': { padding: '0' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--accent)', borderLeftWidth: '2px' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: 'var(--selection)' },
  '.cm-placeholder': { color: 'var(--text-faint)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panel.cm-search': { padding: '6px 10px', fontFamily: 'var(--font-ui)', fontSize: '13px' },
  '.cm-panel.cm-search input, .cm-panel.cm-search button, .cm-panel.cm-search label': {
    fontFamily: 'var(--font-ui)',
    fontSize: '13px',
  },
  '.cm-textfield': {
    backgroundColor: 'var(--input-bg)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '4px',
  },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--button-bg)',
    color: 'var(--text)',
    border: '1px solid var(--border)',
    borderRadius: '4px',
  },
  '.cm-searchMatch': { backgroundColor: 'var(--search-match)', outline: 'none' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--search-match-current)' },
});

function themeFor(name: ThemeName): Extension {
  return [base, EditorView.theme({}, { dark: name === 'dark' })];
}

export function theme(name: ThemeName): Extension {
  return themeCompartment.of(themeFor(name));
}

export function setTheme(view: EditorView, name: ThemeName): void {
  view.dispatch({ effects: themeCompartment.reconfigure(themeFor(name)) });
}
