/**
 * Finds a library's actors in a page's article text. People are found by surname (exact, or a
 * transliteration of it next to context that vouches for a person), with the given name, title
 * and possessive around it; organisations and descriptors by their written forms. False friends
 * are rejected: another given name before the surname, a capitalised word after it (a first name
 * that equals the surname, a street, a building), and lines that look like a list of headlines.
 */
import { normalizedWords } from '../text/normalize';
import type { ActorHit, ActorMention } from '../types';
import { givenMatches, samePlace } from './extract';
import {
  CALENDAR,
  HONORIFICS,
  SENTENCE_OPENERS,
  SPEECH_VERBS,
  TITLE_HEADS,
} from '../text/name-lexicon';
import type { LibraryActor } from './model';
import { memo } from '../memo';
import { keysClose, phoneticKey, romanise } from './phonetic';
import { isAcronym, isDemonym, joined, type NameToken } from '../text/name-tokens';
import { nameTokensOf } from '../text/name-runs';

/** A written form of an actor, as normalised words. */
interface Form {
  actor: number;
  words: string[];
  /** A descriptor ("Supreme Leader"): needs "the" or the actor's place around it. */
  descriptor: boolean;
  /** Generated without the actor's qualifier ("Foreign Ministry"): a different qualifier rules it out. */
  bare: boolean;
}

/** An actor list prepared for scanning pages. */
export interface ActorMatcher {
  actors: LibraryActor[];
  forms: Map<string, Form[]>;
  surnames: Array<{ actor: number; key: string; norm: string }>;
}

const formWords = (s: string) =>
  normalizedWords(s.replace(/^the\s+/i, ''))
    .replace(/\./g, '')
    .split(' ')
    .filter(Boolean);

/** Prepares actors for scanning: forms by first word, surnames with their phonetic keys. */
export function createMatcher(actors: LibraryActor[]): ActorMatcher {
  const forms = new Map<string, Form[]>();
  const surnames: ActorMatcher['surnames'] = [];
  const blocked = (a: LibraryActor, s: string) =>
    a.blockedAliases.some((b) => formWords(b).join(' ') === formWords(s).join(' '));
  const add = (f: Form) => {
    if (f.words.length === 0) return;
    const list = forms.get(f.words[0]!) ?? [];
    if (!list.some((x) => x.actor === f.actor && x.words.join(' ') === f.words.join(' ')))
      list.push(f);
    forms.set(f.words[0]!, list);
  };
  actors.forEach((a, i) => {
    if (a.type === 'person') {
      if (a.surname && !blocked(a, a.surname)) {
        surnames.push({
          actor: i,
          key: phoneticKey(a.surname),
          norm: formWords(a.surname).join(' '),
        });
      }
      for (const d of a.descriptors)
        if (!blocked(a, d)) add({ actor: i, words: formWords(d), descriptor: true, bare: false });
      // Person aliases are found through the surname; only user-added aliases without it are forms.
      for (const al of a.aliases) {
        if (blocked(a, al)) continue;
        const w = formWords(al);
        if (a.surname && w.includes(formWords(a.surname).join(' '))) continue;
        add({ actor: i, words: w, descriptor: false, bare: false });
      }
    } else {
      for (const al of [a.name, ...a.aliases]) {
        if (blocked(a, al)) continue;
        const w = formWords(al);
        const qualified = a.qualifiers.some((q) => formWords(q).some((x) => w.includes(x)));
        add({ actor: i, words: w, descriptor: false, bare: a.qualifiers.length > 0 && !qualified });
      }
    }
  });
  return { actors, forms, surnames };
}

/** Lines that read like a list of links (three or more short lines without sentence punctuation). */
function linkListRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const lines: Array<{ start: number; end: number; listy: boolean }> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    const words = t.split(/\s+/).filter(Boolean).length;
    lines.push({
      start: at,
      end: at + line.length,
      listy: t !== '' && words <= 14 && !/[.!?:;"”’»)]$/.test(t),
    });
    at += line.length + 1;
  }
  const content = lines.filter((l) => text.slice(l.start, l.end).trim() !== '');
  for (let i = 0; i < content.length; ) {
    let j = i;
    while (j < content.length && content[j]!.listy) j++;
    if (j - i >= 3) ranges.push([content[i]!.start, content[j - 1]!.end]);
    i = Math.max(j, i + 1);
  }
  return ranges;
}

