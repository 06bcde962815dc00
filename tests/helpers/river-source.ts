import type { Source } from '../../lib/types';

/**
 * An invented story for the meaning-model tests: a minister's quotes, which pages render in other
 * words. Its first sentence is what a page copies word for word to show it covers the source.
 */
export const RIVER_SOURCE: Source = {
  id: 'river',
  title: 'Belvoria and the dam',
  outlet: 'Invented Wire',
  url: null,
  published: '2026-03-03',
  language: 'en',
  text: [
    "Belvoria's foreign minister Maren Oskelund met the river commission in Tarsk on Tuesday to discuss the new dam on the Ilva.",
    '“Our government will protect the farmers who depend on the river,” Oskelund said after the meeting.',
    '“The ministry will raise the fees for river permits next year,” Oskelund added.',
    'The commission will publish its report on the dam in the spring.',
  ].join('\n'),
};
