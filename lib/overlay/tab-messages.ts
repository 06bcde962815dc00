/**
 * Messages between the popup and the overlay in a tab (`browser.tabs.sendMessage`). The popup asks
 * the content script what it drew instead of the background, so it needs no "tabs" permission to
 * learn the page's host. A separate key (`sourcelightOverlay`) keeps these apart from the
 * background protocol's envelopes.
 */
import type { HighlightKind } from './model';

/** What the overlay is doing in a tab. */
export type OverlayState = 'working' | 'ready' | 'not-article' | 'off' | 'error';

/** A source matched on the page, for the popup's list. */
export interface MatchedSource {
  id: string;
  title: string;
  outlet: string | null;
  matches: number;
}

/** The overlay's answer to a status request. */
export interface OverlayStatus {
  host: string;
  /** The page's address (the popup uses it to tell whether the page is already a source). */
  url: string;
  state: OverlayState;
  /** Whether the overlay is on for this site (the popup's switch). */
  siteEnabled: boolean;
  counts: Record<HighlightKind, number>;
  sources: MatchedSource[];
  error: string | null;
}

/** Requests the popup sends to the overlay. */
export type TabMessage =
  | { sourcelightOverlay: 'status' }
  /** `via: 'command'`: the browser shortcut, forwarded by the background (see lib/overlay/toggle-gate.ts). */
  | { sourcelightOverlay: 'toggle'; via?: 'command' }
  | { sourcelightOverlay: 'setSiteEnabled'; enabled: boolean };

/** Whether a runtime message is a well-formed tab message for the overlay (anything else is ignored). */
export function isTabMessage(message: unknown): message is TabMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as { sourcelightOverlay?: unknown; via?: unknown; enabled?: unknown };
  switch (m.sourcelightOverlay) {
    case 'status':
      return true;
    case 'toggle':
      return m.via === undefined || m.via === 'command';
    case 'setSiteEnabled':
      return typeof m.enabled === 'boolean';
    default:
      return false;
  }
}
