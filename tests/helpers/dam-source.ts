import type { PageInfo } from '../../lib/messages';
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

/**
 * The library and index tests' two stories: the dam report (its minister's promise quoted) and the
 * harbour notice; `STORY_PAGE_TEXT` quotes the first and copies a sentence of the second.
 */
export const STORY_SOURCES: Source[] = [
  {
    ...DAM_RECORD,
    id: 'dam',
    url: null,
    text: 'Water Minister Lena Varga said on Tuesday that the Qorvan dam would open in May.\n"We will open the spillway gates on the first of May and not a single day later," Varga told reporters in Mirelle.',
  },
  {
    ...HARBOUR_RECORD,
    text: 'The harbour of Kessholm will close for three weeks while divers repair the storm-damaged breakwater.\nFishing boats are being moved to the quay at Ostvik.',
  },
];

/** The page of `STORY_PAGE_TEXT`. */
export const STORY_PAGE: PageInfo = {
  url: 'https://news.example/story',
  title: 'Dam story',
  siteName: 'News Example',
  published: null,
  byline: null,
  lang: 'en',
};

/** A page that quotes the dam story and copies the harbour notice's first sentence. */
export const STORY_PAGE_TEXT =
  'A story about the dam.\n"We will open the spillway gates on the first of May and not a single day later," Varga said.\n' +
  'The harbour of Kessholm will close for three weeks while divers repair the storm-damaged breakwater.';
