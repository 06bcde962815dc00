/**
 * The second pass of a page: once the lexical highlights are drawn, the background is asked for
 * links made through meaning (the sentence model, which takes a second or more), and they are
 * drawn beside the others when they come. The page is never held up for them: the request goes
 * out after drawing, and a newer run or switching off makes its answer stale. Drawing them closes
 * an open popover, so while the reader has one open they wait for it to close.
 */
import type { AnalyzeResult } from '../../lib/messages';
import { sendAhead } from '../../lib/messaging/text-parts';
import { buildHighlights } from '../../lib/overlay/model';
import type { SemanticStatus } from '../../lib/semantic/session';
import type { HighlightDrawing } from './highlight-drawing';
import type { HighlightPopover } from './highlight-popover';
import type { OverlayContext } from './overlay-context';
import type { OverlayModel } from './overlay-run';

/** Where the meaning pass of the current article stands (test builds write it on the host). */
export type MeaningState = 'none' | 'working' | 'done' | 'off';

/** The meaning pass of one overlay. */
export interface MeaningPass {
  /** Asks for the current analysis's links through meaning (once per analysis). */
  start(): void;
  /** Draws links that waited for the reader's popover to close (called on every UI change). */
  flush(): void;
  state(): MeaningState;
  /** The model's status as the background last reported it. */
  status(): SemanticStatus | null;
}

/** Creates the pass; `changed` is called when its state changes (and after drawing its links). */
export function createMeaningPass(
  oc: OverlayContext,
  m: OverlayModel,
  drawing: HighlightDrawing,
  popovers: HighlightPopover,
  changed: () => void,
): MeaningPass {
  /** The analysis last asked about, and the same with the links through meaning added. */
  let askedFor: AnalyzeResult | null = null;
  let merged: AnalyzeResult | null = null;
  let pending: (() => Promise<void>) | null = null;
  let state: MeaningState = 'none';
  let status: SemanticStatus | null = null;
  const set = (next: MeaningState) => {
    state = next;
    // For the benchmark: when the pass ended, to set beside the lexical highlights' time.
    if (next === 'done' || next === 'off') performance.mark('sourcelight:meaning-done');
    changed();
  };

  return {
    start() {
      const { pageInfo: page, live: found, result } = m;
      const text = m.analyzedText;
      if (!page || !found || !result || result === askedFor || result === merged) return;
      // Links through meaning are made only to sources the page renders in their own words too.
      if (result.report.matches.length === 0) return;
      askedFor = result;
      pending = null;
      const gen = m.generation;
      const stale = () => gen !== m.generation || !m.active || m.analyzedText !== text;
      set('working');
      void (async () => {
        try {
          const carried = await sendAhead(
            text,
            (part) => oc.request('page.textPart', part),
            () => oc.life().pause(),
          );
          if (stale()) {
            askedFor = null;
            return;
          }
          const answer = await oc.request('page.meaning', { page, ...carried });
          status = answer.status;
          // A dismissal meanwhile replaced the result with one derived from it: the links are
          // added to that. Another analysis (or none) makes the answer stale.
          const base = m.result;
          if (stale() || !base) {
            askedFor = null;
            return;
          }
          const outcome = answer.status.state === 'ready' ? 'done' : 'off';
          if (answer.matches.length === 0) {
            set(outcome);
            return;
          }
          m.result = merged = {
            ...base,
            report: {
              ...base.report,
              matches: [...base.report.matches, ...answer.matches].sort(
                (a, b) => a.pageStart - b.pageStart,
              ),
            },
            sources: { ...base.sources, ...answer.sources },
          };
          const draw = async (): Promise<void> => {
            const shown = m.result;
            if (stale() || !shown) return;
            const changed = () => stale() || m.result !== shown;
            const layout = await drawing.layout(
              found.block.pieces,
              buildHighlights(shown.report, text.length),
              changed,
            );
            if (stale()) return;
            // The reader dismissed a match while the layout was read: lay out what is shown now.
            if (m.result !== shown) return draw();
            if (!layout) return;
            // The reader may have opened a popover while the layout was read: drawing would close
            // it under their hand (and lose a click on Save), so wait for it to close again.
            if (popovers.isOpen()) {
              pending = draw;
              return;
            }
            drawing.adopt(found, layout);
            popovers.reset();
            drawing.drawItems();
            await drawing.drawSaved(text, found, changed);
            set(outcome);
          };
          if (popovers.isOpen()) pending = draw;
          else await draw();
        } catch (error) {
          // The lexical highlights stay; only the links through meaning are missing.
          status = {
            state: 'unavailable',
            reason: error instanceof Error ? error.message : String(error),
          };
          if (!stale()) set('off');
        }
      })();
    },
    flush() {
      if (!pending || popovers.isOpen()) return;
      const draw = pending;
      pending = null;
      void draw().catch(() => undefined);
    },
    state: () => state,
    status: () => status,
  };
}
