/**
 * A one-argument string function's results remembered by argument, for as long as the returned
 * function lives; with `limit`, forgotten all at once when that many are held.
 */
export function memo<T>(f: (s: string) => T, limit = Infinity): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined) {
      if (seen.size >= limit) seen.clear();
      seen.set(s, (v = f(s)));
    }
    return v;
  };
}
