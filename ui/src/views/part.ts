// How a view finds its markup: each view mounts on one root element of index.html
// and looks its parts up inside it. index.html fixes that markup (the end-to-end
// tests drive the app by the same ids), so a part that is missing is a bug.

/** The element with this id inside `root`. */
export function part<T extends HTMLElement>(root: ParentNode, id: string): T {
  return one<T>(root, `#${id}`);
}

/** The element `selector` names inside `root`: the root of a view whose markup has no id (`.statusbar`). */
export function one<T extends HTMLElement>(root: ParentNode, selector: string): T {
  const el = root.querySelector<T>(selector);
  if (!el) throw new Error(`${selector} is missing from index.html`);
  return el;
}
