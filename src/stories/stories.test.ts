import { describe, expect, it } from 'vitest';
import { analyzeText } from '../analyze/index.js';
import { loadSample } from '../demo/sample.js';
import { CONVERGING } from '../../test/fixtures/converging-stories.js';
import { threadStories, type ClusterState } from './cluster.js';
import { OnlineClusterer, assignSection, buildTimeline, clusterArticles, clusterNames, mainSubject, mergeStoryEntities, storyTags } from './index.js';

const sample = loadSample();
const inputs = sample.reports.map((r) => ({ id: r.id, title: r.title, text: r.paragraphs.join('\n\n'), published: r.published }));

describe('clustering the bundled sample', () => {
  it('recovers the sample stories exactly, whatever the arrival order', () => {
    const groups = clusterArticles(inputs);
    const labelOf = new Map(sample.reports.map((r) => [r.id, r.story]));
    expect(groups).toHaveLength(new Set(sample.reports.map((r) => r.story)).size);
    for (const g of groups) expect(new Set(g.articles.map((id) => labelOf.get(id))).size).toBe(1);
  });

  it('gives every story a thread, and unrelated stories different threads', () => {
    const groups = clusterArticles(inputs);
    expect(new Set(groups.map((g) => g.thread)).size).toBe(3);
    for (const g of groups) expect(groups.some((x) => x.story === g.thread)).toBe(true);
  });

  it('keeps story ids as stories grow and refuses to join a story gone dormant', () => {
    const c = new OnlineClusterer({ dormantAfterDays: 2 });
    const first = c.add(inputs[0]!);
    const second = c.add(inputs[1]!);
    expect(second.id).toBe(first.id);
    const late = { ...inputs[2]!, published: '2027-02-01T00:00:00Z' };
    expect(c.add(late).id).not.toBe(first.id);
  });
});

describe('story merges and dormancy', () => {
  it('merges two stories once they converge, into the older one, which keeps its id', () => {
    const c = new OnlineClusterer({ mergeThreshold: 0.4 });
    const ids = CONVERGING.map((a) => c.add(a).id);
    const [refinery, hospitals] = [ids[0]!, ids[1]!];
    expect(hospitals).not.toBe(refinery);
    // Until the last report, the two are apart; with it, the younger story is merged into the older.
    expect(c.merges).toEqual([{ from: hospitals, into: refinery }]);
    expect(ids.at(-1)).toBe(refinery);
    expect(c.stories.map((s) => s.id)).toEqual([refinery]);
    expect([...c.stories[0]!.members].sort()).toEqual(CONVERGING.map((a) => a.id).sort());
    // The merged story is gone from the index: a later report on the hospitals joins the survivor.
    const later = c.add({ id: 'b3', title: null, text: CONVERGING[3]!.text, published: '2026-03-04T08:00:00Z' });
    expect(later.id).toBe(refinery);
  });

  it('never merges at the default threshold what stays apart, and reports stories gone quiet', () => {
    const c = new OnlineClusterer();
    for (const a of CONVERGING.slice(0, 4)) c.add(a);
    expect(c.merges).toEqual([]);
    expect(c.stories).toHaveLength(2);
    expect(c.newest).toBe(Date.parse('2026-03-01T14:00:00Z'));
    expect(c.dormantAt(Date.parse('2026-03-05T00:00:00Z'))).toEqual([]);
    expect(c.dormantAt(Date.parse('2026-03-12T00:00:00Z')).map((s) => s.id)).toEqual(c.stories.map((s) => s.id));
  });
});

describe('threads', () => {
  const state = (id: string, size: number, terms: Record<string, number>): ClusterState => {
    const centroid = new Map(Object.entries(terms));
    return { id, centroid, centroidNorm: Math.hypot(...centroid.values()), sum: centroid, members: Array.from({ length: size }, (_, k) => `${id}-${k}`), lastSeen: 0 };
  };
  // Two stories that share only the generic words of political unrest (cosine about 0.2).
  const egypt = { '@egypt': 3, '@mubarak': 3, cairo: 2, tahrir: 2, president: 1.5, protesters: 1.5, security: 1.5 };
  const syria = { '@syria': 3, '@assad': 3, damascus: 2, homs: 2, president: 1.5, protesters: 1.5, security: 1.5 };

  it('attaches a small story on a looser likeness than it takes to join two large bodies of coverage', () => {
    const small = threadStories([state('egypt', 200, egypt), state('syria-brief', 1, syria)]);
    expect(small.get('syria-brief')).toBe('egypt');
    const large = threadStories([state('egypt', 200, egypt), state('syria', 150, syria)]);
    expect(large.get('syria')).toBe('syria');
  });
});

