import type { Briefing, Cited } from '../model/index.js';
import { errorMessage } from '../errors.js';
import { escapeRe } from '../text/regexp.js';

/** An OpenAI-compatible chat endpoint (`POST {baseUrl}/chat/completions`). */
export interface WriterConfig {
  baseUrl: string;
  model: string;
  apiKey: string | null;
  /** Whole-request limit; on timeout the briefing stays extractive. */
  timeoutMs?: number;
}

/** The writer the environment configures: SITREP_LLM_BASE_URL and SITREP_LLM_MODEL (key: SITREP_LLM_API_KEY or OPENAI_API_KEY). */
export function writerFromEnv(env: NodeJS.ProcessEnv = process.env): WriterConfig | null {
  const baseUrl = env.SITREP_LLM_BASE_URL;
  const model = env.SITREP_LLM_MODEL;
  if (!baseUrl || !model) return null;
  return { baseUrl: baseUrl.replace(/\/+$/, ''), model, apiKey: env.SITREP_LLM_API_KEY ?? env.OPENAI_API_KEY ?? null, timeoutMs: Number(env.SITREP_LLM_TIMEOUT_MS ?? 60_000) };
}

const SECTIONS = ['headline', 'summary', 'background', 'analysis', 'conclusion'] as const;
type Section = (typeof SECTIONS)[number];

const SYSTEM = `You edit a news briefing. Rewrite each numbered sentence you are given as clear, flowing prose that reads well after the sentence before it.
"headline" holds the headline and the deck: rewrite them as a news headline of at most 90 characters stating the main development, and a deck of at most 140 characters adding the second fact; they must not repeat each other.
Rules: use only facts stated in the input sentences; keep every name, number and date exactly as written; add no new names, numbers, dates, quotes or claims; do not merge or split sentences.
Answer with JSON only: {"headline": [...], "summary": [...], "background": [...], "analysis": [...], "conclusion": [...]}, each list holding exactly one rewritten line per input line, in order.`;

const NUMBER_WORDS = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|third|quarter|first|second|third|fourth|fifth)\b/gi;
const DATE_WORDS = /\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow|tonight|week|month|year)s?\b/gi;
const DATE_WORD = new RegExp(`^${DATE_WORDS.source}$`, 'i');
// Capitalised words that start sentences or clauses without naming anything.
const FUNCTION_WORDS = new Set('A An The This That These Those It Its In On At By For From With Without After Before During Since Until As While When Where Who What Which But And Or Yet So If Although Though Because Meanwhile However Still Also Both Each Every Some Many Most Several Such Their There They He She We You I His Her Our Officials Residents'.split(' '));

/**
 * The words of a rewritten sentence that must be backed by its sources: names (capitalised words
 * not in the function-word list), numbers (digits and number words) and date words.
 */
