// Shared by the benchmarks that load a server: a child server process, a free port, and wrk.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export async function startChild(args: string[], env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const on = (d: Buffer) => {
      seen += d.toString();
      if (ready.test(seen)) resolve();
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${seen}`)));
  });
  return child;
}

// wrk, a native load generator, pinned to one core with the server under test pinned to the other, so
// the generator does not take the server's CPU (autocannon, in Node, saturates first). Its Lua `done`
// hook prints the percentiles wrk's own report leaves out (p99.9); bash's `times` gives the CPU the
// generator used, to show it was not the limit.
export const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((p) => existsSync(p)) ?? null;
export const TASKSET = existsSync('/usr/bin/taskset') ? '/usr/bin/taskset' : null;
export const WRK_SECONDS = Number(process.env.WRK_SECONDS ?? 8);
const WRK_LUA = join(tmpdir(), `sitrep-bench-wrk-${process.pid}.lua`);
process.once('exit', () => rmSync(WRK_LUA, { force: true }));

export interface WrkResult {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  errors: number;
  /** Share of one core the generator used while it ran. */
  cpu: number;
}

export function pin(child: ChildProcess, cpu: number): void {
  if (TASKSET && child.pid) spawnSync(TASKSET, ['-a', '-pc', String(cpu), String(child.pid)], { stdio: 'ignore' });
}

/** wrk against `url`; with `paths`, each request takes the next of them in turn (search queries). */
export async function wrk(url: string, connections: number, generators = 1, headers: string[] = [], paths: string[] = [], seconds = WRK_SECONDS): Promise<WrkResult> {
  const rotate = paths.length
    ? `paths = {${paths.map((p) => JSON.stringify(p)).join(',')}}\nlocal i = 0\nrequest = function()\n  i = i % #paths + 1\n  return wrk.format(nil, paths[i])\nend\n`
    : '';
  writeFileSync(WRK_LUA, `${rotate}done = function(s, l, r)\n  io.write(string.format("WRK %d %d %d %d %d %d %d\\n", s.requests, s.duration, l:percentile(50), l:percentile(99), l:percentile(99.9), s.errors.connect + s.errors.read + s.errors.write + s.errors.status + s.errors.timeout, l:percentile(95)))\nend\n`);
  const one = () =>
    new Promise<WrkResult>((resolve, reject) => {
      const cmd = `${TASKSET ? `${TASKSET} -c 1 ` : ''}${WRK} -t1 -c${Math.round(connections / generators)} -d${seconds}s ${headers.map((h) => `-H '${h}'`).join(' ')} -s ${WRK_LUA} ${url}; times`;
      const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      child.once('exit', () => {
        const m = /WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(out);
        // `times`: the shell's user and system time, then its children's (wrk's).
        const t = [...out.matchAll(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/g)].at(-1);
        if (!m) return reject(new Error(`wrk gave no result: ${out}`));
        const seconds = Number(m[2]) / 1e6;
        const cpu = t ? (Number(t[1]) * 60 + Number(t[2]) + Number(t[3]) * 60 + Number(t[4])) / seconds : NaN;
        resolve({ rps: Number(m[1]) / seconds, p50: Number(m[3]) / 1000, p95: Number(m[7]) / 1000, p99: Number(m[4]) / 1000, p999: Number(m[5]) / 1000, errors: Number(m[6]), cpu });
      });
    });
  const runs = await Promise.all(Array.from({ length: generators }, one));
  return { rps: runs.reduce((n, r) => n + r.rps, 0), p50: Math.max(...runs.map((r) => r.p50)), p95: Math.max(...runs.map((r) => r.p95)), p99: Math.max(...runs.map((r) => r.p99)), p999: Math.max(...runs.map((r) => r.p999)), errors: runs.reduce((n, r) => n + r.errors, 0), cpu: runs.reduce((n, r) => n + r.cpu, 0) };
}

