/**
 * What the Library page can ask for. The options entrypoint implements these over lib/messaging;
 * the components only call them, so they never touch messaging or storage themselves.
 */
import type { ActorCorrections } from '../../lib/actors/index';
import type {
  ActorList,
  AnnotationCollection,
  LibraryExport,
  SourceChanges,
  SourceSummary,
  StoredSource,
  WebAnnotation,
} from '../../lib/messages';

/** Fields typed next to pasted text. */
export interface PastedSource {
  text: string;
  title: string;
  outlet: string;
  url: string;
  published: string;
}

/** The Library page's callbacks; each rejects with an Error whose message is shown to the user. */
export interface LibraryActions {
  list(): Promise<SourceSummary[]>;
  /** Reads and imports the files all-or-nothing; resolves with what was added and what was already there. */
  importFiles(files: File[]): Promise<{
    added: SourceSummary[];
    unchanged: string[];
    skipped?: { item: string; reason: string }[];
  }>;
  addPasted(input: PastedSource): Promise<SourceSummary>;
  update(id: string, changes: SourceChanges): Promise<SourceSummary>;
  remove(id: string): Promise<StoredSource>;
  restore(removed: StoredSource): Promise<SourceSummary>;
  exportAll(): Promise<LibraryExport>;
  defaults(): Promise<{ total: number; missing: number }>;
  addDefaults(): Promise<{ added: number }>;
  listAnnotations(query: string): Promise<WebAnnotation[]>;
  deleteAnnotation(id: string): Promise<WebAnnotation | null>;
  restoreAnnotation(annotation: WebAnnotation): Promise<void>;
  /** Imports annotation files selected together (a W3C collection may come as several page files). */
  importAnnotations(files: File[]): Promise<{ added: number; updated: number; unchanged: number }>;
  exportAnnotations(): Promise<AnnotationCollection>;
  /** The library's actors after the user's corrections (hidden ones flagged) and the corrections themselves. */
  listActors(): Promise<ActorList>;
  /** Replaces the stored actor corrections (rejects with the validation message when they are malformed). */
  saveActorCorrections(corrections: ActorCorrections): Promise<void>;
  /** Offers JSON to the user as a file download. */
  download(fileName: string, data: unknown): void;
}
