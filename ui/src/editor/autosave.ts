// Tells the app when the writer changed the text (autosave and preview listen).
import { EditorView } from '@codemirror/view';

export function onDocChange(callback: () => void) {
  return EditorView.updateListener.of((update) => {
    if (update.docChanged) callback();
  });
}
