import { describe, expect, it } from 'vitest';
import { analyzeText } from '../analyze/index.js';
import { loadSample, loadSampleCatalogue } from '../demo/sample.js';
import type { Briefing } from '../model/index.js';
import { composeBriefing, type ComposeArticle } from './index.js';
import { anchorDays } from './briefing.js';
import { renderMarkdown } from './markdown.js';

const sample = loadSample();
const outletName = new Map(sample.outlets.map((o) => [o.slug, o.name]));

function articlesOf(story: string, until?: string): ComposeArticle[] {
  return sample.reports
    .filter((r) => r.story === story && (!until || r.published < until))
    .map((r) => {
      const text = r.paragraphs.join('\n\n');
      return { id: r.id, sourceId: null, url: `https://${r.outlet}.example/${r.id}`, canonical: null, title: r.title, byline: r.byline, published: r.published, modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: outletName.get(r.outlet) ?? null, fetchedAt: r.published, analysis: analyzeText(text, { published: r.published.slice(0, 10) }) };
    });
}

function citedParts(b: Briefing) {
  return [...b.background, ...b.analysis, ...b.conclusion, ...b.timeline, ...b.statements.map((s) => ({ text: s.quote, sources: s.sources }))];
}

describe.each(['talks', 'fever', 'flood'])('briefing of the sample "%s" story', (story) => {
  const articles = articlesOf(story);
  const b = composeBriefing({ storyId: story, articles, catalogue: loadSampleCatalogue() });

  it('has every part of the briefing shape', () => {
    expect(b.section[0]).toBe('News');
    expect(b.headline.length).toBeGreaterThan(10);
    expect(b.headline.length).toBeLessThanOrEqual(90);
    expect(b.altHeadline).not.toBe(b.headline);
    expect(b.summary.split(/\s+/).length).toBeLessThanOrEqual(80);
    expect(b.timeline.length).toBeGreaterThanOrEqual(3);
    expect(b.statements.length).toBeGreaterThanOrEqual(1);
    expect(b.conclusion.length).toBeGreaterThanOrEqual(1);
    expect(b.tags.length).toBeGreaterThan(0);
    expect(b.sources).toHaveLength(articles.length);
  });

  it('cites a real source for every sentence', () => {
    const ids = new Set(b.sources.map((s) => s.id));
    for (const part of citedParts(b)) {
      expect(part.sources.length, part.text).toBeGreaterThan(0);
      for (const id of part.sources) expect(ids.has(id)).toBe(true);
    }
  });

  it('quotes only words that occur verbatim in every source it cites, with a named speaker', () => {
    const byId = new Map(articles.map((a) => [a.id, a]));
    for (const s of b.statements) {
      expect(s.speaker).toMatch(/^\p{Lu}/u);
      for (const id of s.sources) expect(byId.get(id)!.text).toContain(s.quote);
    }
  });

  it('keeps the timeline oldest first', () => {
    const dates = b.timeline.map((t) => t.date);
    expect(dates).toEqual([...dates].sort());
  });

  it('marks every shelf item sponsored and keeps the shelf to three', () => {
    expect(b.products.length).toBeLessThanOrEqual(3);
    for (const p of b.products) expect(p.sponsored).toBe(true);
  });
});

