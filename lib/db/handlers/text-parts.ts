/**
 * A long page text arrives in parts (lib/messaging/text-parts.ts): 'page.textPart' keeps them per
 * tab, and 'page.analyze' and 'page.meaning' get the whole text joined before anything reads it.
 */
import type { LibraryHandlers, RequestSender } from '../../messages';
import { TextParts } from '../../messaging/text-parts';

type Joined = 'page.analyze' | 'page.meaning';

/** `handlers` with the parts a tab sent ahead joined into its requests' text. */
export function withTextParts(
  handlers: Omit<LibraryHandlers, 'page.textPart'>,
  parts = new TextParts(),
): LibraryHandlers {
  const tabOf = (sender: RequestSender): number => {
    if (sender.tabId === null) throw new Error('Only a page sends its text in parts.');
    return sender.tabId;
  };
  const joined = <K extends Joined>(name: K): LibraryHandlers[K] =>
    (async (payload: Parameters<LibraryHandlers[K]>[0], sender: RequestSender) => {
      const { textKey, ...rest } = payload;
      const text =
        textKey === undefined ? payload.text : parts.take(tabOf(sender), textKey, payload.text);
      return (handlers[name] as LibraryHandlers[Joined])({ ...rest, text }, sender);
    }) as LibraryHandlers[K];
  return {
    ...handlers,
    'page.textPart': (part, sender) => {
      parts.add(tabOf(sender), part);
      return null;
    },
    'page.analyze': joined('page.analyze'),
    'page.meaning': joined('page.meaning'),
  };
}
