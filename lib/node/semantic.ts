/** The CLI's semantic stage: the model from public/model, source vectors cached on disk. */
import type { Library } from '../library';
import { diskEmbeddings, loadNodeModel } from '../semantic/node';
import { semanticSession, type SemanticSession } from '../semantic/session';
import type { Match } from '../types';

/** A session that loads the model on first use (and reports, rather than throws, when it cannot). */
export function nodeSemanticSession(): SemanticSession {
  return semanticSession(
    () => loadNodeModel(),
    (m) => diskEmbeddings(m.encoder),
  );
}

/** The page's lexical matches with the links made through meaning, in page order. */
export async function withMeaning(
  session: SemanticSession,
  text: string,
  library: Library,
  lexical: Match[],
): Promise<Match[]> {
  const semantic = await session.matches(text, library, lexical);
  return [...lexical, ...semantic].sort((a, b) => a.pageStart - b.pageStart);
}