describe('briefing details', () => {
  it('shows the disagreement over the number of prisoners instead of picking one', () => {
    const b = composeBriefing({ storyId: 'talks', articles: articlesOf('talks') });
    const c = b.contradictions.find((x) => x.claim.includes('prisoners'));
    expect(c?.values.map((v) => v.value).sort()).toEqual(['1,000', '1,200']);
  });

  it('records what changed between versions', () => {
    const v1 = composeBriefing({ storyId: 'flood', articles: articlesOf('flood', '2026-11-17') });
    const v2 = composeBriefing({ storyId: 'flood', articles: articlesOf('flood'), previous: v1 });
    expect(v2.version).toBe(2);
    expect(v2.changes?.sinceVersion).toBe(1);
    expect(v2.changes!.added.length).toBeGreaterThan(0);
  });

  it('takes no statement from a roundup that touches the story in passing', () => {
    const articles = articlesOf('flood');
    const text = [
      'Our weekly column on life, travel and the arts.',
      'The painter Lina Osk opened her show of harbour paintings in the old customs hall this week.',
      '“I painted every boat in the marina twice, once at dawn and once at dusk, and sold none of them,” said gallery owner Pieter Mols.',
      'A jazz festival returns to the park in spring with forty bands from twelve countries.',
      'Elsewhere, the river kept rising.',
    ].join('\n\n');
    const roundup: ComposeArticle = { ...articles[0]!, id: 'roundup', title: 'Notebook: paintings, jazz and a long week', text, analysis: analyzeText(text, { published: articles[0]!.published!.slice(0, 10) }) };
    expect(roundup.analysis.quotes.map((q) => q.speaker)).toContain('Pieter Mols');
    const b = composeBriefing({ storyId: 'flood', articles: [...articles, roundup] });
    expect(b.statements.length).toBeGreaterThan(0);
    expect(b.statements.map((st) => st.speaker)).not.toContain('Pieter Mols');
  });

  it('takes statements from across the coverage: two at most from one report, in the order of their reports', () => {
    for (const story of ['talks', 'fever', 'flood']) {
      const articles = articlesOf(story);
      const b = composeBriefing({ storyId: story, articles });
      const firstSource = b.statements.map((st) => articles.findIndex((a) => a.id === st.sources[0]));
      for (const i of new Set(firstSource)) expect(firstSource.filter((x) => x === i).length, story).toBeLessThanOrEqual(2);
      expect(firstSource, story).toEqual([...firstSource].sort((x, y) => x - y));
    }
  });

  it('offers no products when nothing in the catalogue fits', () => {
    const b = composeBriefing({ storyId: 'talks', articles: articlesOf('talks'), catalogue: [{ id: 'x', name: 'Garden gnome', blurb: 'Decor', url: 'https://shop.example/gnome', tags: ['garden', 'gnome'] }] });
    expect(b.products).toEqual([]);
  });
});

describe('briefing text from wire copy and scraped pages', () => {
  it('shows sentences without their datelines, and no reader comments', () => {
    const comment = 'Great news, finally peace Posted by: ann | November 17, 2026 1:50 PM | Report abuse However the talks will fail because of history.';
    const wire = articlesOf('talks').map((a) => {
      const text = `PORT ELSIN (Reuters) - ${a.text}\n\n${comment}`;
      return { ...a, text, analysis: analyzeText(text, { published: a.published!.slice(0, 10) }) };
    });
    const b = composeBriefing({ storyId: 'talks', articles: wire });
    const shown = [b.summary, ...citedParts(b).map((p) => p.text)];
    expect(shown.some((t) => t.includes('PORT ELSIN (Reuters)'))).toBe(false);
    expect(shown.some((t) => /Report abuse|Posted by:/.test(t))).toBe(false);
    expect(wire.some((a) => a.text.includes(b.summary.slice(0, 40)))).toBe(true);
  });
});

describe('analysis lines a reader can place', () => {
  it('leaves out an assessment that names nothing of the story and shares none of its words, and one that points back', () => {
    const stray = 'It would be premature to assume complete security, experts warned.';
    const pointing = 'This could take months to settle, analysts said.';
    const all = articlesOf('flood');
    // In the newest report, the first place analysis looks.
    const articles = all.map((a, i) => {
      const text = i === all.length - 1 ? `${a.text}\n\n${stray}\n\n${pointing}` : a.text;
      return { ...a, text, analysis: analyzeText(text, { published: a.published!.slice(0, 10) }) };
    });
    const b = composeBriefing({ storyId: 'flood', articles });
    const lines = b.analysis.map((c) => c.text);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).not.toContain(stray);
    expect(lines).not.toContain(pointing);
    // Lines about the story itself still come through, a leading name or the story's words in them.
    expect(lines.some((t) => /Halvorsen|power|highway/.test(t))).toBe(true);
  });
});

describe('developments told in the past perfect', () => {
  it('does not open the briefing with what "had already" happened', () => {
    const earlier = 'Floodwater had already reached the old town of Tarrow and most of the Dessen valley by Friday night, the agency said.';
    const all = articlesOf('flood');
    const articles = all.map((a, i) => {
      const text = i === all.length - 1 ? `${earlier}\n\n${a.text}` : a.text;
      return { ...a, text, analysis: analyzeText(text, { published: a.published!.slice(0, 10) }) };
    });
    const b = composeBriefing({ storyId: 'flood', articles });
    expect([b.headline, b.altHeadline, b.summary].join(' ')).not.toContain('had already reached');
  });
});

