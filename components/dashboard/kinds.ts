/**
 * How the dashboard shows each cell kind: a colour from the Okabe–Ito palette (distinguishable with
 * the common colour-vision deficiencies) and a symbol, so no reading depends on colour alone.
 */
import type { CellKind } from '../../lib/coverage/index';

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

/** Style of each kind. */
export const KIND_STYLE: Record<CellKind, KindStyle> = {
  verbatim: { label: 'verbatim', symbol: '✓', fill: '#0072B2', ink: '#ffffff' },
  variant: { label: 'variant (reworded)', symbol: '~', fill: '#56B4E9', ink: '#0b2540' },
  paraphrase: { label: 'paraphrase', symbol: '≈', fill: '#E69F00', ink: '#2b1a00' },
  reuse: { label: 'copied sentence', symbol: '≡', fill: '#009E73', ink: '#ffffff' },
  absent: { label: 'absent', symbol: '·', fill: '#eeeeee', ink: '#666666' },
};

/** Colour of the mark on cells where a number or the speaker differs. */
export const DIVERGENCE_COLOUR = '#D55E00';
