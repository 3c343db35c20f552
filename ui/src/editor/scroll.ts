// Reports how far down the editor is scrolled, for the preview to follow.
import { EditorView } from '@codemirror/view';
import { scrollFraction } from '../scrollSync';

export function onScrollFraction(callback: (fraction: number) => void) {
  return EditorView.domEventHandlers({
    scroll(_event, view) {
      const s = view.scrollDOM;
      callback(scrollFraction(s.scrollTop, s.scrollHeight, s.clientHeight));
    },
  });
}
