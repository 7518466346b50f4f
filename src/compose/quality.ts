// The sentence-quality gate: what may stand as a unit of a briefing. Extraction removes most page
// furniture from HTML, but `brief` also reads text files, scraped pages keep captions, credits,
// promos and reader comments glued to the prose, and extraction is never perfect. Every section of a
// briefing takes its sentences through here.
import { isCommentFurniture, withoutDateline } from '../analyze/sentences.js';

export type Rejection =
  | 'furniture'
  | 'comment'
  | 'first-person'
  | 'second-person'
  | 'too-long'
  | 'fragment'
  | 'question';

/** At most this many words in a unit: longer "sentences" are run-together paragraphs or comments. */
export const MAX_UNIT_WORDS = 60;

// A caption or credit glued before the prose: "Photograph: AP A Scottish hospital worker …",
// "Photograph: Ann Lee/Reuters The …", "(Getty Images) The …".
const CREDIT_PREFIX =
  /^(?:(?:AP|AFP|EPA|Getty Images)(?=\s+(?:It|The|A|An|This|These|In|On|At|After|As)\s)|(?:Photograph|Photo|Picture|Image|Illustration|Graphic|Video)s?\s*:\s*(?:[^:]{0,60}?(?:\/|\bfor\s+(?:the\s+)?)\s*\p{Lu}[\p{L}.&]*(?:\s(?:Images|Pictures|Photos|Press|Features|Shutterstock|Corbis|News))?|AP|AFP|PA|EPA|Reuters|Getty Images|Getty|Rex Features|Rex|Xinhua|Corbis|Bloomberg|Sipa)|\((?:[^()]{0,40}\b(?:Getty Images|AP Photo|AFP|Reuters|EPA|Photo)\b[^()]{0,40})\))\s+(?=[\p{Lu}“"])/u;

// Openings the timeline's own dateline rules leave (kept out of them: the timeline benchmark reads
// better with them), taken off a briefing's units: "Cairo, Egypt (CNN) -- ", "WOLF BLITZER, CNN ANCHOR: ".
const OPENINGS = [
  /^\p{Lu}[\p{L}.'’/-]+(?: \p{Lu}[\p{L}.'’/-]+){0,3}(?:, \p{Lu}[\p{L}.'’-]+(?: \p{Lu}[\p{L}.'’-]+){0,2})?\s+\((?:CNN|Reuters|AP|AFP|BBC|Bloomberg|dpa|Xinhua|UPI)\)\s*[-—–]{1,2}\s+/u,
  /^[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){1,3}(?:, [A-Z][A-Z.'’ -]{2,40})?:\s+(?=[A-Z“"])/,
];

// A word that ties a sentence to the one before it ("However, …", "But …", "Indeed, …"): standing
// alone in a briefing, the sentence it answers is not there, so the word goes and the sentence keeps
// its claim. The adverbs only with their comma ("Still, …", not "Still images …"), but "However"
// before a name as well ("However Doug Suttles, …", not "However much …").
const CONNECTIVE = /^(?:(?:However|Indeed|Moreover|Furthermore|Also|Still|Nevertheless|Nonetheless|Besides|Likewise|Similarly|Thus|Hence|Consequently|Even so|In addition|In fact|Of course|After all|At the same time|By contrast|In contrast|On the other hand|Instead|Therefore),\s+|(?:But|And|Yet|Meanwhile),?\s+|However\s+(?=\p{Lu}))(?=[\p{L}\p{N}“"‘'])/u;

const FURNITURE: RegExp[] = [
  // A sentence about the page's own media: "This BBC News clip is published as part of …" (the
  // video a report is about, "The video was published by the group", is news).
  /^This\s+(?:[\p{L}]+\s+){0,3}(?:clip|video|audio|podcast|gallery|slideshow|programme|program|footage)\s+(?:is|was|has been)\s+(?:first\s+)?(?:published|broadcast|aired|available)\b/u,
  // Captions and credits standing alone.
  /^(?:Photograph|Photo|Picture|Image|Illustration|Graphic|Video|Audio|Caption|Credit|Source)s?\s*:/i,
  // A comment section's own boilerplate, and a live blog's or a social post's stamp.
  /\b(?:this discussion is (?:now )?closed|comments are (?:not )?(?:pre-?screened|moderated|closed)|welcomes a lively and courteous discussion|required, but will not be displayed|terms of service|house rules|this comment was removed|be sure to fill in|moderators retain editorial control)\b/i,
  /^\s*\((?:Update|Updated)\b[^)]{0,80}\)/i,
  /\bRETWEET\b|\b(?:\d{1,2}:\d{2}\s*[ap]m\s+(?:ET|GMT|BST)\s+\w+ \d{1,2}, \d{4})\b/,
  /^\s*(?:Sign up|Subscribe|Click on|Check (?:these|this|it) out|Read (?:\p{Lu}[\p{L}'’]+\s+){1,3}(?:tweets|blog|column))\b/iu,
  /\((?:Getty Images|AP Photo[^)]*|AFP|EPA|Reuters|PA)\)\s*$/,
  /^\s*(?:Pictured|Above|Below|Left|Right|Top|Inset)\s*:/i,
  // A wire picture's caption closes on the weekday and the date it was taken ("… drenched in oil from
  // the spill Thursday, June 3, 2010.", "… during clashes on Wednesday, February 2."): prose names the
  // day, not both.
  /(?:,\s+|\s)(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}(?:,\s+\d{4})?\.?["”’]?$/,
  // A wire picture's caption: "A video image released by BP shows equipment …", "This handout photo
  // provided by the navy shows …" (a report about a video, "A video released by the group shows the
  // hostages", is news: a plain "video" is not one of these).
  /^\s*(?:An?|This|The)\s+(?:[\p{L}-]+\s+){0,3}(?:image|photo|photograph|picture|still|screenshot|screen grab|video grab)s?\s+(?:[\p{L}.'’-]+\s+){0,6}?(?:shows|showing)\b/iu,
  // A video or picture caption run into the text: "… Doug Suttles of BP: "We have been unable …"".
  /.\s\p{Lu}[\p{L}'’-]+(?:\s+(?:of\s+)?\p{Lu}[\p{L}'’-]+){1,3}:\s*["“]/u,
  // Promos, prompts and navigation.
  /^\s*(?:Advertisement|Sponsored(?: content)?|Also read|Read more|Read also|Related(?: articles| stories| content)?|See also|More on this story|More from|Most (?:popular|read|viewed)|Top stories|Latest news|Trending|In pictures|In depth|Explore more|Share this|Share on|Follow us|Like us|Sign up|Subscribe|Click here|Download|Listen|Watch(?: live| now| the video)?|Live updates|Print|Email|Comments?|Join the conversation|Have your say|Send us your)\b\s*[:|»›>-]/i,
  /\b(?:click here|sign up for|subscribe to (?:our|the)|follow us on|like us on Facebook|share (?:this|your) (?:story|article|views)|join the conversation|have your say|send us your (?:photos|pictures|views|comments)|email us at|download (?:our|the) app)\b/i,
  /\b(?:newsletter|podcast|mailing list)\b.*\b(?:sign up|subscribe|delivered|inbox)\b/i,
  /^\s*(?:Follow|Get|Read|See|Find|Catch up|Keep up|Stay up)\b.{0,60}\b(?:latest|updates|live|here|figures|full (?:story|coverage)|more (?:on|about|from))\b/i,
  // A page's own signposts: "Here is a collection of reactions …", "Below is a timeline of …".
  /^\s*(?:Here is|Here are|Here's|Below is|Below are|Following is|The following is|This is a|These are)\b.{0,80}\b(?:collection|list|timeline|round-?up|selection|summary|transcript|gallery|highlights|excerpts?|the main developments|key (?:events|moments|facts))\b/i,
  // Imperatives that send the reader elsewhere: "Watch the oil spill's path …", "Listen to the interview".
  /^\s*(?:Watch|View|Explore|Listen to|Take a look at|Check out|Browse|Vote|Tell us|Send us|Join us)\b/i,
  /\b(?:in the video (?:below|above)|the video (?:below|above)|watch the video|see (?:the )?(?:video|gallery|graphic|map) (?:below|above)|(?:pictured|shown) (?:below|above))\b/i,
  // Programme promos: "Tune in week nights at 2200 CET", "Watch AC360 at 8 & 10 p.m. ET".
  /^\s*(?:Tune in|Tune into|Watch|Catch|Join)\b.{0,80}\b(?:at \d{1,4}(?:[:.]\d{2})?(?:\s*(?:&|and)\s*\d{1,2}(?:[:.]\d{2})?)?\s*(?:[ap]\.?m\.?|CET|GMT|ET|BST)|weeknights|week nights|every (?:day|night|week)|on (?:CNN|BBC|Fox|Sky|ITV|NBC|ABC|CBS)\b)/i,
  // Live-blog stamps opening the line: "10.32am: …", "1.15pm BST The …", "12:05 GMT - …".
  /^\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?)?\s*(?:GMT|BST|UTC|ET|EST|EDT|CET|local time)?\s*[:\-–—|]\s*/i,
  /^\s*\d{1,2}[.:]\d{2}\s*(?:[ap]\.?m\.?|GMT|BST|UTC|ET|EST|EDT|CET)\b\s+(?=\p{Lu})/iu,
  // Rights lines and bylines standing alone.
  /\b(?:All rights reserved|Copyright\s*(?:©|\(c\)|\d{4})|©\s*\d{4})/i,
  /^\s*(?:By|Reporting by|Writing by|Editing by|Additional reporting by|Compiled by)\s+\p{Lu}[\p{L}'’.-]+(?:\s+\p{Lu}[\p{L}'’.-]+){0,3}\s*(?:[;,|]|$|in\s\p{Lu})/iu,
  /\b(?:Editing by|Reporting by|Writing by)\s+\p{Lu}/u,
];

const DAY_LABEL = /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:,\s+\d{4})?:\s+(?=[\p{Lu}“"])/u;
/** How captions describe what a picture shows. */
const CAPTION_WORDS = /\b(?:(?:is|are|can be|could be) (?:seen|pictured|shown)|shows?|sits?|stands?|poses?|looks? on)\b/i;

const UPDATE_STAMP = /\(\s*Update[d]?\b[^()]{0,80}\d{1,2}[:.]\d{2}[^()]{0,60}\)\s*(?=[\p{Lu}\d“"‘])/u;

/** A list of links or sections: three or more bars or bullets between short items (no regex backtracking). */
function navigationList(s: string): boolean {
  const parts = s.split(/[|•»]/);
  if (parts.length < 4) return false;
  return parts.slice(0, -1).filter((p) => p.trim().length <= 40).length >= 3;
}

/**
 * Three or more labels with a colon outside quotations, which prose does not write in one sentence:
 * headlines run together ("Ambassador: Mubarak no longer has power ElBaradei: Army must save Egypt …"),
 * a list of dates ("20 April: rig explodes 28 April: …"), a transcript's turns ("QUEST: … BOULDEN: …").
 */
const labelList = (s: string) => (s.replace(/[“"][^”"]*[”"]/g, ' ').match(/\S:\s/g) ?? []).length >= 3;

/** A reader comment's stamp: "February 6, 2011 at 4:00 pm | Report abuse | Reply", "Posted by: ann". */
// The opening of a comment section: its disclaimer or heading ("Views expressed in the comments do
// not represent those of Reuters.", "Comments (12)"). Not a prompt to comment ("Post a comment on
// my blog", said in a broadcast transcript): that stands anywhere in a text.
const COMMENTS_HEAD = /^\s*(?:views expressed in (?:the )?comments|(?:the )?comments (?:below|on this (?:page|story|article))\b|(?:\d+\s+)?(?:reader\s+)?comments?\s*(?:\(\d+\))?\s*$)/i;

const COMMENT_STAMP =
  /\bAt \d{1,2}[:.]\d{2}\s*(?:[ap]m\s+)?(?:on\s+)?\d{1,2}(?:st|nd|rd|th)?\s+[A-Za-z]+\s+\d{4},\s*\S+\s+wrote:|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}\s*,\s*\d{4}\s+at\s+\d{1,2}:\d{2}\s*[ap]m\b|\|\s*(?:Report abuse|Reply)\b|\b(?:Report abuse|Reply)\s*\||\bPosted by\s*:?|\bRecommend\s*\(\d+\)|\d+\s+(?:people|readers) recommend(?:ed)? this/i;
// Every comment stamp holds one of these, and few sentences do: tested first, it halves the cost
// of looking for stamps in every sentence of a story.
const STAMP_HINT = /wrote:|\||posted by|recommend|:\d\d\s*[ap]m/i;
const hasCommentStamp = (s: string) => STAMP_HINT.test(s) && COMMENT_STAMP.test(s);

/**
 * A headline or promo run into the sentence with no stop between ("Swine flu and the lessons of 1918
 * The response to …", "Get the figures here An electron micrograph …"): a capitalised article right
 * after a lower-case word, which prose does not write. The run-in part and the sentence after it.
 */
export function splitRunIn(sentence: string): { head: string; rest: string } | null {
  const m = /^(.{8,160}?[\p{Ll}\d’'”)?!])\s+(?=(?:The|A|An|One|Two|Three|This|These|There|It|He|She|They|In|As|After|But|More|Some|Many|Most|Officials|Police|Up to|At least|Nearly|About)\s+[\p{L}\p{N}])/u.exec(sentence);
  if (!m || /[.;]\s/.test(m[1]!)) return null;
  // "in The Hague", "of The Times": a name that begins with the article.
  if (/\b(?:in|of|at|to|from|by|on|for|read|told|with|and|or|than|that|said|says|says|because|if|when|where|while|whether|so|as|but)$/i.test(m[1]!)) return null;
  const rest = sentence.slice(m[0].length);
  return rest.split(/\s+/).length >= 6 ? { head: m[1]!.trim(), rest } : null;
}

/**
 * A subheading in capitals run into the sentence after it ("NEW CAP FOR LEAKING OIL WELL During the
 * test …", "BP SHARES HIT NEW LOW The spill has …"): three words or more in capitals, then a word in
 * ordinary case. Its length, or null.
 */
function capsHeading(sentence: string): number | null {
  const m = /^(?:[\p{Lu}\d][\p{Lu}\d’'&-]*\s+){2,}[\p{Lu}\d][\p{Lu}\d’'&-]*\s+(?=\p{Lu}\p{Ll})/u.exec(sentence);
  return m && /\p{Lu}{2}/u.test(m[0]) && sentence.slice(m[0].length).split(/\s+/).length >= 6 ? m[0].length : null;
}

// A finite verb, roughly: an auxiliary, a verb of saying, or a past or third-person form. A line
// without one is a caption or a label ("An electron micrograph of the virus.").
const VERB = /\b(?:is|are|was|were|be|been|being|am|has|have|had|will|would|can|could|may|might|must|shall|should|do|does|did|said|says|say|told|tells|made|makes|took|takes|gave|gives|went|goes|came|comes|got|gets|left|leaves|met|meets|found|finds|saw|sees|became|becomes|began|begins|fell|falls|rose|rises|held|holds|kept|keeps|brought|brings|paid|pays|sent|sends|spent|spends|led|leads|hit|hits|set|sets|put|puts|cut|cuts|let|lets|won|wins|lost|loses|ran|runs|struck|strikes|fled|flees|spread|spreads|sought|seeks|stood|stands|shut|shuts|ordered|need|needs|want|wants|remain|remains|continue|continues|warn|warns|call|calls|plan|plans|face|faces|expect|expects)\b|\b\p{Ll}{2,}(?:ed|es)\b/u;

export const hasVerb = (text: string): boolean => VERB.test(text);

// In lower case or opening a sentence ("We begin with …", "My answer is …"); never "US".
const FIRST_PERSON = /\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|I'll|I’ll|[Mm]e|[Mm]y|[Mm]ine|[Mm]yself|[Ww]e|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve|[Ww]e'll|[Ww]e’ll|[Oo]ur|[Oo]urs|[Oo]urselves|[Uu]s)\b/;

// The reporter, a presenter or a commenter speaking to the reader or to a guest ("you can still do
// it", "get it delivered to your inbox", "It's a question to which you could give a yes or no answer"):
// 4% of the sentences of the Timeline17 reports that pass every other test, nearly all transcript
// chatter, comments, quizzes, promos and columns; a report's own news is told in the third person.
const SECOND_PERSON = /\b(?:you|your|yours|yourself|yourselves|you're|you’re|you've|you’ve|you'll|you’ll|you'd|you’d)\b/i;

/** The sentence with quotations blanked: first person inside a quotation is the speaker's. */
const unquoted = (s: string) => s.replace(/[“"][^”"]*(?:[”"]|$)/g, ' ').replace(/‘[^’]*’/g, ' ');
const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * A sentence as a unit may show it: the dateline, stamp, caption or credit glued to its start taken
 * off. Null when what is left is not a sentence to publish; `why` says which test it failed.
 */
export function publishable(sentence: string, opts: { allowQuestion?: boolean } = {}): { text: string } | { text: null; why: Rejection } {
  // A story is recomposed with every new version, and its old articles' sentences with it: each
  // sentence is judged once (the memo is dropped whole when it grows past its bound).
  const key = opts.allowQuestion ? `?${sentence}` : sentence;
  const known = judged.get(key);
  if (known) return known;
  const verdict = judge(sentence, opts);
  if (judged.size >= MEMO_SIZE) judged.clear();
  judged.set(key, verdict);
  return verdict;
}

const MEMO_SIZE = 50_000;
const judged = new Map<string, { text: string } | { text: null; why: Rejection }>();

function judge(sentence: string, opts: { allowQuestion?: boolean }): { text: string } | { text: null; why: Rejection } {
  // Judged whole, before run-in headlines and credits are cut from its front.
  if (labelList(sentence)) return { text: null, why: 'furniture' };
  let text = withoutDateline(sentence);
  // A live blog's update stamp inside the line ("Video of the chaos in Tahrir Square: (Update 5:50
  // p.m. Cairo, 10:50 a.m. ET) CNN's Ivan Watson says …"): what comes before it is the entry before,
  // a label or a tweet; the entry is what follows.
  const stamp = UPDATE_STAMP.exec(text);
  if (stamp) text = text.slice(stamp.index + stamp[0].length);
  for (const re of OPENINGS) text = text.replace(re, '');
  // A gallery's caption opens on the day its picture was taken ("April 29: Oil from the spill can be
  // seen …", "June 23, 2010: This image from video …"): the label goes (a timeline shows its own
  // date), and what it labels, said in a caption's words, is no sentence of the news.
  const label = DAY_LABEL.exec(text);
  if (label) {
    text = text.slice(label[0].length);
    if (CAPTION_WORDS.test(unquoted(text))) return { text: null, why: 'furniture' };
  }
  for (let i = 0; i < 2; i++) {
    const credit = CREDIT_PREFIX.exec(text);
    const caps = credit ? null : capsHeading(text);
    const runIn = credit || caps ? null : splitRunIn(text);
    if (!credit && !caps && !runIn) break;
    text = withoutDateline(credit ? text.slice(credit[0].length) : caps ? text.slice(caps) : runIn!.rest);
  }
  const tie = CONNECTIVE.exec(text);
  if (tie) text = text.slice(tie[0].length).replace(/^[“"‘']?\p{Ll}/u, (c) => c.toUpperCase());
  // The same word inside or at the end of it ("The minister, however, said …", "… security, however.").
  text = text.replace(/,\s+however,\s+/i, ' ').replace(/,\s+however(?=[.!]["”’')]*$)/i, '');
  if (isCommentFurniture(text) || hasCommentStamp(text)) return { text: null, why: 'comment' };
  if (navigationList(text) || FURNITURE.some((re) => re.test(text))) return { text: null, why: 'furniture' };
  const own = unquoted(text);
  if (FIRST_PERSON.test(own)) return { text: null, why: 'first-person' };
  if (SECOND_PERSON.test(own)) return { text: null, why: 'second-person' };
  const n = wordCount(text);
  if (n > MAX_UNIT_WORDS) return { text: null, why: 'too-long' };
  // A sentence opens with a capital, a digit or a quotation, and closes with a stop (or a quotation).
  if (n < 6 || !/^[\p{Lu}\p{N}“"‘'(]/u.test(text) || !/[.!?][”"’')\]]*$/.test(text) || /…$|\.\.\.$/.test(text)) return { text: null, why: 'fragment' };
  if (!opts.allowQuestion && /\?[”"’')\]]*$/.test(text)) return { text: null, why: 'question' };
  // A quotation opened and not closed (or closed and not opened) belongs to the sentences around it.
  if ((text.match(/[“”"]/g) ?? []).length % 2 === 1 || (text.match(/“/g) ?? []).length !== (text.match(/”/g) ?? []).length) return { text: null, why: 'fragment' };
  if (!hasVerb(text)) return { text: null, why: 'fragment' };
  return { text };
}

/**
 * Where an article's reader comments begin: the index of the first sentence that carries a comment's
 * stamp, less the sentence before it when that one is the first comment's own text (the stamp follows
 * the comment it dates). `sentences.length` when there are none. Nothing from there on is the article.
 */
export function commentsStartAt(sentences: string[]): number {
  // A comment section's own heading or disclaimer opens it: what follows is readers'.
  const head = sentences.findIndex((s) => COMMENTS_HEAD.test(s));
  const i = sentences.findIndex(hasCommentStamp);
  if (head >= 0 && (i < 0 || head < i)) return head;
  if (i < 0) return sentences.length;
  const before = sentences[i - 1];
  if (before && (FIRST_PERSON.test(unquoted(before)) || !/[.!?][”"’')\]]*$/.test(before) || /!!|\?\?/.test(before))) return i - 1;
  return i;
}
