import { nameTokens } from './name-tokens';
import type { TextRange } from './segment';
import { firstWhere } from '../sorted';
import { type Gender, type Run, type Doc, tokenAt, quoteAfter, insideQuote } from './name-runs';
import { SPEECH_VERB } from './speech-words';
import { type Subject, sentenceAgent, attributions } from './subjects';

/** The paragraph (line) around an offset. */
function lineOf(text: string, at: number): TextRange {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const nl = text.indexOf('\n', at);
  return { start, end: nl < 0 ? text.length : nl };
}

/** Sentences before `at`, nearest first, within the current paragraph and the two before it. */
function sentencesBefore(doc: Doc, at: number, paragraphs = 2): TextRange[] {
  let floor = lineOf(doc.text, at).start;
  for (let p = 0; p < paragraphs && floor > 0; p++) floor = lineOf(doc.text, floor - 1).start;
  const out: TextRange[] = [];
  const lo = firstWhere(0, doc.sentences.length, (i) => doc.sentences[i]!.start >= at);
  for (let i = lo - 1; i >= 0; i--) {
    const s = doc.sentences[i]!;
    if (s.end <= floor) break;
    out.push({ start: s.start, end: Math.min(s.end, at) });
  }
  return out;
}

/**
 * A he/she resolved to the last person who was the subject of a recent sentence (a quote's
 * attributed speaker counts), with a compatible gender; else the last named person. An "it"
 * resolves the same way to an organisation.
 */
function resolvePronoun(doc: Doc, gender: Gender, at: number): string | null {
  const fits = (name: string, org = false) => {
    if (org !== (gender === 'n')) return false;
    const g = doc.gender.get(keyOfName(name));
    return g === undefined || g === gender;
  };
  let fallback: string | null = null;
  for (const s of sentencesBefore(doc, at)) {
    // A quote in the sentence, attributed: its speaker is the sentence's speaker.
    const last = doc.quotes[quoteAfter(doc, s.end - 1) - 1];
    const q = last && last.start >= s.start ? last : undefined;
    const agent = sentenceAgent(doc, s.start, s.end);
    if (agent && 'name' in agent && fits(agent.name, agent.org)) return agent.name;
    if (q && !(agent && 'name' in agent)) {
      const sp = quoteSpeaker(doc, q);
      if (sp && fits(sp, !isPersonName(doc, sp))) return sp;
    }
    if (fallback === null) {
      for (let k = tokenAt(doc, s.end) - 1; k >= 0 && doc.toks[k]!.start >= s.start; k--) {
        const ri = doc.runAt[k]!;
        if (ri < 0) continue;
        const r = doc.runs[ri]!;
        k = Math.min(k, r.from);
        const candidate =
          gender === 'n' ? r.kind === 'org' : r.kind === 'person' && isStrongPerson(doc, r);
        if (candidate && !insideQuote(doc, r.start) && fits(r.name, r.kind === 'org')) {
          fallback = r.name;
          break;
        }
      }
    }
  }
  return fallback;
}

/** A person named with a title or with more than one word, or whose name the text shows speaking: safe to refer back to. */
function isStrongPerson(doc: Doc, r: Run): boolean {
  if (r.titles.length > 0 || r.to - r.from >= 2) return true;
  return doc.runs.some(
    (o) => o.kind === 'person' && o.key === r.key && (o.titles.length > 0 || o.to - o.from >= 2),
  );
}

const keyOfName = (name: string) => {
  const toks = nameTokens(name);
  return toks[toks.length - 1]?.norm ?? '';
};

function isPersonName(doc: Doc, name: string): boolean {
  return doc.runs.some((r) => r.name === name && r.kind === 'person');
}

/** "the minister", "the president", "the commission": the last named actor the text gave that title or head noun. */
function resolveDescription(doc: Doc, head: string, at: number): string | null {
  // A description points back a short way only: this paragraph or the one before.
  const floor = sentencesBefore(doc, at, 1).pop()?.start ?? at;
  for (let ri = doc.runs.length - 1; ri >= 0; ri--) {
    const r = doc.runs[ri]!;
    if (r.start >= at) continue;
    if (r.start < floor) break;
    if (insideQuote(doc, r.start)) continue;
    if (r.kind === 'person' && (r.titles.includes(head) || appositionHas(doc, r, head)))
      return r.name;
    if (r.kind === 'org' && doc.toks.slice(r.from, r.to).some((t) => t.norm === head))
      return r.name;
  }
  return null;
}

/** Whether a name is followed by an apposition holding a title ("Ines Varkonyi, the commission's executive secretary"). */
function appositionHas(doc: Doc, r: Run, head: string): boolean {
  const next = doc.toks[r.to];
  if (!next || !/^,\s*$/.test(next.gap)) return false;
  for (let k = r.to; k < Math.min(doc.toks.length, r.to + 8); k++) {
    if (k > r.to && /[,.;:]/.test(doc.toks[k]!.gap)) return false;
    if (doc.toks[k]!.norm === head) return true;
  }
  return false;
}