describe('anchorDays', () => {
  it("puts the report's own day where it said today or yesterday, as a reader on another day needs it", () => {
    expect(anchorDays('Nine new cases were confirmed in the UK today, officials said.', '2009-05-04T10:00:00Z')).toBe('Nine new cases were confirmed in the UK on 4 May, officials said.');
    expect(anchorDays('Today, the minister said the schools would stay shut until today.', '2009-05-04')).toBe('On 4 May, the minister said the schools would stay shut until 4 May.');
    // Across a month's end, a leap day included; the date as written, in no time zone of the machine.
    expect(anchorDays('The dam was breached yesterday.', '2024-03-01T23:30:00-05:00')).toBe('The dam was breached on 29 February.');
    // "today's" reads as a noun's possessor: left alone, as is a sentence from a report with no date.
    expect(anchorDays("today's meeting was cancelled", '2009-05-04')).toBe("today's meeting was cancelled");
    expect(anchorDays('It ends today.', null)).toBe('It ends today.');
  });
});

describe('sources without a title', () => {
  it('are known by their opening words, in the briefing and its Markdown; titled ones keep their title alone', () => {
    const all = articlesOf('flood');
    const articles = all.map((a, i) => (i === 0 ? { ...a, title: null } : a));
    const b = composeBriefing({ storyId: 'flood', articles });
    const untitled = b.sources.find((s) => s.id === all[0]!.id)!;
    const opening = all[0]!.text.split(/\s+/).slice(0, 12).join(' ').replace(/[\s,;:—–-]+$/, '');
    expect(untitled.lede).toBe(`${opening} …`);
    expect(b.sources.filter((s) => s.id !== all[0]!.id).every((s) => s.title && s.lede === undefined)).toBe(true);
    const md = renderMarkdown(b);
    const line = md.split('\n').find((l) => l.startsWith(`[^${b.sources.indexOf(untitled) + 1}]: `));
    expect(line).toContain(`untitled report opening “${opening} …”`);
  });
});

describe('deck', () => {
  it('names one of the story\'s leading people, bodies or places where a candidate does', () => {
    const report = (id: string, published: string, text: string): ComposeArticle => ({ id, sourceId: null, url: `https://courier.example/${id}`, canonical: null, title: null, byline: null, published, modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: 'Courier', fetchedAt: published, analysis: analyzeText(text, { published: published.slice(0, 10) }) });
    // Three reports open on a development that names nobody, widely reported and so the strongest
    // candidate after the headline's report.
    const unnamed = 'Troops pulled back from the border towns as the fighting stopped and the withdrawal of troops began.';
    const articles = [
      report('a', '2026-03-03T09:00:00Z', 'Karvenia and Morland signed a ceasefire in Port Elsin on Monday after three weeks of talks. Karvenia and Morland will withdraw troops from the border by Friday.'),
      ...[1, 2, 3].map((k) => report(`b${k}`, '2026-03-02T09:00:00Z', `${unnamed} Morland began to withdraw troops from the border near Port Elsin on Tuesday.`)),
      report('c', '2026-03-01T09:00:00Z', 'Karvenia and Morland resumed ceasefire talks in Port Elsin on Sunday. Diplomats from Karvenia said the border talks could end within days.'),
    ];
    const b = composeBriefing({ storyId: 'deck', articles });
    expect(b.altHeadline).not.toContain('Troops pulled back');
    expect(b.altHeadline).toMatch(/Karvenia|Morland|Port Elsin/);
  });
});

