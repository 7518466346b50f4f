// The briefings of the bundled sample stories as Markdown: what docs/examples/ holds.
import { analyzeText } from '../analyze/index.js';
import { composeBriefing, renderMarkdown, type ComposeArticle } from '../compose/index.js';
import { loadSample, loadSampleCatalogue } from './sample.js';

/** story label → Markdown. Deterministic: each briefing is dated by its newest report, not the clock. */
export function renderSampleBriefings(): Map<string, string> {
  const sample = loadSample();
  const outlets = new Map(sample.outlets.map((o) => [o.slug, o.name]));
  const stories = new Map<string, ComposeArticle[]>();
  for (const r of sample.reports) {
    const text = r.paragraphs.join('\n\n');
    const outlet = outlets.get(r.outlet) ?? r.outlet;
    const article: ComposeArticle = {
      id: r.id, sourceId: null, outlet, url: `https://${r.outlet}.example/${r.id}`, fetchedAt: r.published, canonical: null,
      title: r.title, byline: r.byline, published: r.published, modified: null, lang: 'en', siteName: outlet, description: null,
      image: null, text, analysis: analyzeText(text, { published: r.published }),
    };
    stories.set(r.story, [...(stories.get(r.story) ?? []), article]);
  }
  const out = new Map<string, string>();
  for (const [story, articles] of stories) {
    const newest = articles.map((a) => a.published!).sort().pop()!;
    const b = composeBriefing({ storyId: story, articles, catalogue: loadSampleCatalogue(), now: new Date(newest) });
    out.set(story, `<!-- Rendered by \`npm run examples\` from the bundled SAMPLE DATA (fictional events). -->\n\n${renderMarkdown(b)}`);
  }
  return out;
}
