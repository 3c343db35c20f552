// The post's date in the header reads as the post list writes it ("4 Dec 2026"),
// not in the engine's numeric form ("12/04/2026", month or day first by locale).
// The native date field stays, for typing and the picker: the formatted date lies
// over it while the writer is not in it (styles: .date-field in app.css). It is a
// copy of the field's value for the eye only; the field itself is what assistive
// technology reads.
import { formatDate } from '../format';

/** The class that hides the field's own text under the formatted date. */
export const FORMATTED_CLASS = 'date-formatted';

/**
 * Keeps `shown` (#date-shown) saying the date in `input` (#date) as the list does,
 * whatever sets it: the writer, or the code that shows a post (which sets `value`
 * without an event, so the setter is watched too).
 */
export function showDateAsListed(input: HTMLInputElement, shown: HTMLElement): void {
  const update = () => {
    const text = formatDate(input.value);
    shown.textContent = text;
    shown.hidden = text === '';
    input.classList.toggle(FORMATTED_CLASS, text !== '');
  };
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  if (native?.get && native.set) {
    const { get, set } = native;
    Object.defineProperty(input, 'value', {
      configurable: true,
      enumerable: native.enumerable,
      get(this: HTMLInputElement) {
        return get.call(this);
      },
      set(this: HTMLInputElement, value: string) {
        set.call(this, value);
        update();
      },
    });
  }
  input.addEventListener('input', update);
  input.addEventListener('change', update);
  update();
}