describe('timeline of one sample story', () => {
  const talks = sample.reports.filter((r) => r.story === 'talks');
  const analysed = talks.map((r) => ({ id: r.id, published: r.published, analysis: analyzeText(r.paragraphs.join('\n\n'), { published: r.published.slice(0, 10) }) }));

  it('is oldest first, within the range asked, with the number of dates asked', () => {
    const t = buildTimeline(analysed, { dates: 4, perDate: 1, start: '2026-11-16', end: '2026-11-22' });
    expect(t).toHaveLength(4);
    expect(t.map((d) => d.date)).toEqual([...t.map((d) => d.date)].sort());
    for (const d of t) {
      expect(d.date >= '2026-11-16' && d.date <= '2026-11-22').toBe(true);
      expect(d.sentences).toHaveLength(1);
    }
  });

  it('never dates a development after the article that reports it', () => {
    const t = buildTimeline(analysed, {});
    const published = new Map(analysed.map((a) => [a.id, a.published!.slice(0, 10)]));
    for (const d of t) for (const s of d.sentences) for (const src of s.sources) expect(d.date <= published.get(src)!).toBe(true);
  });
});

describe('timeline entries and their dates', () => {
  const article = (id: string, published: string, text: string) => ({ id, published, analysis: analyzeText(text, { published }) });
  it('gives no entry to a date a sentence only refers back to', () => {
    const recall = ['2026-05-02', '2026-05-03', '2026-05-03'].map((d, i) => article(`r${i}`, d, 'Dockers walked out across all terminals of the port of Varen on Friday. The union accused the port of hiding the new shift plans until after the trade ministers had visited Varen on April 16.'));
    const t = buildTimeline(recall, { start: '2026-04-01' });
    expect(t.length).toBeGreaterThan(0);
    expect(t.map((d) => d.date)).not.toContain('2026-04-16');
    expect(t.map((d) => d.date)).toContain('2026-05-01');
  });
});

describe('timeline dates and subjects', () => {
  const article = (id: string, published: string, text: string) => ({ id, published, analysis: analyzeText(text, { published }) });
  const burst = 'The dam at Varen burst on March 1, flooding the valley below the town. Crews searched the flooded valley for survivors on March 1 as the water rose.';
  const shored = ' Engineers shored up the second dam at Varen on March 4, officials of the valley said.';
  const report = 'The Varen dam inquiry published its report on May 19, blaming the dam operator for the flood. The report on May 19 said warnings about the Varen dam had been ignored for years.';
  const dam = [
    ...['2026-03-02', '2026-03-03', '2026-03-04'].map((d, i) => article(`burst-${i}`, d, burst)),
    ...['2026-03-05', '2026-03-05', '2026-03-06', '2026-03-06', '2026-03-06'].map((d, i) => article(`shored-${i}`, d, burst + shored)),
    article('report-1', '2026-05-20', report),
    article('report-2', '2026-05-21', report),
  ];

  it('weighs a date against how much was published around it: a quiet month\'s event beats a busy week\'s side note', () => {
    // Raw reference counts rank March 4 (five articles) above May 19 (two); per article published
    // around each date, May 19 stands out.
    expect(buildTimeline(dam, { dates: 2 }).map((d) => d.date)).toEqual(['2026-03-01', '2026-05-19']);
  });

  it('keeps dates from before the coverage out: they are background, not developments', () => {
    const recall = ' The flood recalled the Varen dam failure of April 12, 1987, which also followed a wet spring.';
    const withHistory = dam.map((a, i) => (i < 6 ? article(a.id, a.published, `${burst}${recall}${recall.replace('which', 'a failure which')}`) : a));
    const dates = buildTimeline(withHistory, { dates: 3 }).map((d) => d.date);
    expect(dates).not.toContain('1987-04-12');
    expect(buildTimeline(withHistory, { dates: 3, start: '1987-01-01' }).map((d) => d.date)).toContain('1987-04-12');
  });

  it('follows the main subject of a mixed collection, and shows entries without their datelines', () => {
    const cup = 'LENZ (Reuters) - Castor United beat Rovers 2-1 in the cup final at Lenz on Saturday, April 4. Castor United fans celebrated the cup final win in Lenz on April 4.';
    const mixed = [...dam, ...['2026-04-05', '2026-04-06', '2026-04-06'].map((d, i) => article(`cup-${i}`, d, cup))];
    const main = mainSubject(mixed).map((a) => a.id);
    expect(main.some((id) => id.startsWith('cup'))).toBe(false);
    expect(main.length).toBeGreaterThanOrEqual(dam.length - 1);
    const focused = buildTimeline(mixed, { dates: 3, focus: true });
    expect(focused.flatMap((d) => d.sentences.flatMap((s) => s.sources)).some((id) => id.startsWith('cup'))).toBe(false);
    // Two subjects of equal weight: neither is noise, so both stay; a query picks one.
    const balanced = [...dam.slice(0, 3), ...['2026-04-05', '2026-04-06', '2026-04-06'].map((d, i) => article(`cup-${i}`, d, cup))];
    expect(mainSubject(balanced)).toHaveLength(6);
    expect(mainSubject(balanced, 'cup final').map((a) => a.id)).toEqual(['cup-0', 'cup-1', 'cup-2']);
    expect(mainSubject(mixed, 'Castor United').every((a) => a.id.startsWith('cup'))).toBe(true);
    const all = buildTimeline(mixed, { dates: 3 });
    const cupEntry = all.flatMap((d) => d.sentences).find((s) => s.sources.some((id) => id.startsWith('cup')));
    expect(cupEntry?.text.startsWith('Castor United beat Rovers')).toBe(true);
  });
});

