import { describe, expect, it } from 'vitest';
import { analyzeText } from '../analyze/index.js';
import { findContradictions } from './contradictions.js';
import { cleanTitle, cutAtPhrase, headlineFromSentence, headlineLike } from './headline.js';
import { commentsStartAt, publishable, splitRunIn } from './quality.js';
import { auditBriefing } from './audit.js';
import { composeBriefing } from './briefing.js';
import { renderMarkdown } from './markdown.js';

describe('the sentence-quality gate', () => {
  it('keeps prose and takes datelines, credits and run-in headlines off its start', () => {
    expect(publishable('Rescue teams reached the valley on Tuesday after the river burst its banks.').text).toBe('Rescue teams reached the valley on Tuesday after the river burst its banks.');
    expect(publishable('Photograph: AP A Scottish hospital worker has been confirmed as the first person to catch the virus.').text).toBe('A Scottish hospital worker has been confirmed as the first person to catch the virus.');
    expect(publishable('Swine flu and the lessons of 1918 The response to the pandemic of 1918 offers clues to how officials should act.').text).toBe('The response to the pandemic of 1918 offers clues to how officials should act.');
    // A wire credit standing bare before the sentence ("AP It took …"); the agency as subject stays.
    expect(publishable('AP It took three months for the crews to cap the leaking well off Tarrow.').text).toBe('It took three months for the crews to cap the leaking well off Tarrow.');
    expect(publishable('AP reported on Monday that the crews had capped the leaking well off Tarrow.').text).toBe('AP reported on Monday that the crews had capped the leaking well off Tarrow.');
  });

  it('takes a gallery caption for one: a day label before a caption\'s words, a wire caption\'s closing date', () => {
    const why = (s: string) => { const r = publishable(s); return r.text === null ? r.why : r.text; };
    expect(why('April 29: Oil from the spill can be seen as a dark swirl advancing toward the coast.')).toBe('furniture');
    expect(why('May 23: A young heron sits among the mangroves on an island hit by the oil.')).toBe('furniture');
    expect(why('June 23, 2010: This image from video provided by the company shows oil gushing from the wellhead.')).toBe('furniture');
    expect(why('A pelican rests on the beach at Grand Terre Island after being drenched in oil Thursday, June 3, 2010.')).toBe('furniture');
    expect(why('Protesters throw stones from behind an abandoned police van during clashes on Wednesday, February 2.')).toBe('furniture');
    // A chronology's entry keeps its words, less the label (the timeline shows the date).
    expect(why('April 20: An explosion on the rig kills 11 workers and sets off the leak.')).toBe('An explosion on the rig kills 11 workers and sets off the leak.');
  });

  it('takes a word tying the sentence to the one before it off its start, and nothing else', () => {
    expect(publishable('However, officials said the number of confirmed cases had risen to 62.').text).toBe('Officials said the number of confirmed cases had risen to 62.');
    expect(publishable('But the health ministry said schools would reopen on Monday.').text).toBe('The health ministry said schools would reopen on Monday.');
    expect(publishable('However Doug Suttles, chief operating officer for BP, disputed the new estimates yesterday.').text).toBe('Doug Suttles, chief operating officer for BP, disputed the new estimates yesterday.');
    expect(publishable('The minister, however, said the schools would stay open until Friday.').text).toBe('The minister said the schools would stay open until Friday.');
    expect(publishable('It would be premature to assume the outbreak is over in the region, however.').text).toBe('It would be premature to assume the outbreak is over in the region.');
    expect(publishable('However much the rig leaked, the booms held along the coast of Louisiana.').text).toBe('However much the rig leaked, the booms held along the coast of Louisiana.');
    expect(publishable('Indeed, the outbreak has spread to 12 countries since last week.').text).toBe('The outbreak has spread to 12 countries since last week.');
    expect(publishable('Meanwhile, “the worst is over,” according to the regional governor.').text).toBe('“The worst is over,” according to the regional governor.');
    // Not a connective: an adverb without its comma, a name, a longer word.
    expect(publishable('Still images from the scene showed the collapsed bridge over the river.').text).toBe('Still images from the scene showed the collapsed bridge over the river.');
    expect(publishable('Andrew Lansley said the government had ordered enough vaccine for everyone.').text).toBe('Andrew Lansley said the government had ordered enough vaccine for everyone.');
    expect(publishable('Butler County officials said the river would crest on Thursday evening.').text).toBe('Butler County officials said the river would crest on Thursday evening.');
  });

  it('rejects furniture, promos, stamps, reader comments, first person and fragments, saying why', () => {
    const why = (s: string) => { const r = publishable(s); return r.text === null ? r.why : undefined; };
    expect(why('Advertisement: Save 20% on all garden furniture this weekend only.')).toBe('furniture');
    expect(why('Tune in week nights at 2200 CET for the world news from our correspondents.')).toBe('furniture');
    expect(why('Watch AC360 at 8 & 10 p.m. ET for the latest from the region.')).toBe('furniture');
    expect(why('10.32am: The minister has arrived at the building and is expected to speak shortly.')).toBe('furniture');
    expect(why('February 6, 2011 at 4:00 pm | Report abuse | Reply I hope the protesters win.')).toBe('comment');
    expect(why('Sign up for our morning newsletter and get the news delivered to your inbox.')).toBe('furniture');
    expect(why('This BBC News clip is published as part of BBC Newsround Online and was first broadcast on 26 May 2010.')).toBe('furniture');
    expect(why('The report was published on Monday by the National Oceanic and Atmospheric Administration.')).toBeUndefined();
    expect(why('I think the government has handled this very badly from the start.')).toBe('first-person');
    expect(why('Protesters react to the speech What the president is telling citizens Ambassador: He no longer has power Opposition: Army must act He said one true thing in his speech: The people are in a ditch.')).toBe('furniture');
    expect(why('Two labels: fine in prose: the minister said on Monday that talks would resume.')).toBeUndefined();
    expect(why('We begin with the largest public outcry for democratic reform in decades.')).toBe('first-person');
    expect(why('The US and its allies met in Geneva to discuss the ceasefire on Monday.')).toBeUndefined();
    expect(why('Get the morning briefing delivered to your inbox every day.')).toBe('second-person');
    expect(why('Even when you think you have heard the worst case, there is always another.')).toBe('second-person');
    // The second person inside a quotation is the speaker's.
    expect(why('“You will be safe here,” the mayor told evacuees at the shelter on Tuesday.')).toBeUndefined();
    expect(why('Youth unemployment rose to a record in the capital last year.')).toBeUndefined();
    expect(why('“We will not give up,” the mayor said of the town’s plans.')).toBeUndefined();
    expect(why('An electron micrograph of the swine influenza virus.')).toBe('fragment');
    expect(why('What does this mean for the region and its people?')).toBe('question');
    // A wire picture's caption, but a report about a video is news.
    expect(why('A video image released by Northmark Power shows equipment being lowered onto the cracked dam wall.')).toBe('furniture');
    expect(why('This handout photo provided by the navy on Tuesday shows the damaged ferry in the harbour.')).toBe('furniture');
    expect(why('A video released by the group on Tuesday shows the hostages in a room with no windows.')).toBeUndefined();
  });

  it('keeps the entry after a live blog\'s update stamp, not the label or tweet before it', () => {
    expect(publishable('Video of the chaos in the square from street level: (Update 5:50 p.m. Cairo, 10:50 a.m. ET) Opposition demonstrators inside the square are surrounded by supporters of the government.').text).toBe('Opposition demonstrators inside the square are surrounded by supporters of the government.');
    expect(publishable('Tear gas everywhere #Jan25 (Updated 8:44 a.m.) Riot police are using tear gas to disperse thousands of protesters in the city of Suez.').text).toBe('Riot police are using tear gas to disperse thousands of protesters in the city of Suez.');
  });

  it('finds where an article\'s reader comments begin', () => {
    const s = ['The council approved the budget on Tuesday.', 'Work starts in March.', 'Great news for the town!!', 'February 3, 2011 at 5:22 pm | Report abuse | Reply I disagree.', 'Another comment.'];
    expect(commentsStartAt(s)).toBe(2);
    expect(commentsStartAt(s.slice(0, 2))).toBe(2);
    // A comment section's disclaimer opens it, stamped or not.
    const wire = ['Protests spread to Deraa on Friday.', 'Officials met local notables.', 'Views expressed in the comments do not represent those of Reuters.', 'Syria is much too close to Iran for comfort.', 'This discussion is now closed.'];
    expect(commentsStartAt(wire)).toBe(2);
    // A prompt to comment said in a broadcast is no comment section.
    expect(commentsStartAt(['The president spoke on Monday.', 'Post a comment on my blog -- Wolf.', 'BLITZER: Jack, thank you.'])).toBe(3);
  });

  it('finds every kind of comment stamp, in any case', () => {
    const stamps = [
      'At 10:42 pm on 3 February 2011, jsmith wrote: nonsense.',
      'FEBRUARY 3, 2011 AT 5:22 PM the comment was left.',
      'Great work | Reply',
      'Report abuse | Share this.',
      'POSTED BY: dave from leeds.',
      'Recommend (12) Share.',
      '14 readers recommended this comment.',
    ];
    for (const s of stamps) expect([s, commentsStartAt(['The council approved the budget on Tuesday.', s])]).toEqual([s, 1]);
    expect(commentsStartAt(['The council approved the budget on Tuesday.', 'The vote came at 5:22 pm on Monday.'])).toBe(2);
  });

  it('splits a headline run into its sentence, but not a name that begins with an article', () => {
    expect(splitRunIn('Swine flu: watch, prepare, reassure A 23-month-old child has become the first victim of the outbreak.')?.head).toBe('Swine flu: watch, prepare, reassure');
    expect(splitRunIn('The court in The Hague ruled on Monday that the case could go ahead.')).toBeNull();
  });

  it('takes a subheading in capitals off the sentence it runs into, and leaves acronyms alone', () => {
    expect(publishable('NEW CAP FOR LEAKING OIL WELL During the test the capping stack has been closed and the flow of oil stopped.').text).toBe('During the test the capping stack has been closed and the flow of oil stopped.');
    expect(publishable('BP SHARES HIT NEW LOW The spill has undermined investor confidence in the company this week.').text).toBe('The spill has undermined investor confidence in the company this week.');
    expect(publishable('US and EU officials met in Brussels on Monday to discuss the sanctions package.').text).toBe('US and EU officials met in Brussels on Monday to discuss the sanctions package.');
    expect(publishable('The WHO said on Friday that the H1N1 virus had reached 74 countries.').text).toBe('The WHO said on Friday that the H1N1 virus had reached 74 countries.');
  });
});