/** Turns a subject into a name: pronouns and descriptions are resolved from the text before `at`. */
export function resolve(doc: Doc, subject: Subject, at: number): string | null {
  if ('name' in subject) return subject.name;
  if ('pronoun' in subject) return resolvePronoun(doc, subject.pronoun, at);
  if ('head' in subject) return resolveDescription(doc, subject.head, at);
  return null;
}

/** The speaker of one of the text's own quotes (for continuations and pronouns), memoised. */
function quoteSpeaker(doc: Doc, q: TextRange): string | null {
  if (doc.quoteSpeakers.has(q.start)) return doc.quoteSpeakers.get(q.start)!;
  doc.quoteSpeakers.set(q.start, null);
  const s = doc.sentences.find((x) => q.start >= x.start && q.start < x.end) ?? {
    start: q.start,
    end: q.end,
  };
  const after = doc.sentences.find((x) => q.end + 1 >= x.start && q.end + 1 < x.end) ?? s;
  const sp = speakerIn(doc, q.start, q.end, s.start, Math.max(s.end, q.end, after.end), true);
  doc.quoteSpeakers.set(q.start, sp);
  return sp;
}

/** The core of `findSpeaker` on an analysed text. */
export function speakerIn(
  doc: Doc,
  start: number,
  end: number,
  sentStart: number,
  sentEnd: number,
  subjectFallback: boolean,
): string | null {
  const text = doc.text;
  const line = lineOf(text, start);
  const from = Math.max(sentStart, line.start);
  // After the passage, the attribution ends at the line's end or where the next quote opens.
  const lineEnd = lineOf(text, Math.max(start, end - 1)).end;
  let to = Math.min(Math.max(sentEnd, end), lineEnd);
  // “… keep dreaming!” Khamenei said. — the sentence splitter ends a sentence at the quote's "!", and
  // a quote of several sentences outruns the sentence it starts in: when nothing follows the quote
  // within the given sentence, its attribution is in the sentence that goes on after the quote.
  if (start !== end && !/\p{L}/u.test(text.slice(end, to))) {
    const next = doc.sentences.find((x) => x.end > end && /\p{L}/u.test(text.slice(end, x.end)));
    if (next && next.start < lineEnd) to = Math.min(lineEnd, next.end);
  }
  const nextQuote = doc.quotes[quoteAfter(doc, end)];
  if (nextQuote && nextQuote.start - 1 < to && start !== end)
    to = Math.max(end, nextQuote.start - 1);
  const cands = [
    ...attributions(doc, from, start, start, end, from),
    ...(end < to ? attributions(doc, end, to, start, end, from) : []),
  ];
  // "– We will not leave, said Vos.": a paragraph opened by a speech dash carries its attribution inside.
  if (start !== end && /^[ \t]*[\u2013\u2014-][ \t]*$/u.test(text.slice(line.start, start))) {
    const tail = text.slice(start, end).search(/,[^,]*$/u);
    if (tail > 0) cands.push(...attributions(doc, start + tail, end, end, end, start, true));
  }
  cands.sort((a, b) => a.distance - b.distance);
  for (const c of cands) {
    const name = resolve(doc, c.subject, 'pronoun' in c.subject ? from : start);
    if (name) return name;
  }
  if (!subjectFallback) return null;
  if (cands.length === 0) {
    // A quote that opens its sentence with no attribution continues the quote before it in the paragraph
    // ("“…,” she said. “That is not a technicality.”"), or the previous paragraph's closing quote.
    const opens = /^[\s“"«‘'„»]*$/u.test(text.slice(from, start));
    if (opens) {
      const before = doc.quotes[quoteAfter(doc, start - 2) - 1];
      const prev =
        before && before.end <= start - 1 && before.start >= line.start ? before : undefined;
      if (prev) return quoteSpeaker(doc, prev);
      const lineAllQuote = !hasSpeechVerb(text.slice(end, line.end)) && start - line.start <= 2;
      if (lineAllQuote && line.start > 0) {
        const prevLine = lineOf(text, line.start - 1);
        const last = doc.quotes
          .filter((q) => q.start >= prevLine.start && q.end <= prevLine.end)
          .pop();
        const lastSentence = doc.sentences
          .filter((s) => s.start >= prevLine.start && s.end <= prevLine.end)
          .pop();
        if (last && lastSentence && last.end >= lastSentence.start) return quoteSpeaker(doc, last);
      }
    }
  }
  // No verb of speech: the sentence's subject speaks ("Khamenei warned of an “enemy” effort").
  const agent = sentenceAgent(doc, from, start, true);
  // An "it" opening a sentence without a verb of speech is mostly "it was …", not a body speaking.
  return agent && !('pronoun' in agent && agent.pronoun === 'n') ? resolve(doc, agent, from) : null;
}

/** The first verb of speech in `s`, or null (the shared global pattern is left reset). */
export function firstSpeechVerb(s: string): RegExpExecArray | null {
  SPEECH_VERB.lastIndex = 0;
  const found = SPEECH_VERB.exec(s);
  SPEECH_VERB.lastIndex = 0;
  return found;
}

export function hasSpeechVerb(s: string): boolean {
  return firstSpeechVerb(s) !== null;
}
