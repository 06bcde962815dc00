import { expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { analysed, findSpeaker, forgetTextAnalyses } from '../../lib/text/attribution';
import type { Source } from '../../lib/types';
import { DAM_RECORD } from '../helpers/dam-source';

const source = (i: number): Source => ({
  ...DAM_RECORD,
  id: `s${i}`,
  text: `"We will rebuild the bridge number ${i} by spring," Minister Alma Ortiz said on Tuesday. Mayor Tom Reyes said the work would cost ${i} million. Residents said they were relieved.`,
});

it("keeps the page's analysis while many sources' details are derived", () => {
  forgetTextAnalyses();
  const page =
    '"The bridge will be rebuilt by spring," Ortiz told reporters. The mayor said the town was grateful.';
  expect(findSpeaker(page, 0, page.indexOf(',"') + 2, 0, page.indexOf('.') + 1)).toMatch(/Ortiz/);
  expect(analysed(page)).toBe(true);
  // Each source's speakers are read while its details are derived (more than the texts kept).
  const library = createLibrary(Array.from({ length: 8 }, (_, i) => source(i)));
  for (const s of library.sources) {
    // The quotes alone (an actor's popover), then the whole details (matching).
    expect(s.quotes[0]?.speaker).toMatch(/Ortiz/);
    expect(s.sentenceSpeakers[1]).toMatch(/Reyes/);
  }
  // A 1 MB page read again after every few sources cost seconds against a big library.
  expect(analysed(page)).toBe(true);
  expect(library.sources.some((s) => analysed(s.source.text))).toBe(false);
});
