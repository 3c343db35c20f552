// Autosave for the open post: saves after a pause in typing, flushes on demand,
// retries failed saves with backoff, and runs every write to the post one at a
// time so a front matter edit never races an autosave. Typed text is only ever
// marked as stored after the backend said so. It can pause (a conflict is waiting
// for the writer) and take text the backend already holds (an outside edit).

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'unsaved' }
  /** Typed text waits: saving is paused until the writer settles a conflict. */
  | { kind: 'paused' }
  | { kind: 'error'; message: string };

export interface AutoSaverOptions {
  /** The editor's current text. */
  getText(): string;
  /** Stores the text; rejects when it could not. */
  save(text: string): Promise<void>;
  /**
   * Keeps the text somewhere durable while saving is paused (the backend's
   * pending version of the post), so a crash during the pause loses nothing.
   */
  keepPending?(text: string): Promise<void>;
  onState(state: SaveState): void;
  errorMessage?(error: unknown): string;
  delayMs?: number;
  retryDelaysMs?: readonly number[];
}

const DEFAULT_RETRIES = [1000, 2000, 5000, 10000, 30000];

function messageOf(e: unknown): string {
  if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

export class AutoSaver {
  private saved: string;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pendingTimer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private lastError: string | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private queuedSave: Promise<boolean> | null = null;
  /** Writes running or waiting their turn. */
  private writes = 0;
  private disposed = false;
  private paused = false;
  private readonly delayMs: number;
  private readonly retries: readonly number[];

  constructor(
    savedText: string,
    private readonly opts: AutoSaverOptions,
  ) {
    this.saved = savedText;
    this.delayMs = opts.delayMs ?? 800;
    this.retries = opts.retryDelaysMs ?? DEFAULT_RETRIES;
  }

  get savedText(): string {
    return this.saved;
  }

  /** True while the editor holds text the backend has not stored. */
  get dirty(): boolean {
    return this.opts.getText() !== this.saved;
  }

  /** True while a save or another write to the post runs or waits its turn. */
  get busy(): boolean {
    return this.writes > 0;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /**
   * Stops saving until `resume`: typing is kept in the editor but not stored, and
   * `flush` stores nothing. A save already running finishes. `exclusive` still runs.
   */
  pause(): void {
    if (this.disposed || this.paused) return;
    this.paused = true;
    this.clearTimer();
    this.clearRetry();
    this.opts.onState({ kind: 'paused' });
    this.keepPendingSoon();
  }

  /** Saves again, at once if text is waiting. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.clearPendingTimer();
    if (this.disposed) return;
    this.lastError = null;
    this.failures = 0;
    this.settle();
  }

  /**
   * The backend already stores `text` (an outside edit the editor is about to show):
   * nothing to save for it. Only while no write runs (see `busy`), so no save in
   * flight can overwrite what this marks as stored.
   */
  adopt(text: string): void {
    this.saved = text;
    this.clearTimer();
    if (this.lastError) {
      // What failed to save is no longer what the editor holds.
      this.lastError = null;
      this.failures = 0;
      this.clearRetry();
    }
    if (!this.paused && !this.disposed) this.settle();
  }

  /**
   * The document changed: save after a pause, or with `now` (a paste, a drop:
   * much text at once, which a crash in the next second must not lose) at once.
   */
  changed(now = false): void {
    if (this.disposed) return;
    const delay = now ? 0 : this.delayMs;
    if (this.paused) {
      this.opts.onState({ kind: 'paused' });
      this.keepPendingSoon(delay);
      return;
    }
    if (!this.dirty) {
      this.clearTimer();
      if (!this.lastError) this.opts.onState({ kind: 'saved' });
      return;
    }
    if (!this.lastError) this.opts.onState({ kind: 'unsaved' });
    this.schedule(delay);
  }

  /** Stores everything typed so far. Resolves false if it could not (a retry stays scheduled). */
  async flush(): Promise<boolean> {
    if (this.paused) return !this.dirty;
    this.clearTimer();
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!(await this.saveNow())) return false;
      if (!this.dirty) return true;
    }
    return !this.dirty;
  }

  /**
   * Runs a write that stores the text itself (e.g. a front matter edit), after any
   * save in flight and before any later one. `fn` resolves to the text now stored.
   */
  exclusive<T>(fn: () => Promise<{ saved: string; value: T }>): Promise<T> {
    this.clearTimer();
    return this.locked(async () => {
      this.opts.onState({ kind: 'saving' });
      try {
        const { saved, value } = await fn();
        this.saved = saved;
        this.succeeded();
        return value;
      } catch (e) {
        this.settle();
        throw e;
      }
    });
  }

  /** Stops timers; call after a successful flush when the post is closed. */
  dispose(): void {
    this.disposed = true;
    this.clearTimer();
    this.clearPendingTimer();
    this.clearRetry();
  }

  /**
   * While paused, what is typed still reaches durable storage after the same
   * pause in typing as a save: as the post's pending version, in turn with
   * the post's other writes. A failure waits for the next keystroke.
   */
  private keepPendingSoon(delay = this.delayMs): void {
    const keep = this.opts.keepPending;
    if (!keep || this.disposed) return;
    this.clearPendingTimer();
    this.pendingTimer = setTimeout(() => {
      this.pendingTimer = null;
      void this.locked(async () => {
        if (!this.paused || this.disposed || !this.dirty) return;
        await keep(this.opts.getText()).catch(() => undefined);
      });
    }, delay);
  }

  private clearPendingTimer(): void {
    if (this.pendingTimer) clearTimeout(this.pendingTimer);
    this.pendingTimer = null;
  }

  private saveNow(): Promise<boolean> {
    if (this.queuedSave) return this.queuedSave;
    const run = this.locked(() => {
      this.queuedSave = null;
      return this.store();
    });
    this.queuedSave = run;
    return run;
  }

  private async store(): Promise<boolean> {
    // Paused while this waited its turn: the text stays unsaved.
    if (this.paused) return !this.dirty;
    const text = this.opts.getText();
    if (text === this.saved) {
      this.succeeded();
      return true;
    }
    this.clearRetry();
    this.opts.onState({ kind: 'saving' });
    try {
      await this.opts.save(text);
    } catch (e) {
      this.failures++;
      this.lastError = this.opts.errorMessage ? this.opts.errorMessage(e) : messageOf(e);
      this.opts.onState({ kind: 'error', message: this.lastError });
      if (!this.disposed && !this.paused) {
        const delay = this.retries[Math.min(this.failures - 1, this.retries.length - 1)];
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          void this.saveNow();
        }, delay);
      }
      return false;
    }
    this.saved = text;
    this.succeeded();
    return true;
  }

  private succeeded(): void {
    this.failures = 0;
    this.lastError = null;
    this.clearRetry();
    this.settle();
  }

  /** Reports the state after a write finished, scheduling another save if typing went on. */
  private settle(): void {
    if (this.paused) {
      this.opts.onState(this.dirty ? { kind: 'paused' } : { kind: 'saved' });
      return;
    }
    if (!this.dirty) {
      this.clearTimer();
      if (!this.lastError) this.opts.onState({ kind: 'saved' });
      return;
    }
    if (!this.lastError) this.opts.onState({ kind: 'unsaved' });
    if (!this.timer && !this.disposed) this.schedule(this.delayMs);
  }

  private locked<T>(fn: () => Promise<T>): Promise<T> {
    this.writes++;
    const run = this.tail.then(fn, fn).finally(() => this.writes--);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private schedule(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
