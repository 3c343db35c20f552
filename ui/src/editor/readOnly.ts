// Locks the editor while another post loads, so nothing typed lands in a post
// that is being closed.
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

export const readOnlyCompartment = new Compartment();

function config(locked: boolean): Extension {
  return [EditorState.readOnly.of(locked), EditorView.editable.of(!locked)];
}

export function readOnly(locked: boolean): Extension {
  return readOnlyCompartment.of(config(locked));
}

export function setReadOnly(view: EditorView, locked: boolean): void {
  view.dispatch({ effects: readOnlyCompartment.reconfigure(config(locked)) });
}
