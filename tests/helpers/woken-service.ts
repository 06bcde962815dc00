import { createLibraryService, type ServiceOptions } from '../../lib/db/service';
import type { SourcelightDatabase } from '../../lib/db/schema';
import type { Source } from '../../lib/types';

/**
 * The library service a woken worker builds, as the index and texts tests make it: a fixed clock,
 * index tag 1.0.0, the stored index written at once and its check a minute away (unless told).
 */
export function wokenService(
  db: SourcelightDatabase,
  defaultSources: Source[],
  options: Partial<ServiceOptions> = {},
) {
  return createLibraryService({
    db,
    defaultSources,
    now: () => 1_000,
    indexTag: '1.0.0',
    storedLibraryCheckMs: 60_000,
    storedLibraryWriteMs: 0,
    ...options,
  });
}
