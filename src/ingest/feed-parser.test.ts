import { describe, expect, it } from 'vitest';
import { feedDate, parseFeed, salvageFeed } from './feed-parser.js';

describe('parseFeed', () => {
  it('reads RSS 2.0 with CDATA, entities, content:encoded, dc:creator and relative links', () => {
    const feed = parseFeed(
      `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel><title>Ledger &amp; Co</title><link>https://news.example/</link>
      <item><title>Talks &#8220;resume&#8221;</title><link>/a/1?utm_source=x</link><guid isPermaLink="false">id-1</guid>
      <pubDate>Mon, 16 Nov 2026 08:10:00 GMT</pubDate><dc:creator>Lena Marsh</dc:creator>
      <description><![CDATA[<p>Short <b>summary</b></p>]]></description><content:encoded><![CDATA[<p>Full text</p>]]></content:encoded></item>
      </channel></rss>`,
      'https://news.example/feed.xml',
    );
    expect(feed.format).toBe('rss');
    expect(feed.title).toBe('Ledger & Co');
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0]!;
    expect(item.title).toBe('Talks “resume”');
    expect(item.url).toBe('https://news.example/a/1?utm_source=x');
    expect(item.guid).toBe('id-1');
    expect(item.author).toBe('Lena Marsh');
    expect(item.published).toBe('2026-11-16T08:10:00.000Z');
    expect(item.summary).toContain('<b>summary</b>');
    expect(item.contentHtml).toBe('<p>Full text</p>');
  });

  it('reads Atom with alternate links, authors and html summaries', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><link rel="alternate" href="https://wire.example/"/>
      <link rel="self" href="https://wire.example/atom"/>
      <entry><id>tag:1</id><title type="html">A &amp;amp; B</title><link rel="alternate" href="story/2"/><link rel="enclosure" href="x.mp3"/>
      <published>2026-11-17T09:00:00Z</published><author><name>Omar</name></author><author><name>Rita</name></author>
      <content type="html">&lt;p&gt;Body&lt;/p&gt;</content></entry></feed>`,
    );
    expect(feed.format).toBe('atom');
    expect(feed.items[0]!.url).toBe('https://wire.example/story/2');
    expect(feed.items[0]!.author).toBe('Omar, Rita');
    expect(feed.items[0]!.contentHtml).toBe('<p>Body</p>');
    expect(feed.items[0]!.published).toBe('2026-11-17T09:00:00.000Z');
  });

  it('reads RSS 1.0 (RDF) with dc:date', () => {
    const feed = parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://r.example/"><title>RDF site</title><link>https://r.example/</link></channel>
      <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link><dc:date>2026-11-18T10:00:00+01:00</dc:date></item>
      <item rdf:about="https://r.example/2"><title>Two</title><link>https://r.example/2</link></item></rdf:RDF>`,
    );
    expect(feed.format).toBe('rdf');
    expect(feed.items.map((i) => i.title)).toEqual(['One', 'Two']);
    expect(feed.items[0]!.published).toBe('2026-11-18T09:00:00.000Z');
  });

  it('reads JSON Feed 1.1', () => {
    const feed = parseFeed(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', home_page_url: 'https://j.example/', items: [{ id: 7, url: 'p/7', title: 'Seven', date_published: '2026-11-19T00:00:00Z', authors: [{ name: 'Nadia' }], content_html: '<p>x</p>' }] }));
    expect(feed.format).toBe('json');
    expect(feed.items[0]).toMatchObject({ guid: '7', url: 'https://j.example/p/7', title: 'Seven', author: 'Nadia', contentHtml: '<p>x</p>' });
  });

  it('rejects truncated XML with a message that says where', () => {
    expect(() => parseFeed('<?xml version="1.0"?><rss version="2.0"><channel><title>Cut off</title><item><title>half')).toThrow(/not well-formed XML.*line/);
  });

  it('rejects documents that are not feeds', () => {
    expect(() => parseFeed('<html><body>hello</body></html>')).toThrow(/not RSS, RDF or Atom/);
    expect(() => parseFeed('{"hello": 1}')).toThrow(/not a JSON Feed/);
    expect(() => parseFeed('{oops')).toThrow(/not valid JSON/);
  });

  it('reads HTML named entities that feeds use without declaring them, and Atom XHTML content', () => {
    const rss = parseFeed('<rss version="2.0"><channel><title>A</title><item><title>Caf&eacute;&nbsp;talks &amp; more</title><link>/x</link></item></channel></rss>', 'https://a.example/');
    expect(rss.items[0]!.title).toBe('Café\u00a0talks & more');
    const atom = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><entry><id>1</id><title>T</title><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <b>world</b> &amp; co</p></div></content></entry></feed>');
    expect(atom.items[0]!.contentHtml).toBe('<p>Hello <b>world</b> &amp; co</p>');
  });

  it('resolves Atom links against the xml:base in scope, else against the site', () => {
    const based = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/en/"><title>B</title><link href="/"/><entry><id>1</id><title>One</title><link href="posts/1"/></entry><entry xml:base="archive/"><id>2</id><title>Two</title><link href="2"/></entry></feed>', 'https://feeds.example/b.atom');
    expect(based.siteUrl).toBe('https://blog.example/');
    expect(based.items.map((i) => i.url)).toEqual(['https://blog.example/en/posts/1', 'https://blog.example/en/archive/2']);
    const proxied = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>B</title><link href="https://blog.example/"/><entry><id>1</id><title>One</title><link href="/posts/1"/></entry></feed>', 'https://feeds.example/b.atom');
    expect(proxied.items[0]!.url).toBe('https://blog.example/posts/1');
  });

  it('reads feed dates the same on every machine, named zones and loose formats included', () => {
    const tz = process.env.TZ;
    try {
      for (const zone of ['America/New_York', 'Asia/Tokyo']) {
        process.env.TZ = zone;
        // No zone written: UTC, not the server's local time.
        expect(feedDate('2026-11-16 08:10:00')).toBe('2026-11-16T08:10:00.000Z');
        expect(feedDate('Mon, 16 Nov 2026 08:10:00')).toBe('2026-11-16T08:10:00.000Z');
        expect(feedDate('2026-11-16T08:10:00+02:00')).toBe('2026-11-16T06:10:00.000Z');
        expect(feedDate('Mon, 16 Nov 2026 08:10:00 EST')).toBe('2026-11-16T13:10:00.000Z');
        // Zones Date.parse does not know, and a CMS's own format.
        expect(feedDate('Mon, 16 Nov 2026 08:10:00 CET')).toBe('2026-11-16T07:10:00.000Z');
        expect(feedDate('Mon, 16 Nov 2026 08:10:00 MSK')).toBe('2026-11-16T05:10:00.000Z');
        expect(feedDate('Monday, November 16, 2026 - 08:10')).toBe('2026-11-16T08:10:00.000Z');
        expect(feedDate('soon')).toBeNull();
        // A bare time or weekday names no day: no date rather than a guess.
        expect(feedDate('12:30')).toBeNull();
        expect(feedDate('Tue')).toBeNull();
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('reads titles as plain text: markup in an RSS title, and Atom HTML titles', () => {
    const rss = parseFeed('<rss version="2.0"><channel><title>A</title><item><title>&lt;em&gt;Nature&lt;/em&gt; retracts study</title><link>https://a.example/1</link></item><item><title>AT&amp;T &amp;copy; 5 &lt; 6</title><link>https://a.example/2</link></item></channel></rss>');
    expect(rss.items.map((i) => i.title)).toEqual(['Nature retracts study', 'AT&T &copy; 5 < 6']);
    const atom = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">A &amp;amp; B</title><entry><id>1</id><title type="html">&lt;b&gt;Talks&lt;/b&gt; resume</title><link href="https://w.example/1"/></entry></feed>');
    expect([atom.title, atom.items[0]!.title]).toEqual(['A & B', 'Talks resume']);
  });

  it('keeps only http(s) links: a script or data link is no article address', () => {
    const feed = parseFeed('<rss version="2.0"><channel><title>A</title><link>javascript:alert(1)</link><item><title>X</title><link>javascript:alert(document.cookie)</link><guid>https://a.example/x</guid><enclosure url="data:image/png;base64,AAAA" type="image/png"/></item><item><title>Y</title><link> /y </link></item></channel></rss>', 'https://a.example/feed');
    expect(feed.siteUrl).toBeNull();
    expect(feed.items.map((i) => [i.url, i.image])).toEqual([
      ['https://a.example/x', null],
      ['https://a.example/y', null],
    ]);
  });

  it('refuses what is not well-formed, says where, and expands no declared entity', () => {
    expect(() => parseFeed('<rss version="2.0"><channel><title>AT&T</title></channel></rss>')).toThrow(/not well-formed XML: .*\(line 1, column \d+\)/);
    expect(() => parseFeed('<rss version="2.0"><channel><title>x</titel></channel></rss>')).toThrow(/not well-formed XML/);
    expect(() => parseFeed('<rss version="2.0"><channel><title>A</title></channel></rss><rss/>')).toThrow(/not well-formed XML/);
    const lol = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss version="2.0"><channel><title>&b;</title></channel></rss>';
    expect(() => parseFeed(lol)).toThrow(/not well-formed XML: .*&b;/);
    const deep = `<rss version="2.0"><channel><title>A</title><item><description>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</description></item></channel></rss>`;
    expect(() => parseFeed(deep)).toThrow(/nested too deeply/);
  });

  it('salvages items whose only faults are a bare ampersand, a control character or an unknown entity', () => {
    const body = '<rss version="2.0"><channel><title>A</title><item><title>AT&T \u000b&bogus; deal</title><link>https://a.example/1</link></item><item><title>Fine</title><link>https://a.example/2</link></item><item><title>Cut</title><link>https://a.example/3</link></channel></rss>';
    expect(() => parseFeed(body)).toThrow(/not well-formed/);
    const salvaged = salvageFeed(body);
    expect(salvaged!.items.map((i) => i.title)).toEqual(['AT&T &bogus; deal', 'Fine']);
  });
});
