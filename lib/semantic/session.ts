/**
 * The semantic stage with its fallback: the model is loaded once, and if it cannot be (files
 * missing, WASM refused, out of memory), matching goes on lexically and the status says why, for
 * the popup and the CLI to tell the user. Shared by the extension and the CLI.
 */
import type { Library } from '../library';
import type { Match } from '../types';
import type { Antonyms } from './antonyms';
import type { SentenceEncoder } from './encoder';
import { PassDropped, politeEncoder } from './polite-encoder';
import { semanticMatches, type SemanticContext, type SemanticStats } from './stage';

/** Whether links through meaning are on, and why not when they are off. */
export type SemanticStatus =
  | { state: 'ready' }
  | { state: 'loading' }
  | { state: 'unavailable'; reason: string };

/** A loaded model. */
export interface SemanticModel {
  encoder: SentenceEncoder;
  antonyms: Antonyms;
}

/** Loads the model once on first use; remembers a failure rather than retrying on every page. */
export function semanticSession(
  load: () => Promise<SemanticModel>,
  embeddingsOf: (model: SemanticModel) => SemanticContext['embeddingsOf'],
) {
  let loading: Promise<SemanticModel | null> | null = null;
  let status: SemanticStatus = { state: 'loading' };
  let lookup: SemanticContext['embeddingsOf'] | null = null;
  const model = () =>
    (loading ??= load().then(
      (m) => {
        status = { state: 'ready' };
        lookup = embeddingsOf(m);
        return m;
      },
      (error: unknown) => {
        status = {
          state: 'unavailable',
          reason: error instanceof Error ? error.message : String(error),
        };
        return null;
      },
    ));
  return {
    status: () => status,
    /** The loaded model, or null when it cannot load. */
    model,
    /**
     * Links through meaning on top of `lexical`; none (and the status says why) without a model.
     * `wanted` is asked between the model's runs: once it says no, the pass stops with PassDropped.
     */
    async matches(
      pageText: string,
      library: Library,
      lexical: Match[],
      options: { stats?: SemanticStats; wanted?: () => boolean } = {},
    ): Promise<Match[]> {
      const m = await model();
      if (!m || !lookup) return [];
      const { stats, wanted } = options;
      // A pass that may be dropped runs the model through a check, for the page's sentences and
      // for the sources it embeds on the way (a source left half-embedded is embedded whole by the
      // next page that needs it).
      const pass = wanted
        ? {
            ...m,
            encoder: politeEncoder(m.encoder, async () => {
              if (!wanted()) throw new PassDropped();
            }),
          }
        : m;
      return semanticMatches(pageText, library, lexical, {
        encoder: pass.encoder,
        antonyms: m.antonyms,
        embeddingsOf: wanted ? embeddingsOf(pass) : lookup,
        stats,
      });
    },
  };
}

/** A session as the callers hold it. */
export type SemanticSession = ReturnType<typeof semanticSession>;

/** Plain words for the popup and the CLI. */
export function statusWords(status: SemanticStatus): string {
  if (status.state === 'ready') return 'Matching through meaning is on.';
  if (status.state === 'loading') return 'The meaning model is loading.';
  return `Matching through meaning is off (${status.reason}); quotes and passages are still matched by their words.`;
}
