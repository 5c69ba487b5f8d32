// Throughput of `csp-tools validate --file` against Google's csp_evaluator 1.1.8 in Node, in one
// run, over tests/data/real-csp.txt repeated N times (default 50, ~58,000 policies).
// csp_evaluator runs in-process after a warm-up pass (its best case); csp-tools runs as the CLI,
// process start, reading, JSON output and all, on both cores and on one (RAYON_NUM_THREADS=1).
// Wall-clock and CPU time (user + system) are both reported: on a shared machine, CPU time moves
// less with the other load. Usage: node csp-tools/benches/validate-vs-evaluator.mjs [N]
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { CspEvaluator, DEFAULT_CHECKS, STRICTCSP_CHECKS } = require('csp_evaluator/dist/evaluator.js');
const { CspParser } = require('csp_evaluator/dist/parser.js');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const repeat = Number(process.argv[2] ?? 50);
const build = spawnSync('cargo', ['build', '-q', '--release', '-p', 'csp-tools'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(2);
const bin = path.join(root, 'target/release/csp-tools');

const policies = readFileSync(path.join(root, 'tests/data/real-csp.txt'), 'utf8').split('\n').filter((l) => l.trim());
const all = Array.from({ length: repeat }, () => policies).flat();
const dir = mkdtempSync(path.join(os.tmpdir(), 'validate-bench-'));
const input = path.join(dir, 'policies.txt');
writeFileSync(input, all.join('\n') + '\n');

function evaluator() {
  let findings = 0;
  for (const text of all) {
    try {
      findings += new CspEvaluator(new CspParser(text).csp).evaluate(STRICTCSP_CHECKS, DEFAULT_CHECKS).length;
    } catch {
      // csp_evaluator throws on a few odd policies; they still cost their time.
    }
  }
  return findings;
}

function cspTools(threads) {
  const env = { ...process.env, ...(threads ? { RAYON_NUM_THREADS: String(threads) } : {}) };
  // The JSON goes to a file, as a CI job would keep it (not through a Node pipe, which is slower
  // than csp-tools itself).
  const output = openSync(path.join(dir, 'out.jsonl'), 'w');
  const start = process.hrtime.bigint();
  const args = ['-f', 'cpu %U %S', bin, 'validate', '--file', input, '--format', 'json', '--fail-on', 'high'];
  const run = spawnSync('/usr/bin/time', args, { env, stdio: ['ignore', output, 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(output);
  const cpu = /cpu ([\d.]+) ([\d.]+)/.exec(run.stderr ?? '');
  if (!cpu || run.status === null || run.status > 1) throw new Error(`csp-tools failed: ${run.stderr}`);
  return { seconds, cpu: Number(cpu[1]) + Number(cpu[2]) };
}

const time = (f) => {
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  f();
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, cpu: (cpu.user + cpu.system) / 1e6 };
};
evaluator(); // warm-up: let V8 optimise
const theirs = time(evaluator);
cspTools(); // warm the page cache
const twoCores = cspTools();
const oneCore = cspTools(1);
rmSync(dir, { recursive: true, force: true });

const rate = (s) => Math.round(all.length / s);
const fmt = (n) => n.toLocaleString('en-US');
const line = (name, t) =>
  `${name}: ${t.seconds.toFixed(2)} s wall = ${fmt(rate(t.seconds))} policies/s` +
  (t === theirs ? '' : ` (${(theirs.seconds / t.seconds).toFixed(1)}x)`) +
  `; ${t.cpu.toFixed(2)} s CPU = ${fmt(rate(t.cpu))} policies/CPU-s` +
  (t === theirs ? '' : ` (${(theirs.cpu / t.cpu).toFixed(1)}x)`);
console.log(`${fmt(all.length)} policies (tests/data/real-csp.txt x ${repeat}), ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load average ${os.loadavg()[0].toFixed(1)}`);
console.log(line(`csp_evaluator 1.1.8 (Node ${process.version}, in-process)`, theirs));
console.log(line('csp-tools validate --format json, all cores', twoCores));
console.log(line('csp-tools validate --format json, one core ', oneCore));
