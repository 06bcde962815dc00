/**
 * General English word classes that the capitalisation rules lean on: titles, honorifics, the
 * head nouns of organisation names, heads that make a name a place or a thing, speech verbs.
 * These describe how English news prose names people and bodies; none of them names an actor.
 */

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** Words that end a title before a person's name ("Foreign Minister", "special envoy", "chief executive"). */
export const TITLE_HEADS = set(`
  president minister leader secretary envoy ambassador chancellor governor senator mayor spokesman
  spokeswoman spokesperson chief executive director chairman chairwoman chairperson chair commander
  general king queen prince princess emir sultan premier commissioner adviser advisor speaker attorney
  officer lieutenant colonel major captain admiral marshal sergeant judge justice representative
  congressman congresswoman lawmaker ceo founder head correspondent anchor host podcaster journalist
  analyst diplomat negotiator delegate counsel economist professor prosecutor
`);

/** Honorifics and religious or courtesy titles written directly before a name. */
export const HONORIFICS = set(`
  mr mrs ms miss dr prof sir dame lord lady ayatollah sheikh shaikh imam rabbi pope cardinal archbishop
  bishop father sister reverend rev hon gen sen rep gov lt col capt adm sgt
`);

/** Abbreviations written with a full stop that does not end a sentence. */
export const ABBREVIATIONS = set(
  `mr mrs ms dr prof st gen sen rep gov lt col capt adm sgt jr sr rev hon no vs`,
);

/** Head nouns that make a capitalised name an organisation (bodies, companies, media). */
export const ORG_HEADS = set(`
  ministry department council commission committee agency service services group company corporation corp
  inc ltd llc plc bank party parliament congress senate court tribunal assembly association organisation
  organization union institute university college foundation office administration army navy police
  forces corps guard guards mission embassy delegation consulate authority board bureau federation
  league network television radio broadcasting media cabinet fund coalition alliance movement front
  secretariat directorate inspectorate international watch
  times post courier herald tribune journal gazette guardian telegraph observer chronicle daily news press
  mail express monitor review standard economist
`);

/** Lower-case nouns that name a diplomatic body after a country's possessive ("Iran's mission to …"). */
export const DIPLOMATIC_BODIES = set(`mission embassy delegation consulate`);

/** Heads that make a capitalised name a place, a structure, a document or an event: never an actor. */
export const NON_ACTOR_HEADS = set(`
  street st avenue ave road rd boulevard square lane drive way highway bridge tower airport station port
  stadium park hall house hill palace building centre center dam river valley lake sea ocean gulf bay mountain mountains
  hills island islands province state states city county district region kingdom republic emirates
  revolution war treaty accord accords agreement deal act law plan programme program summit conference
  prize award cup games festival day week month year
`);

/** Verbs of speech and report that follow or precede a speaker. */
export const SPEECH_VERBS = set(`
  said says say told tells stated states added adds claimed claims warned warns asked asks wrote writes
  declared declares insisted insists noted notes argued argues replied replies announced announces
  explained explains stressed stresses urged urges suggested suggests continued continues confirmed
  confirms denied denies acknowledged acknowledges described describes dismissed dismisses
`);

/** Verbs that show a bare capitalised word acting as a subject ("Orlek did not respond"). */
export const SUBJECT_VERBS = set(`
  said says told did does has had was is will would could declined denied added stated reported announced
  confirmed responded refused
`);

/** Function words that are capitalised only because they open a sentence. */
export const SENTENCE_OPENERS = set(`
  the a an in on at by for from of to with without and but or nor so yet if as when while after before
  since until despite however meanwhile according prior that this these those there here it its he she
  they we i you his her their our my your what which who whom whose why how where then also still even
  both either neither all some many most few several such one two three asked speaking responding
  although though because unless whether once during amid among between under over about against into
  like unlike within following earlier later last next first yesterday today separately further shortly
  less more just not only no yes mr
`);

/** Month and weekday names: capitalised, yet never part of an actor's name. */
export const CALENDAR = set(`
  january february march april may june july august september october november december monday tuesday
  wednesday thursday friday saturday sunday
`);

/** Connectors allowed inside an organisation's name ("Ministry of Water Resources"). */
export const NAME_CONNECTORS = set(`of for the`);
