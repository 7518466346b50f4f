import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Briefing } from '../model/index.js';
import { listenLocal, type LocalServer } from '../../test/local-server.js';
import { checkedTerms, faithful, rewriteBriefing } from './writer.js';

const source = 'Karvenia and Morland agreed on Tuesday to exchange 1,000 prisoners at the Lessa crossing, the council said.';
const briefing = {
  headline: 'Karvenia and Morland agreed to exchange 1,000 prisoners',
  altHeadline: 'The exchange was agreed at the Lessa crossing',
  headlineSources: ['a'],
  summary: 'Karvenia and Morland agreed to exchange 1,000 prisoners. The council said so on Tuesday.',
  summarySources: ['a'],
  background: [{ text: 'The exchange was agreed at the Lessa crossing.', sources: ['a'] }],
  analysis: [{ text: 'The council said the exchange was agreed on Tuesday.', sources: ['a'] }],
  conclusion: [],
  timeline: [],
  statements: [],
  changes: null,
} as unknown as Briefing;

describe('the writer check', () => {
  it('collects names, numbers and date words', () => {
    expect(checkedTerms('On Friday, Ilse Varga said 300 of the 1,000 prisoners crossed in three buses.').sort()).toEqual(['1,000', '300', 'Ilse', 'Varga', 'friday', 'three'].sort());
  });

  it('accepts a rewrite whose names, numbers and dates are in the sources, and refuses one that adds any', () => {
    expect(faithful('On Tuesday Karvenia and Morland agreed to swap 1,000 prisoners.', 'x', [source])).toBe(true);
    expect(faithful('On Tuesday Karvenia and Morland agreed to swap 1,200 prisoners.', 'x', [source])).toBe(false);
    expect(faithful('On Wednesday Karvenia agreed.', 'x', [source])).toBe(false);
    expect(faithful('Karvenia and Ruritania agreed.', 'x', [source])).toBe(false);
    expect(faithful('Karvenia said: “we agreed”.', 'Karvenia agreed.', [source])).toBe(false);
  });
});

describe('rewriting through an OpenAI-compatible endpoint (a real server on 127.0.0.1)', () => {
  let server: LocalServer;
  let reply: (body: { messages: { content: string }[] }) => unknown = () => ({});
  let seen: { auth?: string; model?: string } = {};
  beforeAll(async () => {
    server = await listenLocal((req, res) => {
      let raw = '';
      req.on('data', (d) => (raw += d));
      req.on('end', () => {
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404).end();
          return;
        }
        const body = JSON.parse(raw) as { model: string; messages: { content: string }[] };
        seen = { auth: req.headers.authorization, model: body.model };
        const content = reply(body);
        if (content === 'fail') {
          res.writeHead(503).end('overloaded');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ choices: [{ message: { role: 'assistant', content: JSON.stringify(content) } }] }));
      });
    });
  });
  afterAll(() => server.close());
  const cfg = () => ({ baseUrl: `${server.base}/v1`, model: 'test-model', apiKey: 'k-123', timeoutMs: 5000 });

  it('uses faithful sentences, keeps the extract where a sentence adds a fact, and keeps sources', async () => {
    reply = (body) => {
      const input = JSON.parse(body.messages[1]!.content) as Record<string, string[]>;
      expect(input.summary).toHaveLength(2);
      expect(input.headline).toEqual([briefing.headline, briefing.altHeadline]);
      return {
        // The deck adds a name the sources do not hold: refused, the extracted deck stays.
        headline: ['Karvenia and Morland agree to swap 1,000 prisoners', 'Ruritania objects to the swap at the Lessa crossing'],
        summary: ['Karvenia and Morland have agreed to swap 1,000 prisoners.', 'The council announced it on Wednesday.'],
        background: ['The swap was agreed at the Lessa crossing.'],
        analysis: ['According to the council, 1,200 prisoners will cross on Tuesday.'],
        conclusion: [],
      };
    };
    const { briefing: out, report } = await rewriteBriefing(briefing, [{ id: 'a', text: source }], cfg());
    expect(seen).toEqual({ auth: 'Bearer k-123', model: 'test-model' });
    expect(out.summary).toBe('Karvenia and Morland have agreed to swap 1,000 prisoners. The council said so on Tuesday.');
    expect(out.background[0]).toEqual({ text: 'The swap was agreed at the Lessa crossing.', sources: ['a'], extracted: 'The exchange was agreed at the Lessa crossing.' });
    expect(out.analysis[0]).toEqual(briefing.analysis[0]);
    expect(out.headline).toBe('Karvenia and Morland agree to swap 1,000 prisoners');
    expect(out.altHeadline).toBe(briefing.altHeadline);
    expect(report).toEqual({ rewritten: 3, kept: 3, error: null });
    expect(out.writer).toEqual({ model: 'test-model', rewritten: 3, kept: 3 });
  });

  it('leaves the briefing extractive when the endpoint fails or answers nonsense', async () => {
    reply = () => 'fail';
    const failed = await rewriteBriefing(briefing, [{ id: 'a', text: source }], cfg());
    expect(failed.briefing).toBe(briefing);
    expect(failed.report.error).toContain('HTTP 503');
    reply = () => ({ summary: 'not a list' });
    const odd = await rewriteBriefing(briefing, [{ id: 'a', text: source }], cfg());
    expect(odd.briefing.summary).toBe(briefing.summary);
    expect(odd.report.rewritten).toBe(0);
    const down = await rewriteBriefing(briefing, [{ id: 'a', text: source }], { ...cfg(), baseUrl: 'http://127.0.0.1:9/v1' });
    expect(down.report.error).toBeTruthy();
  });
});
