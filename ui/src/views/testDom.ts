// Shared by the DOM tests only (never imported by the app): real dialog markup and
// small event helpers.
import html from '../../index.html?raw';

/** A dialog's real markup, from index.html. */
export function dialogMarkup(id: string): string {
  return new RegExp(`<dialog id="${id}"[\\s\\S]*?</dialog>`).exec(html)![0];
}

/** A <section>'s real markup, from index.html (one without nested sections). */
export function sectionMarkup(id: string): string {
  return new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(html)![0];
}

/** The editor toolbar's "More" menu, from index.html. */
export function postMenuMarkup(): string {
  return /<div class="menu-anchor">[\s\S]*?<\/div>\s*<\/div>/.exec(html)![0];
}

/** The header above the editor (the post's fields and actions), from index.html. */
export function postFieldsMarkup(): string {
  return /<header id="post-fields"[\s\S]*?<\/header>/.exec(html)![0];
}

/** The sidebar (finder, tag rename, list, trash and its buttons), from index.html. */
export function sidebarMarkup(): string {
  return /<nav id="sidebar" class="sidebar"[\s\S]*?<\/nav>/.exec(html)![0];
}

/** Everything in the window (<body>): the .app grid, its panes and the dialogs. */
export function appMarkup(): string {
  return /<body>([\s\S]*)<\/body>/.exec(html)![1];
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(v: T): void;
  reject(e: unknown): void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets pending promise callbacks run. */
export const flush = () => new Promise((r) => setTimeout(r, 0));

export const el = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Sets a field as typing would, firing input. */
export function typePath(input: HTMLInputElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

export function submit(form: HTMLFormElement): void {
  form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
}
