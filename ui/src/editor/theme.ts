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
  // The find panel looks like the app's own forms: its fields, quiet buttons and
  // checkboxes, its spacing, in both themes. CodeMirror's defaults are small and grey.
  '.cm-panel.cm-search': {
    padding: '8px 44px 8px 12px',
    fontFamily: 'var(--font-ui)',
    fontSize: '13px',
    lineHeight: '1.3',
  },
  '.cm-panel.cm-search input, .cm-panel.cm-search button, .cm-panel.cm-search label': {
    fontFamily: 'var(--font-ui)',
    fontSize: '13px',
    margin: '3px 6px 3px 0',
    verticalAlign: 'middle',
  },
  '.cm-panel.cm-search label': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: '6px',
    marginLeft: '6px',
    color: 'var(--text-muted)',
    whiteSpace: 'nowrap',
    cursor: 'pointer',
  },
  '.cm-panel.cm-search label:hover': { color: 'var(--text)' },
  '.cm-panel.cm-search input[type=checkbox]': { margin: '0', accentColor: 'var(--accent)', cursor: 'pointer' },
  '.cm-panel.cm-search input[type=checkbox]:focus-visible': { outlineOffset: '2px' },
  '.cm-textfield': {
    width: '16em',
    padding: '5px 8px',
    backgroundColor: 'var(--input-bg)',
    color: 'var(--text)',
    border: '1px solid var(--border-strong)',
    borderRadius: 'var(--radius)',
  },
  '.cm-textfield:focus-visible': { outlineOffset: '0', borderColor: 'var(--focus)' },
  // Quiet buttons, as in the app's toolbars.
  '.cm-button, .cm-button:active': {
    padding: '5px 10px',
    backgroundImage: 'none',
    backgroundColor: 'transparent',
    color: 'var(--text-muted)',
    border: '1px solid transparent',
    borderRadius: 'var(--radius)',
  },
  '.cm-button:hover': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
  '.cm-button:active': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
  '.cm-panel.cm-search [name=close]': {
    position: 'absolute',
    top: '8px',
    right: '8px',
    width: '28px',
    height: '28px',
    margin: '0',
    padding: '0',
    border: 'none',
    borderRadius: 'var(--radius)',
    backgroundColor: 'transparent',
    color: 'var(--text-muted)',
    fontSize: '20px',
    lineHeight: '1',
    cursor: 'pointer',
  },
  '.cm-panel.cm-search [name=close]:hover': { backgroundColor: 'var(--hover)', color: 'var(--text)' },
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
