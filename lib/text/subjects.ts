/**
 * Who a sentence's grammar says is speaking: the subject before a speech verb (with appositions and
 * titles), the agent after an inverted verb ("said X"), and the attributions a sentence holds.
 */
import { CALENDAR, DIPLOMATIC_BODIES, ORG_HEADS, TITLE_HEADS } from './name-lexicon';
import {
  type Gender,
  type Run,
  type Doc,
  isPronoun,
  genderOf,
  tokenAt,
  insideQuote,
} from './name-runs';
import {
  SPEECH_VERB,
  INVERTING,
  BETWEEN_SUBJECT_AND_VERB,
  PREPOSITIONS,
  ROLE_NOUNS,
} from './speech-words';

/** What a subject position holds: a named speaker, a pronoun, a description ("the minister"), or nothing usable. */
export type Subject =
  | { name: string; org?: boolean }
  | { pronoun: Gender }
  | { head: string }
  | { none: true };

/** The speaker a run can be: persons and organisations only. */
const speakerOf = (r: Run | undefined): Subject =>
  r && (r.kind === 'person' || r.kind === 'org')
    ? { name: r.name, org: r.kind === 'org' }
    : r && r.kind === 'title'
      ? { head: r.titles[r.titles.length - 1]! }
      : { none: true };

