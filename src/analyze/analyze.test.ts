import { describe, expect, it } from 'vitest';
import { analyzeText } from './index.js';
import type { Analysis } from '../model/index.js';
import { isCommentFurniture, splitSentences, withoutDateline } from './sentences.js';
import { candidatesOf, choose, type QuoteSite } from './speaker-ranker.js';
import { SPEAKER_MODEL } from './speaker-weights.js';

/** The direct quotations of an analysis: their speakers, or their text with speaker. */
const speakersOf = (a: Analysis) => a.quotes.filter((q) => q.direct && !q.partial).map((q) => q.speaker);
const quotesOf = (a: Analysis) => a.quotes.filter((q) => q.direct && !q.partial).map((q) => [q.text, q.speaker]);
const openingsOf = (a: Analysis) => a.quotes.filter((q) => q.direct).map((q) => [q.text.slice(0, 20), q.speaker]);

describe('splitSentences', () => {
  it('keeps abbreviations, initials and multi-sentence quotes together', () => {
    const s = splitSentences('Gen. J. Smith met U.S. officials on Jan. 5 in Washington. "We talked. We agreed," he said. Talks end Friday.');
    expect(s).toEqual(['Gen. J. Smith met U.S. officials on Jan. 5 in Washington.', '"We talked. We agreed," he said.', 'Talks end Friday.']);
  });

  it('cuts a run without full stops (a table, a list, hostile text) into bounded pieces, losing no word', () => {
    const run = Array.from({ length: 30_000 }, (_, i) => `Name${i % 50}`).join(' ');
    const pieces = splitSentences(run);
    expect(pieces.length).toBeGreaterThan(50);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(2000);
    expect(pieces.join(' ')).toBe(run);
  });

  it('keeps a long quotation whole while it closes further on in its paragraph, but not an unbalanced one', () => {
    const long = Array.from({ length: 20 }, (_, i) => `We met the families of district ${i + 1} this week.`).join(' ');
    expect(splitSentences(`Obama said, “${long}” Then he left.`)).toEqual([`Obama said, “${long}”`, 'Then he left.']);
    // Open and never closed: after a while, sentences are sentences again.
    expect(splitSentences(`Obama said, “${long} Then he left.`).length).toBeGreaterThan(3);
  });

  it('always breaks at paragraph boundaries', () => {
    expect(splitSentences('First line without stop\n\nSecond paragraph.')).toEqual(['First line without stop', 'Second paragraph.']);
  });

  it('keeps a quotation over a line break whole when the next line closes it before its attribution', () => {
    // One sentence a line, as corpora and some scraped files come: the words go to the one named after them.
    const text = 'Silt from the 1990 spill still lies in the cold water of Lake Varnen.\n"The sea is warm, the light is strong.\nIt will break down a lot faster," said Ilse Varga, a chemist at the institute.';
    expect(splitSentences(text)).toEqual([
      'Silt from the 1990 spill still lies in the cold water of Lake Varnen.',
      '"The sea is warm, the light is strong. It will break down a lot faster," said Ilse Varga, a chemist at the institute.',
    ]);
    expect(analyzeText(text).quotes.map((q) => [q.text, q.speaker])).toEqual([['The sea is warm, the light is strong. It will break down a lot faster', 'Ilse Varga']]);
    // Lines that each close one quotation and open the next: a line takes 40 more at most.
    const chain = ['He said "one', ...Array.from({ length: 99 }, (_, i) => `part ${i}" and "next`)].join('\n');
    const joined = splitSentences(chain);
    expect(joined.join(' ').split(/\s+/).length).toBe(chain.split(/\s+/).length);
    expect(Math.max(...joined.map((x) => (x.match(/part \d+/g) ?? []).length))).toBeLessThanOrEqual(41);
    // A pull quote whose credit was scraped inside its marks: the credit line stays a line of its own.
    expect(splitSentences('"The reality is that the vote will be close.\nTom Berg, mayor."')).toEqual(['"The reality is that the vote will be close.', 'Tom Berg, mayor."']);
  });
});

describe('withoutDateline', () => {
  it('drops datelines, timestamps and byline stamps stuck to a first sentence', () => {
    const cases: [string, string][] = [
      ['PORT ELSIN | Sat May 2, 2026 7:53 pm EDT PORT ELSIN (Reuters) - The ceasefire held overnight.', 'The ceasefire held overnight.'],
      ['Sun Apr 26, 2026 10:12 pm BST (Reuters) - Monitors reached the border crossing.', 'Monitors reached the border crossing.'],
      ['Thursday, May 27, 2026; 4:21 PM Engineers began pumping mud into the well.', 'Engineers began pumping mud into the well.'],
      ['Page last updated at 07:50 GMT, Friday, 1 June 2026 08:50 UK At least 20 people were hurt in Tarrow.', 'At least 20 people were hurt in Tarrow.'],
      ['Ana Brook | 10:20 UK time, Friday, 13 April 2026 Suppose you are a relief worker in Tarrow.', 'Suppose you are a relief worker in Tarrow.'],
      ['GENEVA, Switzerland (AP) — The agency raised its alert level.', 'The agency raised its alert level.'],
      ['KYIV — The Rada passed the bill on Tuesday.', 'The Rada passed the bill on Tuesday.'],
      ['TOKYO, Oct. 17 -- Fear of a recession washed over Asian markets.', 'Fear of a recession washed over Asian markets.'],
      ['Wednesday 19 January 2026 00.03 GMT The first soldier has come forward to speak.', 'The first soldier has come forward to speak.'],
      ['(Update 2:21 a.m. Thursday in Port Elsin, 7:21 p.m. ET Wednesday) Three fires are burning near the port.', 'Three fires are burning near the port.'],
      ['(AP Photo/Ann Lee, Pool) (Ann Lee - AP) Prime Minister Ilse Varga gestures as she arrives.', 'Prime Minister Ilse Varga gestures as she arrives.'],
      ['Photograph: Ann Lee for the Guardian Ilse Varga has claimed the talks will resume.', 'Ilse Varga has claimed the talks will resume.'],
      ['Photo: Ann Lee/AP The minister has called for an inquiry.', 'The minister has called for an inquiry.'],
      ['(By Ann Lee -- Bloomberg News) Factory orders sank by the largest amount in two years.', 'Factory orders sank by the largest amount in two years.'],
      ['January 27, 2026 | By Ann Lee and Tom Berg, CNN Protesters used social media to organise.', 'Protesters used social media to organise.'],
      ['Varga promises a full inquiry Sunday 6 March 2026 01.36 GMT The kidnapped journalist arrived back in Rome.', 'The kidnapped journalist arrived back in Rome.'],
      ['2 August 2026 Last updated at 05:18 GMT Help Troops are pushing towards the centre of Dravik.', 'Troops are pushing towards the centre of Dravik.'],
      ['Credit: Reuters/Amateur Video via Reuters TV AMMAN | Fri Apr 22, 2026 7:12 pm EDT AMMAN (Reuters) - Security forces killed 17 people.', 'Security forces killed 17 people.'],
      ['- Troops shot dead six protesters on Friday, activists said.', 'Troops shot dead six protesters on Friday, activists said.'],
      ['; 5:15 PM ET The senator is wrong not to show up for the debate.', 'The senator is wrong not to show up for the debate.'],
    ];
    for (const [input, expected] of cases) expect(withoutDateline(input)).toBe(expected);
  });

  it('tells scraped reader comments from article text', () => {
    expect(isCommentFurniture('Talks resume Monday Posted by: ann | May 2, 2026 1:50 PM | Report abuse The minister lied.')).toBe(true);
    expect(isCommentFurniture('| Report abuse You people are wrong.')).toBe(true);
    expect(isCommentFurniture('The minister posted by the border was recalled, officials said.')).toBe(false);
  });

  it('leaves sentences that only look like datelines alone', () => {
    for (const s of [
      'WHO (World Health Organization) Director-General Ana Brook said the alert stays.',
      'US President Ana Brook (left) - who spoke first - said little.',
      'NATO said on Monday it would send more monitors.',
      'May 2 was the deadline both sides had agreed.',
      'LONDON (Reuters) - Short.',
      'Photo opportunities were rare at the summit, officials said.',
      '(In a statement) The ministry said nothing more.',
      'The rig exploded on 20 April 2026 at 9.45 pm CDT, killing 11 workers.',
      '-5C overnight frost is expected across the Northmark region.',
    ])
      expect(withoutDateline(s)).toBe(s);
  });
});

