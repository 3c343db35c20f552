// Tells the app when the writer changed the text (autosave and preview listen),
// and whether the change was a paste or a drop, which is stored at once.
import { EditorView } from '@codemirror/view';

export function onDocChange(callback: (pasted: boolean) => void) {
  return EditorView.updateListener.of((update) => {
    if (!update.docChanged) return;
    const pasted = update.transactions.some((tr) => tr.isUserEvent('input.paste') || tr.isUserEvent('input.drop'));
    callback(pasted);
  });
}