/** The subject that ends right before token `i` (exclusive), walking back over adverbs and an apposition. */
function subjectBefore(doc: Doc, i: number, floor: number, apposition = true): Subject | null {
  let k = i - 1;
  let skipped = 0;
  while (
    k >= floor &&
    !doc.toks[k]!.cap &&
    (BETWEEN_SUBJECT_AND_VERB.has(doc.toks[k]!.norm) ||
      CALENDAR.has(doc.toks[k]!.norm) ||
      /ly$/.test(doc.toks[k]!.norm)) &&
    skipped < 3 &&
    !/[,;:]/.test(doc.toks[k + 1]?.gap ?? '')
  ) {
    k--;
    skipped++;
  }
  while (k >= floor && CALENDAR.has(doc.toks[k]!.norm) && skipped < 4) {
    k--;
    skipped++;
    if (k >= floor && doc.toks[k]!.norm === 'on') k--;
  }
  if (k < floor) return null;
  const t = doc.toks[k]!;
  const gapAfter = doc.toks[k + 1]?.gap ?? '';
  // "X, the governor of …, said" / "X, who heads …, said": the subject stands before the comma clause.
  if (apposition && /,\s*$/.test(gapAfter) && k + 1 === i) {
    // "the coach of the rowing club, Tomas Arvidsen, said": a name set off right before the verb is the subject.
    const named = doc.runs[doc.runAt[k]!];
    if (
      named &&
      named.to - 1 === k &&
      !named.poss &&
      (named.kind === 'person' || named.kind === 'org') &&
      /,\s*$/.test(doc.toks[named.from]!.gap)
    )
      return speakerOf(named);
    for (let c = k; c > Math.max(floor, k - 30); c--) {
      const gap = doc.toks[c]!.gap;
      if (/[“”"«»]/.test(gap) || /[.;:!?]/.test(gap)) break;
      if (!/,/.test(gap)) continue;
      const opener = doc.toks[c]!.norm;
      if (
        !['who', 'which', 'whose', 'the', 'a', 'an', 'its', 'his', 'her', 'their'].includes(
          opener,
        ) &&
        doc.toks[c]!.cap
      )
        continue;
      const head = subjectBefore(doc, c, floor, false);
      if (head && !('none' in head)) return head;
      break;
    }
    return null;
  }
  if (isPronoun(t)) return { pronoun: genderOf(t) };
  const ri = doc.runAt[k]!;
  if (ri >= 0) {
    const r = doc.runs[ri]!;
    if (r.poss && r.to - 1 === k) return { none: true };
    // A name that completes a phrase ("Ines Varkonyi of the Commission said", "a resident of Lower
    // Sarn said") is not who speaks: the person before it is, or no one named. A body still speaks
    // through its staff ("an official of the Commission said").
    let p = r.from - 1;
    if (p >= floor && doc.toks[p]!.norm === 'the') p--;
    if (
      p > floor &&
      (doc.toks[p]!.norm === 'of' || doc.toks[p]!.norm === 'from') &&
      !doc.toks[p]!.cap
    ) {
      const head = doc.runs[doc.runAt[p - 1] ?? -1];
      if (head && head.to === p && head.kind === 'person') return speakerOf(head);
      if (!doc.toks[p - 1]!.cap && r.kind !== 'org') return { none: true };
    }
    return speakerOf(r);
  }
  // "a Foreign Ministry official told", "an Orlek spokesperson said": the body speaks through its staff.
  const owner = doc.runs[doc.runAt[k - 1] ?? -1];
  if (
    !t.cap &&
    ROLE_NOUNS.has(t.norm) &&
    owner &&
    owner.kind === 'org' &&
    owner.to === k &&
    /^[ \u00a0]+$/.test(t.gap)
  )
    return speakerOf(owner);
  // "the minister said", "the agency's chief said", "the mission stated": resolved by title or head noun.
  if (
    !t.cap &&
    (TITLE_HEADS.has(t.norm) || ORG_HEADS.has(t.norm) || DIPLOMATIC_BODIES.has(t.norm))
  ) {
    const det = doc.toks[k - 1];
    const det2 = doc.toks[k - 2];
    if ((det && (det.norm === 'the' || det.poss)) || (det2 && (det2.norm === 'the' || det2.poss)))
      return { head: t.norm };
  }
  return { none: true };
}

/** The subject of the clause a token sits in: the first name or pronoun of its sentence not governed by a preposition. */
export function sentenceAgent(
  doc: Doc,
  sentStart: number,
  before: number,
  allowPossessive = false,
): Subject | null {
  // An opening adverbial or subordinate clause ("When asked by Carlson if Israel had …, Pezeshkian
  // confirmed") holds no subject of the main clause: look after its comma first.
  const first = doc.toks[tokenAt(doc, sentStart)];
  if (
    first &&
    first.start < before &&
    doc.runAt[tokenAt(doc, sentStart)]! < 0 &&
    !isPronoun(first)
  ) {
    let comma = -1;
    for (
      let i = tokenAt(doc, sentStart) + 1;
      i < doc.toks.length && doc.toks[i]!.start < before;
      i++
    ) {
      if (/,\s*$/.test(doc.toks[i]!.gap) && !insideQuote(doc, doc.toks[i]!.start - 1)) {
        comma = i;
        break;
      }
    }
    if (comma > 0) {
      const main = agentFrom(doc, doc.toks[comma]!.start, before, false);
      if (main) return main;
    }
  }
  return agentFrom(doc, sentStart, before, allowPossessive);
}

function agentFrom(
  doc: Doc,
  sentStart: number,
  before: number,
  allowPossessive: boolean,
): Subject | null {
  let k = tokenAt(doc, sentStart);
  let fallback: Subject | null = null;
  for (; k < doc.toks.length && doc.toks[k]!.start < before; k++) {
    const t = doc.toks[k]!;
    if (insideQuote(doc, t.start)) continue;
    const prev = doc.toks[k - 1];
    const governed =
      prev !== undefined && prev.start >= sentStart && !prev.cap && PREPOSITIONS.has(prev.norm);
    if (isPronoun(t) && !governed) return { pronoun: genderOf(t) };
    const ri = doc.runAt[k]!;
    if (ri < 0) continue;
    const r = doc.runs[ri]!;
    k = r.to - 1;
    if (governed) continue;
    if (r.poss) {
      if (allowPossessive && !fallback && r.kind === 'person') fallback = { name: r.name };
      continue;
    }
    // "Dunmere Rovers coach Benedek Tallo", "Orlek chief executive Bruno Castellane": a name before a
    // lower-case title and another name qualifies that name; it is not the subject.
    if (qualifiesNext(doc, r)) continue;
    if (r.kind === 'person' || r.kind === 'org') return { name: r.name, org: r.kind === 'org' };
  }
  return fallback;
}

/** Whether a run is followed by a lower-case title or role and then another name. */
function qualifiesNext(doc: Doc, r: Run): boolean {
  for (let k = r.to; k < Math.min(doc.toks.length, r.to + 3); k++) {
    const t = doc.toks[k]!;
    if (!/^[ \u00a0]+$/.test(t.gap)) return false;
    if (t.cap) return k > r.to && doc.runAt[k]! >= 0;
    if (!TITLE_HEADS.has(t.norm) && !ROLE_NOUNS.has(t.norm)) return false;
  }
  return false;
}

/** A candidate attribution for a passage, with how far its verb is from the passage. */
interface Candidate {
  subject: Subject;
  distance: number;
}

/** Attribution candidates from the verbs of speech in `[from, to)`, for the passage `[start, end)`. */
export function attributions(
  doc: Doc,
  from: number,
  to: number,
  start: number,
  end: number,
  sentStart: number,
  dashed = false,
): Candidate[] {
  const out: Candidate[] = [];
  const text = doc.text;
  const part = text.slice(from, to);
  SPEECH_VERB.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SPEECH_VERB.exec(part)) !== null) {
    const vStart = from + m.index;
    const vEnd = vStart + m[0].length;
    if (insideQuote(doc, vStart)) continue;
    const verb = m[0].toLowerCase();
    const distance = vStart >= end ? vStart - end : start - vEnd;
    const vi = tokenAt(doc, vStart);
    const afterVerb = tokenAt(doc, vEnd);
    const floor = tokenAt(doc, vStart >= end ? end : sentStart);
    const push = (subject: Subject | null) => {
      if (subject && !('none' in subject)) out.push({ subject, distance });
    };
    if (verb === 'according to') {
      const r = doc.runAt[afterVerb] ?? -1;
      if (r >= 0 && doc.runs[r]!.from <= afterVerb) push(speakerOf(doc.runs[r]));
      else push(subjectAfter(doc, afterVerb));
      continue;
    }
    // A participle or a coordinated verb ("…, warning that", "… and said") shares the sentence's subject.
    const prevTok = doc.toks[vi - 1];
    const coordinated =
      prevTok && prevTok.start >= sentStart && !prevTok.cap && prevTok.norm === 'and';
    if (/ing$/.test(verb) || coordinated) {
      push(sentenceAgent(doc, sentStart, vStart, true));
      continue;
    }
    const subject = subjectBefore(doc, vi, floor);
    if (subject && !('none' in subject)) {
      push(subject);
      continue;
    }
    // "…," said Khamenei / said the minister: only right behind a quote, and only when the name closes
    // the clause ("said Tashvel would pay" has Tashvel as the reported clause's subject).
    const rightAfterQuote =
      vStart >= end
        ? /^[\s,.!?…"”’»]*$/u.test(text.slice(end, vStart))
        : /[”"»’][,.!?…]?\s*$|[,.!?…][”"»’]\s*$/u.test(
            text.slice(Math.max(from, vStart - 4), vStart),
          ) ||
          (dashed && /[,.!?…]\s*$/u.test(text.slice(Math.max(from, vStart - 3), vStart)));
    if (INVERTING.has(verb) && rightAfterQuote) {
      const after = subjectAfter(doc, afterVerb);
      if (after && !('none' in after)) {
        const r = doc.runAt[afterVerb]!;
        const closeAt = r >= 0 ? doc.runs[r]!.end : text.length;
        if (
          r < 0 ||
          !/^\s+\p{Ll}/u.test(text.slice(closeAt, closeAt + 3)) ||
          /^\s+(?:who|which|on|in|at|during)\b/u.test(text.slice(closeAt, closeAt + 8))
        )
          push(after);
      }
    }
  }
  return out;
}

/** The speaker named right after token `i` ("said Edvin Hallqvist", "according to the commission's chief"). */
function subjectAfter(doc: Doc, i: number): Subject | null {
  const t = doc.toks[i];
  if (!t) return null;
  if (isPronoun(t)) return { pronoun: genderOf(t) };
  const ri = doc.runAt[i]!;
  if (ri >= 0) return speakerOf(doc.runs[ri]);
  if (t.norm === 'the' || t.poss) {
    for (let k = i + 1; k < Math.min(doc.toks.length, i + 4); k++) {
      const w = doc.toks[k]!;
      if (doc.runAt[k]! >= 0) return speakerOf(doc.runs[doc.runAt[k]!]);
      if (TITLE_HEADS.has(w.norm) || ORG_HEADS.has(w.norm) || DIPLOMATIC_BODIES.has(w.norm))
        return { head: w.norm };
    }
  }
  return null;
}
