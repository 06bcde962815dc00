/**
 * General English word classes the attribution rules read: speech verbs, words that may stand
 * between a subject and its verb, locatives and place nouns, gendered pronouns and titles, and the
 * markers that tell English text from text in another language. None names an actor.
 */
import { NON_ACTOR_HEADS } from './name-lexicon';

/** Verbs of speech in news copy (a general list of the register, not of any story). */
export const SPEECH_VERB =
  /\b(?:said|says|say|told|tells|stated|states|added|adds|warned|warns|declared|asserted|claimed|claims|continued|replied|noted|explained|insisted|wrote|posted|tweeted|announced|argued|confirmed|cautioned|emphasi[sz]ed|stressed|urged|responded|answered|remarked|maintained|acknowledged|complained|conceded|admitted|asked|according to|reported|reports|stating|saying|adding|warning|claiming|calling|describing|telling|insisting|arguing|noting|stressing|urging)\b/giu;

/** Verbs that can put the speaker after them, right behind a quote ("…," said Khamenei). */
export const INVERTING = new Set([
  'said',
  'says',
  'added',
  'stated',
  'declared',
  'told',
  'wrote',
  'asked',
  'continued',
  'replied',
  'explained',
  'noted',
  'insisted',
  'warned',
  'argued',
]);

/** Words that may stand between a subject and its verb of speech ("Trump also said", "she later told"). */
export const BETWEEN_SUBJECT_AND_VERB = new Set([
  'also',
  'has',
  'had',
  'have',
  'then',
  'later',
  'again',
  'further',
  'previously',
  'once',
  'would',
  'will',
  'had',
  'on',
  'earlier',
  'subsequently',
  'reportedly',
  'separately',
]);

/** Prepositions after which a name is a place ("in Strenna", "at the dam near Lindmar"). */
export const LOCATIVES = new Set([
  'in',
  'at',
  'near',
  'across',
  'throughout',
  'inside',
  'outside',
  'towards',
  'toward',
  'within',
]);

/** Prepositions after which a name is an object, not a clause subject. */
export const PREPOSITIONS = new Set([
  'of',
  'to',
  'with',
  'by',
  'for',
  'from',
  'against',
  'on',
  'about',
  'at',
  'in',
  'into',
  'between',
  'among',
  'over',
  'under',
  'toward',
  'towards',
  'near',
  'across',
  'after',
  'before',
  'than',
  'like',
  'and',
  'or',
]);

/** Place nouns written in lower case after a name ("Lower Sarn province", "the Issel valley"). */
export const PLACE_NOUNS = new Set(
  [...NON_ACTOR_HEADS].filter(
    (w) =>
      ![
        'law',
        'act',
        'plan',
        'deal',
        'day',
        'week',
        'month',
        'year',
        'war',
        'prize',
        'award',
        'cup',
        'games',
      ].includes(w),
  ),
);

/** Lower-case nouns for people's roles that the title list leaves out (sport and business). */
export const ROLE_NOUNS = new Set([
  'coach',
  'manager',
  'owner',
  'captain',
  'striker',
  'player',
  'official',
  'officer',
  'worker',
  'spokesperson',
  'executive',
]);

/** Capitalised words that open sentences and name no one. */
export const SUBJECT_NOT_NAMES = new Set(
  'The A An But And It He She They We I In On At This That If When While As After Before Since Despite However Meanwhile According Asked Speaking Yes No Of Or Amid Amidst Among Amongst Following Throughout Notwithstanding Whereas Although Though Unlike Upon Within Without Toward Towards Regarding Concerning During Until Per Via Beyond Besides Across Against Under Over Through'.split(
    ' ',
  ),
);

// Object pronouns ("Sorel thanked him") point at someone else: only subject, possessive and reflexive
// forms tell a person's gender.

export const MALE = new Set(['he', 'his', 'himself']);

export const FEMALE = new Set(['she', 'her', 'hers', 'herself']);

export const MALE_TITLES = new Set([
  'mr',
  'sir',
  'lord',
  'king',
  'prince',
  'sultan',
  'emir',
  'sheikh',
  'spokesman',
  'chairman',
  'congressman',
  'father',
  'ayatollah',
  'pope',
  'rabbi',
  'imam',
]);

export const FEMALE_TITLES = new Set([
  'mrs',
  'ms',
  'miss',
  'dame',
  'lady',
  'queen',
  'princess',
  'spokeswoman',
  'chairwoman',
  'congresswoman',
  'sister',
]);