const isTitle = (t: NameToken | undefined) =>
  t !== undefined && (TITLE_HEADS.has(t.norm) || HONORIFICS.has(t.norm));

/** Whether a capitalised word before a surname is someone's given name rather than a title, place or opener. */
function looksLikeGivenName(t: NameToken): boolean {
  if (!t.cap || t.uncased || t.poss) return false;
  if (isTitle(t) || isAcronym(t) || isDemonym(t) || CALENDAR.has(t.norm)) return false;
  if (t.sentStart && SENTENCE_OPENERS.has(t.norm)) return false;
  if (SENTENCE_OPENERS.has(t.norm) && t.norm !== 'may') return false;
  return /^\p{Lu}[\p{Ll}\p{M}'’-]+$|^\p{Lu}$/u.test(t.text);
}

/** Whether the actor's places agree with a place word written next to a mention (or there is none to check). */
function placeAgrees(actor: LibraryActor, t: NameToken | undefined): boolean {
  if (!t?.cap || !(t.poss || isDemonym(t) || isAcronym(t))) return true;
  if (actor.qualifiers.length === 0) return true;
  return actor.qualifiers.some((q) => samePlace(q, t.text));
}

/** Finds every mention of the matcher's actors in `pageText`; actors without mentions are left out. */
export function findMentions(pageText: string, m: ActorMatcher): ActorHit[] {
  const lists = linkListRanges(pageText);
  // The ranges ascend without overlapping, and so do the tokens: one pass over both.
  let r = 0;
  const toks = nameTokensOf(pageText).filter((t) => {
    while (r < lists.length && lists[r]![1] <= t.start) r++;
    return !(r < lists.length && t.start >= lists[r]![0]);
  });
  const found = new Map<number, ActorMention[]>();
  const covered = new Set<number>();
  const hit = (actor: number, start: number, end: number) => {
    const list = found.get(actor) ?? [];
    list.push({ text: pageText.slice(start, end), start, end });
    found.set(actor, list);
  };

  // Organisations, descriptors and user aliases: the longest written form at each word.
  for (let i = 0; i < toks.length; i++) {
    const cands = m.forms.get(toks[i]!.norm);
    if (!cands) continue;
    let best: { f: Form; len: number } | null = null;
    for (const f of cands) {
      let ok = true;
      for (let k = 1; k < f.words.length && ok; k++) {
        const t = toks[i + k];
        // Only the last word may be possessive: "New York's Times Square" is not "New York Times".
        ok =
          t !== undefined &&
          t.norm === f.words[k] &&
          /^[\s\u00a0]+$|^-$/.test(t.gap) &&
          !t.gap.includes('\n') &&
          !toks[i + k - 1]!.poss;
      }
      if (!ok || (best && best.len >= f.words.length)) continue;
      const first = toks[i]!;
      const lastTok = toks[i + f.words.length - 1]!;
      const next = toks[i + f.words.length];
      const prev = toks[i - 1];
      const prevJoined = prev && joined(first) ? prev : undefined;
      if (f.words.length === 1 && !first.cap) continue;
      if (f.words.length === 1 && next && next.cap && joined(next) && !lastTok.poss) continue;
      if (f.bare && prevJoined && !placeAgrees(m.actors[f.actor]!, prevJoined)) continue;
      if (f.descriptor) {
        const actor = m.actors[f.actor]!;
        // "Supreme Leader Mojtaba Khamenei": a name after the title decides who it is.
        if (next?.cap && joined(next) && !lastTok.poss) continue;
        const lead =
          prevJoined?.norm === 'the' ||
          (prevJoined?.cap &&
            placeAgrees(actor, prevJoined) &&
            actor.qualifiers.length > 0 &&
            (prevJoined.poss || isDemonym(prevJoined) || isAcronym(prevJoined)));
        const ofPlace =
          next?.norm === 'of' &&
          toks[i + f.words.length + 1] !== undefined &&
          placeAgrees(actor, { ...toks[i + f.words.length + 1]!, poss: true }) &&
          actor.qualifiers.length > 0 &&
          toks[i + f.words.length + 1]!.cap;
        if (!lead && !ofPlace) continue;
        if (prevJoined?.cap && !placeAgrees(actor, prevJoined)) continue;
      }
      best = { f, len: f.words.length };
    }
    if (!best) continue;
    for (let k = 0; k < best.len; k++) covered.add(i + k);
    hit(best.f.actor, toks[i]!.start, toks[i + best.len - 1]!.end);
    i += best.len - 1;
  }

  // People by surname. A page that introduces someone else with the surname ("head librarian Agnes
  // Varkonyi") and never the actor means its bare surname is that other person.
  const otherPerson = new Set<number>();
  // A page repeats its names: each word's key is worked out once.
  const keyOf = memo(phoneticKey);
  const introduced = new Set<number>();
  const bare = new Set<string>();
  for (let i = 0; i < toks.length; i++) {
    if (covered.has(i)) continue;
    const t = toks[i]!;
    if (!t.cap) continue;
    const key = keyOf(t.text);
    if (key.length < 2) continue;
    const prev = joined(t) ? toks[i - 1] : undefined;
    const next = toks[i + 1];
    for (const s of m.surnames) {
      const exact = t.norm === s.norm;
      if (!exact && !keysClose(key, s.key)) continue;
      const actor = m.actors[s.actor]!;
      let start = t.start;
      let givenOk = false;
      if (!t.uncased) {
        // A capitalised word right after the surname: "Vance Boelter", "Trump Tower", "Khamenei Street".
        if (!t.poss && next && next.cap && joined(next) && !CALENDAR.has(next.norm)) continue;
        // "Khamenei.ir": part of a web address.
        if (next && next.gap === '.') continue;
        const given = actor.givenNames;
        if (prev?.cap && !prev.poss && given.length > 0 && givenMatches(prev.text, given[0]!)) {
          givenOk = true;
          start = prev.start;
        } else if (prev && looksLikeGivenName(prev)) {
          const before = joined(prev) ? toks[i - 2] : undefined;
          if (
            given.length > 0 &&
            before &&
            looksLikeGivenName(before) &&
            givenMatches(before.text, given[0]!)
          ) {
            givenOk = true; // a middle name: "Ali Hosseini Khamenei"
            start = before.start;
          } else if (!actor.qualifiers.some((q) => samePlace(q, prev.text))) {
            otherPerson.add(s.actor);
            continue; // another person with this surname: "Mojtaba Khamenei", "Eric Trump"
          }
        }
      }
      if (!exact) {
        // A transliteration needs context that vouches for a person.
        const after = toks[i + 1];
        const speech =
          (after && SPEECH_VERBS.has(after.norm) && /^,?\s+$/.test(after.gap)) ||
          (toks[i - 1] && SPEECH_VERBS.has(toks[i - 1]!.norm));
        const titled =
          isTitle(toks[i - 1]) || (toks[i - 1] && looksLikeGivenName(toks[i - 1]!) && givenOk);
        // A name in another script (Холодов, खामेनी) romanised to exactly the actor's key is its own
        // evidence; scripts without letter case give no capital to go by, so nothing less counts there.
        const script = romanise(t.text) !== t.text && key === s.key && s.key.length >= 5;
        if (!script && (t.uncased || !(givenOk || speech || titled))) continue;
      }
      if (givenOk) introduced.add(s.actor);
      else bare.add(`${s.actor}:${start}`);
      hit(s.actor, start, t.end);
      break;
    }
  }

  const hits: ActorHit[] = [];
  for (const [i, all] of found) {
    const a = m.actors[i]!;
    const mentions =
      otherPerson.has(i) && !introduced.has(i)
        ? all.filter((x) => !bare.has(`${i}:${x.start}`))
        : all;
    if (mentions.length === 0) continue;
    mentions.sort((x, y) => x.start - y.start);
    hits.push({ name: a.name, type: a.type, role: a.role, sourceIds: [...a.sourceIds], mentions });
  }
  return hits.sort((x, y) => x.mentions[0]!.start - y.mentions[0]!.start);
}