describe('storyTags', () => {
  it('takes topic words that are written in lower case, not the words of names', () => {
    const texts = [
      'The Dessen river flooded Tarrow. The Health Board said health workers were ready.',
      'Dessen water rose again. Officials said health services in Tarrow stayed open.',
      'Health teams reached Tarrow as the Dessen fell back.',
    ];
    const tags = storyTags({ texts, entities: [{ name: 'Tarrow', type: 'PLACE', aliases: [], roles: [], mentions: 3 }] });
    expect(tags[0]).toBe('Tarrow');
    expect(tags).toContain('health');
    expect(tags).not.toContain('dessen');
  });

  it('takes no verb in the past, regular or not, but keeps a past that is also a topic', () => {
    const texts = [
      'Troops left the base at night as the cost of the siege found its way into the budget debate.',
      'The siege left the town short of food; inspectors found the cost had doubled.',
      'Aid convoys left at night; a report found the siege cost more than any before.',
    ];
    const tags = storyTags({ texts, entities: [] });
    expect(tags).toContain('siege');
    expect(tags).toContain('cost');
    expect(tags).not.toContain('left');
    expect(tags).not.toContain('found');
  });

  it('leaves out the outlet that wrote the reports, words of their bodies only, and a second form of one word', () => {
    // Past the reports' openings: words of their bodies only.
    const body = `${' '.repeat(300)}The inquiry will take evidence in the usual form from people in the lowest part of town.`;
    const texts = [
      'TARROW (Wirenews) - Floodwater reached Tarrow on Monday as the river burst its banks.' + body,
      'By Ana Holm, Wirenews Floodwaters closed roads around Tarrow, and the river kept rising.' + body,
      'TARROW (Wirenews) - Crews pumped floodwater from homes in Tarrow as the river fell.' + body,
      'Residents of Tarrow returned home on Friday as the floodwater drained away.' + body,
    ];
    const e = (name: string, type: 'PLACE' | 'ORG', mentions: number) => ({ name, type, aliases: [], roles: [], mentions });
    const tags = storyTags({ texts, entities: [e('Tarrow', 'PLACE', 8), e('Wirenews', 'ORG', 3)] });
    expect(tags).toContain('Tarrow');
    expect(tags).toContain('floodwater');
    expect(tags).toContain('river');
    expect(tags).not.toContain('Wirenews');
    for (const w of ['form', 'lowest', 'take', 'floodwaters']) expect(tags).not.toContain(w);
    // An abbreviation cut short of its stop is no tag form.
    const us = storyTags({ texts: ['The U.S. sent aid.', 'U.S officials met.', 'The U.S. navy arrived.'], entities: [{ name: 'U.S', type: 'PLACE', aliases: ['U.S.'], roles: [], mentions: 3 }] });
    expect(us).not.toContain('U.S');
    // Nor a name that is a word every story uses.
    const world = storyTags({ texts: ['The World Health Organisation warned the world.', 'World leaders met.', 'The World Bank lent more.'], entities: [{ name: 'World', type: 'PLACE', aliases: [], roles: [], mentions: 3 }] });
    expect(world).not.toContain('World');
  });
});

