import { describe, expect, it } from 'vitest';
import { hostOf, identifyOutlets, registrableDomain, siteNameKey } from '../../lib/coverage/outlet';

describe('registrableDomain', () => {
  it('strips rendition prefixes and keeps country second levels', () => {
    expect(registrableDomain('www.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('amp.newsx.com')).toBe('newsx.com');
    expect(registrableDomain('m.example.com.au')).toBe('example.com.au');
    expect(registrableDomain('edition.cnn.com')).toBe('cnn.com');
    expect(registrableDomain('news.example.de')).toBe('example.de');
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1');
    expect(registrableDomain('localhost')).toBe('localhost');
  });

  it('reads hosts from URLs and bare hosts, and rejects junk', () => {
    expect(hostOf('https://WWW.Example.com:8443/path?q=1')).toBe('www.example.com');
    expect(hostOf('example.org')).toBe('example.org');
    expect(hostOf('')).toBeNull();
    expect(hostOf('http://')).toBeNull();
  });
});

describe('siteNameKey', () => {
  it('ignores case, accents, punctuation, a leading "The" and a domain suffix', () => {
    expect(siteNameKey('The National')).toBe(siteNameKey('national'));
    expect(siteNameKey('thenational.ae')).toBe('thenational');
    expect(siteNameKey('Le Monde.fr')).toBe('lemondefr');
    expect(siteNameKey('Dagsavisen')).toBe(siteNameKey('DAGSAVISEN'));
    expect(siteNameKey('Le Télégramme')).toBe('letelegramme');
    expect(siteNameKey('  ')).toBeNull();
  });
});

describe('identifyOutlets', () => {
  const names = (pages: { siteName: string | null; url: string | null }[]) =>
    identifyOutlets(pages).map((o) => o.id);

  it('merges one outlet on two domains when the site names agree', () => {
    const ids = identifyOutlets([
      { siteName: 'NewsX', url: 'https://www.newsx.com/world/a' },
      { siteName: 'NewsX', url: 'https://newsx.in/b/amp' },
    ]);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]!.domains).toEqual(['newsx.com', 'newsx.in']);
    expect(ids[0]!.name).toBe('NewsX');
  });

  it('merges pages of one domain when a name is missing or one extends the other', () => {
    const [a, b, c] = names([
      { siteName: 'BBC', url: 'https://www.bbc.co.uk/news/1' },
      { siteName: null, url: 'https://m.bbc.co.uk/news/2' },
      { siteName: 'BBC News', url: 'https://www.bbc.com/news/3' },
    ]);
    expect(a).toBe(b);
    expect(a).toBe(c);
  });

  it('keeps different outlets apart even on one host', () => {
    const [a, b] = names([
      { siteName: 'Northgate Post', url: 'http://127.0.0.1:8080/a.html' },
      { siteName: 'Eastmarch Herald', url: 'http://127.0.0.1:8080/b.html' },
    ]);
    expect(a).not.toBe(b);
  });

  it('does not guess that a short-link domain belongs to an outlet', () => {
    const [a, b] = names([
      { siteName: null, url: 'https://www.nytimes.com/2025/06/18/world/iran.html' },
      { siteName: null, url: 'https://nyti.ms/abc' },
    ]);
    expect(a).not.toBe(b);
  });

  it('names an outlet without site name after its domain', () => {
    const [o] = identifyOutlets([{ siteName: null, url: 'https://www.example-news.co.uk/x' }]);
    expect(o!.name).toBe('example-news.co.uk');
  });
});
