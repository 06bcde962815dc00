/**
 * The overlay's shadow-root UI: mounts it once per switch-on (closed root: the page cannot read or
 * click into it), renders the view, and puts it back once when the page removes it. In a test
 * build the root is open and the host carries the overlay's state for tests and benchmarks.
 */
import { type ComponentChild, render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import {
  createShadowRootUi,
  type ShadowRootContentScriptUi,
} from 'wxt/utils/content-script-ui/shadow-root';
import { HIGHLIGHT_KINDS, type HighlightKind } from '../../lib/overlay/model';
import type { OverlayState } from '../../lib/overlay/tab-messages';
import type { Lifetime } from './lifetime';
import { OVERLAY_CSS } from './overlay-css';
import { TEST_HOOKS } from './test-hooks';

/** What a test build writes on the host (nothing in the shipped build). */
export interface HostReport {
  state: OverlayState;
  runs: number;
  counts: Record<HighlightKind, number>;
  error: string | null;
  drawnMs?: number;
  /** Where the pass of links through meaning stands (./meaning-pass.ts). */
  meaning?: string;
}

/** The overlay's UI container. */
export interface OverlayUi {
  /** Mounts the UI for the session `life` (unmounted when it ends); keys inside go to `onKey`. */
  mount(life: Lifetime, onKey: (e: KeyboardEvent) => void): Promise<void>;
  /** Renders `view` into the UI when it is mounted. */
  render(view: ComponentChild): void;
  /** Test builds only: the overlay's state on the host element. */
  report(report: HostReport): void;
}

/** Creates the UI container for `doc`; nothing is in the page until `mount()`. */
export function createOverlayUi(
  ctx: ContentScriptContext,
  doc: Document,
  redraw: () => void,
): OverlayUi {
  let ui: ShadowRootContentScriptUi<void> | null = null;
  const mounted = () => Boolean(ui?.shadowHost.isConnected);
  return {
    async mount(life, onKey) {
      if (!doc.body) return;
      if (!ui) {
        ui = await createShadowRootUi(ctx, {
          name: 'sourcelight-overlay',
          position: 'inline',
          // After <body>, not inside it: the page's `body > :last-child` rules and scripts walking
          // the body never meet our host.
          anchor: () => doc.documentElement,
          append: 'last',
          css: OVERLAY_CSS,
          // Closed: page script gets null from host.shadowRoot and cannot read the popover (the
          // source passage, library titles) or click its buttons.
          mode: TEST_HOOKS ? 'open' : 'closed',
          // Key presses inside the popover must not reach the page's own shortcuts.
          isolateEvents: true,
          onMount: () => undefined,
          onRemove: () => {
            if (ui) render(null, ui.uiContainer);
          },
        });
        ui.shadowHost.setAttribute('aria-label', 'Sourcelight highlights');
      }
      const current = ui;
      life.on(current.shadow, 'keydown', onKey);
      if (!current.shadowHost.isConnected) current.mount();
      life.defer(() => current.remove());
      // A page that removes our host gets it back once per session; removing it again leaves it
      // out (no tug of war with the page's script). The highlights themselves stay drawn.
      let putBack = false;
      life.observe(doc.documentElement, { childList: true }, () => {
        if (current.shadowHost.isConnected || life.disposed || putBack) return;
        putBack = true;
        current.mount();
        redraw();
      });
    },
    render(view) {
      if (ui && mounted()) render(view, ui.uiContainer);
    },
    report(r) {
      if (!TEST_HOOKS || !ui) return;
      const el = ui.shadowHost;
      el.setAttribute('data-sourcelight-state', r.state);
      el.setAttribute('data-sourcelight-runs', String(r.runs));
      for (const kind of HIGHLIGHT_KINDS)
        el.setAttribute(`data-count-${kind}`, String(r.counts[kind]));
      if (r.error) el.setAttribute('data-sourcelight-error', r.error);
      else el.removeAttribute('data-sourcelight-error');
      if (r.drawnMs !== undefined) el.setAttribute('data-sourcelight-drawn-ms', String(r.drawnMs));
      if (r.meaning !== undefined) el.setAttribute('data-sourcelight-meaning', r.meaning);
    },
  };
}
