import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, htmlFragmentToText } from './index.js';
import { limitNesting } from './nesting.js';
import { parsePage } from './parse.js';
import { parseDocument } from 'htmlparser2';
import { getOuterHTML } from 'domutils';
import { normaliseDateValue, readingAsOf } from './dates.js';

// Readability-style page fixtures: each folder under test/fixtures/pages holds source.html,
// expected.txt (the body) and expected-metadata.json (the fields to check). Adding a case is adding a folder.
const PAGES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'pages');
// Every page is read as of one fixed moment, so no result depends on the day the suite runs.
const READ_AT = '2026-12-01T12:00:00Z';

describe('extractArticle on fixture pages', () => {
  for (const name of readdirSync(PAGES)) {
    it(name, () => {
      const dir = join(PAGES, name);
      const page = extractArticle(readFileSync(join(dir, 'source.html'), 'utf8'), 'https://courier.example/news/bridge-reopens', { now: READ_AT });
      expect(page.text).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8').trim());
      const meta = JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) as Record<string, unknown>;
      for (const [k, v] of Object.entries(meta)) expect(page[k as keyof typeof page], k).toEqual(v);
    });
  }
});

describe('extractArticle on hostile or broken markup', () => {
  it('never throws and drops scripts, styles and event handlers', () => {
    const page = extractArticle('<html><body><div><p onclick="x()">Real text that is long enough to count as a paragraph here.<script>alert(1)</script></p><style>p{}</style><p>Second paragraph with enough words to be kept as well.');
    expect(page.text).toBe('Real text that is long enough to count as a paragraph here.\n\nSecond paragraph with enough words to be kept as well.');
  });

  it('returns empty text, not an error, for a page without prose', () => {
    expect(extractArticle('<<<>>>').text).toBe('');
    expect(extractArticle('').title).toBeNull();
  });

  it('survives malformed JSON-LD', () => {
    const page = extractArticle('<script type="application/ld+json">{broken</script><meta property="article:published_time" content="2026-01-02T03:04:05Z"><p>Body text that is long enough to be considered a paragraph.</p>', null, { now: READ_AT });
    expect(page.published).toBe('2026-01-02T03:04:05Z');
  });

  it('takes the day the page shows its readers over a machine timestamp one day off', () => {
    const html = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-03-01T23:30:00Z"}</script></head>
<body><article><h1>Port reopens</h1><time>2 March 2026</time><p>${'The port reopened to ferries on Monday after three days of storms kept every boat in harbour. '.repeat(4)}</p></article></body></html>`;
    expect(extractArticle(html, null, { now: READ_AT }).published?.slice(0, 10)).toBe('2026-03-02');
    // Two days apart, the page's own data wins: that is no time-zone slip.
    expect(extractArticle(html.replace('2 March 2026', '3 March 2026'), null, { now: READ_AT }).published?.slice(0, 10)).toBe('2026-03-01');
    // A microdata date written out for readers ("02 marzo 2026") is shown too; one in an attribute is not.
    const shown = html.replace('<time>2 March 2026</time>', '<p itemprop="datePublished" class="data">02 marzo 2026</p>');
    expect(extractArticle(shown, null, { now: READ_AT }).published?.slice(0, 10)).toBe('2026-03-02');
    const machine = html.replace('<time>2 March 2026</time>', '<meta itemprop="datePublished" content="2026-03-02">');
    expect(extractArticle(machine, null, { now: READ_AT }).published?.slice(0, 10)).toBe('2026-03-01');
  });

  it('reads a date with no zone as the day written, on a machine in any zone, and a named zone at its offset', () => {
    // CI runs the suite in UTC+14 and UTC-10 too: the local zone must not move the day. (Read as of a
    // fixed moment: a date after it would be taken for a typo.)
    const read = (v: string) => readingAsOf(new Date(READ_AT), () => normaliseDateValue(v));
    expect(read('2 March 2026')).toBe('2026-03-02T00:00:00Z');
    expect(read('02 marzo 2026')).toBe('2026-03-02T00:00:00Z');
    expect(read('March 2, 2026 23:30')).toBe('2026-03-02T23:30:00Z');
    expect(read('Mon, 02 Mar 2026 00:30:00 +0100')).toBe('2026-03-02T00:30:00+01:00');
    expect(read('Tue, 3 Mar 2026 23:30 PST')).toBe('2026-03-03T23:30:00-08:00');
    expect(read('Tue, 3 Mar 2026 23:30 EDT')).toBe('2026-03-03T23:30:00-04:00');
  });

  it('reads a numeric day and month in the order of the page\'s language, declared by lang or xml:lang', () => {
    const page = (htmlAttrs: string, dateline: string) =>
      extractArticle(`<html ${htmlAttrs}><body><h1>Halls too full to be safe</h1>${dateline}<p>Student halls are too full to be safe, experts said on Friday, as more universities report outbreaks.</p><p>Vice-chancellors said ministers had pushed them to take extra students at the last minute.</p></body></html>`, null, { now: READ_AT }).published?.slice(0, 10);
    expect(page('xml:lang="en-GB"', '<p>02/10/2025</p>')).toBe('2025-10-02');
    expect(page('lang="en-US"', '<p>02/10/2025</p>')).toBe('2025-02-10');
    // No language declared: another date on the page with a day over 12 says the day comes first.
    expect(page('', '<p>02/10/2025</p><aside>Also read: 25/09/2025</aside>')).toBe('2025-10-02');
    expect(page('', '<p>02/10/2025</p>')).toBe('2025-02-10');
    // A <time> whose machine value is written day first ("01-11-2025 10:29") on a German page.
    expect(page('lang="de-DE"', '<time datetime="01-11-2025 10:29">1. November 2025 10:29</time>')).toBe('2025-11-01');
    expect(readingAsOf(new Date(READ_AT), () => normaliseDateValue('01-11-2025 10:29', false))).toBe('2025-11-01');
  });

  it('takes no date more than two days after the moment the page is read as of', () => {
    const html = '<meta property="article:published_time" content="2026-03-10T09:00:00Z"><p>Body text that is long enough to be considered a paragraph.</p>';
    expect(extractArticle(html, null, { now: '2026-03-01T00:00:00Z' }).published).toBeNull();
    expect(extractArticle(html, null, { now: '2026-03-08T00:00:00Z' }).published).toBe('2026-03-10T09:00:00Z');
  });

  it('turns feed HTML fragments into text', () => {
    expect(htmlFragmentToText('<p>One &amp; two</p>')).toBe('One & two');
    expect(htmlFragmentToText('plain words')).toBe('plain words');
  });
});

/** A short article page with `head` in its <head> and `inPage` before the article, read as of READ_AT: for the metadata tests. */
const damPage = (head: string, inPage = '') =>
  extractArticle(
    `<html><head>${head}</head><body>${inPage}<article><h1>Dam inspection finds cracks</h1><p>Engineers inspecting the Karst dam found three new cracks in its spillway on Tuesday, the regional authority said.</p><p>The reservoir will be lowered by two metres while repairs are planned, and the road over the crest stays closed.</p></article></body></html>`,
    'https://courier.example/dam',
    { now: READ_AT },
  );

describe('JSON-LD as pages write it', () => {
  const page = damPage;
  const data = '{"@context":"http://schema.org","@type":"NewsArticle","headline":"Dam inspection finds cracks","datePublished":"2026-03-02","author":{"@type":"Person","name":"Mira Holt"},"publisher":{"@type":"Organization","name":"The Courier"}}';

  it('reads data wrapped for old parsers in CDATA or a comment', () => {
    for (const wrapped of [`<![CDATA[\n${data}\n]]>`, `//<![CDATA[\n${data}\n//]]>`, `<!--\n${data}\n-->`]) {
      const p = page(`<script type="application/ld+json">${wrapped}</script>`);
      expect(p).toMatchObject({ byline: 'Mira Holt', siteName: 'The Courier' });
      expect(p.published?.slice(0, 10)).toBe('2026-03-02');
    }
  });

  it('names every author a JSON-LD article lists, in order', () => {
    const authors = '[{"@type":"Person","name":"Mira Holt"},{"@type":"Person","name":"Jon Sand","url":"https://courier.example/sand"},"https://courier.example/staff"]';
    expect(page(`<script type="application/ld+json">{"@type":"NewsArticle","headline":"Dam inspection finds cracks","author":${authors}}</script>`).byline).toBe('Mira Holt, Jon Sand');
  });

  it("takes the site's name from a WebSite or Organization the page declares when nothing else names it", () => {
    expect(page('<script type="application/ld+json">{"@context":"http://schema.org","@type":"Organization","name":"The Courier","url":"https://courier.example"}</script>').siteName).toBe('The Courier');
    expect(page('<meta property="og:site_name" content="Courier Online"><script type="application/ld+json">{"@type":"WebSite","name":"The Courier"}</script>').siteName).toBe('Courier Online');
  });
});

