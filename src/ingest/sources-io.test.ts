import { describe, expect, it } from 'vitest';
import { buildOpml, parseOpml } from './opml.js';
import { discoverFeeds } from './discover.js';
import { HostLimiter } from './host-limiter.js';
import { canonicalizeUrl } from './canonical-url.js';
import { NEAR_DUPLICATE_BITS, hammingDistance, simhash } from '../text/simhash.js';

describe('OPML', () => {
  it('reads nested folders and round-trips through export', () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="World"><outline type="rss" text="Wire &amp; Co" xmlUrl="https://wire.example/rss" htmlUrl="https://wire.example/"/>
        <outline text="Deep"><outline text="Deeper feed" xmlUrl="https://deep.example/atom"/></outline></outline>
      <outline text="Loose" xmlUrl="https://loose.example/feed.json"/></body></opml>`;
    const feeds = parseOpml(opml);
    expect(feeds).toEqual([
      { url: 'https://wire.example/rss', title: 'Wire & Co', siteUrl: 'https://wire.example/', category: 'World' },
      { url: 'https://deep.example/atom', title: 'Deeper feed', siteUrl: null, category: 'Deep' },
      { url: 'https://loose.example/feed.json', title: 'Loose', siteUrl: null, category: null },
    ]);
    const built = buildOpml(feeds, new Date('2026-11-16T08:00:00Z'));
    expect(parseOpml(built)).toEqual(feeds);
    expect(built).toContain('<dateCreated>Mon, 16 Nov 2026 08:00:00 GMT</dateCreated>');
  });

  it('rejects what is not OPML', () => {
    expect(() => parseOpml('<opml><body>')).toThrow(/not well-formed/);
    expect(() => parseOpml('<rss/>')).toThrow(/not an OPML document/);
  });
});

describe('feed autodiscovery', () => {
  it('finds the alternate feed links of a page, resolved against its URL', () => {
    const html = `<html><head><link rel="alternate" type="application/rss+xml" title="All" href="/rss.xml">
      <link rel="alternate" type="application/atom+xml" href="https://cdn.example/atom">
      <link rel="alternate" hreflang="fr" href="/fr/"><link rel="stylesheet" href="/s.css"></head></html>`;
    expect(discoverFeeds(html, 'https://news.example/world/')).toEqual([
      { url: 'https://news.example/rss.xml', title: 'All', type: 'application/rss+xml' },
      { url: 'https://cdn.example/atom', title: null, type: 'application/atom+xml' },
    ]);
  });
});

describe('canonicalizeUrl', () => {
  it('drops fragments and tracking parameters and sorts the rest', () => {
    expect(canonicalizeUrl('HTTPS://News.Example:443/a?utm_source=x&b=2&a=1&fbclid=y#top')).toBe('https://news.example/a?a=1&b=2');
  });
});

describe('SimHash', () => {
  const base = 'The regional council approved the flood defence budget on Tuesday after a long debate about the cost of new walls along the river and the timing of the works near the old harbour, officials said on Wednesday morning.';
  it('keeps a re-headlined copy within a few bits and an unrelated text far away', () => {
    const a = simhash(base)!;
    const b = simhash(`UPDATED: ${base} Reporting by the wire desk.`)!;
    const c = simhash('Schools across the northern district reopened after the storm, with buses running on reduced routes while engineers inspected bridges and the rail company restored power to signals along the coast line.')!;
    expect(hammingDistance(a, b)).toBeLessThanOrEqual(NEAR_DUPLICATE_BITS);
    expect(hammingDistance(a, c)).toBeGreaterThan(10);
    expect(simhash('too short to fingerprint')).toBeNull();
  });

  it('gives the same fingerprints as the stored ones (Latin, Cyrillic, and texts past 255 shingles)', () => {
    // Fingerprints are kept in the store for 14 days: a faster implementation must not change them.
    expect(simhash(base)).toBe('5a1f1145b914342d');
    expect(simhash('Городской совет утвердил бюджет на строительство дамбы во вторник после долгих споров о стоимости новых стен вдоль реки и сроках работ у старой гавани, сообщили чиновники.')).toBe('01ab765e006c0748');
    expect(simhash(Array.from({ length: 700 }, (_, i) => `w${(i * 7919) % 1000}`).join(' '))).toBe('a5a75141a28111d4');
  });
});

describe('HostLimiter', () => {
  it('keeps to the per-host concurrency and spaces request starts, hosts independently', async () => {
    const limiter = new HostLimiter(2, 50);
    let active = 0;
    let peak = 0;
    const starts: number[] = [];
    const task = (url: string) =>
      limiter.run(url, async () => {
        active++;
        peak = Math.max(peak, active);
        starts.push(Date.now());
        await new Promise((r) => setTimeout(r, 30));
        active--;
      });
    const t0 = Date.now();
    await Promise.all([1, 2, 3, 4, 5].map(() => task('http://a.example/x')));
    expect(peak).toBeLessThanOrEqual(2);
    const sorted = starts.sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(45);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    const t1 = Date.now();
    await Promise.all(['a', 'b', 'c', 'd'].map((h) => limiter.run(`http://${h}.other/`, async () => new Promise((r) => setTimeout(r, 30)))));
    expect(Date.now() - t1).toBeLessThan(150);
  });
});
