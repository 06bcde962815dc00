/**
 * What the parts of one running overlay share. The coordinator (overlay-controller.ts) owns the
 * run's state and hands each part this object, so every part reads the same page, the same
 * on/off switch and the same latest analysis without module-level globals; a part never keeps
 * its own copy of these, so it cannot act on an article or answer the coordinator has dropped.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { LiveArticle } from '../../lib/dom/article-region';
import type { AnalyzeResult, PageInfo, Payload, RequestName, Response } from '../../lib/messages';
import type { RuntimePort } from '../../lib/messaging/offscreen';
import type { Lifetime } from './lifetime';

/** Sends a request to the background (lib/messaging's `request`, injectable for tests). */
export type RequestFn = <K extends RequestName>(
  name: K,
  payload: Payload<K>,
) => Promise<Response<K>>;

/** The page, the way to the background, and live answers about the coordinator's state. */
export interface OverlayContext {
  /** WXT's context (the lifetimes follow it, so an extension update leaves no trace). */
  readonly ctx: ContentScriptContext;
  readonly doc: Document;
  readonly win: Window;
  readonly request: RequestFn;
  /**
   * Opens a port to the extension (`runtime.connect`), for sending a big page to the offscreen
   * document itself (lib/messaging/read-away.ts); absent, big pages go through the background.
   */
  readonly connect?: (name: string) => RuntimePort;
  /**
   * The lifetime of the current switch-on: timers and listeners a part starts go through it, so
   * switching off undoes them (a disposed lifetime, which schedules nothing, while off).
   */
  life(): Lifetime;
  /** False once the overlay is off: late timers and answers must then leave the page alone. */
  isActive(): boolean;
  /** The article as last read from the page; null before the first read or when none was found. */
  live(): LiveArticle | null;
  /** The page's address and metadata as last read, for what is sent with a saved annotation. */
  pageInfo(): PageInfo | null;
  /** The background's latest answer for this article, or null until one arrived. */
  result(): AnalyzeResult | null;
  /** Draws the shadow-root UI again from every part's current view model. */
  renderUi(): void;
  /** Sets what the polite live region says; shown by the next `renderUi()`. */
  announce(text: string): void;
}
