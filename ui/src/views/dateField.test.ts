// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { FORMATTED_CLASS, showDateAsListed } from './dateField';
import { el, postFieldsMarkup } from './testDom';

const date = () => el<HTMLInputElement>('date');
const shown = () => el('date-shown');

beforeEach(() => {
  document.body.innerHTML = postFieldsMarkup();
  showDateAsListed(date(), shown());
});

describe('the header date', () => {
  it('reads as the post list writes it when a post is shown', () => {
    date().value = '2026-12-04';
    expect(shown().textContent).toBe('4 Dec 2026');
    expect(shown().hidden).toBe(false);
    expect(date().classList.contains(FORMATTED_CLASS)).toBe(true);
    // The field keeps its own value: pickers, typing and tests go through it.
    expect(date().value).toBe('2026-12-04');
  });

  it('follows a date the writer types or picks', () => {
    date().value = '2026-12-04';
    date().value = '2027-01-09';
    date().dispatchEvent(new Event('input', { bubbles: true }));
    expect(shown().textContent).toBe('9 Jan 2027');
  });

  it('leaves the field to show itself when there is no date', () => {
    date().value = '2026-12-04';
    date().value = '';
    expect(shown().hidden).toBe(true);
    expect(shown().textContent).toBe('');
    expect(date().classList.contains(FORMATTED_CLASS)).toBe(false);
  });

  it('is for the eye only: the field is what is read out', () => {
    expect(shown().getAttribute('aria-hidden')).toBe('true');
    expect(date().closest('label')!.textContent).toContain('Date');
  });
});
