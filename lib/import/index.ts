/** Importing sources and annotations: one entry for the options page and the background. */
export { ImportError } from './errors';
export {
  countKinds,
  looksLikeAnnotations,
  parseAnnotations,
  readAnnotationDocuments,
  type AnnotationDocument,
  type AnnotationImport,
} from './annotations';
export {
  MAX_FILE_BYTES,
  MIN_ARTICLE_CHARS,
  parseImportFiles,
  parseImportFilesWithOrigin,
  readSourceFiles,
  type SourceImport,
  slug,
  sourceFromPage,
  sourceFromPastedText,
  uniqueId,
  type ImportOptions,
} from './sources';
