import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractArticle, htmlFragmentToText } from './index.js';

// Readability-style page fixtures: each folder under test/fixtures/pages holds source.html,
// expected.txt (the body) and expected-metadata.json (the fields to check). Adding a case is adding a folder.
const PAGES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'pages');

describe('extractArticle on fixture pages', () => {
  for (const name of readdirSync(PAGES)) {
    it(name, () => {
      const dir = join(PAGES, name);
      const page = extractArticle(readFileSync(join(dir, 'source.html'), 'utf8'), 'https://courier.example/news/bridge-reopens');
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
    const page = extractArticle('<script type="application/ld+json">{broken</script><meta property="article:published_time" content="2026-01-02T03:04:05Z"><p>Body text that is long enough to be considered a paragraph.</p>');
    expect(page.published).toBe('2026-01-02T03:04:05.000Z');
  });

  it('turns feed HTML fragments into text', () => {
    expect(htmlFragmentToText('<p>One &amp; two</p>')).toBe('One & two');
    expect(htmlFragmentToText('plain words')).toBe('plain words');
  });
});