const TEXT = `Karvenian Foreign Minister Ilse Varga arrived in Port Elsin on Monday for talks with the Morland Federation. "We are closer than we have ever been, but nothing is agreed," Varga told reporters. Gen. Tomas Brandt, Morland's chief negotiator, said the sides would exchange prisoners by Nov. 20.
"The ceasefire must hold for the exchange to happen," he said. "We will not accept delays of any kind."
Amara Okoro said that the council would send monitors to the border within a week.`;

describe('analyzeText', () => {
  const a = analyzeText(TEXT, { published: '2026-11-18' });

  it('reads a possessor run into a name as two names where the text writes either alone', () => {
    const text = 'Police arrested the opposition spokesman, Issam al-Aryan, on Friday. Officers came to al-Aryan\'s Cairo home at 2:30 a.m., his son-in-law said. Crowds gathered in Cairo later. The People\'s Republic of China said nothing.';
    const names = analyzeText(text, { published: '2011-01-28' }).entities.map((e) => e.name);
    expect(names).toContain('Cairo');
    expect(names).not.toContain('al-Aryan\'s Cairo');
    expect(names).toContain('People\'s Republic of China');
  });

  it('reads a plural possessive as the name it is of ("the United States\' reaction")', () => {
    const names = analyzeText("Protesters criticised the United States' reaction on Friday. The United States called for calm.", { published: '2011-01-28' }).entities.map((e) => e.name);
    expect(names).toContain('United States');
    expect(names.filter((n) => n.startsWith('United States'))).toHaveLength(1);
  });

  it('takes no speaker from a word made from a name ("one London-based analyst")', () => {
    const text = 'Shares in Northmark fell. Northmark\'s London office closed. “They are just throwing these things at everybody,” said one London-based insurance analyst.';
    const q = analyzeText(text, { published: '2011-01-28' }).quotes.find((x) => x.text.startsWith('They are'));
    expect(q?.speaker ?? null).toBeNull();
  });

  it('finds people with their titles and merges short forms into the full name', () => {
    const varga = a.entities.find((e) => e.name === 'Ilse Varga');
    expect(varga).toMatchObject({ type: 'PERSON', aliases: ['Varga'] });
    expect(varga!.roles).toContain('Karvenian Foreign Minister');
    const brandt = a.entities.find((e) => e.name === 'Tomas Brandt');
    expect(brandt?.type).toBe('PERSON');
    expect(brandt?.roles).toEqual(expect.arrayContaining(['General', "Morland's chief negotiator"]));
    expect(a.entities.find((e) => e.name === 'Port Elsin')?.type).toBe('PLACE');
    // The country and its state's formal name are one place; "Washington" is not the Post.
    expect(a.entities.find((e) => e.name === 'Morland Federation')).toMatchObject({ type: 'PLACE', aliases: ['Morland'] });
    expect(a.entities.find((e) => e.name === 'Morland')).toBeUndefined();
    const dc = analyzeText('Officials in Washington said the Washington Post had the memo. The Post declined to comment.');
    expect(dc.entities.map((e) => e.name)).toEqual(expect.arrayContaining(['Washington', 'Washington Post']));
    // A department's name keeps its first word; the same word before a person is a title.
    const dept = analyzeText('The Health Ministry released a report. Health Minister Ana Ruiz spoke.');
    expect(dept.entities.map((e) => [e.name, e.type])).toEqual(expect.arrayContaining([['Health Ministry', 'ORG'], ['Ana Ruiz', 'PERSON']]));
    // A role in apposition before the name, and a rank: "the mayor, Ana Ruiz,", "Pte Tom Berg".
    const appos = analyzeText('The city lowered its alert late last night as the mayor, Ana Ruiz, said residents could relax. Pte Tom Berg was given a medal.');
    expect(appos.entities.find((e) => e.name === 'Ana Ruiz')?.roles).toEqual(['mayor']);
    expect(appos.entities.find((e) => e.name === 'Tom Berg')).toMatchObject({ type: 'PERSON', roles: ['Pte'] });
    // A sentence that opens on a conjunction: the conjunction is not part of the title.
    const but = analyzeText('The envoy left on Monday. But Karvenian Foreign Ministry spokeswoman Ilse Varga said talks would go on.');
    expect(but.entities.find((e) => e.name === 'Ilse Varga')?.roles).toEqual(['Karvenian Foreign Ministry spokeswoman']);
    // Places by what the words around them say, though a given name is inside ("Beverly").
    const places = analyzeText('A strong earthquake struck Indonesia’s Aceh province on Tuesday. She died on Thursday in Beverly Hills. Two women were found in a New Bedford home. Anita Hill testified.');
    expect(places.entities.map((e) => [e.name, e.type])).toEqual(expect.arrayContaining([['Aceh', 'PLACE'], ['Beverly Hills', 'PLACE'], ['New Bedford', 'PLACE'], ['Anita Hill', 'PERSON']]));
    // People by an age, a kinship or a middle initial, with no known given name.
    const people = analyzeText('The victim, 59-year-old Raj Chohan, was hit by a car. Gov. Ana Ruiz, her husband Tove and their son attended. Stephen A. Smith reported the news.');
    expect(people.entities.map((e) => [e.name, e.type])).toEqual(expect.arrayContaining([['Raj Chohan', 'PERSON'], ['Tove', 'PERSON'], ['Stephen A. Smith', 'PERSON']]));
    expect(people.entities.find((e) => e.name === 'Tove')?.roles).toEqual(['her husband']);
    const lone = analyzeText('“I came today for the first time,” said Dalia, a protester in the square.');
    expect(lone.entities.find((e) => e.name === 'Dalia')).toMatchObject({ type: 'PERSON', roles: ['protester in the square'] });
    expect(analyzeText('“I came today for the first time,” said Dalia.').entities.find((e) => e.name === 'Dalia')?.type).toBe('PERSON');
    // An acronym joins the name whose initials it spells; a body's first word is not a title.
    const bodies = analyzeText('The Health Protection Agency confirmed two cases. Schools must act on advice from the HPA. The HPA said they should stay open.');
    expect(bodies.entities.filter((e) => e.type === 'ORG').map((e) => [e.name, e.aliases])).toEqual([['Health Protection Agency', ['HPA']]]);
    // "Michael Blum of Tulane University": a person, then a body.
    const of = analyzeText('Assistant Professor Michael Blum of Tulane University warns that some species may be at risk. The Bank of America agreed.');
    expect(of.entities.map((e) => [e.name, e.type])).toEqual(expect.arrayContaining([['Michael Blum', 'PERSON'], ['Tulane University', 'ORG'], ['Bank of America', 'ORG']]));
  });

  it('attributes direct quotes, resolves pronouns, carries continuations, and finds indirect speech', () => {
    const byText = (t: string) => a.quotes.find((q) => q.text.startsWith(t));
    expect(byText('We are closer')).toMatchObject({ speaker: 'Ilse Varga', speakerRole: 'Karvenian Foreign Minister', cue: 'told reporters', direct: true });
    // A quotation standing alone in the next sentence goes on in the same speaker's words.
    expect(byText('The ceasefire must hold')).toMatchObject({ text: 'The ceasefire must hold for the exchange to happen … We will not accept delays of any kind.', speaker: 'Tomas Brandt', cue: 'said', direct: true });
    expect(byText('the council would send monitors')).toMatchObject({ speaker: 'Amara Okoro', direct: false });
    for (const q of a.quotes) expect(a.sentences[q.sentence]).toContain(q.text.slice(0, 20));
  });

  it('joins a quotation split around its attribution and keeps a second cue apart', () => {
    const r = analyzeText('“Every time you say that,” Senator Jon Tester said, pointing at the chart, “you give ammunition to the other side.” Mayor Ana Ruiz said, adding later, “We need the money now.”');
    expect(quotesOf(r)).toEqual([
      ['Every time you say that … you give ammunition to the other side.', 'Jon Tester'],
      ['We need the money now.', 'Ana Ruiz'],
    ]);
  });

  it('keeps a quotation apart from one its speaker goes on to ("and called …", "adding that …"), with the same speaker', () => {
    const r = analyzeText('Senator Mary Walsh spoke in Reno on Monday. Walsh said the plan was “a gift to the banks and nobody else,” adding that Governor John Hale “has never read a single page of it.” She also said that Hale is “weak on every question that matters.” and called Mayor Ana Ruiz “the only honest person left in the building.”');
    expect(quotesOf(r)).toEqual([
      ['a gift to the banks and nobody else', 'Mary Walsh'],
      ['has never read a single page of it.', 'Mary Walsh'],
      ['weak on every question that matters.', 'Mary Walsh'],
      ['the only honest person left in the building.', 'Mary Walsh'],
    ]);
  });

  it('keeps the short first words of a quotation that goes on after its attribution, and reads past a nickname in quotation marks', () => {
    const r = analyzeText('Mayor Ana Ruiz took the stage in Reno.\n\n“It’s finished,” Ruiz said.\n“In my head, anyway. The rest is paperwork.”');
    expect(quotesOf(r)).toEqual([['It’s finished … In my head, anyway. The rest is paperwork.', 'Ana Ruiz']]);
    // The short first words are not kept a second time on their own.
    expect(r.quotes.filter((q) => q.direct)).toHaveLength(1);
    const nick = analyzeText('“We will rebuild the bridge this year,” said state Del. Marcia "Cia" Price, “and nobody will stop us.”');
    expect(nick.quotes.filter((q) => q.direct).map((q) => q.text)).toEqual(['We will rebuild the bridge this year … and nobody will stop us.']);
  });

  it('gives a quotation standing alone to the person the sentence before it is about', () => {
    const r = analyzeText('Bob Martin told the committee the warning was prophetic.\n“The commission was very concerned about the farms.”\nHowever, Dr David Morens, director of the institute, is not convinced.\n“It is a swine virus that has been in pigs for years.”\nPeople are anxious about the cull and the lost income.\n“We have been living here for years doing this.”');
    expect(openingsOf(r)).toEqual([
      ['The commission was v', 'Bob Martin'],
      ['It is a swine virus ', 'David Morens'],
      ['We have been living ', null],
    ]);
  });

  it('follows "he" from the sentence before a quotation, the one quoted "as saying", and a country that speaks', () => {
    const r = analyzeText('Fabiano Lopez, a 73-year-old Marxist, stood in the square. Capitalism had caused the epidemic, he said.\n“I am not worried at all. You will see.”\nMayor Ana Ruiz spoke later. She was cleaning her car with a red cloth.\n“Might as well do something useful, right?”\nMr Obama visited Gulfport. “There are a lot of beaches that have not been affected,” the AFP news agency quoted him as saying.\nChina, for its part, has bashed the “Buy America” program, calling it “poison to the solution” of the crisis.');
    expect(openingsOf(r)).toEqual([
      ['I am not worried at ', 'Fabiano Lopez'],
      ['Might as well do som', 'Ana Ruiz'],
      ['There are a lot of b', 'Obama'],
      ['poison to the soluti', 'China'],
    ]);
  });

  it('finds "he" after a comma or a "However," in the attribution, and skips a possessor the clause is not about', () => {
    const r = analyzeText('Ivan Favarin runs a car dealership in Sao Paulo. “The banks are now much more strict about approving loans, so they require” a down payment, he said. Later, Mary Walsh praised Favarin’s shop. However, he added: “My decision to stay open was the right decision.”');
    expect(speakersOf(r)).toEqual(['Ivan Favarin', 'Ivan Favarin']);
    // With no one else to point to, a possessor is who "he" is.
    const owner = analyzeText('The crowd got an extra shot of energy from Tom Berg’s emotional interview. He walked out in tears.\n“I want to say to every mother that this is not our fault,” he said.');
    expect(speakersOf(owner)).toEqual(['Tom Berg']);
  });

  it('gives a body its words through "the spokesman", "it" and its investigators, and keeps a dateline out of names', () => {
    const r = analyzeText('A Northmark Power spokesman declined to comment on Monday. Later the company faced questions. “Their role was to make sure the report was watertight,” said the spokesman amid criticism by American politicians.\nThe Health Protection Agency said it was investigating 230 cases. It added that people had been offered drugs “as a precautionary measure”.\nNorthmark Power’s internal investigation blamed its contractors. “The rig crew reached the incorrect view that the test was successful,” the investigators said.');
    expect(speakersOf(r)).toEqual(['Northmark Power', 'Health Protection Agency', 'Northmark Power']);
    const dated = analyzeText('Thursday, December 18, 2008; 11:33 AM President-elect Barack Obama today named his economic team.');
    expect(dated.entities.map((e) => [e.name, e.type, e.roles])).toEqual([['Barack Obama', 'PERSON', ['President-elect']]]);
  });

  it('skips a cue inside a leading clause, the paper that carried the words, and a name after a document', () => {
    const r = analyzeText('In an online column posted Wednesday, Ana Ruiz and Mayor John Hale argued that “the flood has reminded us that we must rebuild higher.” Senator Tove Berg said the talks should trigger “a deep reflection on when our troops should come back,” according to comments reported in La Stampa. The complaint says Halliburton “improperly and negligently performed these duties.”');
    expect(speakersOf(r)).toEqual(['Ana Ruiz', 'Tove Berg', null]);
  });

  it('finds the subject right before the verb, the one quoted by a wire, and no speaker in an addressee or a pronoun-like word', () => {
    const r = analyzeText('Tova Lind, the plant manager, spoke on Monday. Sand bags - partly successful Barriers raised - engineers warn it may fail Pumps - "Top-fill" method to pump in gravel - abandoned Mr Lind said: "If everything goes well, within two days the river will be back in its bed." The Norrland news agency quotes Vattenkraft as saying it would "co-operate with any inquiry the prosecutors open". Two deputies send a letter to Lind saying: "It appears that the company repeatedly chose cheap repairs." "The first thing I did was sell my shares in the company," wrote one reader. Another added: "I would like to see the whole board out there with shovels."');
    expect(quotesOf(r).map(([, who]) => who)).toEqual(['Tova Lind', 'Vattenkraft', null, null, null]);
  });

  it('reads a name before a parenthesis and an age as a person, and does not take "adding to" or a phrase after "with" for an attribution', () => {
    const r = analyzeText('Heather (whose last name is withheld for her safety), 23, watched from her hotel window. "Initially we were in awe of the crowds on the bridge," she told the site. March 8 - Berg says she wants to know "whose fault the flood was" over the weekend, adding to the pressure on the council. March 14 - Berg, on her third visit to the valley, says she will press the council to pay "justly, fairly and promptly" with damage claims.');
    expect(speakersOf(r)).toEqual(['Heather', 'Berg', 'Berg']);
  });

  it('takes a title for a title, a country for its government, and "the director general of the WHO" for the WHO', () => {
    const r = analyzeText('The World Health Organisation met in Geneva. The study, titled "The long-term fate of the oil in the Atlantic," uses a flow model. Markets fell on news that the US was "prepared for the worst scenario" that the leak would go on. The director general of the WHO said: "We are seeing a range of severity, from mild to severe."');
    expect(quotesOf(r)).toEqual([
      ['prepared for the worst scenario', 'US'],
      ['We are seeing a range of severity, from mild to severe.', 'World Health Organisation'],
    ]);
  });

  it('does not take "Added to …" after a question for its attribution', () => {
    const r = analyzeText('"Does anybody know where the money went?" Added to the list of questions is the cost of the bridge.');
    expect(quotesOf(r)).toEqual([['Does anybody know where the money went?', null]]);
  });

  it('reads a role before an apposition back to its head noun, a passive "was quoted as saying", and the verb whose subject is named', () => {
    const r = analyzeText('The head of the agency\'s global influenza programme, Kenji Furuta, said the situation had changed. "We are getting close to knowing that we are in a pandemic," he said. League head Per Halvorsen toured the region. Halvorsen met the envoy last week and was quoted by media as saying the League did not accept "outside interference in the affairs of its members," even as pressure mounted. In announcing its downgrade, Fitch said the costs would weigh on cash flow for "a number of years to come". The protests have continued despite the crackdown Foreign Minister Ilse Varga said the deaths made it clear there was "nothing more to expect from this government".');
    expect(r.entities.find((e) => e.name === 'Kenji Furuta')).toMatchObject({ type: 'PERSON', roles: ["head of the agency's global influenza programme"] });
    expect(speakersOf(r)).toEqual(['Kenji Furuta', 'Per Halvorsen', 'Fitch', 'Ilse Varga']);
  });

  it('leaves "he" after a sentence whose speaker is an unnamed official with no name', () => {
    const r = analyzeText('Cpl Adam Moss said he had served in three wars. An unnamed senior commander quoted by the paper said the bombs matched older ones. "Our assessment is that they are learning how to make bombs," he said. Moss added: "We change routes every day."');
    expect(speakersOf(r)).toEqual([null, 'Adam Moss']);
  });

  it('carries a speaker on through a scare quote in the sentence before and through "the 19-year-old student"', () => {
    const r = analyzeText('Tomas Lind, the company\'s chief executive, refused to comment. He has said the company will pay any "legitimate" claims from fishermen. "We will absolutely be paying for the clean-up. There is no doubt about that." "We want the mayor to leave," said Ahmed, whose last name was withheld. "His time is over," the 19-year-old law student said on Saturday. China\'s special envoy for Africa Affairs, Liu Wen, told reporters that China had "done a lot of work to persuade" the north.');
    expect(speakersOf(r)).toEqual(['Tomas Lind', 'Ahmed', 'Ahmed', 'Liu Wen']);
    expect(r.entities.find((e) => e.name === 'Africa Affairs')?.type).not.toBe('PERSON');
  });

  it('keeps a standalone quotation apart from a partial one the reporter\'s sentence runs on from, and reads "adding:" after a phrase', () => {
    const r = analyzeText('President Ana Ruiz\'s chief of staff, Tomas Berg, condemned the trip as "part of a long line of gaffes and mistakes" on national television, adding: "I think he will not have a second career in public relations." Berg mocked the chief\'s best-known remark, saying "he wants his life back, as he would say" but added there was more of substance to worry about. "Beyond that photo, there is a substance here that matters."');
    expect(quotesOf(r)).toEqual([
      ['part of a long line of gaffes and mistakes', 'Tomas Berg'],
      ['I think he will not have a second career in public relations.', 'Tomas Berg'],
      ['he wants his life back, as he would say', 'Tomas Berg'],
      ['Beyond that photo, there is a substance here that matters.', 'Tomas Berg'],
    ]);
  });

  it('finds a speaker through a spokeswoman, a kinship, "as X once put it", "gave her name as", and a sentence that names no one', () => {
    const r = analyzeText('A spokeswoman for Norsk Oil said the chief was still in charge. She added: "We would not dream of commenting on his private time." Hala Berg spoke to her mother on Friday. As the flooding goes on, Hala\'s daughter, Rhonda, awaits her grandmother\'s return. "I just wish she was here with us," she says. The regimes want a strongman or, as King Halvard once put it, "somebody with a military background who is a tough guy". "Roadblocks have cut off every neighborhood from the next," said another resident, who gave her name as Manal. Professor Ada Lind of the institute says early signs suggest nothing unusual. The key lies largely in the H1 protein. "There are two aspects to how the virus binds in the lungs."');
    expect(speakersOf(r)).toEqual(['Norsk Oil', 'Rhonda', 'Halvard', 'Manal', 'Ada Lind']);
  });

  it('reads names with a joined Arabic particle, a spokesman\'s body behind "he", an unnamed man who "echoed" a view, and "the analyst" over one sentence', () => {
    const r = analyzeText('Syrian President Bashar al-Assad spoke on television. A spokesman for Eton said: "The boy has a mild illness and is now recovering at home." He said the agency was checking on pupils, adding: "The objective is to minimize the risk of spread." A man standing nearby echoed that view. "Even if someone did nothing, his cousin might have," he said. "The costs will put negative pressure on their credit profiles," said Steven Wood, an analyst at Moody\'s. Liability will fall mostly on the operator, he said. "The magnitude of the spill could place the company under some credit pressure," said the analyst. Cast out of his home, Aboulharef al-Tawarghy laughs when he thinks of the fighters. "Their words are just ink on paper," the 29-year-old electronics dealer said.');
    expect(r.entities.find((e) => e.name === 'Bashar al-Assad')?.type).toBe('PERSON');
    expect(speakersOf(r)).toEqual(['Eton', 'Eton', null, 'Steven Wood', 'Steven Wood', 'Aboulharef al-Tawarghy']);
  });

  it('does not take a clause opening "If …" in the next sentence for the attribution of a question', () => {
    const r = analyzeText('Foreign Minister Sergei Lavrov spoke in Munich. Mr Lavrov was clearly sceptical about what any resolution might achieve. "What was the West\'s game plan?" If the violence continued, he argued, would you simply go back for another resolution?');
    expect(quotesOf(r)).toEqual([["What was the West's game plan?", 'Sergei Lavrov']]);
  });

  it('takes no navigation word in capitals for a name', () => {
    const r = analyzeText('BACK 1 of 9 NEXT The Health Ministry opened two clinics on Friday.');
    expect(r.entities.map((e) => e.name)).not.toContain('BACK');
    expect(r.entities.map((e) => e.name)).not.toContain('NEXT');
  });

  it('opens a straight quotation after a colon, keeps a scare-quoted word apart, and joins parts carried on by "because"', () => {
    const r = analyzeText('Ed Jones, an "embedded" correspondent, wrote in 1946:" We shot prisoners in cold blood and strafed lifeboats." Mayor Ana Ruiz says "the whole plan has become a mess" because "nobody in the ministry has read the survey." Bo Lind told the paper that "nothing here compared to what had happened upriver" where "officials and builders are much too close".');
    expect(openingsOf(r)).toEqual([
      ['We shot prisoners in', 'Ed Jones'],
      ['the whole plan has b', 'Ana Ruiz'],
      ['nothing here compare', 'Bo Lind'],
      ['officials and builde', 'Bo Lind'],
    ]);
    expect(r.quotes[1]!.text).toContain(' … nobody in the ministry');
  });

  it('keeps quotes apart across a clause of their own, and finds "which he called", "To X, Y said" and "with X saying"', () => {
    const r = analyzeText('Appearing before the council, Ben Bernanke said the system must be regulated “as a whole, in a holistic way” to avoid the failures that led to the current meltdown -- which he called “the worst financial crisis since the 1930s.” To Secretary of State Hillary Clinton, Samia Harris said, “Mrs. Clinton, take your place in history now.” Diplomats said the talks were positive, with US Ambassador Susan Rice saying they had gone on in a “constructive and roll-up-your-sleeves manner”.');
    expect(openingsOf(r)).toEqual([
      ['as a whole, in a hol', 'Ben Bernanke'],
      ['the worst financial ', 'Ben Bernanke'],
      ['Mrs. Clinton, take y', 'Samia Harris'],
      ['constructive and rol', 'Susan Rice'],
    ]);
  });

  it('reads a speaker label, initials, a clause after the quotation and "the president" as a reader would', () => {
    const label = analyzeText('Hillary Clinton: “We are continuing to increase pressure from the outside” The council will meet on Thursday, with Russia calling for an extension.');
    expect(speakersOf(label)).toEqual(['Hillary Clinton']);
    const initials = analyzeText('Sheila C. Bair, chairman of the FDIC, said the deal was needed “to maintain confidence in the banking industry.”');
    expect(speakersOf(initials)).toEqual(['Sheila C. Bair']);
    const clause = analyzeText('Minister Shokri Ghanem told one reporter he was going “to have a cup of coffee” when asked what his agenda was.');
    expect(speakersOf(clause)).toEqual(['Shokri Ghanem']);
    const president = analyzeText('President Bashar al-Assad would fall, President Barack Obama said on Tuesday. Mr Obama warned his critics. In Libya the US had “the full co-operation of the region,” the president said.');
    expect(speakersOf(president)).toEqual(['Barack Obama']);
  });

  it('gives a partial quote in a clause about "she" or "he" to that person', () => {
    const r = analyzeText('Senator Mary Walsh wants to bring back the old plan. She has touted its record as “the longest peacetime expansion in our history” for years.');
    expect(quotesOf(r)).toEqual([['the longest peacetime expansion in our history', 'Mary Walsh']]);
  });

  it('takes a title in quotation marks for a title, not a statement, but not words in capitals', () => {
    const r = analyzeText('Governor John Hale wrote “Crippled Nation: How to Make the State Great Again.” His rival, Senator Mary Walsh, appeared on “The Lead with Jake Tapper” on Monday. A group that backs her emailed one line: “THIS IS NOT OK AT ALL.”');
    expect(r.quotes.filter((q) => q.direct).map((q) => q.text)).toEqual(['THIS IS NOT OK AT ALL.']);
  });

  it('goes on with a quotation past the sentence that only attributes it', () => {
    const r = analyzeText('Reporters asked Governor John Hale about the vote.\n\n“Have I started writing my speech?” Hale replied. “Look, the answer is yes. It is a sobering thing.”');
    expect(quotesOf(r)).toEqual([['Have I started writing my speech? … Look, the answer is yes. It is a sobering thing.', 'John Hale']]);
  });

  it('goes on with a quotation after "said, but", and past a next sentence that opens "According to X," with a clause of its own', () => {
    const r = analyzeText('Senator Ruth Okafor answered her critics on Tuesday. "I respect the board," she said, but "on water rights, the board has a long record of siding with the mines."');
    expect(quotesOf(r)).toEqual([['I respect the board … on water rights, the board has a long record of siding with the mines.', 'Ruth Okafor']]);
    const next = analyzeText('Colonel Dan Reyes spoke to the committee on Friday.\n\n“We are losing good officers to the private firms,” Reyes said. “They pay twice what we do.”\n\nAccording to Reyes, the army lost 400 pilots last year.');
    expect(quotesOf(next)).toEqual([['We are losing good officers to the private firms … They pay twice what we do.', 'Dan Reyes']]);
  });

  it('gives "she said" to a lone name opening the sentence before as the subject of "said", over a woman named earlier, but not to a word the text also writes in lower case', () => {
    const r = analyzeText('Marta and Leon Vidal said they had been told to stay at home in Lyon.\n\nThe agency is also holding a briefing on the outbreak.\n\nOkonkwo said the new tests are reliable.\n\n"We expect to confirm more cases before the weekend," she said.');
    expect(quotesOf(r)).toEqual([['We expect to confirm more cases before the weekend', 'Okonkwo']]);
    const common = analyzeText('Marta Vidal said she had been told to stay at home in Lyon.\n\nPolice said the roads were closed. The police had warned drivers on Monday.\n\n"We expect to reopen them before the weekend," she said.');
    expect(quotesOf(common)).toEqual([['We expect to reopen them before the weekend', 'Marta Vidal']]);
  });

  it('carries a quotation over a paragraph break to the attribution that ends it, but not across quotation styles', () => {
    const r = analyzeText('Mayor Ana Ruiz spoke on Monday.\n\n“We will rebuild the bridge this year. The money is there.\n\n“Nobody in this city should doubt it for a moment,” Ruiz said.');
    expect(quotesOf(r)).toEqual([['We will rebuild the bridge this year. The money is there. Nobody in this city should doubt it for a moment', 'Ana Ruiz']]);
    // A block opened with a straight quote is another voice than the curly quote in the next paragraph.
    const block = analyzeText('The paper wrote:\n\n"The council met late into the night and argued over every line.\n\n“It never crossed my mind to resign over it,” the mayor said later.');
    expect(block.quotes.filter((q) => q.direct).map((q) => q.text)).toContain('It never crossed my mind to resign over it');
  });

  it('does not take a capitalised name ("the United States") for a verb of saying, nor let a quoted title end a clause', () => {
    const r = analyzeText('Senator Mary Walsh spoke on Monday. "We will keep talking to everyone," Walsh said. "Nothing is agreed yet on the border."\nNow the senior senator for the United States, Walsh left for home.');
    expect(r.quotes.filter((q) => q.direct).map((q) => [q.text, q.speaker, q.cue])).toEqual([['We will keep talking to everyone … Nothing is agreed yet on the border.', 'Mary Walsh', 'said']]);
    const t = analyzeText('Governor John Hale told MSNBC’s “Morning Joe” on Friday that “exactly who did it remains unclear.”');
    expect(t.quotes.map((q) => [q.text, q.speaker])).toEqual([['exactly who did it remains unclear.', 'John Hale']]);
     // A quoted title is never one part of somebody's quotation.
    const show = analyzeText('On Tuesday’s “Evening Harbour Report,” Governor John Hale said the state would “send the money to the fishing towns this winter.”');
    expect(quotesOf(show)).toEqual([['send the money to the fishing towns this winter.', 'John Hale']]);
  });

  it('finds the speaker after a question mark, before a partial quote, and behind a pronoun of the right gender', () => {
    const r = analyzeText('Senator Mary Walsh met Governor John Hale on Monday.\n“Does anybody know what the plan is?” Walsh asked.\nHale says the budget is “a very big problem for this state.”\n“We will find the money somewhere,” she said.');
    const by = (t: string) => r.quotes.find((q) => q.text.startsWith(t))?.speaker;
    expect(by('Does anybody know')).toBe('Mary Walsh');
    expect(by('a very big problem')).toBe('John Hale');
    expect(by('We will find the money')).toBe('Mary Walsh');
  });

  it('gives no one the words a described person was saying, not the transcript label or the one addressed', () => {
    const r = analyzeText('HALLORAN: Maria, what are people telling you there?\nVEGA: Tom -- one of the things, Tom, that woman was just saying is, "We are not going home until the bridge is open." The crowd cheered.\nVEGA: Mayor Carl Dunne, speaking earlier, said, "The bridge will open on Friday."');
    expect(r.quotes.find((q) => q.text.startsWith('We are not going home'))?.speaker ?? null).toBeNull();
    // The same shape with a name right before the verb still names its speaker.
    expect(r.quotes.find((q) => q.text.startsWith('The bridge will open'))?.speaker).toBe('Carl Dunne');
  });

  it('types the names in capitals that open a transcript\'s turns as people, and a lone heading in capitals as before', () => {
    const transcript = analyzeText('HALLORAN: Maria, what are people telling you there?\nVEGA: They are angry, Tom. The bridge has been shut for a week.\nHALLORAN: And the council?\nVEGA: The council meets tonight.');
    expect(transcript.entities.filter((e) => e.name === 'HALLORAN' || e.name === 'VEGA').map((e) => e.type)).toEqual(['PERSON', 'PERSON']);
    // A label that is the surname of the one full name the transcript gives is that person.
    const named = analyzeText('HALLORAN: Our correspondent Maria Vega is at the bridge. Maria, what are people telling you?\nVEGA: They are angry, Tom. The bridge has been shut for a week.\nHALLORAN: And the council?\nVEGA: The council meets tonight.');
    expect(named.entities.find((e) => e.name === 'Maria Vega')).toMatchObject({ type: 'PERSON', aliases: expect.arrayContaining(['VEGA']) });
    expect(named.entities.find((e) => e.name === 'VEGA')).toBeUndefined();
    const two = analyzeText('HALLORAN: Maria Vega and Luis Vega are at the bridge.\nVEGA: They are angry, Tom.\nHALLORAN: And the council?\nVEGA: The council meets tonight.');
    expect(two.entities.find((e) => e.name === 'VEGA')?.type).toBe('PERSON');
    const heading = analyzeText('NATO: Allies agree to send more ships. Ministers from NATO met in Brussels on Tuesday.');
    expect(heading.entities.find((e) => e.name === 'NATO')?.type).toBe('ORG');
  });

  it('takes the partial quotes of verbs that liken, hail or brand, and of a body through "which reported"', () => {
    const r = analyzeText('Senator Luis Ortega likened the budget to a “slow-motion disaster” on Monday. A columnist hailed Ortega as “the conscience of the chamber” in Tuesday\'s paper. Reporters turned to the Tarrow Water Board which reported “2,100 flooded homes” by Friday.');
    const partials = r.quotes.filter((q) => q.partial).map((q) => [q.text, q.speaker]);
    expect(partials).toEqual(expect.arrayContaining([['slow-motion disaster', 'Luis Ortega'], ['2,100 flooded homes', 'Tarrow Water Board']]));
  });

  it('follows "he" through a sentence whose subject is "he" too, past the names inside it and a leading clause', () => {
    const r = analyzeText('Asked whether Governor Paul Brandt should resign, Senator Luis Ortega said the state needed answers. He further said that he believed Brandt would answer the charges in court. "We cannot look the other way when our own rights are at stake," he said.');
    expect(r.quotes.find((q) => q.text.startsWith('We cannot look'))?.speaker).toBe('Luis Ortega');
  });

  it('gives "X, … in which she says" to X, not to a woman named in the sentences before', () => {
    const r = analyzeText('Doctors tested the family of Dawn Askham, the first Briton known to catch the virus. Wendy Orent, author of a history of plague, has written an article in which she says categorically we are not facing a pandemic: “Only packed conditions can produce highly virulent strains of flu.”');
    expect(r.quotes.find((q) => q.text.startsWith('Only packed'))?.speaker).toBe('Wendy Orent');
  });

  it('attributes "the report says" to the body the text names as the report\'s author, and to nobody when it names none', () => {
    const named = analyzeText('A report by the National Intelligence Council says the war has created a training ground. "Iraq could provide recruitment and training grounds for a new class of militants," the report says.');
    expect(named.quotes.find((q) => q.direct)?.speaker).toBe('National Intelligence Council');
    const owned = analyzeText("Amnesty International's annual report was published today. \"Torture remains widespread in many countries of the region,\" the report said.");
    expect(owned.quotes[0]?.speaker).toBe('Amnesty International');
    const anonymous = analyzeText('Officials from the Northern Council met on Monday. "Cases have doubled in the past week across the region," the report said.');
    expect(anonymous.quotes[0]?.speaker).toBeNull();
  });

  it('reads written words as quotations too ("the letter reads", "he concluded")', () => {
    const r = analyzeText('Parents wrote to the board. “Our children are thriving in these schools and we want them to stay,” the letter reads. Mayor Ana Ruiz concluded, “There is not a single case of harm that anyone has found.”');
    expect(r.quotes.filter((q) => q.direct).map((q) => [q.cue, q.speaker])).toEqual([
      ['reads', null],
      ['concluded', 'Ana Ruiz'],
    ]);
  });

  it('takes a list of quoted epithets for name-calling, not a statement, but joins longer quoted parts', () => {
    const r = analyzeText('Governor John Hale called his rival a “loser,” a “liar” and a “whiner” on Monday. Hale said the plan was “a disaster for every family” and “a gift to the banks.”');
    expect(r.quotes.filter((q) => q.direct && !q.partial).map((q) => q.text)).toEqual(['a disaster for every family … a gift to the banks.']);
    // The epithets are his words, attributed: a partial quote, never a statement.
    expect(r.quotes.filter((q) => q.partial).map((q) => [q.text, q.speaker])).toEqual([['loser … liar … whiner', 'John Hale']]);
  });

  it('leaves a speaker null when the text does not say who spoke', () => {
    const r = analyzeText('"This will take a long time to fix properly," a witness said.');
    expect(r.quotes).toHaveLength(1);
    expect(r.quotes[0]!.speaker).toBeNull();
  });

  it('resolves relative and absolute dates against the publication date', () => {
    const values = Object.fromEntries(a.dates.map((d) => [d.text.replace(/^on /, ''), d.value]));
    expect(values.Monday).toBe('2026-11-16');
    expect(values['Nov. 20']).toBe('2026-11-20');
    const b = analyzeText('Fighting broke out in March. The report was published on Tuesday, and the summit is in May 2027.', { published: '2026-11-18' });
    expect(b.dates.map((d) => d.value)).toEqual(['2026-03', '2026-11-17', '2027-05']);
  });

  it('marks a date that is a reference point in its sentence, not its news', () => {
    const marks = (text: string) => analyzeText(text, { published: '2009-05-12' }).dates.map((d) => `${d.value}${d.background ? ' (background)' : ''}`);
    // In a clause of until, since, after, before, or describing someone; and a span of days.
    expect(marks('Fidel Castro accused Mexico of hiding the outbreak until after Barack Obama, the US president, had visited the country on 16 April.')).toEqual(['2009-04-16 (background)']);
    expect(marks('A member of the delegation that travelled with the president to Mexico on April 16 fell ill.')).toEqual(['2009-04-16 (background)']);
    expect(marks('Cases have risen sharply since 28 April, health officials said.')).toEqual(['2009-04-28 (background)']);
    expect(marks('Since the outbreak of unrest on 28 April, the government has combined repression with promises.')).toEqual(['2009-04-28 (background)']);
    expect(marks('The infection came from exposure in Mexico between April 14-18, officials said.')).toEqual(['2009-04-14 (background)']);
    // The news itself: the main clause, a clause that opens the sentence, reported speech.
    expect(marks('The health ministry confirmed 12 new cases on Sunday.')).toEqual(['2009-05-10']);
    expect(marks('After talks on Monday, the two sides agreed to share vaccine stocks.')).toEqual(['2009-05-11']);
    expect(marks('The ministry said that on Monday 20 more people had died.')).toEqual(['2009-05-11']);
    // Before and after order two events of mostly the same day; a describing clause ends at its comma.
    expect(marks('Police fired tear gas after protesters marched on the ministry on Friday.')).toEqual(['2009-05-08']);
    expect(marks('After an interview that moved the crowd, the activist spoke from a stage on Tuesday.')).toEqual(['2009-05-12']);
  });

  it('reads a weekday in a sentence that looks ahead as the coming one, and finds reported speech without "that"', () => {
    const r = analyzeText('Nurse Maria Lind said the clinic will reopen on Monday.', { published: '2026-11-18' });
    expect(r.dates.map((d) => d.value)).toEqual(['2026-11-23']);
    const w = analyzeText('Diplomats said a deal was unlikely before the weekend.', { published: '2026-11-17' });
    expect(w.dates.map((d) => d.value)).toEqual(['2026-11-21']);
    const v = analyzeText('The envoy said on Monday that the talks would continue on Thursday.', { published: '2026-11-18' });
    expect(v.dates.map((d) => d.value)).toEqual(['2026-11-16', '2026-11-19']);
    expect(r.quotes).toMatchObject([{ speaker: 'Maria Lind', direct: false, text: 'the clinic will reopen on Monday' }]);
  });

  it('resolves dates to the same days in every time zone, across a DST change and a leap day', () => {
    const text = 'The dam failed last night. Officials met yesterday and on Friday. Repairs began on Feb. 29 and end next Monday. Engineers arrived this week, the first visit this month.';
    const run = (published: string) => analyzeText(text, { published }).dates.map((d) => `${d.text}=${d.value}`);
    const saved = process.env.TZ;
    try {
      // (A Sunday morning in UTC is still Saturday in Adak: "this week" is the week of the day published.)
      for (const published of ['2028-03-02T08:00:00Z', '2026-03-08T09:30:00Z', '2026-11-01T11:00:00Z', '2028-03-02', '2026-03-01T09:00:00Z']) {
        process.env.TZ = 'UTC';
        const utc = run(published);
        for (const tz of ['Pacific/Kiritimati', 'America/Adak', 'America/New_York', 'Australia/Lord_Howe']) {
          process.env.TZ = tz;
          expect(run(published), `${published} in ${tz}`).toEqual(utc);
        }
      }
      process.env.TZ = 'America/Adak';
      expect(run('2028-03-02T08:00:00Z')).toEqual(['last night=2028-03-01', 'yesterday=2028-03-01', 'on Friday=2028-02-25', 'Feb. 29=2028-02-29', 'next Monday=2028-03-06', 'this week=2028-02-27', 'this month=2028-03']);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('finds quantities with their units, not years, dates or clock times', () => {
    const r = analyzeText('The sides freed 1,000 prisoners and pledged $85 billion on Nov. 20 at 7:15 pm. Prices rose 7% in 2024, and three days later 45 miles of road reopened.');
    expect(r.quantities?.map((q) => [q.value, q.unit])).toEqual([
      [85e9, 'USD'],
      [1000, 'prisoners'],
      [7, '%'],
      [3, 'days'],
      [45, 'miles'],
    ]);
  });

  it('does not read words such as "sat" as weekdays', () => {
    expect(analyzeText('Negotiators sat down at noon.', { published: '2026-11-18' }).dates).toEqual([]);
  });

  it('keeps a few words the reporter attributes as a partial quote, and leaves scare quotes, labels and titles out', () => {
    const r = analyzeText('Senator Tove Berg said the repairs were “far too slow” and left the town exposed. The so-called “flood tax” returned to parliament. Berg told Radio North’s “Morning Desk” that the plan was late. Residents fear a “second wave” this winter.');
    const partial = r.quotes.filter((q) => q.partial);
    expect(partial.map((q) => [q.text, q.speaker, q.direct])).toEqual([['far too slow', 'Tove Berg', true]]);
    // A whole quotation is not partial.
    const whole = analyzeText('“The repairs were far too slow for a town this exposed,” said Tove Berg.');
    expect(whole.quotes.map((q) => [q.speaker, q.partial ?? false])).toEqual([['Tove Berg', false]]);
  });

  it('keeps a short quotation of its own, and gives words run on from a clause to that clause\'s speaker, not a later verb', () => {
    const short = analyzeText('Crowds gathered outside the town hall in Reno. “People are angry,” said Alderman Ana Ruiz, who chairs the works committee.');
    expect(short.quotes.filter((q) => q.direct).map((q) => [q.text, q.speaker, q.partial])).toEqual([['People are angry', 'Ana Ruiz', true]]);
    const runOn = analyzeText('Senator Tove Berg spoke in Reno on Monday. She pledged to fix the town’s “broken” flood defences and she, once again, pledged new money.');
    expect(runOn.quotes.filter((q) => q.direct).map((q) => [q.text, q.speaker])).toEqual([['broken', 'Tove Berg']]);
  });
});

describe('speakers that are bodies, and epithets that are not names', () => {
  it('gives a family and the body behind a statement their words, and takes "the King of Pop" for no one', () => {
    const r = analyzeText('Arlo Venn, the King of Bells, died on Thursday. “We mourn a great artist who changed music forever,” his family said in a statement. A statement from Harbour House read: “The minister spoke to the family this morning.” The Venn family added: “We thank everyone for their kindness.”');
    expect(speakersOf(r)).toEqual(['Venn family', 'Harbour House', 'Venn family']);
    expect(r.entities.map((e) => e.name)).not.toContain('of Bells');
    const titled = analyzeText('Secretary of State Ilse Varga said the talks would resume.');
    expect(titled.entities.find((e) => e.name === 'Ilse Varga')?.roles).toEqual(['Secretary of State']);
  });

  it('gives "the company" and "the commission" to the body the text named, and "the group" to nobody when none is named', () => {
    const r = analyzeText('Morland Freight Inc said on Monday it would review its routes. “We take every report from our crews seriously and will publish what we find,” the company said. The Harbour Safety Commission opened an inquiry the same day. Two ministers welcomed it. “The owners had months to act and did not do so,” the commission said.');
    expect(speakersOf(r)).toEqual(['Morland Freight Inc', 'Harbour Safety Commission']);
    const none = analyzeText('Protests went on for a third night in the port. “We will stay here until the mayor listens to us,” the group said.');
    expect(speakersOf(none)).toEqual([null]);
  });

  it('takes no headline in capitals, no "London-based" and no "I’ve" for a name, but keeps acronyms and titles', () => {
    const r = analyzeText('STORM CUTS POWER TO PORT CITY The storm left 4,000 homes without power. “Crews are out all night,” said one London-based engineer. Recently I’ve seen worse, Ana Ruiz said. NATO and the OSCE sent help to Vienna, said President-elect Tove Berg.');
    const names = r.entities.map((e) => e.name);
    for (const junk of ['STORM', 'CUTS', 'POWER', 'PORT CITY', 'London-based', 'Recently I’ve', 'I’ve']) expect(names, junk).not.toContain(junk);
    expect(names).toEqual(expect.arrayContaining(['NATO', 'OSCE', 'Ana Ruiz', 'Tove Berg']));
    expect(r.entities.find((e) => e.name === 'Tove Berg')?.roles).toEqual(['President-elect']);
  });

  it('takes no conjunction opening a sentence for part of a name, and no title before initials for a person\'s', () => {
    const r = analyzeText('Although NRG said it would pay, the work stopped. The Energy and Climate Change Secretary NRG remained a strong company, the minister said.');
    expect(r.entities.map((e) => e.name)).toEqual(['NRG']);
    expect(r.entities[0]!.roles).toEqual([]);
  });

  it('takes no time zone after a clock time for a name', () => {
    const r = analyzeText('(Update 8:53 p.m. Cairo, 1:53 p.m. ET) Talks resumed at 10 a.m. GMT on Friday, Ilse Varga said.');
    expect(r.entities.map((e) => e.name)).not.toContain('ET');
    expect(r.entities.map((e) => e.name)).not.toContain('GMT');
  });
});

describe('the learned speaker chooser', () => {
  it('ships weights trained by scripts/train-speaker.ts, one per feature', () => {
    expect(SPEAKER_MODEL.features.length).toBeGreaterThan(20);
    expect(SPEAKER_MODEL.weights).toHaveLength(SPEAKER_MODEL.features.length);
    expect(new Set(SPEAKER_MODEL.features).size).toBe(SPEAKER_MODEL.features.length);
    // The subject of the verb of saying outweighs a name that is only nearby.
    const w = (f: string) => SPEAKER_MODEL.weights[SPEAKER_MODEL.features.indexOf(f)] ?? 0;
    expect(w('cue:subject')).toBeGreaterThan(w('inQuote'));
  });

  it('lists nobody first, leaves out the one a phrase addresses, and picks by the model', () => {
    const sentences = ['Two deputies sent a letter to Lind saying: “The company chose cheap repairs over safety.”'];
    const lind = { name: 'Lind', type: 'PERSON' as const, aliases: [], roles: [], mentions: 2 };
    const quote = { text: 'The company chose cheap repairs over safety.', speaker: null, speakerRole: null, cue: 'saying', sentence: 0, direct: true };
    const site: QuoteSite = { quote, sentence: 0, open: sentences[0]!.indexOf('“'), close: sentences[0]!.length - 1, mode: 'before', phrase: { sentence: 0, start: 0, end: sentences[0]!.indexOf(' saying') }, rule: null };
    const mention = { text: 'Lind', sentence: 0, start: sentences[0]!.indexOf('Lind'), roles: [], type: 'PERSON' as const, weight: 1 };
    const cands = candidatesOf(site, { sentences, mentionsBySentence: [[mention]], find: (f) => (f === 'Lind' ? lind : undefined) }, null);
    expect(cands.map((c) => c.entity?.name ?? null)).toEqual([null]);
    // A model that prefers whoever is named in the phrase picks them over nobody.
    const named: QuoteSite = { ...site, phrase: { sentence: 0, start: 0, end: sentences[0]!.indexOf(' sent') }, rule: null };
    const deputies = { ...lind, name: 'Two Deputies' };
    const withSubject = candidatesOf(named, { sentences, mentionsBySentence: [[{ ...mention, text: 'Two Deputies', start: 0 }]], find: (f) => (f === 'Two Deputies' ? deputies : undefined) }, null);
    expect(choose(withSubject, { features: ['phrase', 'none'], weights: [2, 1] }).entity?.name).toBe('Two Deputies');
    expect(choose(withSubject, { features: ['phrase', 'none'], weights: [0, 1] }).entity).toBeNull();
  });
});
