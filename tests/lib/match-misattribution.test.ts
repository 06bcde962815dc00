import { describe, expect, it } from 'vitest';
import { createLibrary } from '../../lib/library';
import { matchText } from '../../lib/match/index';
import { sourcesFromJson } from '../../lib/sources';

// An invented story: a port director's words, later put in someone else's mouth.
const library = createLibrary(
  sourcesFromJson([
    {
      id: 'port',
      text:
        'The harbour at Veldra closed to cargo ships on Monday after a crane collapsed onto the main quay.\n' +
        '“Nobody will work under those cranes again until every one of them has been inspected by an outside engineer,” said Ilse Marrow, the director of the port authority.\n' +
        '“I have not made up my mind,” Marrow said when asked about her own future.',
    },
  ]),
);

describe('a quote given to someone else', () => {
  it('links a long quote copied whole even when the page names another speaker, and shows both speakers', () => {
    const page =
      '“Nobody will work under those cranes again until every one of them has been inspected by an outside engineer,” a dock worker told the paper.';
    const [m, ...rest] = matchText(page, library);
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ kind: 'verbatim', sourceId: 'port' });
    expect(m!.speaker.source).toMatch(/Marrow/);
  });

  it('links it with the misattribution visible when the page names another person', () => {
    const page =
      '“Nobody will work under those cranes again until every one of them has been inspected by an outside engineer,” Mayor Tomas Brill said.';
    const [m] = matchText(page, library);
    expect(m?.speaker.page).toMatch(/Brill/);
    expect(m?.speaker.source).toMatch(/Marrow/);
  });

  it('does not link a short common phrase said by someone else', () => {
    const page = '“I have not made up my mind,” coach Pavel Dorn said of his starting line-up.';
    expect(matchText(page, library)).toEqual([]);
  });
});