describe('background', () => {
  it('takes context that names one of the story\'s leading people, bodies or places, not a roundup\'s aside', () => {
    const articles = articlesOf('talks');
    const [first, ...rest] = articles;
    // An aside in the first report, in the story's own words (talks, ceasefire, border), naming none of its names.
    const aside = 'A little history: the ceasefire talks of the delegations and negotiators have been held since fighting broke out along the border, and displaced people have waited since March.';
    const text = `${first!.text}\n\n${aside}`;
    const changed = { ...first!, text, analysis: analyzeText(text, { published: first!.published!.slice(0, 10) }) };
    const b = composeBriefing({ storyId: 'talks', articles: [changed, ...rest] });
    expect(b.background.length).toBeGreaterThan(0);
    expect(b.background.map((c) => c.text).join(' ')).not.toContain('A little history');
    for (const c of b.background) expect(/Karvenia|Morland|Port Elsin|Varga|Brandt|Okoro|Council of Northern States/.test(c.text)).toBe(true);
  });

  it('takes a leading name\'s kind with "the" ("the province" for Lumen Province) for naming it', () => {
    const b = composeBriefing({ storyId: 'fever', articles: articlesOf('fever') });
    expect(b.background.some((c) => /\bthe province\b/.test(c.text) && !/Lumen/.test(c.text))).toBe(true);
  });
});

describe('statements', () => {
  it('gives no words in the first person singular to a place or a body, nor to initials cut short', () => {
    const articles = articlesOf('talks');
    const base = composeBriefing({ storyId: 'talks', articles });
    const speaker = base.statements[0]!.speaker;
    const [first, ...rest] = articles;
    // The same article with one more quotation, misread as said by a body the story names often, and
    // one by initials cut short of their stop.
    const body = { name: 'Port Elsin Harbour Authority', type: 'ORG' as const, aliases: [], roles: [], mentions: 9 };
    const initials = { name: 'J.D', type: 'PERSON' as const, aliases: [], roles: ['reader'], mentions: 3 };
    const quotes = [
      ...first!.analysis.quotes,
      { text: 'I came today to stand with every family waiting at the crossing for news.', speaker: body.name, speakerRole: null, cue: ':', sentence: 0, direct: true },
      { text: 'The role of the negotiators is to be on the right side of history for once.', speaker: initials.name, speakerRole: null, cue: 'writes', sentence: 0, direct: true },
    ];
    const text = `${first!.text}\n\n“I came today to stand with every family waiting at the crossing for news.” “The role of the negotiators is to be on the right side of history for once.”`;
    const changed = { ...first!, text, analysis: { ...first!.analysis, quotes, entities: [...first!.analysis.entities, body, initials] } };
    const b = composeBriefing({ storyId: 'talks', articles: [changed, ...rest] });
    expect(b.statements.map((s) => s.speaker)).toContain(speaker);
    expect(b.statements.map((s) => s.speaker)).not.toContain(body.name);
    expect(b.statements.map((s) => s.speaker)).not.toContain(initials.name);
  });

  it('shows no statement whose words as many reports give to someone else, and keeps it while its speaker has more', () => {
    const articles = articlesOf('talks');
    const base = composeBriefing({ storyId: 'talks', articles });
    const { quote, speaker } = base.statements[0]!;
    const carrying = articles.filter((a) => quote.split(' … ').every((part) => a.text.includes(part))).length;
    // Reports that carry the same words, read as said by the same speaker or by another person the
    // story names (a pronoun resolved to the wrong person).
    const other = { name: 'Tomas Reyes', type: 'PERSON' as const, aliases: [], roles: ['mediator'], mentions: 4 };
    const echo = (k: number, who: string): ComposeArticle => {
      const from = articles[k % articles.length]!;
      const words = quote.split(' … ')[0]!;
      const q = { text: words, speaker: who, speakerRole: null, cue: 'said', sentence: from.analysis.sentences.length, direct: true };
      return { ...from, id: `echo-${who}-${k}`, text: `${from.text}\n\n“${words}”`, analysis: { ...from.analysis, quotes: [...from.analysis.quotes.filter((o) => !words.includes(o.text.slice(0, 30))), q], entities: [...from.analysis.entities, other] } };
    };
    const shown = (same: number, others: number) =>
      composeBriefing({ storyId: 'talks', articles: [...articles, ...Array.from({ length: same }, (_, k) => echo(k, speaker)), ...Array.from({ length: others }, (_, k) => echo(k + 1, other.name))] }).statements.some(
        (s) => s.quote === quote && s.speaker === speaker,
      );
    expect(shown(2, carrying + 1)).toBe(true);
    expect(shown(2, carrying + 2)).toBe(false);
    expect(shown(0, carrying)).toBe(false);
  });
});
