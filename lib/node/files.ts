/**
 * Reading user files for the CLI and build: strict UTF-8 (or the charset an HTML page declares),
 * with one clear message per problem.
 */
import { readFileSync, statSync } from 'node:fs';

/** An error caused by the user's input: the CLI prints its message alone, with no stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Reads a file as bytes, turning file-system errors into one-line messages. */
export function readBytes(path: string): Buffer {
  let stat: ReturnType<typeof statSync>;
  try {
    stat = statSync(path);
  } catch {
    throw new UserError(`${path}: no such file`);
  }
  if (stat.isDirectory()) throw new UserError(`${path}: is a folder, expected a file`);
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/**
 * Decodes bytes as UTF-8, failing on invalid sequences. An HTML page that declares another
 * charset in a meta tag is decoded with that charset instead.
 */
export function decodeText(bytes: Uint8Array, name: string, isHtml = false): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    if (isHtml) {
      const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
      const declared = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
      if (declared && !/^utf-?8$/i.test(declared)) {
        try {
          return new TextDecoder(declared).decode(bytes);
        } catch {
          throw new UserError(`${name}: declares charset "${declared}", which cannot be decoded`);
        }
      }
    }
    throw new UserError(`${name}: not valid UTF-8 text`);
  }
}

/** Reads a UTF-8 text file. */
export function readText(path: string): string {
  return decodeText(readBytes(path), path, /\.x?html?$/i.test(path));
}
