import { describe, expect, it } from 'vitest';
import { sameNamed } from '../../lib/actors/same-name';
import { differentSpeakers } from '../../lib/coverage/model';

describe('sameNamed', () => {
  it('takes a name under another transliteration for the same person', () => {
    expect(sameNamed('Davron Haltursunov', 'Water Resources Minister Davron Khaltursunov')).toBe(
      true,
    );
    expect(differentSpeakers({ page: 'Haltursunov', source: 'Davron Khaltursunov' })).toBe(false);
  });

  it('takes a surname or a possessive for the full name', () => {
    expect(sameNamed("Oskelund's", 'Foreign Minister Maren Oskelund')).toBe(true);
  });

  it('still tells two different people apart', () => {
    expect(sameNamed('Maren Oskelund', 'Davron Khaltursunov')).toBe(false);
    expect(differentSpeakers({ page: 'Ilse Marrow', source: 'Davron Khaltursunov' })).toBe(true);
    expect(sameNamed('Ali Rezaei', 'Ari Rezaei')).toBe(false);
  });
});
