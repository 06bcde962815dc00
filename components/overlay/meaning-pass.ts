/**
 * The second pass of a page: once the lexical highlights are drawn, the background is asked for
 * links made through meaning (the sentence model, which takes a second or more), and they are
 * drawn beside the others when they come. The page is never held up for them: the request goes
 * out after drawing, and a newer run or switching off makes its answer stale.
 */
import type { SemanticStatus } from '../../lib/semantic/session';
import { buildHighlights } from '../../lib/overlay/model';
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
  let askedFor: object | null = null;
  let merged: object | null = null;
  let state: MeaningState = 'none';
  let status: SemanticStatus | null = null;
  const set = (next: MeaningState) => {
    state = next;
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
      const gen = m.generation;
      const stale = () => gen !== m.generation || !m.active || m.analyzedText !== text;
      set('working');
      void (async () => {
        try {
          const answer = await oc.request('page.meaning', { page, text });
          status = answer.status;
          if (stale() || m.result !== result) {
            askedFor = null;
            return;
          }
          if (answer.matches.length > 0) {
            const report = result.report;
            m.result = {
              ...result,
              report: {
                ...report,
                matches: [...report.matches, ...answer.matches].sort(
                  (a, b) => a.pageStart - b.pageStart,
                ),
              },
              sources: { ...result.sources, ...answer.sources },
            };
            merged = m.result;
            const layout = await drawing.layout(
              found.block.pieces,
              buildHighlights(m.result!.report, text.length),
              stale,
            );
            if (!layout || stale()) return;
            drawing.adopt(found, layout);
            popovers.reset();
            drawing.drawItems();
            await drawing.drawSaved(text, found, stale);
          }
          // For the benchmark: how long after the lexical highlights the links through meaning came.
          performance.mark('sourcelight:meaning-done');
          set(answer.status.state === 'ready' ? 'done' : 'off');
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
    state: () => state,
    status: () => status,
  };
}
