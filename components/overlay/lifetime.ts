/**
 * The overlay's one teardown contract. Everything the overlay attaches to the page (listeners,
 * observers, timers, highlights, its UI) is registered with a Lifetime and undone by its single
 * `dispose()`, in reverse order; a child lifetime ends with its parent. The content script's root
 * lifetime follows WXT's context (an extension update or removal ends it); each time the overlay
 * is switched on it opens a child that switching off disposes, which leaves the page as it was.
 *
 * Listeners take only trusted events unless told otherwise: an event the page's own script
 * dispatched (`isTrusted === false`) never reaches the overlay, so a page cannot drive it.
 */

/** Options of a listener registered with a lifetime. */
export interface ListenOptions {
  capture?: boolean;
  passive?: boolean;
  /** Also take events dispatched by script (only for events no user input produces, and that change nothing). */
  untrusted?: boolean;
}

/** What one stretch of the overlay's life attached, undone by `dispose()`. */
export interface Lifetime {
  /** Aborted when the lifetime ends. */
  readonly signal: AbortSignal;
  readonly disposed: boolean;
  /** Adds a listener removed at dispose; script-dispatched events are dropped unless `untrusted`. */
  on<E extends Event = Event>(
    target: EventTarget,
    type: string,
    listener: (event: E) => void,
    options?: ListenOptions,
  ): void;
  /** A timer cleared at dispose; nothing is scheduled once disposed. */
  setTimeout(callback: () => void, ms: number): number;
  clearTimeout(id: number): void;
  /**
   * Lets the page handle input and render, then goes on, unless the lifetime ended meanwhile (the
   * promise then never settles). Where the browser has `scheduler.yield` (Chromium 129) our work goes
   * on ahead of the tasks the page queued meanwhile; else it waits its turn in a task of its own.
   */
  pause(): Promise<void>;
  /** A frame callback that does not run after dispose. */
  requestAnimationFrame(callback: () => void): void;
  /** A MutationObserver on `target`, disconnected at dispose. */
  observe(target: Node, init: MutationObserverInit, callback: MutationCallback): MutationObserver;
  /** Runs `undo` at dispose (last registered, first run). */
  defer(undo: () => void): void;
  /** A lifetime that ends when this one does, or earlier by its own `dispose()`. */
  child(): Lifetime;
  dispose(): void;
}

const ENDED = 'Sourcelight: lifetime ended';

/** Creates a lifetime over `win`'s timers; it ends with `parent` when one is given. */
export function createLifetime(win: Window, parent?: AbortSignal): Lifetime {
  const controller = new AbortController();
  const { signal } = controller;
  const undo: (() => void)[] = [];
  const timers = new Set<number>();
  const frames = new Set<number>();
  const life: Lifetime = {
    signal,
    get disposed() {
      return signal.aborted;
    },
    on(target, type, listener, options = {}) {
      if (signal.aborted) return;
      const wrapped = (event: Event) => {
        if (!options.untrusted && !event.isTrusted) return;
        listener(event as never);
      };
      const capture = Boolean(options.capture);
      target.addEventListener(type, wrapped, { capture, passive: options.passive });
      // Removed explicitly rather than through the `signal` option, which not every DOM honours.
      undo.push(() => target.removeEventListener(type, wrapped, capture));
    },
    setTimeout(callback, ms) {
      if (signal.aborted) return 0;
      const id = win.setTimeout(() => {
        timers.delete(id);
        if (!signal.aborted) callback();
      }, ms);
      timers.add(id);
      return id;
    },
    clearTimeout(id) {
      win.clearTimeout(id);
      timers.delete(id);
    },
    pause() {
      const scheduler = (win as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
      if (typeof scheduler?.yield !== 'function')
        return new Promise((ok) => life.setTimeout(ok, 0));
      return new Promise((ok) => {
        scheduler.yield!().then(() => {
          if (!signal.aborted) ok();
        });
      });
    },
    requestAnimationFrame(callback) {
      if (signal.aborted) return;
      const id = win.requestAnimationFrame(() => {
        frames.delete(id);
        if (!signal.aborted) callback();
      });
      frames.add(id);
    },
    observe(target, init, callback) {
      const observer = new MutationObserver(callback);
      if (signal.aborted) return observer;
      observer.observe(target, init);
      undo.push(() => observer.disconnect());
      return observer;
    },
    defer(fn) {
      if (signal.aborted) fn();
      else undo.push(fn);
    },
    child() {
      return createLifetime(win, signal);
    },
    dispose() {
      if (signal.aborted) return;
      // A plain reason: with none, the signal makes a DOMException, and Chromium records the
      // stack of a new exception with line numbers, which re-parses our whole bundle (12-13 ms
      // a time in a trace of the first dispose, the disposed session made at start).
      controller.abort(ENDED);
      for (const id of timers) win.clearTimeout(id);
      timers.clear();
      for (const id of frames) win.cancelAnimationFrame(id);
      frames.clear();
      // Every undo runs even when one throws: a half-restored page is the worst outcome.
      for (const fn of undo.splice(0).reverse()) {
        try {
          fn();
        } catch (error) {
          console.error('Sourcelight: could not undo a change to the page:', error);
        }
      }
    },
  };
  if (parent?.aborted) life.dispose();
  else parent?.addEventListener('abort', () => life.dispose(), { once: true });
  return life;
}
