import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSampleBriefings } from '../src/demo/examples.js';
import { loadSample } from '../src/demo/sample.js';

// Dates are read in local time; the examples are rendered in UTC wherever this runs.
process.env.TZ = 'UTC';

describe('docs/examples', () => {
  it('holds the current briefing of every sample story (run `npm run examples` after changing the pipeline)', () => {
    const rendered = renderSampleBriefings();
    expect([...rendered.keys()].sort()).toEqual([...new Set(loadSample().reports.map((r) => r.story))].sort());
    for (const [story, md] of rendered) {
      expect(readFileSync(join(import.meta.dirname, '..', 'docs', 'examples', `${story}.md`), 'utf8')).toBe(md);
      // Every bullet, background line and statement carries at least one footnote.
      for (const line of md.split('\n').filter((l) => /^(- \*\*|> “)/.test(l))) expect(line).toMatch(/\[\^\d+\]/);
    }
  });
});