describe('titles', () => {
  const title = (head: string) => damPage(head).title;

  it("cuts the site's name from either end, and keeps a title whose first part is its own subject", () => {
    expect(title('<title>Dam inspection finds three cracks | The Courier</title>')).toBe('Dam inspection finds three cracks');
    expect(title('<title>The Courier | Dam inspection finds three cracks in spillway</title>')).toBe('Dam inspection finds three cracks in spillway');
    expect(title('<title>Karst Dam 3 - Inspectors find three new cracks in the spillway</title>')).toBe('Karst Dam 3 - Inspectors find three new cracks in the spillway');
    expect(title('<title>Spillway Depth — Why Inspectors Worry About the Karst Dam</title>')).toBe('Spillway Depth — Why Inspectors Worry About the Karst Dam');
  });

  it('takes the declared title that a <title> repeating it bears out, the site name aside', () => {
    const head = '<title>Karst 1.8 - The Spillway Update - Karst 1.8 - The Spillway Update - Karst Dam News</title><meta property="og:site_name" content="Karst Dam News"><meta property="og:title" content="Karst 1.8 - The Spillway Update">';
    expect(title(head)).toBe('Karst 1.8 - The Spillway Update');
  });
});

describe('bylines', () => {
  const byline = (head: string, inPage = '') => damPage(head, inPage).byline;

  it('reads a meta tag under any of the names its property lists, and either spelling of Dublin Core', () => {
    expect(byline('<meta property="dc:creator twitter:site_name" content="Mira Holt">')).toBe('Mira Holt');
    expect(byline('<meta name="DC.creator" content="Mira Holt">')).toBe('Mira Holt');
    expect(byline('<meta name="dcterms.creator" content="Mira Holt">')).toBe('Mira Holt');
  });

  it("takes Dublin Core's creator over a meta author that names the publisher", () => {
    expect(byline('<meta name="author" content="The Courier"><meta name="dc.creator" content="Mira Holt">')).toBe('Mira Holt');
  });

  it('ends the name where a date or time printed after it begins, in any language', () => {
    expect(byline('', '<p class="byline">by Lucas Nolan <span>22 Dec 2016</span> <a>651</a></p>')).toBe('Lucas Nolan');
    expect(byline('', '<div class="byline">By Nathan Willis\n March 25, 2015</div>')).toBe('Nathan Willis');
    expect(byline('', '<div class="byline">Aleš Vávra před 2 hodinami</div>')).toBe('Aleš Vávra');
    expect(byline('<meta name="author" content="Anna Weber vor 3 Stunden">')).toBe('Anna Weber');
    // A surname that is also a month stays; a name with a number in it is not cut to one word.
    expect(byline('<meta name="author" content="Theresa May 12 June 2019">')).toBe('Theresa May');
    expect(byline('<meta name="author" content="Mira Holt">')).toBe('Mira Holt');
  });
});

