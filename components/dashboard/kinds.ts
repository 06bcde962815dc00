/**
 * How the dashboard shows each cell kind: the kinds' one definition (lib/kinds.ts) plus "absent",
 * which only the matrix has. Each has a symbol, so no reading depends on colour alone.
 */
import type { CellKind } from '../../lib/coverage/index';
import { ABSENT_LOOK, DIFFERS_LOOK, KIND_LOOK } from '../../lib/kinds';

/** Display of one kind. */
export interface KindStyle {
  label: string;
  symbol: string;
  fill: string;
  /** Text colour with enough contrast on `fill`. */
  ink: string;
}

/** Cell kinds in the order the legend and filters list them. */
export const KINDS: CellKind[] = ['verbatim', 'variant', 'paraphrase', 'reuse', 'absent'];

const fromLook = (k: Exclude<CellKind, 'absent'>): KindStyle => ({
  label: KIND_LOOK[k].name,
  symbol: KIND_LOOK[k].symbol,
  fill: KIND_LOOK[k].colour,
  ink: KIND_LOOK[k].ink,
});

/** Style of each kind. */
export const KIND_STYLE: Record<CellKind, KindStyle> = {
  verbatim: fromLook('verbatim'),
  variant: fromLook('variant'),
  paraphrase: fromLook('paraphrase'),
  reuse: fromLook('reuse'),
  absent: {
    label: ABSENT_LOOK.name,
    symbol: ABSENT_LOOK.symbol,
    fill: ABSENT_LOOK.colour,
    ink: ABSENT_LOOK.ink,
  },
};

/** Colour of the mark on cells where a number or the speaker differs. */
export const DIVERGENCE_COLOUR = DIFFERS_LOOK.colour;
