import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Each case runs in a child process: lowering the test runner's own priority would slow every test after it.
const probe = (env: Record<string, string>, before = '') => {
  const dir = mkdtempSync(join(tmpdir(), 'sitrep-nice-'));
  const file = join(dir, 'probe.ts');
  writeFileSync(
    file,
    `import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { lowerPriority } from ${JSON.stringify(join(import.meta.dirname, 'priority.ts'))};
${before}
const start = getPriority();
let got: number | null | string;
try { got = lowerPriority(); } catch (err) { got = (err as Error).message; }
const threads = existsSync('/proc/self/task') ? readdirSync('/proc/self/task').map((t) => Number(readFileSync('/proc/self/task/' + t + '/stat', 'utf8').split(') ')[1]!.split(' ')[16])) : null;
console.log(JSON.stringify({ start, got, now: getPriority(), threads }));
void setPriority;
`,
  );
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { encoding: 'utf8', env: { ...process.env, ...env } });
  rmSync(dir, { recursive: true, force: true });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { start: number; got: number | null | string; now: number; threads: number[] | null };
};

describe('lowerPriority (batch commands yield the CPU to the site)', () => {
  it('lowers every thread of the process to SITREP_NICE, 10 by default', () => {
    const r = probe({ SITREP_NICE: '7' });
    if (r.start >= 7) return; // the runner itself runs lower than that: nothing to see
    expect(r.got).toBe(7);
    expect(r.now).toBe(7);
    // V8's and libuv's threads too, which were running before it was called.
    if (existsSync('/proc/self/task')) {
      expect(r.threads!.length).toBeGreaterThan(1);
      for (const nice of r.threads!) expect(nice).toBe(7);
    }
    const d = probe({ SITREP_NICE: '' }, "delete process.env.SITREP_NICE;");
    if (d.start < 10) expect(d.now).toBe(10);
  });

  it('leaves the priority alone with SITREP_NICE=0, never raises one set lower, and refuses nonsense', () => {
    const zero = probe({ SITREP_NICE: '0' });
    expect(zero.got).toBeNull();
    expect(zero.now).toBe(zero.start);
    const lower = probe({ SITREP_NICE: '5' }, 'setPriority(15);');
    expect(lower.now).toBe(15);
    for (const bad of ['abc', '-3', '25', '2.5']) expect(probe({ SITREP_NICE: bad }).got).toMatch(/SITREP_NICE=.*whole number from 0/);
  });
});
