import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareSource } from '../../lib/library';
import { loadPage } from '../../lib/node/pages';
import { findSpeaker, narrativeSpeaker, speakersAgree } from '../../lib/text/attribution';
import { findQuotes } from '../../lib/text/quotes';
import { segmentSentences } from '../../lib/text/segment';
import type { Source } from '../../lib/types';

const DEMO = join(__dirname, '../../assets/demo');

/** The speaker of every quote of a text, found the way the matcher asks for it. */
function quoteSpeakers(text: string): { quote: string; speaker: string | null }[] {
  const sentences = segmentSentences(text);
  const sentenceOf = (at: number) =>
    sentences.find((s) => at >= s.start && at < s.end) ?? { start: at, end: at };
  return findQuotes(text).map((q) => {
    const s = sentenceOf(q.start);
    const after = sentenceOf(Math.min(text.length - 1, q.end + 1));
    return {
      quote: q.text,
      speaker: findSpeaker(text, q.start, q.end, s.start, Math.max(s.end, q.end, after.end)),
    };
  });
}

/** The speaker of the one quote that starts with `opening`. */
function speakerOf(text: string, opening: string): string | null {
  const found = quoteSpeakers(text).filter((q) => q.quote.startsWith(opening));
  expect(found, opening).toHaveLength(1);
  return found[0]!.speaker;
}

/** The speaker of a reported-speech sentence, as the library asks for it. */
function reportedSpeaker(text: string, sentence: string): string | null {
  const start = text.indexOf(sentence);
  const end = start + sentence.length;
  return findSpeaker(text, end, end, start, end, false);
}

const source = (id: string, text: string): Source => ({
  id,
  title: id,
  outlet: null,
  url: null,
  published: null,
  language: 'en',
  text,
});

