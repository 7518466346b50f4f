// npm run examples — writes the briefing of each bundled sample story to docs/examples/<story>.md,
// so a reader can judge the briefings without running anything (test/examples.test.ts keeps them current).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSampleBriefings } from '../src/demo/examples.js';

// Dates are read in local time; the examples are rendered in UTC wherever this runs.
process.env.TZ = 'UTC';

const OUT = join(import.meta.dirname, '..', 'docs', 'examples');
mkdirSync(OUT, { recursive: true });
for (const [story, md] of renderSampleBriefings()) {
  writeFileSync(join(OUT, `${story}.md`), md);
  console.log(`docs/examples/${story}.md: ${md.split('\n').find((l) => l.startsWith('# '))?.slice(2)}`);
}