describe('extractArticle on bad input: bounded, never a crash', () => {
  it('decodes character references as the tokenizer would, only where they are, and flattens what nests too deep', () => {
    const html = `<html><head><title>Fish &amp; chips &copy 2024</title><script>if (a &amp;&amp; b) x = "&lt;";</script>
      <meta property="og:title" content="Caf&eacute; &quot;Europa&quot; &amp co"></head>
      <body><p title="a&ampb &#x41;">Tom &amp; Jerry &lt;3 &notit; &#8212; caf&eacute;s &unknown;</p><style>a:after{content:"&amp;"}</style>
      <textarea>&gt;&gt; quoted</textarea><!-- &amp; stays --></body></html>`;
    // The same tree, to the character, as the parser decoding every character itself.
    const reference = parseDocument(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
    expect(getOuterHTML(parsePage(html, 500), { decodeEntities: false })).toBe(getOuterHTML(reference, { decodeEntities: false }));
    expect(getOuterHTML(parsePage(html, 500), { decodeEntities: false })).toContain('if (a &amp;&amp; b)');
    // The tokenizer skips ahead with indexOf: on markup that ends mid-token or hides the characters
    // it waits for inside other tokens, the tree is still the stock tokenizer's.
    const tricky = [
      '<p>no end tag and no markup after this text',
      '<div title="unterminated value><p>text</p>',
      "<a href='x\"y' data-x=\"it's\">link</a> tail",
      '<script>if (a < b && c > d) { s = "</scr" + "ipt>"; }</script><p>after</p>',
      '<style>a > b { content: "<"; }</style><!-- a <p> in a comment --><p>x</p><!-- unterminated',
      '<svg><![CDATA[ <p>not a tag</p> ]]></svg><?php echo "<b>"; ?><p>y</p>',
      '<textarea><b>raw</b></textarea><title>a < b</title><p>z',
      '<div class=unquoted id = "spaced" >  <br/>< p>not a tag<\/p></div><',
    ];
    for (const page of tricky) {
      const stock = parseDocument(page, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
      expect(getOuterHTML(parsePage(page, 500), { decodeEntities: false })).toBe(getOuterHTML(stock, { decodeEntities: false }));
    }
    // 2,000 levels: too few tags for the guard before the parser, too deep for the walks after it.
    const deep = `<html><body>${'<div>'.repeat(2000)}Deep &amp; decoded${'</div>'.repeat(2000)}</body></html>`;
    let node = parsePage(deep, 500).children[0]!;
    let depth = 1;
    while ('children' in node && node.children.length === 1 && 'children' in node.children[0]!) {
      node = node.children[0]!;
      depth++;
    }
    expect(depth).toBe(500);
    expect(getOuterHTML(node, { decodeEntities: false })).toContain('Deep & decoded');
  });

  it('flattens 100,000 levels of nesting instead of overflowing the stack', () => {
    const depth = 100_000;
    const html = `<html><body>${'<div>'.repeat(depth)}<p>Deep text that is long enough to be a paragraph of the page.</p>${'</div>'.repeat(depth)}</body></html>`;
    const page = extractArticle(html);
    expect(page.text).toContain('Deep text that is long enough');
  });

  it('drops markup nested beyond the limit before parsing (the parser is quadratic in depth), keeping its text', () => {
    // 400,000 levels took the parser 70 s before this guard; the nesting is now cut to 500 first.
    const depth = 400_000;
    const html = `<html><body>${'<div class="x">'.repeat(depth)}<p>Deep text that is long enough to be a paragraph of the page.</p>${'</div>'.repeat(depth)}</body></html>`;
    const limited = limitNesting(html, 500);
    expect(limited.match(/<div/g)).toHaveLength(498); // html and body are two of the 500 levels
    expect(limited).toContain('<p>Deep text that is long enough');
    expect(extractArticle(html).text).toContain('Deep text that is long enough');
    // An ordinary page, however many tags it has, comes through untouched (the same string).
    const wide = `<html><body>${'<div><p>Some words here.</p><br><img src="x.png"></div>'.repeat(30_000)}</body></html>`;
    expect(limitNesting(wide, 500)).toBe(wide);
  });

  it('reads a 20 MB page in bounded time', () => {
    const para = '<p>A paragraph of filler prose, with commas, that repeats to make a very large page indeed.</p>';
    const html = `<html><body><article>${para.repeat(Math.ceil((20 * 2 ** 20) / para.length))}</article></body></html>`;
    const t0 = Date.now();
    const page = extractArticle(html);
    expect(page.text.length).toBeGreaterThan(10_000_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('returns empty text with a reason for binary junk, empty input and pages without an article', () => {
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    for (const input of [binary, '', '<html><body><nav><a href="/">Home</a></nav></body></html>']) {
      const page = extractArticle(input);
      expect(page.text).toBe('');
      expect(page.reason).toMatch(/no article text found/);
    }
  });

  it('builds display HTML from escaped text only', () => {
    const page = extractArticle('<article><p>Safe &lt;b&gt;text&lt;/b&gt; with enough length to be kept as a paragraph.<img src=x onerror=alert(1)></p><h2>Sub <i>head</i></h2><ul><li>One item in a list</li></ul><blockquote><p>A quoted line that is long enough.</p></blockquote><script>alert(1)</script><iframe src="https://evil.example/"></iframe></article>');
    expect(page.html).toBe('<p>Safe &lt;b&gt;text&lt;/b&gt; with enough length to be kept as a paragraph.</p>\n<h2>Sub head</h2>\n<ul>\n<li>One item in a list</li>\n</ul>\n<blockquote><p>A quoted line that is long enough.</p></blockquote>');
    expect(page.html).not.toMatch(/onerror|<script|<iframe|<img/);
  });
});