describe('speaker patterns (invented sentences)', () => {
  it('finds the speaker after or before the quote, and after "said" or "according to"', () => {
    expect(
      speakerOf(
        '“The port stays closed,” harbour master Ilse Brandvik said at a briefing.',
        'The port',
      ),
    ).toBe('Ilse Brandvik');
    expect(
      speakerOf('“The port stays closed,” said Ilse Brandvik, who runs the harbour.', 'The port'),
    ).toBe('Ilse Brandvik');
    expect(speakerOf('Ilse Brandvik told reporters: “The port stays closed.”', 'The port')).toBe(
      'Ilse Brandvik',
    );
    expect(
      speakerOf('“The port stays closed until Thursday,” according to Ilse Brandvik.', 'The port'),
    ).toBe('Ilse Brandvik');
  });

  it('takes the subject before an apposition or a relative clause, not a name inside it', () => {
    expect(
      speakerOf(
        'Mara Quist, who heads the Velmoran Coast Agency, said: “We need the data.”',
        'We need',
      ),
    ).toBe('Mara Quist');
    expect(
      speakerOf('“We need the data,” the head of the coast agency, Mara Quist, said.', 'We need'),
    ).toBe('Mara Quist');
  });

  it('takes the person before "of", not the body or the place after it', () => {
    expect(
      speakerOf('“The quay is gone,” Mara Quist of the Velmoran Coast Agency said.', 'The quay'),
    ).toBe('Mara Quist');
    expect(speakerOf('“The quay is gone,” a fisherman from Korsholm said.', 'The quay')).toBeNull();
    expect(
      speakerOf('“The quay is gone,” an official of the Velmoran Coast Agency said.', 'The quay'),
    ).toBe('Velmoran Coast Agency');
  });

  it('keeps an organisation’s full name and never reports a place, a demonym or a bare title', () => {
    const text =
      'KORSHOLM — The Authority for Coastal Waters said it would publish the gauge logs. ' +
      'Velmoran officials said the logs were late. In Korsholm, the quay flooded. Korsholm said nothing.';
    expect(
      reportedSpeaker(
        text,
        'The Authority for Coastal Waters said it would publish the gauge logs.',
      ),
    ).toBe('Authority for Coastal Waters');
    expect(reportedSpeaker(text, 'Velmoran officials said the logs were late.')).toBeNull();
    expect(reportedSpeaker(text, 'Korsholm said nothing.')).toBeNull();
  });

  it('reads short English snippets and titles given after the name', () => {
    expect(
      speakerOf(
        'Defence Minister Arvo Lind spoke on Monday. “We will respond,” Lind wrote on X.',
        'We will',
      ),
    ).toBe('Lind');
    expect(speakerOf('Arvo Lind, 54, said: “We will respond.”', 'We will')).toBe('Arvo Lind');
    expect(
      speakerOf('“We will respond,” said Defence Minister Arvo Lind on Tuesday.', 'We will'),
    ).toBe('Defence Minister Arvo Lind');
  });

  it('never joins words across a sentence boundary', () => {
    const text =
      'Ilse Brandvik spoke at a briefing in Korsholm. Brandvik said the port would stay shut. “It is not safe,” she said.';
    expect(speakerOf(text, 'It is not safe')).toBe('Brandvik');
  });

  it('resolves he and she to the last person who was the subject, matching gender', () => {
    const text =
      'Premier Lena Vos said her cabinet would meet on Monday. ' +
      'Finance Minister Tomas Adler said he would present the budget first. ' +
      '“It is too early to talk about cuts,” she said. “We will wait,” he added.';
    expect(speakerOf(text, 'It is too early')).toBe('Premier Lena Vos');
    expect(speakerOf(text, 'We will wait')).toBe('Finance Minister Tomas Adler');
  });

  it('resolves "it" to the organisation that was the subject, not to a person', () => {
    const text =
      'Harbour master Ilse Brandvik closed the port. The Korsholm Ferry Company said its boats were safe. “No vessel will sail before Friday,” it said.';
    expect(speakerOf(text, 'No vessel')).toBe('Korsholm Ferry Company');
    // "It was …" is no body speaking.
    expect(
      speakerOf(
        'The Korsholm Ferry Company closed its office. It was clear that “nothing would sail.”',
        'nothing',
      ),
    ).toBeNull();
  });

  it('skips an opening clause and a possessive when looking for the subject', () => {
    const text =
      'When asked by Adler whether Korsholm was safe, Brandvik replied, adding: “Not tonight.”';
    expect(speakerOf(text, 'Not tonight')).toBe('Brandvik');
    expect(speakerOf('Despite Adler’s warning, Lena Vos said: “We sail at dawn.”', 'We sail')).toBe(
      'Lena Vos',
    );
  });

  it('gives an unattributed quote the speaker of the quote it continues', () => {
    const text =
      '“The treaty needs two days’ notice,” Vos said. “That is not a detail.”\n“We were told nothing.”\nThe talks resume on Monday.';
    expect(speakerOf(text, 'That is not a detail')).toBe('Vos');
    expect(speakerOf(text, 'We were told nothing')).toBe('Vos');
  });

  it('resolves "the president" and "the agency" to the actor given that title or name earlier', () => {
    const text =
      'President Karel Dunst visited the flooded quay on Monday with the Coast Guard Agency.\n' +
      '“We stand together,” the president said. “Boats are on the way,” the agency said.';
    expect(speakerOf(text, 'We stand together')).toBe('President Karel Dunst');
    expect(speakerOf(text, 'Boats are on the way')).toBe('Coast Guard Agency');
  });

  it('reads the speaker of a dash-introduced line and of reported speech', () => {
    const text =
      'Minister Lena Vos visited the camp.\n– We will not leave anyone behind, said Vos.';
    const start = text.indexOf('We will');
    expect(findSpeaker(text, start, text.length, start, text.length)).toBe('Vos');
    const report =
      'Tomas Adler said in a statement that the budget would pass. He added that taxes would not rise.';
    expect(
      reportedSpeaker(report, 'Tomas Adler said in a statement that the budget would pass.'),
    ).toBe('Tomas Adler');
    expect(reportedSpeaker(report, 'He added that taxes would not rise.')).toBe('Tomas Adler');
  });

  it('does not guess: no named person before a pronoun, or a text in another language, has no speaker', () => {
    expect(speakerOf('“We tried and failed,” he told the interviewer.', 'We tried')).toBeNull();
    const french =
      'Dans une allocution, le ministre a mis en garde les Etats-Unis contre des "dommages irréparables" qu’entraînerait une intervention, selon la télévision publique du pays et plusieurs agences de presse qui ont relayé son message dans la soirée de mercredi.';
    expect(speakerOf(french, 'dommages')).toBeNull();
  });
});

describe('narrativeSpeaker (who a restated sentence says speaks or acts)', () => {
  const who = (sentence: string, span: string) => {
    const at = sentence.indexOf(span);
    return narrativeSpeaker(sentence, { start: 0, end: sentence.length }, at, at + span.length);
  };

  it('names the speaker of reported speech, wherever the attribution stands', () => {
    expect(
      who(
        'Harbour master Ilse Vandermeer told reporters that the quay would stay closed until spring.',
        'the quay would stay closed until spring',
      ),
    ).toBe('Ilse Vandermeer');
    expect(
      who(
        'The quay will stay closed until spring, the Kessholm Courier reported on Tuesday.',
        'The quay will stay closed until spring',
      ),
    ).toBe('Kessholm Courier');
    expect(
      who(
        'According to Reuters, the quay will stay closed until spring.',
        'the quay will stay closed until spring',
      ),
    ).toBe('Reuters');
  });

  it('names the subject of a claim without speech, also after an opening adverbial', () => {
    expect(
      who(
        'Davron Khaltursunov closed the eastern sluice gates on Friday.',
        'closed the eastern sluice gates',
      ),
    ).toBe('Davron Khaltursunov');
    expect(
      who(
        'On March 14, 2026, Davron Khaltursunov closed the eastern sluice gates.',
        'closed the eastern sluice gates',
      ),
    ).toBe('Davron Khaltursunov');
    // A rare preposition opening the sentence is no name.
    expect(
      who(
        'Amid rising water, Davron Khaltursunov closed the eastern sluice gates.',
        'closed the eastern sluice gates',
      ),
    ).toBe('Davron Khaltursunov');
  });

  it('gives no one rather than the subject when someone else may be the one speaking', () => {
    expect(
      who(
        'Belvoria will reopen the border, an unnamed official said in a briefing.',
        'Belvoria will reopen the border',
      ),
    ).toBeNull();
    expect(
      who(
        'Provincial officials said the coast road would stay closed.',
        'the coast road would stay closed',
      ),
    ).toBeNull();
    expect(
      who('Engineers opened all six spillway gates at night.', 'opened all six spillway gates'),
    ).toBeNull();
    expect(
      who(
        'Orlek on Saturday said the spillway gates had worked normally.',
        'the spillway gates had worked normally',
      ),
    ).toBe('Orlek');
    expect(who('The quay stays shut.', 'The quay stays shut')).toBeNull();
  });
});