describe('headlines', () => {
  it('cuts a title before a quotation it opens and never closes', () => {
    expect(cleanTitle('Mohamed ElBaradei says Mubarak and Suleiman are “twins” ‘Egypt will explode.')).toBe('Mohamed ElBaradei says Mubarak and Suleiman are “twins”');
    // Closed quotations and apostrophes are left alone, and so is a title too short to cut.
    expect(cleanTitle('Mubarak’s deputy says talks with ‘all parties’ will go on')).toBe('Mubarak’s deputy says talks with ‘all parties’ will go on');
    expect(cleanTitle('ElBaradei: “Egypt will explode')).toBe('ElBaradei: “Egypt will explode');
  });

  it('states the claim, without openers or said-clauses, cut at a phrase', () => {
    expect(headlineFromSentence('On Tuesday, rescue teams reached the flooded valley after the river burst its banks, officials said.')).toBe('Rescue teams reached the flooded valley after the river burst its banks');
    expect(headlineFromSentence('Nordlys Power said on Friday that electricity had been restored to all homes in Tarrow.')).toBe('Electricity had been restored to all homes in Tarrow');
    const cut = cutAtPhrase('Karvenia and the Morland Federation agreed on Tuesday to exchange 1,000 prisoners, the first concrete result of the ceasefire talks in Port Elsin', 90);
    expect(cut).toBe('Karvenia and the Morland Federation agreed on Tuesday to exchange 1,000 prisoners');
    expect(cutAtPhrase('a'.repeat(10) + ' word '.repeat(30), 90).length).toBeLessThanOrEqual(90);
    // Never on a word that needs its noun.
    expect(cutAtPhrase("Democrats on Wednesday pressed for new legislation aimed at preventing a repeat of last year's spill", 90)).toBe('Democrats on Wednesday pressed for new legislation aimed at preventing a repeat');
    // With no clause in reach, before the last preposition, not in the middle of a sum ("… administer Tarrow's $20").
    expect(cutAtPhrase("The Harbour Claims Office was set up in August to independently administer Tarrow's $20 billion compensation fund after the blowout", 90)).toBe('The Harbour Claims Office was set up in August');
    // Nor on a preposition or a relative.
    expect(headlineFromSentence('As they assembled, the international system presented a much clearer picture than that through which the world had moved in the 14 years since the collapse of the Soviet Union.')).toBe('The international system presented a much clearer picture');
  });

  it('knows a headline from a dateline, a stamp or a run-on paragraph', () => {
    expect(headlineLike('Karvenia and Morland agree prisoner exchange')).toBe(true);
    expect(headlineLike('GENEVA (Reuters) - the agency said')).toBe(false);
    expect(headlineLike('cents Glider pilot parachuted to safety')).toBe(false);
    expect(headlineLike('eBay sells its stake in Skype to investors')).toBe(true);
    expect(headlineLike('“We will rebuild” says the mayor of Velm')).toBe(true);
    expect(headlineLike('The swine flu crisis lays bare the meat industry. The Mexico outbreak should alert us')).toBe(false);
  });
});

