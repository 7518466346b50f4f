export { fetchUrl, allowPrivateFromEnv, USER_AGENT, type FetchOptions } from './fetcher.js';
export { parseFeed, salvageFeed } from './feed-parser.js';
export { canonicalizeUrl, articleId } from './canonical-url.js';
export { isPublicAddress } from './address-guard.js';
export { discoverFeeds } from './discover.js';
export { parseOpml, buildOpml, type OpmlFeed } from './opml.js';
export { HostLimiter } from './host-limiter.js';
export { RobotsCache } from './robots.js';
export { pollSource, pollDueSources, nextPollAfterSuccess, nextPollAfterFailure, type PollResult, type PollOptions } from './poll.js';
