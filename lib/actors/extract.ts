/**
 * Builds a source's actor list from its text with capitalisation rules: runs of capitalised
 * words are split into qualifier, title, honorific and name; a run is a person when a title,
 * a speech verb or an appositive role vouches for it, an organisation when it has an
 * organisation head noun, and is dropped otherwise (places, events, things, sentence openers).
 */
import { findBoilerplateStart } from '../sources';
import { normalizedWords } from '../text/normalize';
import type { Source } from '../types';
import {
  CALENDAR,
  DIPLOMATIC_BODIES,
  HONORIFICS,
  NAME_CONNECTORS,
  NON_ACTOR_HEADS,
  ORG_HEADS,
  SENTENCE_OPENERS,
  SPEECH_VERBS,
  SUBJECT_VERBS,
  TITLE_HEADS,
} from '../text/name-lexicon';
import type { SourceActor } from './model';
import { sameNameWord } from './phonetic';
import { isAcronym, isDemonym, joined, nameTokens, type NameToken } from '../text/name-tokens';

const isTitleWord = (t: NameToken) => TITLE_HEADS.has(t.norm) || HONORIFICS.has(t.norm);

/** Credit, copyright and reporting lines that name the publisher's staff, not the story's actors. */
const CREDIT_LINE =
  /^\s*(?:©|\(c\)|copyright\b|all rights reserved|\((?:reporting|writing|editing|additional reporting) by)/i;

interface Run {
  toks: NameToken[];
  /** Index of the run's first token in the token list. */
  at: number;
  /** A mid-sentence "The" opens the run (a publication or a body: "told The New York Times"). */
  withThe: boolean;
}

/** Splits tokens into runs of capitalised words (connectors allowed inside). */
function findRuns(toks: NameToken[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < toks.length) {
    const t = toks[i]!;
    if (!t.cap || t.uncased || CALENDAR.has(t.norm)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < toks.length && !toks[j]!.poss) {
      const n = toks[j + 1]!;
      if (!joined(n)) break;
      if (n.cap && !CALENDAR.has(n.norm)) {
        j++;
        continue;
      }
      // "Ministry of Water Resources", "Security Council of the United Nations"
      let k = j + 1;
      while (k < toks.length && NAME_CONNECTORS.has(toks[k]!.text) && joined(toks[k]!)) k++;
      if (
        k > j + 1 &&
        k < toks.length &&
        toks[k]!.cap &&
        joined(toks[k]!) &&
        !CALENDAR.has(toks[k]!.norm)
      ) {
        j = k;
        continue;
      }
      break;
    }
    let run = toks.slice(i, j + 1);
    let withThe = false;
    if (run[0]!.norm === 'the' && !run[0]!.sentStart && run.length > 1) withThe = true;
    let at = i;
    while (
      run.length > 0 &&
      (run[0]!.norm === 'the' || (run[0]!.sentStart && SENTENCE_OPENERS.has(run[0]!.norm)))
    ) {
      if (run[0]!.norm === 'the' && withThe) break;
      run = run.slice(1);
      at++;
    }
    if (run.length > 0) runs.push({ toks: run, at, withThe });
    i = j + 1;
  }
  return runs;
}

const textOf = (text: string, toks: NameToken[]) =>
  text.slice(toks[0]!.start, toks[toks.length - 1]!.end);
const lowerTitle = (toks: NameToken[]) =>
  toks.map((t) => (isAcronym(t) || isDemonym(t) ? t.text : t.text.toLowerCase())).join(' ');

/**
 * Version of the rules below. The extension stores each source's actors with the version that
 * extracted them and extracts them again when it differs: bump it whenever a change to this module
 * (or its lexicon and tokens) changes what `extractSourceActors` returns.
 */
export const ACTOR_RULES_VERSION = 1;

/** Extracts the people and organisations a source names, with roles, aliases and descriptors. */
export function extractSourceActors(source: Source): SourceActor[] {
  const text = source.text;
  // Trailing credit lines ("© 2026 …") hide promo lines above them from the boilerplate scan.
  let creditCut = text.length;
  for (;;) {
    const head = text.slice(0, creditCut).replace(/\s+$/, '');
    const lineAt = head.lastIndexOf('\n') + 1;
    if (lineAt === 0 || !CREDIT_LINE.test(head.slice(lineAt))) break;
    creditCut = lineAt;
  }
  const bodyEnd = findBoilerplateStart(text.slice(0, creditCut), source.outlet);
  const credit: Array<[number, number]> = [];
  let lineStart = 0;
  for (const line of text.slice(0, bodyEnd).split('\n')) {
    if (CREDIT_LINE.test(line)) credit.push([lineStart, lineStart + line.length]);
    lineStart += line.length + 1;
  }
  const toks = nameTokens(text, 0, bodyEnd).filter(
    (t) => !credit.some(([a, b]) => t.start >= a && t.start < b),
  );
  const runs = findRuns(toks);
  const lowerWords = new Set(toks.filter((t) => !t.cap).map((t) => t.norm));

  const people: SourceActor[] = [];
  const orgs: SourceActor[] = [];
  const standaloneTitles: Array<{ title: string; qualifier: string | null }> = [];
  const initialisms = new Map<string, string>();
  for (const r of runs) {
    const words = r.toks.filter((t) => !NAME_CONNECTORS.has(t.text));
    if (words.length >= 2 && words.every((t) => /^\p{Lu}\p{Ll}/u.test(t.text))) {
      initialisms.set(words.map((t) => t.text[0]).join(''), textOf(text, r.toks));
    }
  }

  const blank = (name: string, type: SourceActor['type']): SourceActor => ({
    name,
    type,
    role: null,
    sourceId: source.id,
    aliases: [],
    descriptors: [],
    givenNames: [],
    surname: null,
    qualifiers: [],
  });
  const addOrg = (name: string, alias: string[], qualifier: string | null) => {
    const key = normalizedWords(name.replace(/^the\s+/i, ''));
    let org = orgs.find((o) => normalizedWords(o.name.replace(/^the\s+/i, '')) === key);
    if (!org) orgs.push((org = blank(name, 'organization')));
    for (const a of [name, ...alias]) if (!org.aliases.includes(a)) org.aliases.push(a);
    if (qualifier && !org.qualifiers.includes(qualifier)) org.qualifiers.push(qualifier);
  };

  for (const r of runs) {
    const R = r.toks;
    const before = toks[r.at - 1];
    const possBefore = before?.poss && before.cap && joined(R[0]!) ? before : null;
    const last = R[R.length - 1]!;
    if (NON_ACTOR_HEADS.has(last.norm) && !ORG_HEADS.has(last.norm)) continue;
    let lastTitle = -1;
    R.forEach((t, k) => {
      if (isTitleWord(t)) lastTitle = k;
    });
    const nameToks = R.slice(lastTitle + 1);
    const orgHead = nameToks.findIndex((t) => ORG_HEADS.has(t.norm));

    if (orgHead >= 0 && !(nameToks.length === 1 && R.length === 1 && isDemonym(R[0]!))) {
      const orgToks = nameToks;
      if (orgToks.every((t) => ORG_HEADS.has(t.norm) || t.norm === 'the')) continue;
      const name = textOf(text, orgToks);
      const aliases: string[] = [];
      let qualifier: string | null = possBefore?.text ?? null;
      if (possBefore) aliases.push(text.slice(possBefore.start, orgToks[orgToks.length - 1]!.end));
      const first = orgToks[0]!;
      const rest = orgToks.slice(1);
      if (isDemonym(first) && rest.length >= 2 && rest.some((t) => ORG_HEADS.has(t.norm))) {
        qualifier = first.text;
        aliases.push(textOf(text, rest));
      }
      if (isAcronym(first) && rest.length >= 1) {
        const expansion = initialisms.get(first.text.replace(/\./g, ''));
        if (expansion) {
          const tail = textOf(text, rest);
          aliases.push(`${expansion} ${tail}`, `${tail} of the ${expansion}`);
        }
      }
      // "Orlek Hydropower Group" is also "Orlek" when the source uses the bare word as a subject.
      if (
        !isDemonym(first) &&
        !isAcronym(first) &&
        !ORG_HEADS.has(first.norm) &&
        orgToks.length >= 2
      ) {
        const bare = runs.some(
          (o) =>
            o.toks.length === 1 &&
            o.toks[0]!.norm === first.norm &&
            SUBJECT_VERBS.has(toks[o.at + 1]?.norm ?? ''),
        );
        if (bare) aliases.push(first.text);
      }
      addOrg(name, aliases, qualifier);
      continue;
    }

    if (lastTitle >= 0 && nameToks.length === 0) {
      // A title on its own ("the Supreme Leader"): a descriptor, attributed below.
      const titleToks = R.filter((t) => !isAcronym(t) && !isDemonym(t));
      if (titleToks.length >= 2 || !R[0]!.sentStart) {
        standaloneTitles.push({
          title: textOf(text, titleToks.length ? titleToks : R),
          qualifier: possBefore?.text ?? null,
        });
      }
      continue;
    }

    if (nameToks.length === 0 || nameToks.length > 4) continue;
    if (nameToks.some((t) => ORG_HEADS.has(t.norm) || NON_ACTOR_HEADS.has(t.norm))) continue;
    if (isAcronym(last) || SENTENCE_OPENERS.has(last.norm)) continue;
    if (nameToks.length === 1 && isDemonym(nameToks[0]!)) continue;

    // Evidence that the run names a person.
    let role: string | null = null;
    let qualifier: string | null = possBefore?.text ?? null;
    const titleToks = R.slice(0, lastTitle + 1).filter(
      (t) => !HONORIFICS.has(t.norm) || TITLE_HEADS.has(t.norm),
    );
    const honorifics = R.slice(0, lastTitle + 1).filter(
      (t) => HONORIFICS.has(t.norm) && !TITLE_HEADS.has(t.norm),
    );
    let evidence = lastTitle >= 0;
    if (titleToks.length > 0) {
      let tt = titleToks;
      const lead = tt[0]!;
      if ((isDemonym(lead) || isAcronym(lead)) && tt.length > 1) {
        qualifier = qualifier ?? lead.text;
      }
      if (
        tt.every(
          (t) => HONORIFICS.has(t.norm) && ['mr', 'mrs', 'ms', 'dr', 'miss'].includes(t.norm),
        )
      )
        tt = [];
      if (tt.length) role = lowerTitle(tt) + (possBefore ? ` of ${possBefore.text}` : '');
    }
    // Lower-case title just before the name: "special envoy Steve Witkoff", "chief executive Bruno Castellane".
    if (!evidence && before && TITLE_HEADS.has(before.norm) && !before.cap && joined(R[0]!)) {
      evidence = true;
      let k = r.at - 1;
      const lower: NameToken[] = [];
      while (
        k >= 0 &&
        lower.length < 3 &&
        !toks[k]!.cap &&
        /^[\p{Ll}-]+$/u.test(toks[k]!.text) &&
        !SENTENCE_OPENERS.has(toks[k]!.norm)
      ) {
        lower.unshift(toks[k]!);
        if (!joined(toks[k]!)) break;
        k--;
      }
      const owner = toks[r.at - 1 - lower.length];
      const ownerPoss =
        owner?.poss && owner.cap && lower.length > 0 && joined(lower[0]!) ? owner.text : null;
      role = lower.map((t) => t.text).join(' ') + (ownerPoss ? ` of ${ownerPoss}` : '');
    }
    const after = toks[r.at + R.length];
    const after2 = toks[r.at + R.length + 1];
    // Appositive: "Edvin Hallqvist, the governor of Lower Sarn province, who …"
    if (
      nameToks.length >= 2 &&
      after &&
      /^,\s*$/.test(after.gap) &&
      ['the', 'a', 'an', 'its'].includes(after.text)
    ) {
      const stop = text.slice(after.start).search(/[,.;\n]/);
      const phrase = text.slice(
        after.start + after.text.length + 1,
        stop < 0 ? undefined : after.start + stop,
      );
      const words = phrase.split(/\s+/);
      if (
        words.length <= 10 &&
        words.some((w) => TITLE_HEADS.has(w.toLowerCase().replace(/[’']s$/, '')))
      ) {
        evidence = true;
        role = role ?? phrase.trim();
      }
    }
    if (nameToks.length >= 2 && !evidence) {
      const speechAfter = after && SPEECH_VERBS.has(after.norm) && /^,?\s+$/.test(after.gap);
      const speechAfterComma =
        after && /^,\s*$/.test(after.gap) && after2 && SPEECH_VERBS.has(after2.norm);
      const speechBefore =
        before &&
        (SPEECH_VERBS.has(before.norm) ||
          (before.norm === 'to' && toks[r.at - 2]?.norm === 'according'));
      // Speech alone is weak evidence ("Human Rights Watch said"): a name word the source also
      // writes in lower case is a common word, not a name.
      const common = nameToks.some((t) => lowerWords.has(t.norm));
      evidence =
        Boolean(speechAfter || speechAfterComma || speechBefore) && nameToks.length <= 3 && !common;
    }
    if (!evidence) continue;
    const surname = nameToks[nameToks.length - 1]!;
    const given = nameToks.slice(0, -1).map((t) => t.text);
    const name = textOf(text, nameToks);
    let p = people.find(
      (x) =>
        x.surname !== null &&
        sameNameWord(x.surname, surname.text) &&
        compatibleGiven(x.givenNames, given),
    );
    if (!p) people.push((p = blank(name, 'person')));
    if (given.length > p.givenNames.length) {
      p.givenNames = given;
      p.name = name;
    }
    p.surname = p.surname ?? surname.text;
    p.role = p.role ?? role;
    if (qualifier && !p.qualifiers.includes(qualifier)) p.qualifiers.push(qualifier);
    const full = text.slice((possBefore ?? R[0]!).start, last.end);
    for (const a of [full, name, ...honorifics.map((h) => `${h.text} ${name}`)])
      if (!p.aliases.includes(a)) p.aliases.push(a);
  }

  // Diplomatic bodies written in lower case: "Iran's mission to the United Nations".
  toks.forEach((t, i) => {
    const body = toks[i + 1];
    if (
      !t.poss ||
      !t.cap ||
      !body ||
      !DIPLOMATIC_BODIES.has(body.norm) ||
      body.cap ||
      !joined(body)
    )
      return;
    const to = toks[i + 2];
    if (to?.norm !== 'to') return;
    let k = i + 3;
    if (toks[k]?.norm === 'the') k++;
    const target = runs.find((r) => r.at === k || r.at === k - 1);
    if (!target) return;
    const end = target.toks[target.toks.length - 1]!.end;
    addOrg(text.slice(t.start, end), [], t.text);
  });

  // Surname-only people ("President Trump") join the full name the source gives elsewhere.
  const merged: SourceActor[] = [];
  for (const p of [...people].sort((a, b) => b.givenNames.length - a.givenNames.length)) {
    const into = merged.find(
      (m) => sameNameWord(m.surname!, p.surname!) && compatibleGiven(m.givenNames, p.givenNames),
    );
    if (!into) {
      merged.push(p);
      continue;
    }
    into.role = into.role ?? p.role;
    for (const a of p.aliases) if (!into.aliases.includes(a)) into.aliases.push(a);
    for (const q of p.qualifiers) if (!into.qualifiers.includes(q)) into.qualifiers.push(q);
  }
  for (const p of merged)
    if (p.surname && !p.aliases.includes(p.surname)) p.aliases.push(p.surname);
  // "special envoy of Trump" reads better with the full name the source gives elsewhere.
  for (const p of merged) {
    const owner = p.role?.match(/ of (\S+)$/)?.[1];
    const full = owner
      ? merged.find((o) => o !== p && o.surname === owner && o.givenNames.length > 0)
      : undefined;
    if (full) p.role = p.role!.replace(/ of \S+$/, ` of ${full.name}`);
  }

  // A title used on its own belongs to the one person the source gives that title.
  for (const { title, qualifier } of standaloneTitles) {
    const key = title.toLowerCase();
    const holders = merged.filter((p) => p.aliases.some((a) => a.toLowerCase().includes(key)));
    if (holders.length !== 1) continue;
    const h = holders[0]!;
    if (qualifier && h.qualifiers.length && !h.qualifiers.some((q) => samePlace(q, qualifier)))
      continue;
    if (!h.descriptors.includes(title)) h.descriptors.push(title);
  }

  // An organisation written bare ("the Foreign Ministry") joins its qualified name ("Iranian Foreign Ministry").
  const orgOut: SourceActor[] = [];
  for (const o of [...orgs].sort((a, b) => b.name.length - a.name.length)) {
    const key = normalizedWords(o.name.replace(/^the\s+/i, ''));
    const into = orgOut.find((m) =>
      m.aliases.some((a) => normalizedWords(a.replace(/^the\s+/i, '')) === key),
    );
    if (into) {
      for (const a of o.aliases) if (!into.aliases.includes(a)) into.aliases.push(a);
    } else orgOut.push(o);
  }
  return [...merged, ...orgOut];
}

/** Whether two lists of given names can belong to one person (either unknown, or one a short form of the other). */
export function compatibleGiven(a: string[], b: string[]): boolean {
  if (a.length === 0 || b.length === 0) return true;
  return givenMatches(a[0]!, b[0]!);
}

/** Whether two given names can be one (Steve/Steven, JD/J.D., Ben/Benjamin, Masoud/Massoud). */
export function givenMatches(a: string, b: string): boolean {
  const x = normalizedWords(a).replace(/[\s.]/g, '');
  const y = normalizedWords(b).replace(/[\s.]/g, '');
  if (!x || !y) return false;
  if (x === y) return true;
  if (Math.min(x.length, y.length) >= 3 && (x.startsWith(y) || y.startsWith(x))) return true;
  return sameNameWord(a, b);
}

/** Whether two place words name one place (Iran, Iranian, Iran's; U.S., US). */
export function samePlace(a: string, b: string): boolean {
  const x = normalizedWords(a).replace(/'s$|[\s.]/g, '');
  const y = normalizedWords(b).replace(/'s$|[\s.]/g, '');
  const n = Math.min(x.length, y.length, 4);
  return n >= 2 && x.slice(0, n) === y.slice(0, n);
}
