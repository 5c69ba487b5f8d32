// Side-by-side (not CI): our sanitizer vs detect-secrets (PyPI) and secretlint with its
// recommended preset (npm) on the same generated corpus, one run.
//
//   export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
//   python3 -m venv tests/.artifacts/venv-ds && tests/.artifacts/venv-ds/bin/pip install detect-secrets
//   (cd tests/.artifacts && mkdir -p secretlint && cd secretlint && npm init -y &&
//      npm install secretlint @secretlint/secretlint-rule-preset-recommend)
//   node tests/sanitize/sidebyside.mjs
//
// The corpus comes from widget-guard/tests/sanitize_corpus.rs (SANITIZE_CORPUS_OUT). Every
// planted secret line and every clean string becomes one line of a file that each tool scans;
// a line counts as detected when the tool reports anything on it. PII lines are left out (the
// other tools do not look for PII). Throughput is wall time over the whole file, including
// process start-up for the two external tools. Nothing is contacted over the network.
import { execFileSync, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const art = path.join(root, 'tests/.artifacts/sbs');
fs.mkdirSync(art, { recursive: true });
const corpusFile = path.join(art, 'corpus.jsonl');
execFileSync('cargo', ['test', '-q', '-p', 'widget-guard', '--test', 'sanitize_corpus'], {
  cwd: root,
  env: { ...process.env, SANITIZE_CORPUS_OUT: corpusFile },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const nodeEntry = path.join(root, 'dist/widget-guard.node.cjs');
if (!fs.existsSync(nodeEntry)) execFileSync('node', ['widget-guard/build.mjs'], { cwd: root, stdio: 'inherit' });
const { sanitizeProps } = createRequire(import.meta.url)(nodeEntry);

// lines[i] = { label: kind | null, text }
const lines = [];
for (const l of fs.readFileSync(corpusFile, 'utf8').split('\n')) {
  if (!l) continue;
  const c = JSON.parse(l);
  if (c.category === 'secret') lines.push({ label: c.label, context: c.context, text: c.doc });
  else if (c.category === 'clean') {
    for (const [k, v] of Object.entries(JSON.parse(c.doc))) lines.push({ label: null, text: JSON.stringify({ [k]: v }) });
  }
}
const file = path.join(art, 'lines.txt');
fs.writeFileSync(file, lines.map((l) => l.text).join('\n') + '\n');
const bytes = fs.statSync(file).size;

function score(name, flagged, ms) {
  const perKind = {};
  let pos = 0, tp = 0, neg = 0, fp = 0;
  lines.forEach((l, i) => {
    if (l.label) {
      pos++;
      const k = (perKind[l.label] ??= [0, 0]);
      k[0]++;
      if (flagged.has(i + 1)) (tp++, k[1]++);
    } else {
      neg++;
      if (flagged.has(i + 1)) fp++;
    }
  });
  return { name, recall: tp / pos, tp, pos, fp, neg, fpPer10k: (fp * 1e4) / neg, mbps: bytes / 1e3 / ms, perKind };
}

const results = [];
{
  const t = performance.now();
  const flagged = new Set();
  lines.forEach((l, i) => {
    if (sanitizeProps(JSON.parse(l.text)).findings.length) flagged.add(i + 1);
  });
  results.push(score('widget-guard sanitizeProps (Wasm, Node)', flagged, performance.now() - t));
  console.log(`widget-guard done`);
}
{
  const bin = path.join(root, 'tests/.artifacts/venv-ds/bin/detect-secrets');
  if (fs.existsSync(bin)) {
    const t = performance.now();
    // detect-secrets makes DNS queries during a scan (observed: UDP to port 53); in a network
    // namespace without interfaces they fail at once instead of timing out (needs root; without
    // `unshare` it runs as is).
    const unshare = spawnSync('unshare', ['-n', 'true']).status === 0;
    const [cmd, args] = unshare ? ['unshare', ['-n', bin, 'scan', '--all-files', file]] : [bin, ['scan', '--all-files', file]];
    const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = performance.now() - t;
    fs.writeFileSync(path.join(art, 'detect-secrets.json'), r.stdout);
    const out = JSON.parse(r.stdout);
    const flagged = new Set(Object.values(out.results).flat().map((x) => x.line_number));
    const s = score(`detect-secrets ${spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim()} (defaults)`, flagged, ms);
    results.push(s);
    console.log(`detect-secrets done in ${(ms / 1000).toFixed(0)} s`);
  } else console.log('detect-secrets not installed: skipped');
}
{
  const dir = path.join(root, 'tests/.artifacts/secretlint');
  const bin = path.join(dir, 'node_modules/.bin/secretlint');
  if (fs.existsSync(bin)) {
    fs.writeFileSync(path.join(dir, '.secretlintrc.json'), JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }));
    fs.copyFileSync(file, path.join(dir, 'lines.txt'));
    const t = performance.now();
    const outFile = path.join(art, 'secretlint.json');
    spawnSync(bin, ['lines.txt', '--format', 'json', '--maskSecrets', '--output', outFile], { cwd: dir, stdio: 'ignore' });
    const ms = performance.now() - t;
    const out = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    const flagged = new Set(out.flatMap((f) => f.messages.map((m) => m.loc.start.line)));
    const ver = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/secretlint/package.json'), 'utf8')).version;
    results.push(score(`secretlint ${ver} (preset-recommend)`, flagged, ms));
  } else console.log('secretlint not installed: skipped');
}

console.log(`corpus: ${lines.filter((l) => l.label).length} secret lines, ${lines.filter((l) => !l.label).length} clean strings, ${(bytes / 1e6).toFixed(1)} MB`);
console.log('| tool | recall (secrets) | false positives per 10,000 clean strings | throughput |');
console.log('|---|---|---|---|');
for (const r of results) {
  console.log(`| ${r.name} | ${(100 * r.recall).toFixed(1)}% (${r.tp}/${r.pos}) | ${r.fpPer10k.toFixed(1)} (${r.fp}/${r.neg}) | ${r.mbps.toFixed(2)} MB/s |`);
}
const kinds = Object.keys(results[0].perKind).sort();
console.log('\n| kind | ' + results.map((r) => r.name.split(' ')[0]).join(' | ') + ' |');
console.log('|---|' + results.map(() => '---|').join(''));
for (const k of kinds) {
  console.log(`| ${k} | ` + results.map((r) => { const [n, h] = r.perKind[k]; return `${((100 * h) / n).toFixed(0)}%`; }).join(' | ') + ' |');
}
fs.writeFileSync(path.join(art, 'results.json'), JSON.stringify(results, null, 2));