export function checkedTerms(sentence: string): string[] {
  const out = new Set<string>();
  for (const m of sentence.matchAll(/\d[\d,.]*\d|\d/g)) out.add(m[0]);
  for (const m of sentence.matchAll(NUMBER_WORDS)) out.add(m[0].toLowerCase());
  for (const m of sentence.matchAll(DATE_WORDS)) out.add(m[0].toLowerCase());
  for (const m of sentence.matchAll(/\b\p{Lu}[\p{L}'’-]+/gu)) if (!FUNCTION_WORDS.has(m[0]) && !DATE_WORD.test(m[0])) out.add(m[0]);
  return [...out];
}

/** Whether every checked term of `rewritten` occurs in the original sentence or one of its sources. */
export function faithful(rewritten: string, original: string, sourceTexts: string[]): boolean {
  if (/[“”"]/.test(rewritten) && !/[“”"]/.test(original)) return false; // no new quotations
  const hay = [original, ...sourceTexts];
  const lower = hay.map((t) => t.toLowerCase());
  return checkedTerms(rewritten).every((term) => (/^\p{Lu}/u.test(term) ? hay.some((t) => t.includes(term)) : lower.some((t) => new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(term)}(?![\\p{L}\\p{N}])`, 'u').test(t))));
}

export interface WriteReport {
  rewritten: number;
  kept: number;
  error: string | null;
}

/**
 * Rewrite the summary, background, analysis and conclusion in flowing prose through the configured
 * model. Each rewritten sentence keeps the original's sources and is used only when every name,
 * number and date in it occurs in those sources; otherwise the extractive sentence stays. Any
 * failure (network, timeout, bad JSON) leaves the briefing as it was.
 */
export async function rewriteBriefing(b: Briefing, articles: { id: string; text: string }[], cfg: WriterConfig): Promise<{ briefing: Briefing; report: WriteReport }> {
  const textOf = new Map(articles.map((a) => [a.id, a.text]));
  const summaryParts = b.summary.match(/[^.!?]+[.!?]+["”’)]*(\s+|$)/g)?.map((s) => s.trim()) ?? [b.summary];
  const input: Record<Section, string[]> = {
    headline: [b.headline, b.altHeadline],
    summary: summaryParts,
    background: b.background.map((c) => c.text),
    analysis: b.analysis.map((c) => c.text),
    conclusion: b.conclusion.map((c) => c.text),
  };
  let output: Record<Section, unknown>;
  try {
    output = await chat(cfg, JSON.stringify(input));
  } catch (err) {
    return { briefing: b, report: { rewritten: 0, kept: Object.values(input).flat().length, error: errorMessage(err) } };
  }
  let rewritten = 0;
  let kept = 0;
  const pick = (original: string, candidate: unknown, sources: string[]): string => {
    const texts = sources.map((id) => textOf.get(id)).filter((t): t is string => !!t);
    if (typeof candidate === 'string' && candidate.trim() && candidate.length < original.length * 3 + 80 && faithful(candidate.trim(), original, texts)) {
      rewritten++;
      return candidate.trim();
    }
    kept++;
    return original;
  };
  const list = (k: Section) => (Array.isArray(output[k]) && (output[k] as unknown[]).length === input[k].length ? (output[k] as unknown[]) : []);
  const redo = (items: Cited[], k: Section): Cited[] =>
    items.map((c, i) => {
      const text = pick(c.text, list(k)[i], c.sources);
      return text === c.text ? c : { ...c, text, extracted: c.text };
    });
  const summary = summaryParts.map((s, i) => pick(s, list('summary')[i], b.summarySources)).join(' ');
  // The headline and deck under the same check, within their lengths, and never the same line.
  const heads = list('headline');
  const headSources = b.headlineSources?.length ? b.headlineSources : b.summarySources;
  const within = (c: unknown, max: number) => (typeof c === 'string' && c.trim().length <= max ? c : null);
  const headline = pick(b.headline, within(heads[0], 90), headSources);
  let altHeadline = pick(b.altHeadline, within(heads[1], 140), headSources);
  if (altHeadline.toLowerCase() === headline.toLowerCase()) altHeadline = b.altHeadline;
  const briefing: Briefing = { ...b, headline, altHeadline, summary, background: redo(b.background, 'background'), analysis: redo(b.analysis, 'analysis'), conclusion: redo(b.conclusion, 'conclusion'), writer: { model: cfg.model, rewritten, kept } };
  return { briefing, report: { rewritten, kept, error: null } };
}

async function chat(cfg: WriterConfig, user: string): Promise<Record<Section, unknown>> {
  const res = await fetch(`${cfg.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
    body: JSON.stringify({ model: cfg.model, temperature: 0.2, response_format: { type: 'json_object' }, messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: user }] }),
    signal: AbortSignal.timeout(cfg.timeoutMs ?? 60_000),
  });
  if (!res.ok) throw new Error(`writer endpoint answered HTTP ${res.status}`);
  const body = (await res.json()) as { choices?: { message?: { content?: string } }[] };
  const content = body.choices?.[0]?.message?.content;
  if (typeof content !== 'string') throw new Error('writer endpoint sent no message content');
  const json = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1);
  try {
    return JSON.parse(json) as Record<Section, unknown>;
  } catch {
    throw new Error('writer answer was not JSON');
  }
}
