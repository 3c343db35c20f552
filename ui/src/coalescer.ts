// Keeps at most one request in flight. While one is, only the latest input is
// remembered and sent when it returns: keystrokes coalesce, they never queue.

export class Coalescer<I, O> {
  private inFlight = false;
  private pending: { input: I } | null = null;
  private generation = 0;

  constructor(
    private readonly run: (input: I) => Promise<O>,
    private readonly onResult: (output: O, input: I) => void,
    private readonly onError: (error: unknown, input: I) => void = () => {},
  ) {}

  get busy(): boolean {
    return this.inFlight;
  }

  push(input: I): void {
    if (this.inFlight) {
      this.pending = { input };
      return;
    }
    this.send(input);
  }

  /** Forgets the pending input and ignores the result of the request in flight. */
  reset(): void {
    this.generation++;
    this.pending = null;
  }

  private send(input: I): void {
    const generation = this.generation;
    this.inFlight = true;
    let promise: Promise<O>;
    try {
      promise = this.run(input);
    } catch (e) {
      promise = Promise.reject(e);
    }
    promise.then(
      (output) => {
        if (generation === this.generation) this.onResult(output, input);
      },
      (error) => {
        if (generation === this.generation) this.onError(error, input);
      },
    ).finally(() => {
      this.inFlight = false;
      const next = this.pending;
      this.pending = null;
      if (next) this.send(next.input);
    });
  }
}
