export { fetchUrl, allowPrivateFromEnv, USER_AGENT, type FetchOptions } from './fetcher.js';
export { parseFeed } from './feed-parser.js';
export { canonicalizeUrl, articleId } from './canonical-url.js';
export { isPublicAddress } from './address-guard.js';
export { pollSource, pollDueSources, type PollResult, type PollOptions } from './poll.js';
