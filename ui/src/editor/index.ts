// The Markdown editor: one CodeMirror view whose state is replaced per post, so
// undo history never crosses from one post into another.
import { EditorSelection, EditorState, Transaction, type Extension } from '@codemirror/state';
import { EditorView, drawSelection, dropCursor, highlightSpecialChars, placeholder } from '@codemirror/view';
import { lineChanges } from '../lineDiff';
import { bodyStart, firstMatch } from '../searchMatch';
import { scrollFraction } from '../scrollSync';
import type { TextChange } from '../textDiff';
import { onDocChange } from './autosave';
import { highlight } from './highlight';
import { formatting } from './format';
import { editing } from './keymap';
import { markdown } from './markdown';
import { readOnly, setReadOnly } from './readOnly';
import { onScrollFraction } from './scroll';
import { setTheme, theme, type ThemeName } from './theme';

export type { ThemeName };

export interface EditorOptions {
  theme: ThemeName;
  /** The text changed; `pasted` when by a paste or a drop. */
  onChange(pasted: boolean): void;
  onScroll(fraction: number): void;
}

export class Editor {
  readonly view: EditorView;
  private themeName: ThemeName;
  private locked = false;

  constructor(
    parent: HTMLElement,
    private readonly opts: EditorOptions,
  ) {
    this.themeName = opts.theme;
    this.view = new EditorView({ parent, state: this.createState('') });
  }

  getText(): string {
    return this.view.state.doc.toString();
  }

  /** Shows another post's text with a fresh undo history. */
  load(text: string): void {
    this.view.setState(this.createState(text));
    this.view.scrollDOM.scrollTop = 0;
  }

  /** Applies one change from the backend; the selection maps through it. */
  apply(change: TextChange): void {
    this.view.dispatch({ changes: change, userEvent: 'input.frontmatter' });
  }

  /**
   * Turns the text into `text` by changing only the lines that differ, so the
   * cursor, the selection and the scroll position stay with the text around them.
   * An `outside` edit (made in another editor) is left out of undo: undo keeps
   * stepping through what the writer typed. A `choice` (a restored revision, a
   * settled conflict) can be undone. Returns whether anything changed.
   */
  replaceText(text: string, origin: 'outside' | 'choice'): boolean {
    const state = this.view.state;
    const changes = state.changes(lineChanges(state.doc.toString(), text));
    if (changes.empty) return false;
    const scroll = this.view.scrollSnapshot().map(changes);
    this.view.dispatch({
      changes,
      effects: scroll ? [scroll] : [],
      userEvent: origin === 'outside' ? 'input.outside' : 'input.replace',
      annotations: origin === 'outside' ? [Transaction.addToHistory.of(false)] : [],
    });
    return true;
  }

  setTheme(name: ThemeName): void {
    if (name === this.themeName) return;
    this.themeName = name;
    setTheme(this.view, name);
  }

  setLocked(locked: boolean): void {
    if (locked === this.locked) return;
    this.locked = locked;
    setReadOnly(this.view, locked);
  }

  focus(): void {
    this.view.focus();
  }

  /**
   * The pane changed size or the text its font or measure (a pane shown, hidden
   * or resized, a View choice): CodeMirror measures its lines again.
   */
  remeasure(): void {
    this.view.requestMeasure();
  }

  /**
   * Selects the first match of a search's `terms` in the body (not the front
   * matter) and scrolls it to the middle; false when the body has none.
   */
  selectFirstMatch(terms: readonly string[]): boolean {
    const text = this.getText();
    const match = firstMatch(text, terms, bodyStart(text));
    if (!match) return false;
    this.view.dispatch({
      selection: EditorSelection.single(match[0], match[1]),
      effects: EditorView.scrollIntoView(match[0], { y: 'center' }),
    });
    return true;
  }

  scrollFraction(): number {
    const s = this.view.scrollDOM;
    return scrollFraction(s.scrollTop, s.scrollHeight, s.clientHeight);
  }

  private createState(doc: string): EditorState {
    const extensions: Extension = [
      highlightSpecialChars(),
      drawSelection(),
      dropCursor(),
      EditorView.lineWrapping,
      // tabindex: the text stays reachable with Tab while it is locked (contenteditable off),
      // and the scrolling pane around it counts as keyboard-scrollable (axe: scrollable-region-focusable).
      EditorView.contentAttributes.of({
        'aria-label': 'Post text',
        spellcheck: 'true',
        autocapitalize: 'sentences',
        tabindex: '0',
      }),
      placeholder('Start writing…'),
      formatting,
      editing,
      markdown,
      highlight,
      theme(this.themeName),
      readOnly(this.locked),
      onDocChange((pasted) => this.opts.onChange(pasted)),
      onScrollFraction((f) => this.opts.onScroll(f)),
    ];
    return EditorState.create({ doc, extensions });
  }
}
