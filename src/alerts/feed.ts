import type { Alert, Watch } from '../model/index.js';
import { xmlSafe } from '../text/xml-safe.js';
import { humanDate } from '../web/dates.js';

const x = (s: string) => xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** An alert as HTML (escaped text only), then escaped again as the entry's content. */
function alertHtml(a: Alert, url: string): string {
  const items = [
    ...a.body.developments.map((d) => `<li>${x(humanDate(d.date))}: ${x(d.text)}</li>`),
    ...a.body.statements.map((q) => `<li>${x(q.speaker)}${q.role ? ` (${x(q.role)})` : ''}: “${x(q.quote)}”</li>`),
  ];
  return `<p><em>Why:</em> ${x(a.body.reasons.join('; '))}</p>${items.length ? `<ul>${items.join('')}</ul>` : ''}<p><a href="${x(url)}">Read the briefing (version ${a.version})</a></p>`;
}

/** A watchlist's Atom feed: one entry per alert that passed its threshold, newest first. */
export function watchAtomFeed(watch: Watch, alerts: Alert[], baseUrl: string): string {
  const self = `${baseUrl}/watch/${watch.token}/atom.xml`;
  const page = `${baseUrl}/watch/${watch.token}`;
  const updated = alerts[0]?.createdAt ?? watch.createdAt;
  const host = new URL(baseUrl).host;
  const entries = alerts.map((a) => {
    const url = `${baseUrl}${a.body.path}`;
    return `<entry><id>tag:${x(host)},2026:sitrep:alert:${a.id}</id><title>${x(a.body.headline)}</title><link rel="alternate" type="text/html" href="${x(url)}"/><updated>${x(a.createdAt)}</updated><summary>${x(a.body.reasons.join('; '))}</summary><content type="html">${x(alertHtml(a, url))}</content></entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>tag:${x(host)},2026:sitrep:watch:${watch.id}</id><title>${x(`Sitrep watchlist: ${watch.name}`)}</title><link rel="self" type="application/atom+xml" href="${x(self)}"/><link rel="alternate" type="text/html" href="${x(page)}"/><updated>${x(updated)}</updated><author><name>Sitrep</name></author>
${entries.join('\n')}
</feed>
`;
}
