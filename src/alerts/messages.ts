import type { Alert, Watch } from '../model/index.js';
import { humanDate } from '../web/dates.js';

/** One alert as the webhook's JSON carries it: `{watch, story, version, headline, reasons, url}` and more. */
export function alertJson(watch: Watch, a: Alert, baseUrl: string) {
  return {
    id: a.id,
    watch: watch.name,
    watchId: watch.id,
    story: a.body.story,
    storyId: a.storyId,
    version: a.version,
    headline: a.body.headline,
    reasons: a.body.reasons,
    score: a.score,
    url: `${baseUrl}${a.body.path}`,
    updatedAt: a.body.updatedAt,
  };
}

/**
 * A webhook body for one message: the most significant alert's fields at the top level (what a
 * receiver that reads one alert needs), and every alert of the digest in `alerts`.
 */
export function webhookBody(watch: Watch, alerts: Alert[], baseUrl: string): string {
  const items = alerts.map((a) => alertJson(watch, a, baseUrl));
  const top = [...items].sort((x, y) => y.score - x.score || y.id - x.id)[0]!;
  return JSON.stringify({ ...top, count: items.length, alerts: items });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An email for one message: subject, plain text and HTML (built from escaped text only). */
export function emailMessage(watch: Watch, alerts: Alert[], baseUrl: string): { subject: string; text: string; html: string } {
  const page = `${baseUrl}/watch/${watch.token}`;
  const subject = alerts.length === 1 ? `${watch.name}: ${alerts[0]!.body.headline}` : `${watch.name}: ${alerts.length} updates`;
  const text = [
    `Sitrep watchlist "${watch.name}"`,
    '',
    ...alerts.flatMap((a) => [
      a.body.headline,
      `${baseUrl}${a.body.path}`,
      `Why: ${a.body.reasons.join('; ')}`,
      ...a.body.developments.slice(0, 5).map((d) => `  - ${humanDate(d.date)}: ${d.text}`),
      ...a.body.statements.slice(0, 3).map((q) => `  - ${q.speaker}${q.role ? ` (${q.role})` : ''}: "${q.quote}"`),
      '',
    ]),
    `Since you last looked: ${page}`,
  ].join('\n');
  const html = `<!doctype html><html><body style="font-family:sans-serif;max-width:40rem">
<p>Sitrep watchlist <strong>${esc(watch.name)}</strong></p>
${alerts
  .map(
    (a) => `<h2 style="font-size:1.1rem"><a href="${esc(`${baseUrl}${a.body.path}`)}">${esc(a.body.headline)}</a></h2>
<p><em>Why:</em> ${esc(a.body.reasons.join('; '))}</p>
${a.body.developments.length || a.body.statements.length ? `<ul>${a.body.developments.slice(0, 5).map((d) => `<li>${esc(humanDate(d.date))}: ${esc(d.text)}</li>`).join('')}${a.body.statements.slice(0, 3).map((q) => `<li>${esc(q.speaker)}${q.role ? ` (${esc(q.role)})` : ''}: “${esc(q.quote)}”</li>`).join('')}</ul>` : ''}`,
  )
  .join('\n')}
<p><a href="${esc(page)}">Since you last looked</a></p>
</body></html>`;
  return { subject, text, html };
}