describe('clusterNames', () => {
  it('weighs the names an article keeps returning to: once per mention up to five, no OTHER, the eight most mentioned', () => {
    const e = (name: string, mentions: number, type: 'PERSON' | 'ORG' | 'PLACE' | 'OTHER' = 'PERSON') => ({ name, type, aliases: [], roles: [], mentions });
    const names = clusterNames([e('Ilse Varga', 9), e('Karvenia', 2, 'PLACE'), e('Monday Briefing', 7, 'OTHER'), ...Array.from({ length: 8 }, (_, i) => e(`Person ${i}`, 1))]);
    expect(names.filter((n) => n === 'Ilse Varga')).toHaveLength(5);
    expect(names.filter((n) => n === 'Karvenia')).toHaveLength(2);
    expect(names).not.toContain('Monday Briefing');
    expect(new Set(names).size).toBe(8);
  });
});

describe('mergeStoryEntities', () => {
  it('joins the same person across articles and pools roles', () => {
    const a = analyzeText('Foreign Minister Ilse Varga spoke on Monday in the capital city.');
    const b = analyzeText('Ilse Varga, Karvenia\'s chief diplomat, said nothing. Varga left.');
    const merged = mergeStoryEntities([a.entities, b.entities]);
    const varga = merged.filter((e) => e.name === 'Ilse Varga');
    expect(varga).toHaveLength(1);
    expect(varga[0]!.roles).toEqual(expect.arrayContaining(['Foreign Minister', "Karvenia's chief diplomat"]));
    expect(varga[0]!.mentions).toBe(3);
  });

  it('names a place by its own form, not by a possessor run into it ("al-Aryan\'s Cairo")', () => {
    const merged = mergeStoryEntities([
      [{ name: "al-Aryan's Cairo", type: 'PLACE', aliases: ['Cairo'], roles: [], mentions: 1 }],
      [{ name: 'Cairo', type: 'PLACE', aliases: [], roles: [], mentions: 30 }],
    ]);
    expect(merged.map((e) => e.name)).toEqual(['Cairo']);
    expect(merged[0]!.aliases).toContain("al-Aryan's Cairo");
  });

  it("joins a country named in one article with its state's formal name in another, as one place", () => {
    const merged = mergeStoryEntities([
      [{ name: 'Morland', type: 'PLACE', aliases: [], roles: [], mentions: 3 }],
      [{ name: 'Morland Federation', type: 'ORG', aliases: [], roles: [], mentions: 1 }],
      [{ name: 'Washington Post', type: 'ORG', aliases: [], roles: [], mentions: 1 }, { name: 'Washington', type: 'PLACE', aliases: [], roles: [], mentions: 2 }],
    ]);
    expect(merged.find((e) => e.name === 'Morland Federation')).toMatchObject({ type: 'PLACE', aliases: ['Morland'], mentions: 4 });
    expect(merged.find((e) => e.name === 'Morland')).toBeUndefined();
    expect(merged.map((e) => e.name)).toEqual(expect.arrayContaining(['Washington Post', 'Washington']));
  });

  it('joins the spellings of one name, keeps them as evidence, and names it by the commonest', () => {
    const person = (name: string, mentions: number, aliases: string[] = []) => ({ name, type: 'PERSON' as const, aliases, roles: [], mentions });
    const place = (name: string, mentions: number) => ({ name, type: 'PLACE' as const, aliases: [], roles: [], mentions });
    const merged = mergeStoryEntities([
      [person('Volodymyr Zelenskyy', 5, ['Zelenskyy']), person('Rustem Umerov', 2), place('Türkiye', 1)],
      [person('Volodymyr Zelensky', 2, ['Zelensky']), person('Rustem Umierov', 1), place('Turkey', 3)],
      [person('Zelenskiy', 1), person('Umyerov', 1)],
    ]);
    const zelensky = merged.find((e) => e.name === 'Volodymyr Zelenskyy')!;
    expect(zelensky.mentions).toBe(8);
    expect(zelensky.variants).toEqual(expect.arrayContaining([{ form: 'Volodymyr Zelensky', reason: 'transliteration' }]));
    expect(merged.find((e) => e.name === 'Rustem Umerov')!.mentions).toBe(4);
    const turkey = merged.find((e) => e.name === 'Turkey')!;
    expect(turkey).toMatchObject({ mentions: 4, aliases: ['Türkiye'], variants: [{ form: 'Türkiye', reason: 'renamed' }] });
    expect(merged).toHaveLength(3);
  });

  it('joins a surname with its particle written joined, hyphenated or apart, and never two given names', () => {
    const person = (name: string, mentions: number, aliases: string[] = []) => ({ name, type: 'PERSON' as const, aliases, roles: [], mentions });
    const merged = mergeStoryEntities([
      [person('Karim ElMansour', 4, ['ElMansour']), person('David Ben-Ami', 2)],
      [person('Karim El Mansour', 1), person('El-Mansour', 1), person('Ben Ami', 2, [])],
      [person('Ben Carter', 1), person('Ben Ortiz', 1)],
    ]);
    const names = merged.map((e) => [e.name, e.mentions]);
    expect(names).toEqual(expect.arrayContaining([['Karim ElMansour', 6], ['David Ben-Ami', 4], ['Ben Carter', 1], ['Ben Ortiz', 1]]));
    expect(merged).toHaveLength(4);
  });

  it('never joins two people who share a surname, nor gives a lone shared surname to either', () => {
    const person = (name: string, mentions: number, aliases: string[] = []) => ({ name, type: 'PERSON' as const, aliases, roles: [], mentions });
    const merged = mergeStoryEntities([
      [person('Hillary Clinton', 6, ['Clinton']), person('Bill Clinton', 2, ['Clinton'])],
      [person('Clinton', 3), person('Hillary Rodham Clinton', 1), person('Oleksandr Zelensky', 1), person('Volodymyr Zelenskyy', 2)],
    ]);
    const names = merged.map((e) => [e.name, e.mentions]);
    expect(names).toEqual(expect.arrayContaining([['Hillary Rodham Clinton', 7], ['Bill Clinton', 2], ['Clinton', 3], ['Oleksandr Zelensky', 1], ['Volodymyr Zelenskyy', 2]]));
    expect(merged).toHaveLength(5);
  });
});