describe('where sources disagree', () => {
  const article = (id: string, text: string, published = '2026-03-02T10:00:00Z') => ({ id, published, analysis: analyzeText(text, { published }) });
  const origins = (ids: string[]) => new Map(ids.map((id) => [id, id]));

  it('sets the same count of the same event from two origins against each other, with both sentences', () => {
    const a = article('a', 'At least 12 people were killed in the attack on Kyiv on Sunday, officials said.');
    const b = article('b', 'The attack on Kyiv on Sunday killed 14 people, the city council said.');
    const found = findContradictions([a, b], origins(['a', 'b']));
    expect(found).toHaveLength(1);
    expect(found[0]!.values.map((v) => v.value).sort()).toEqual(['12', '14']);
    expect(found[0]!.values.every((v) => v.sentence && /Kyiv/.test(v.sentence))).toBe(true);
  });

  it('does not set a day against a total, two dates, or one source against itself', () => {
    const day = article('a', 'Some 390 prisoners were freed on the first day of the exchange.');
    const total = article('b', 'In total 1,000 prisoners will be freed in the exchange, the ministry said.');
    expect(findContradictions([day, total], origins(['a', 'b']))).toEqual([]);
    const may6 = article('c', 'The swap on 6 May freed 205 soldiers held by the other side.', '2026-05-25T10:00:00Z');
    const may23 = article('d', 'The swap on 23 May freed 270 soldiers held by the other side.', '2026-05-25T10:00:00Z');
    expect(findContradictions([may6, may23], origins(['c', 'd']))).toEqual([]);
    const both = article('e', 'The storm killed 12 people in the port. Officials later said the storm killed 15 people in the port.');
    const other = article('f', 'The storm killed 15 people in the port, officials said.');
    expect(findContradictions([both, other], origins(['e', 'f']))).toEqual([]);
    // A wire story and its reprint are one origin.
    const wire = article('g', 'The storm killed 12 people in the port on Monday.');
    const reprint = article('h', 'The storm killed 13 people in the port on Monday.');
    expect(findContradictions([wire, reprint], new Map([['g', 'AP'], ['h', 'AP']]))).toEqual([]);
    // The same sentence with its figure revised, as two sites carried it: an update, not two accounts.
    const early = article('i', 'Twenty people have died in the province so far out of a total of 1,004 reported cases, and more are feared.');
    const later = article('j', 'Twenty people have died in the province so far out of a total of 1,324 reported cases, and more are feared.');
    expect(findContradictions([early, later], origins(['i', 'j']))).toEqual([]);
  });

  it('tells a running tally updated the same day from two accounts, and two increments from one', () => {
    const earlier = article('a', 'According to the WHO, 21 countries had officially reported 1,085 cases of the infection.');
    const later = article('b', 'According to the latest WHO figures, 21 countries have officially reported 1,124 cases of the infection.');
    const [u] = findContradictions([later, earlier], origins(['a', 'b']));
    expect(u?.update).toBe(true);
    expect(u!.values.map((v) => v.value)).toEqual(['1,085', '1,124']); // earlier first
    const now = article('c', 'There are now 39 confirmed cases of the infection in the country.');
    const before = article('d', 'Only 10 of the 34 confirmed cases of the infection in the country were acquired here.');
    expect(findContradictions([before, now], origins(['c', 'd']))[0]?.update).toBe(true);
    // Without a word of which is the latest, two figures stay two accounts.
    const storm = findContradictions([article('e', 'At least 12 people were killed in the attack on Kyiv on Sunday, officials said.'), article('f', 'The attack on Kyiv on Sunday killed 14 people, the city council said.')], origins(['e', 'f']));
    expect(storm).toHaveLength(1);
    expect(storm[0]!.update).toBeUndefined();
    // A tally that may shrink (the missing) is never an update.
    const m1 = article('g', 'There are now 40 people missing after the landslide in the valley.');
    const m2 = article('h', 'Rescuers said 31 people were missing after the landslide in the valley.');
    const missing = findContradictions([m1, m2], origins(['g', 'h']));
    expect(missing).toHaveLength(1);
    expect(missing[0]!.update).toBeUndefined();
    // Increments that bring the total to different figures are two days' reports.
    const inc1 = article('i', 'The health agency today announced a further 17 cases of the disease, bringing the total to 203.');
    const inc2 = article('j', 'The health department today reported 12 new cases of the disease, bringing the total to 215.');
    expect(findContradictions([inc1, inc2], origins(['i', 'j']))).toEqual([]);
  });

  it('shows an update apart from a disagreement, and lets it dispute no claim', () => {
    const texts = ['According to the WHO, 21 countries had officially reported 1,085 cases of the infection on Tuesday.', 'According to the latest WHO figures, 21 countries have officially reported 1,124 cases of the infection on Tuesday.'];
    const articles = texts.map((text, i) => ({ id: `u${i}`, sourceId: null, url: `https://o${i}.example/a`, canonical: null, title: null, byline: null, published: '2026-05-05T12:00:00Z', modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: `Outlet ${i}`, fetchedAt: '2026-05-05T12:00:00Z', analysis: analyzeText(text, { published: '2026-05-05T12:00:00Z' }) }));
    const b = composeBriefing({ storyId: 's', articles, now: new Date('2026-05-06T00:00:00Z') });
    expect(b.contradictions).toHaveLength(1);
    expect(b.contradictions[0]!.update).toBe(true);
    const md = renderMarkdown(b);
    expect(md).toContain('## Figures updated the same day');
    expect(md).not.toContain('## Where sources disagree');
    expect(md).toMatch(/1,085 \[\^\d\], then 1,124 \[\^\d\]/);
    for (const t of b.timeline) expect(t.status).not.toBe('disputed');
  });

  it('takes a floor or a round figure that the other agrees with for no disagreement', () => {
    const a = article('a', 'More than 100 people have died in the outbreak in the province.');
    const b = article('b', 'The outbreak in the province has killed 149 people.');
    expect(findContradictions([a, b], origins(['a', 'b']))).toEqual([]);
  });
});