describe('speakersAgree', () => {
  it('agrees on one person however titled or transliterated, and on an organisation and its short name', () => {
    expect(speakersAgree('Supreme Leader Ayatollah Ali Khamenei', 'Khamenei')).toBe(true);
    expect(speakersAgree('Pezeschkian', 'Masoud Pezeshkian')).toBe(true);
    expect(speakersAgree('Commission for Shared River Basins', 'Commission')).toBe(true);
    expect(speakersAgree('Foreign Ministry', 'Ministry of Water Resources')).toBe(false);
    expect(speakersAgree('Maren Oskelund', 'Davron Khaltursunov')).toBe(false);
    expect(speakersAgree(null, 'Oskelund')).toBeNull();
  });
});

describe('speakers on the demo story (invented for this project)', () => {
  const page = (name: string) =>
    loadPage(join(DEMO, 'pages', name), () => new Uint8Array()).article.text;
  const sourceText = (id: string) => readFileSync(join(DEMO, 'library', `${id}.txt`), 'utf8');
  const agree = (found: string | null, expected: string | null) =>
    expected === null ? found === null : found !== null && speakersAgree(found, expected) === true;

  it('names the speaker of every quote on the rewritten page', () => {
    const text = page('rewritten.html');
    const expected = [
      'Oskelund',
      'Oskelund',
      'Oskelund',
      'Oskelund',
      'Oskelund',
      'Haltursunov',
      'Haltursunov',
      'Haltursunov',
      'Varkonyi',
      'Varkonyi',
    ];
    const found = quoteSpeakers(text).map((q) => q.speaker);
    expect(found).toHaveLength(expected.length);
    found.forEach((f, i) => expect(agree(f, expected[i]!), `quote ${i + 1}: ${f}`).toBe(true));
  });

  it('names the speakers on the wire copy and the opinion column', () => {
    const wire = quoteSpeakers(page('wire-copy.html')).map((q) => q.speaker);
    ['Khaltursunov', 'Khaltursunov', 'Oskelund', 'Oskelund', 'Varkonyi'].forEach((e, i) =>
      expect(agree(wire[i]!, e), `wire quote ${i + 1}: ${wire[i]}`).toBe(true),
    );
    const opinion = quoteSpeakers(page('opinion.html')).map((q) => q.speaker);
    ['Khaltursunov', 'Tallo'].forEach((e, i) =>
      expect(agree(opinion[i]!, e), `opinion quote ${i + 1}: ${opinion[i]}`).toBe(true),
    );
  });

  it('names the source-side speakers of the library, full organisation names included, and no place', () => {
    const courier = prepareSource(source('demo-dam-courier', sourceText('demo-dam-courier')));
    expect(courier.quotes.map((q) => q.speaker)).toEqual([
      'Foreign Minister Maren Oskelund',
      'Oskelund',
      'Edvin Hallqvist',
      'Ministry of Water Resources',
      'Ines Varkonyi',
      'Oskelund',
      'Oskelund',
    ]);
    const wire = prepareSource(source('demo-dam-wire', sourceText('demo-dam-wire')));
    const speakers = wire.sentenceSpeakers.filter((s): s is string => s !== null);
    expect(speakers).toContain('Commission for Shared River Basins');
    for (const notSpeaker of [
      'Belvoria',
      'Zarhan',
      'Provincial',
      'Tashvel',
      'Strenna',
      'Lower Sarn',
      'Belvorian',
    ])
      expect(speakers).not.toContain(notSpeaker);
    const he = wire.sentences.findIndex((s) =>
      wire.source.text.slice(s.start, s.end).startsWith('He said Zarhan had notified'),
    );
    expect(wire.sentenceSpeakers[he]).toContain('Khaltursunov');
  });
});
