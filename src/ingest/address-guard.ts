import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';
import { SitrepError } from '../errors.js';

// Ranges a fetch must never reach unless the operator allows it: loopback, private networks,
// link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, multicast and friends.
const BLOCKED_RANGES = new Set([
  'unspecified',
  'broadcast',
  'multicast',
  'linkLocal',
  'loopback',
  'private',
  'reserved',
  'carrierGradeNat',
  'uniqueLocal',
  'ipv4Mapped',
  'rfc6145',
  'rfc6052',
  '6to4',
  'teredo',
]);

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  return !BLOCKED_RANGES.has(parsed.range());
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses non-public addresses. Checking the address the socket
 * actually connects to (not a separate DNS query beforehand) closes the DNS-rebinding gap.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses as LookupAddress[];
      const allowed = allowPrivate ? list : list.filter((a) => isPublicAddress(a.address));
      if (allowed.length === 0) {
        const e = new SitrepError(
          'blocked_address',
          `refusing to fetch ${hostname}: it resolves to a private, loopback or link-local address (set SITREP_ALLOW_PRIVATE=1 to allow)`,
        ) as SitrepError & NodeJS.ErrnoException;
        return callback(e, '');
      }
      if ((options as { all?: boolean }).all) return callback(null, allowed);
      const first = allowed[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/** Rejects literal-IP URLs early, before any socket is opened. */
export function checkUrlAllowed(url: URL, allowPrivate: boolean): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SitrepError('bad_scheme', `refusing ${url.protocol} URL ${url.href}: only http and https are fetched`);
  }
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new SitrepError('blocked_address', `refusing to fetch ${url.href}: loopback host (set SITREP_ALLOW_PRIVATE=1 to allow)`);
  }
  if (ipaddr.isValid(host) && !isPublicAddress(host)) {
    throw new SitrepError(
      'blocked_address',
      `refusing to fetch ${url.href}: private, loopback or link-local address (set SITREP_ALLOW_PRIVATE=1 to allow)`,
    );
  }
}