describe('the headline', () => {
  const day = (d: number) => `2026-03-0${d}T09:00:00Z`;
  const brief = (texts: string[]) => {
    const articles = texts.map((text, i) => ({ id: `h${i}`, sourceId: null, url: `https://o${i}.example/a`, canonical: null, title: null, byline: null, published: day(i + 1), modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: `Outlet ${i}`, fetchedAt: day(i + 1), analysis: analyzeText(text, { published: day(i + 1) }) }));
    return composeBriefing({ storyId: 's', articles, now: new Date('2026-03-09T00:00:00Z') });
  };

  it('is never a sentence that leans on the one before it', () => {
    const b = brief([
      'Thousands of protesters marched through central Velm on Monday demanding the resignation of President Aron Malk. Police closed the main square.',
      'Protesters in Velm marched again on Tuesday against President Aron Malk as police blocked the square. Shops stayed shut.',
      'They also called for the resignation of President Aron Malk and the release of detained protesters in Velm. Crowds grew through the day.',
    ]);
    expect(b.headline).not.toMatch(/^They\b/);
  });

  it('shows no timeline bullet or background line whose subject points back at a sentence not shown', () => {
    const b = brief(['Engineers at the Tarrow dam in Northmark began pumping water out of the cracked reservoir on Monday. This was completed at 1930 local time on Tuesday, two days ahead of the plan. He said on Wednesday that the town of Velm below the dam was safe.']);
    const lines = [...b.timeline.map((t) => t.text), ...b.background.map((c) => c.text)];
    expect(b.summary).toMatch(/^Engineers/);
    for (const line of lines) expect(line).not.toMatch(/^(?:This|He)\b/);
    // Nor one that counts from a moment it does not name.
    const later = brief(['Engineers at the Tarrow dam in Northmark began pumping drilling mud into the cracked reservoir wall on Monday. Seven hours later, the Northmark Power company was able to drop the pressure at the Tarrow dam on Monday.']);
    for (const line of [...later.timeline.map((t) => t.text), ...later.background.map((c) => c.text), later.headline, later.altHeadline]) expect(line).not.toMatch(/^Seven hours later/);
    // A time phrase is no pointer: "This week …" may open a line.
    expect(brief(['Engineers at the Tarrow dam in Northmark began pumping water out of the reservoir on Monday. This week the Northmark Power company said on Monday that the Tarrow dam would reopen by Friday.']).timeline.map((t) => t.text)).toContain('This week the Northmark Power company said on Monday that the Tarrow dam would reopen by Friday.');
  });

  it('names who or where when the leading development, cut to a headline, would name nobody', () => {
    const b = brief([
      'The Northmark Power company said on Monday that the Tarrow dam would be drained after cracks were found in the wall.',
      'Engineers from Northmark Power began draining the Tarrow dam on Tuesday, and residents below the dam were moved to shelters.',
      'While Northmark Power was draining the Tarrow dam, the worry among the people downstream was getting worse and worse.',
    ]);
    expect(b.headline).toMatch(/Northmark|Tarrow/);
  });
});

