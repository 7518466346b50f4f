import type { Entity, Quote } from '../model/index.js';
import type { Mention } from './entities.js';

const CUE_VERBS =
  'said|says|told(?: reporters| journalists| the [\\w ]{1,30}?| [A-Z][\\w ]{1,30}?)?|added|warned|stated|announced|insisted|noted|explained|wrote|argued|confirmed|urged|acknowledged|declared|asked|replied|continued|cautioned|stressed|posted|tweeted';
const CUE_AT_START = new RegExp(`^\\s*,?\\s*(${CUE_VERBS})\\b\\s*(.*)$`, 'i');
const CUE_ANYWHERE = new RegExp(`^(.{1,120}?)\\s+(${CUE_VERBS})\\b`, 'i');
const CUE_BEFORE = new RegExp(`(?:^|[.;]\\s+|,\\s+)([^.;“”"]{1,140}?)\\s+(${CUE_VERBS})\\s*(?:that\\s*)?[:,]?\\s*$`, 'i');
const ACCORDING = /\baccording to ([^,.;]{2,80})/i;
const INDIRECT = new RegExp(`^(.{2,120}?)\\s+(said|says|told [\\w ]{1,30}?|warned|announced|insisted|noted|argued|confirmed|acknowledged|stressed)\\s+(?:on \\w+\\s+|late \\w+\\s+)?that\\s+(.{15,})$`, 'i');
const PRONOUN = /^(he|she|they|him|her)$/i;

interface Span {
  open: number;
  close: number;
}

/** Quoted spans in a sentence, curly or straight; an unclosed quote runs to the end. */
function quotedSpans(s: string): Span[] {
  const spans: Span[] = [];
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '“' || (c === '"' && open < 0 && (i === 0 || /[\s(\[—–:,-]/.test(s[i - 1]!)))) {
      if (open < 0) open = i;
    } else if ((c === '”' || c === '"') && open >= 0) {
      spans.push({ open, close: i });
      open = -1;
    }
  }
  if (open >= 0 && s.length - open > 20) spans.push({ open, close: s.length });
  return spans;
}

export interface SpeakerContext {
  entities: Entity[];
  mentions: Mention[];
}

/** Resolve a speaker phrase ("Ilse Varga, the foreign minister", "he", "the minister") to an entity. */
function resolveSpeaker(phrase: string, sentence: number, ctx: SpeakerContext): Entity | null {
  const p = phrase.replace(/^[\s,]+|[\s,]+$/g, '');
  if (!p) return null;
  if (PRONOUN.test(p)) {
    const prior = ctx.mentions
      .filter((m) => m.sentence <= sentence)
      .reverse()
      .map((m) => findEntity(m.text, ctx.entities))
      .find((e) => e?.type === 'PERSON');
    return prior ?? null;
  }
  // The entity named first in the phrase (the longer form on a tie): "Varga, who met Brandt" is Varga.
  let best: Entity | null = null;
  let bestAt = Infinity;
  let bestLen = 0;
  for (const e of ctx.entities) {
    if (e.type !== 'PERSON' && e.type !== 'ORG' && e.type !== 'OTHER') continue;
    for (const form of [e.name, ...e.aliases]) {
      const at = p.search(new RegExp(`\\b${escapeRe(form)}\\b`));
      if (at >= 0 && (at < bestAt || (at === bestAt && form.length > bestLen))) {
        best = e;
        bestAt = at;
        bestLen = form.length;
      }
    }
  }
  if (best) return best;
  // "the minister", "the spokeswoman": the one person whose role has that noun.
  const desc = /^(?:the|a)\s+([\w\s-]{3,40})$/i.exec(p);
  if (desc) {
    const noun = desc[1]!.trim().split(/\s+/).pop()!.toLowerCase();
    const matches = ctx.entities.filter((e) => e.type === 'PERSON' && e.roles.some((r) => r.toLowerCase().includes(noun)));
    if (matches.length === 1) return matches[0]!;
  }
  return null;
}

function findEntity(form: string, entities: Entity[]): Entity | undefined {
  return entities.find((e) => e.name === form || e.aliases.includes(form));
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function roleOf(e: Entity | null): string | null {
  if (!e || e.type !== 'PERSON') return null;
  return [...e.roles].sort((a, b) => b.length - a.length)[0] ?? null;
}

export function findQuotes(sentences: string[], ctx: SpeakerContext): Quote[] {
  const quotes: Quote[] = [];
  let lastDirect: Quote | null = null;
  sentences.forEach((s, idx) => {
    const spans = quotedSpans(s);
    const found: Quote[] = [];
    for (const span of spans) {
      const text = s.slice(span.open + 1, span.close).replace(/[,\s]+$/, '').trim();
      if (text.split(/\s+/).length < 4) continue; // scare quotes and titles, not statements
      const after = s.slice(span.close + 1);
      const before = s.slice(0, span.open);
      let phrase: string | null = null;
      let cue: string | null = null;
      const a1 = CUE_AT_START.exec(after);
      if (a1) {
        cue = a1[1]!;
        phrase = a1[2]!.split(/[;“"]/)[0]!.split(/,\s*(?:who|adding|as)\b/)[0]!;
      } else {
        const a2 = CUE_ANYWHERE.exec(after.replace(/^\s*,\s*/, ''));
        if (a2 && !/[“"]/.test(a2[1]!)) {
          phrase = a2[1]!;
          cue = a2[2]!;
        } else {
          const b = CUE_BEFORE.exec(before);
          if (b) {
            phrase = b[1]!;
            cue = b[2]!;
          } else {
            const acc = ACCORDING.exec(after) ?? ACCORDING.exec(before);
            if (acc) {
              phrase = acc[1]!;
              cue = 'according to';
            }
          }
        }
      }
      let speaker = phrase ? resolveSpeaker(phrase, idx, ctx) : null;
      // A quote standing alone right after another one continues the same speaker's words.
      if (!speaker && !cue && lastDirect && lastDirect.sentence >= idx - 1 && before.trim() === '') {
        speaker = lastDirect.speaker ? (findEntity(lastDirect.speaker, ctx.entities) ?? null) : null;
        cue = lastDirect.cue;
      }
      found.push({ text, speaker: speaker?.name ?? null, speakerRole: roleOf(speaker), cue: cue?.toLowerCase() ?? null, sentence: idx, direct: true });
    }
    if (found.length > 0) {
      quotes.push(...found);
      lastDirect = found[found.length - 1]!;
      return;
    }
    const ind = INDIRECT.exec(s);
    if (ind && !/[“”"]/.test(s)) {
      const speaker = resolveSpeaker(ind[1]!, idx, ctx);
      if (speaker) {
        quotes.push({ text: ind[3]!.replace(/[.\s]+$/, ''), speaker: speaker.name, speakerRole: roleOf(speaker), cue: ind[2]!.toLowerCase(), sentence: idx, direct: false });
      }
    }
  });
  return quotes;
}
