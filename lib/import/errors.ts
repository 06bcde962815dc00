/** Import errors: each names the file (or item) and the problem, in words shown to the user as they stand. */

/** A file the user imported cannot be used; nothing from the import was stored. */
export class ImportError extends Error {
  override name = 'ImportError';
  constructor(
    readonly where: string,
    problem: string,
  ) {
    super(`${where}: ${problem}`);
  }
}
