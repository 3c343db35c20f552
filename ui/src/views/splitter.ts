// A bar between two panes that resizes them (the ARIA window splitter pattern):
// dragged with the pointer (captured, so a fast drag that leaves the bar keeps
// going), moved with Left and Right (Shift: bigger steps), Home and End to its
// ends, and reset by a double click. It only reports the value it wants; its
// owner clamps and applies it, then calls `update` so the ARIA values follow.

export interface SplitterModel {
  /** The value now and its bounds, in the unit aria-valuenow speaks (pixels, percent). */
  range(): { now: number; min: number; max: number; text: string };
  /** How much the value grows per pixel the bar moves right. */
  perPixel(): number;
  /** A keyboard step, in the value's unit. */
  step: number;
  set(value: number): void;
  reset(): void;
}

const BIG_STEP = 4;

export class Splitter {
  private drag: { pointer: number; x: number; from: number; perPixel: number } | null = null;

  /** Mounts on an element with role=separator; the markup gives its name and what it controls. */
  constructor(
    private readonly bar: HTMLElement,
    private readonly model: SplitterModel,
  ) {
    bar.setAttribute('role', 'separator');
    bar.setAttribute('aria-orientation', 'vertical');
    bar.tabIndex = 0;
    bar.addEventListener('keydown', (e) => this.onKeydown(e));
    bar.addEventListener('pointerdown', (e) => this.onPointerDown(e));
    bar.addEventListener('pointermove', (e) => this.onPointerMove(e));
    bar.addEventListener('pointerup', () => this.endDrag());
    bar.addEventListener('pointercancel', () => this.endDrag());
    bar.addEventListener('lostpointercapture', () => this.endDrag());
    bar.addEventListener('dblclick', () => {
      model.reset();
      this.update();
    });
    this.update();
  }

  get dragging(): boolean {
    return this.drag !== null;
  }

  /** Writes the model's value and bounds into the ARIA attributes. */
  update(): void {
    const { now, min, max, text } = this.model.range();
    this.bar.setAttribute('aria-valuenow', String(Math.round(now)));
    this.bar.setAttribute('aria-valuemin', String(Math.round(min)));
    this.bar.setAttribute('aria-valuemax', String(Math.round(max)));
    this.bar.setAttribute('aria-valuetext', text);
  }

  private move(to: number): void {
    this.model.set(to);
    this.update();
  }

  private onKeydown(e: KeyboardEvent): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const { now, min, max } = this.model.range();
    const step = this.model.step * (e.shiftKey ? BIG_STEP : 1);
    let to: number;
    if (e.key === 'ArrowLeft') to = now - step;
    else if (e.key === 'ArrowRight') to = now + step;
    else if (e.key === 'Home') to = min;
    else if (e.key === 'End') to = max;
    else return;
    e.preventDefault();
    this.move(Math.min(max, Math.max(min, to)));
  }

  private onPointerDown(e: PointerEvent): void {
    if (e.button !== 0) return;
    // No text selection and no focus ring fight while dragging.
    e.preventDefault();
    this.bar.focus();
    this.bar.setPointerCapture?.(e.pointerId);
    this.drag = { pointer: e.pointerId, x: e.clientX, from: this.model.range().now, perPixel: this.model.perPixel() };
    this.bar.classList.add('dragging');
  }

  private onPointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag || e.pointerId !== drag.pointer) return;
    const { min, max } = this.model.range();
    this.move(Math.min(max, Math.max(min, drag.from + (e.clientX - drag.x) * drag.perPixel)));
  }

  private endDrag(): void {
    if (!this.drag) return;
    if (this.bar.hasPointerCapture?.(this.drag.pointer)) this.bar.releasePointerCapture(this.drag.pointer);
    this.drag = null;
    this.bar.classList.remove('dragging');
  }
}
