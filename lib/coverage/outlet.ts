/**
 * Outlet identity: which publication a page belongs to, from its site-name metadata and its domain,
 * so that two pages of one outlet share a column in the coverage matrix. Merges happen only on
 * evidence (an equal site name, or one registrable domain with compatible site names); an outlet's
 * short link domain or sister brand cannot be inferred and stays separate.
 */

/** What a page tells us about its publisher. */
export interface OutletEvidence {
  /** Site name metadata (og:site_name, application-name, publisher). */
  siteName: string | null;
  /** Page URL or bare host name. */
  url: string | null;
}

/** One outlet: a column of the matrix. */
export interface OutletIdentity {
  /** Stable key: the normalised site name, else the registrable domain. */
  id: string;
  /** Name to show: the site name most pages gave, else the registrable domain. */
  name: string;
  /** Registrable domains seen for this outlet, sorted. */
  domains: string[];
}

/** Host prefixes that name a rendition of a site, not a different site. */
const RENDITION_PREFIX = /^(?:www\d?|m|mobile|amp|edition|beta)\./;

/**
 * Second-level labels under which country-code registries sell names (example.co.uk, example.com.au,
 * example.or.jp). A generic rule rather than the full public-suffix list: under a two-letter
 * country code, these labels are never an outlet's own name.
 */
const GENERIC_SECOND_LEVEL = new Set([
  'co',
  'com',
  'org',
  'net',
  'ac',
  'gov',
  'edu',
  'or',
  'ne',
  'go',
  'gob',
  'gv',
  'nic',
  'ltd',
  'plc',
  'news',
  'info',
  'web',
  'nom',
  'biz',
]);

/** Host name of a URL or bare host, lower case, without port; null when there is none. */
export function hostOf(urlOrHost: string | null | undefined): string | null {
  if (!urlOrHost) return null;
  const raw = urlOrHost.trim();
  if (raw === '') return null;
  try {
    const host = new URL(
      /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`,
    ).hostname.toLowerCase();
    return host.replace(/\.$/, '') || null;
  } catch {
    return null;
  }
}

const isIp = (host: string) =>
  /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('[');

/**
 * The registrable domain of a host: `www.bbc.co.uk` → `bbc.co.uk`, `amp.newsx.com` → `newsx.com`.
 * IP addresses and single-label hosts (localhost) are returned as they are.
 */
export function registrableDomain(host: string): string {
  let h = host.toLowerCase().replace(/\.$/, '');
  if (isIp(h)) return h;
  while (RENDITION_PREFIX.test(h) && h.split('.').length > 2) h = h.replace(RENDITION_PREFIX, '');
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const tld = labels[labels.length - 1]!;
  const second = labels[labels.length - 2]!;
  const keep = tld.length === 2 && GENERIC_SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The outlet's own label in its registrable domain: `bbc.co.uk` → `bbc`. */
export function domainLabel(domain: string): string {
  return isIp(domain) ? domain : domain.split('.')[0]!;
}

/**
 * A comparison key for a site name: case, accents, punctuation, a leading "The" and a trailing
 * top-level domain ignored, so "The National", "the-national" and "thenational.ae" agree.
 */
export function siteNameKey(name: string | null | undefined): string | null {
  if (!name) return null;
  let s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
  // A site name that is a domain ("dailyguardian.eu") is that domain's label.
  if (/^(?:[a-z0-9-]+\.)+[a-z]{2,}$/.test(s)) s = domainLabel(registrableDomain(s));
  s = s.replace(/^the\s+/, '').replace(/[^\p{L}\p{N}]+/gu, '');
  return s === '' ? null : s;
}

/** Two site-name keys agree when one extends the other ("bbc" and "bbcnews"). */
function compatible(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 3 && long.startsWith(short);
}

interface Group {
  members: number[];
  names: Set<string>;
  labels: Set<string>;
}

/**
 * Assigns each page an outlet. Pages with equal site-name keys share an outlet; groups on the same
 * registrable domain label merge when their site names are compatible or absent. Returns one
 * identity per input, in input order (pages of one outlet get the same object).
 */
export function identifyOutlets(pages: OutletEvidence[]): OutletIdentity[] {
  const info = pages.map((p) => {
    const host = hostOf(p.url);
    const domain = host ? registrableDomain(host) : null;
    return { key: siteNameKey(p.siteName), domain, label: domain ? domainLabel(domain) : null };
  });
  // First by site name: the publisher's own statement of who it is.
  const groups: Group[] = [];
  const byName = new Map<string, Group>();
  info.forEach((p, i) => {
    let g = p.key ? byName.get(p.key) : undefined;
    if (!g) {
      g = { members: [], names: new Set(), labels: new Set() };
      groups.push(g);
      if (p.key) byName.set(p.key, g);
    }
    g.members.push(i);
    if (p.key) g.names.add(p.key);
    if (p.label) g.labels.add(p.label);
  });
  // Then by domain, only where the names do not contradict each other.
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let a = 0; a < groups.length; a++) {
      for (let b = a + 1; b < groups.length; b++) {
        const ga = groups[a]!;
        const gb = groups[b]!;
        if (!shares(ga.labels, gb.labels)) continue;
        if (![...ga.names].every((x) => [...gb.names].every((y) => compatible(x, y)))) continue;
        ga.members.push(...gb.members);
        gb.names.forEach((n) => ga.names.add(n));
        gb.labels.forEach((l) => ga.labels.add(l));
        groups.splice(b, 1);
        merged = true;
        break outer;
      }
    }
  }
  const result: OutletIdentity[] = new Array(pages.length);
  groups.forEach((g, gi) => {
    const domains = [
      ...new Set(g.members.map((i) => info[i]!.domain).filter((d): d is string => d !== null)),
    ].sort();
    const name =
      mostCommon(g.members.map((i) => pages[i]!.siteName?.trim() || null)) ??
      domains[0] ??
      'Unknown outlet';
    const id =
      [...g.names].sort((x, y) => x.length - y.length || x.localeCompare(y))[0] ??
      domains[0] ??
      `outlet-${gi + 1}`;
    const identity: OutletIdentity = { id, name, domains };
    for (const i of g.members) result[i] = identity;
  });
  return result;
}

function shares(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

/** The most frequent non-null value; ties go to the first seen. */
function mostCommon(values: (string | null)[]): string | null {
  const counts = new Map<string, number>();
  let best: string | null = null;
  for (const v of values) {
    if (v === null) continue;
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (best === null || n > counts.get(best)!) best = v;
  }
  return best;
}
