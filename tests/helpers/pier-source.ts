import type { Source } from '../../lib/types';

/**
 * The invented pier story of the coverage tests: a quote, a claim with numbers, a plain sentence
 * and trailing promotion lines, which no page should render.
 */
export const PIER_LINES = [
  'The harbour authority in Norrvik closed the east pier on Monday after a crane collapsed.',
  '“We will not reopen the pier until every crane has been inspected,” harbour master Ilse Brandt said.',
  'Brandt said 14 workers were on the pier when the crane fell and 3 were taken to hospital.',
  'The pier handles most of the town’s fishing fleet.',
  'Subscribe to the Norrvik Tidings newsletter for your daily updates.',
] as const;

/** The harbour master's quote, without its marks. */
export const PIER_QUOTE = 'We will not reopen the pier until every crane has been inspected';

/** The pier story with the first `lines` of its text. */
export const pierSource = (lines: number = PIER_LINES.length): Source => ({
  id: 'pier',
  title: 'Crane collapse closes Norrvik pier',
  outlet: 'Norrvik Tidings',
  url: null,
  published: '2026-02-02',
  language: 'en',
  text: PIER_LINES.slice(0, lines).join('\n'),
});
