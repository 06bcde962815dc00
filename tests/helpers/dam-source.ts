import type { Source } from '../../lib/types';

/**
 * The invented dam story of the library, popover and messaging tests: a wire report of a
 * minister's promise. Each test gives the text it needs; the record around it is this one.
 */
export const DAM_RECORD: Omit<Source, 'text'> = {
  id: 'wire',
  title: 'Dam to open in May',
  outlet: 'Wire',
  url: 'https://wire.example/dam',
  published: '2025-03-01',
  language: 'en',
};

/** The report's opening sentence, which a page copies word for word. */
export const DAM_OPENING =
  'Water Minister Lena Varga said on Tuesday that the Qorvan dam would open in May.';

/** The dam story with these lines as its text. */
export const damSource = (...lines: string[]): Source => ({
  ...DAM_RECORD,
  text: lines.join('\n'),
});

/** The second source of the library and index tests: a harbour closed for repairs. */
export const HARBOUR_RECORD: Omit<Source, 'text'> = {
  id: 'harbour',
  title: 'Harbour closes for repairs',
  outlet: 'Coast Daily',
  url: null,
  published: '2025-03-02',
  language: 'en',
};
