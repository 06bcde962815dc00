/** Runs the CLI's `main` in this process, as a shell would, and collects what it printed. */
import { main } from '../../lib/node/cli';

export async function runCli(
  args: string[],
  stdin: Uint8Array = new Uint8Array(),
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    stdin: () => stdin,
  });
  return { code, out, err };
}
