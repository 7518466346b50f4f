export { evaluateAlerts, type EvaluateReport } from './evaluate.js';
export { deliverAlerts, deliveryOptionsFromEnv, backoffMs, type DeliveryOptions, type DeliveryReport } from './deliver.js';
export { AlertStore, type Channel, type WatchInput } from './store.js';
export { parseWatch, watchRequest, type WatchRequest } from './watchlist.js';
export { scoreUpdate, matchesWatch, namesMatch, sectionPath, DEFAULT_MIN_SCORE, SIGNIFICANCE_WEIGHTS, type Significance } from './significance.js';
export { signBody, postWebhook } from './webhook.js';
export { watchAtomFeed } from './feed.js';
export { webhookBody, emailMessage, alertJson } from './messages.js';