describe('the reader audit of a composed briefing', () => {
  it('finds nothing to stop at in a briefing of messy copy', () => {
    const day = (d: number) => `2026-03-0${d}T09:00:00Z`;
    const texts = [
      'PORT ELSIN (Reuters) - The two sides agreed on Monday to exchange 1,000 prisoners, the first result of the talks in Port Elsin. Photograph: AP The talks resumed after a week of shelling near the border. Advertisement: Save on flights today. "We will keep talking," the envoy Amara Okoro said.',
      'The talks in Port Elsin produced an agreement on Monday to exchange prisoners. Tune in week nights at 2200 CET for more. The envoy Amara Okoro said the next round would begin on Thursday. I think this is a great day for peace and we should all celebrate!!',
      'The prisoner exchange agreed in Port Elsin began on Wednesday at the Lessa crossing. However, officials said 300 prisoners crossed on the first day. March 3, 2026 at 4:00 pm | Report abuse | Reply Nobody believes this will last.',
      'Fuel trucks crossed the Lessa crossing on Thursday for the first time since the spring, as the exchange went ahead. The envoy Amara Okoro said both delegations would meet again in Port Elsin next week.',
      'Negotiators returned to Port Elsin on Friday to discuss the withdrawal line, the last open point of the draft. Amara Okoro, the council\'s special envoy, said a deal was within reach.',
    ];
    const articles = texts.map((text, i) => ({ id: `a${i}`, sourceId: null, url: `https://o${i}.example/a`, canonical: null, title: null, byline: null, published: day(i + 2), modified: null, lang: 'en', siteName: null, description: null, image: null, text, outlet: `Outlet ${i}`, fetchedAt: day(i + 2), analysis: analyzeText(text, { published: day(i + 2) }) }));
    const b = composeBriefing({ storyId: 's', articles, now: new Date('2026-03-07T00:00:00Z') });
    const defects = auditBriefing(b, texts).filter((d) => d.kind !== 'short-timeline');
    expect(defects).toEqual([]);
    expect(b.headline).not.toBe(b.altHeadline);
    expect(b.headline.length).toBeLessThanOrEqual(90);
    const all = [b.summary, ...b.background, ...b.timeline, ...b.analysis, ...b.conclusion].map((x) => (typeof x === 'string' ? x : x.text)).join(' ');
    expect(all).not.toMatch(/Advertisement|Tune in|Report abuse|Photograph|I think|However/);
    // The sentence that answered another keeps its claim without the word that tied it there.
    expect(all).toContain('Officials said 300 prisoners crossed on the first day.');
    // The audit sees one left in.
    const left = { ...b, analysis: [...b.analysis, { text: 'But the envoy said the exchange would take a month.', sources: ['a1'] }] };
    expect(auditBriefing(left, texts).map((d) => d.kind)).toContain('dangling-opening');
  });
});
