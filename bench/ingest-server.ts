// Feed server for bench:ingest, run as its own process so its work does not count against either
// side: FEEDS feeds of ITEMS items each, spread over HOSTS loopback addresses (127.0.0.1 …), every
// item a distinct article (seeded pseudo-random prose, so none is a near-duplicate of another).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const FEEDS = Number(process.env.FEEDS ?? 1000);
const ITEMS = Number(process.env.ITEMS ?? 50);
const HOSTS = Number(process.env.HOSTS ?? 10);

const syllables = 'ka ro mi te lu sa vo ne ti da pe ru mo li fa ge zo bi ha nu'.split(' ');
const vocab = Array.from({ length: 3000 }, (_, i) => syllables[i % 20]! + syllables[Math.floor(i / 20) % 20]! + syllables[Math.floor(i / 400) % 20]!);

function prose(seed: number, words: number): string {
  let x = (seed * 2654435761) >>> 0;
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out.push(vocab[x % vocab.length]!);
    if (i % 18 === 17) out.push('.');
  }
  return out.join(' ').replace(/ \./g, '.');
}

const x = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function feed(n: number, host: string): string {
  const items: string[] = [];
  for (let i = 0; i < ITEMS; i++) {
    const id = n * ITEMS + i;
    const body = prose(id + 1, 220);
    const date = new Date(Date.UTC(2026, 10, 1) + id * 60_000).toUTCString();
    items.push(`<item><title>Story ${id}: ${x(body.slice(0, 40))}</title><link>http://${host}/f${n}/a${id}.html</link><guid isPermaLink="false">g${id}</guid><pubDate>${date}</pubDate><description>${x(body.slice(0, 200))}</description><content:encoded><![CDATA[<p>${body}</p>]]></content:encoded></item>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench feed ${n}</title><link>http://${host}/f${n}/</link><description>synthetic</description>${items.join('')}</channel></rss>`;
}

const cache = new Map<number, Buffer>();
// Generated up front, so neither side pays for it and the bench process holds none of it.
for (let n = 0; n < FEEDS; n++) cache.set(n, Buffer.from(feed(n, `127.0.0.${(n % HOSTS) + 1}`)));
const servers: http.Server[] = [];
const ports: number[] = [];
for (let h = 0; h < HOSTS; h++) {
  const server = http.createServer((req, res) => {
    const m = /^\/feed\/(\d+)\.xml$/.exec(req.url ?? '');
    const n = m ? Number(m[1]) : -1;
    if (n < 0 || n >= FEEDS) {
      res.writeHead(404);
      return res.end();
    }
    let body = cache.get(n);
    if (!body) cache.set(n, (body = Buffer.from(feed(n, req.headers.host ?? 'localhost'))));
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', 'content-length': body.length });
    res.end(body);
  });
  servers.push(server);
}
await Promise.all(servers.map((s, h) => new Promise<void>((r) => s.listen(0, `127.0.0.${h + 1}`, () => { ports[h] = (s.address() as AddressInfo).port; r(); }))));
const urls = Array.from({ length: FEEDS }, (_, n) => `http://127.0.0.${(n % HOSTS) + 1}:${ports[n % HOSTS]}/feed/${n}.xml`);
process.send?.({ urls });
process.on('message', (m) => {
  if (m === 'stop') {
    for (const s of servers) s.close();
    process.exit(0);
  }
});