describe('sections', () => {
  const taxonomy = [
    { path: ['News', 'Politics'], terms: ['election', 'elections', 'voter'] },
    { path: ['Culture'], terms: ['album'] },
  ];
  it('counts a term and its plural as one, whichever form the taxonomy lists', () => {
    // "voters" (listed as "voter") and "elections" make three; listing both forms does not count twice.
    expect(assignSection({ texts: ['Voters queued for hours as the elections opened, and more voters came later.'], entities: [] }, taxonomy)).toEqual(['News', 'Politics']);
    expect(assignSection({ texts: ['The elections were held on Sunday, the second elections this year.'], entities: [] }, taxonomy)).toEqual(['News']);
  });
  it('takes a place for a section only when it is shaped like a name', () => {
    const place = (name: string, mentions: number) => ({ name, type: 'PLACE' as const, mentions, aliases: [], roles: [] });
    const texts = ['The ferry left the harbour at noon.'];
    expect(assignSection({ texts, entities: [place('DEAR SIR IF YOU LEAVE THE CAR IN THE STREET', 9), place('Port Elsin', 4)] }, taxonomy)).toEqual(['News', 'Port Elsin']);
    expect(assignSection({ texts, entities: [place('of the harbour', 5)] }, taxonomy)).toEqual(['News']);
  });
});

describe('candidates among many stories', () => {
  it('finds the one story an article belongs to among hundreds that share its common words', () => {
    const c = new OnlineClusterer();
    // A few words every story has ("government", "crisis"): each is indexed under all 300 stories.
    const common = 'The government met as the crisis went on.';
    const place = (i: number) => `Town${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}ville`;
    const report = (i: number, id: string, published: string) => {
      const p = place(i);
      return { id, title: p, text: `${common} In ${p}: ${p}mill, ${p}bridge, ${p}mill, ${p}bridge, ${p}.`, published, entities: [p, p, p] };
    };
    const ids = Array.from({ length: 300 }, (_, i) => c.add(report(i, `s${i}`, '2026-03-01T08:00:00Z')).id);
    expect(new Set(ids).size).toBe(300);
    for (const target of [0, 137, 299]) expect(c.add(report(target, `late${target}`, '2026-03-01T10:00:00Z')).id).toBe(ids[target]);
  });
});
