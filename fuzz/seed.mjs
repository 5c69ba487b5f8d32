// Builds the fuzz targets' seed corpora in fuzz/corpus/<target>/ (git-ignored), from data the
// repository already has, so no seed file is committed:
//
//   policy_parse, validate  one seed per policy of tests/data/real-csp.txt (= ../shared/data/real-csp.txt);
//                           validate also gets some as a raw header block and as HTML <meta>
//   generate                the configuration files of the repository, and each preset in TOML
//   sanitize                documents of the sanitizer's labelled corpus (widget-guard/tests/
//                           sanitize_support/corpus.rs, written out by the sanitize_corpus test
//                           through SANITIZE_CORPUS_OUT), some with option bytes in front
//   source_match            none: its structured input draws real-world source expressions and
//                           hosts from real-csp.txt by index (fuzz/src/real_world.rs)
//
// Usage: node fuzz/seed.mjs   (idempotent: files are named by their origin and overwritten)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const counts = {};

function seed(target, name, content) {
  const dir = path.join(root, 'fuzz/corpus', target);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), content);
  counts[target] = (counts[target] ?? 0) + 1;
}

const read = (file) => fs.readFileSync(path.join(root, file), 'utf8');
const html = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

// Real-world policies.
const policies = read('tests/data/real-csp.txt').split('\n').filter((line) => line.trim());
policies.forEach((policy, i) => {
  const n = String(i + 1).padStart(4, '0');
  seed('policy_parse', `real-${n}`, policy);
  seed('validate', `real-${n}`, policy);
  if (i % 20 === 0) {
    const next = policies[(i + 1) % policies.length];
    seed('validate', `headers-${n}`,
      `HTTP/1.1 200 OK\r\nContent-Security-Policy: ${policy}\r\nContent-Security-Policy-Report-Only: ${next}\r\n\r\n`);
    seed('validate', `meta-${n}`,
      `<!doctype html>\n<head>\n<meta http-equiv="Content-Security-Policy" content="${html(policy)}">\n</head>\n`);
  }
});

// Configurations: the repository's own, and each preset with a few domains.
for (const file of ['demo-site/csp.toml', 'csp-tools/tests/fixtures/generate/csp.toml',
  'csp-tools/tests/fixtures/generate/csp.json', 'csp-tools/tests/fixtures/generate/broken.toml']) {
  seed('generate', `repo-${file.replaceAll('/', '_')}`, read(file));
}
for (const preset of ['apps-sdk-widget', 'mcp-app', 'strict-dynamic', 'static-site']) {
  seed('generate', `preset-${preset}.toml`, `preset = "${preset}"\nreport-only = false\nframe-ancestors = ["https://chat.example"]\n\n`
    + '[domains]\nconnect = ["https://api.example.com/v1/", "wss://rt.example.com"]\nresource = ["https://*.cdn.example.com"]\n\n'
    + '[report]\nuri = "https://csp.example.com/report"\n\n'
    + '[hashes]\nscript = ["sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="]\n');
}

// The sanitizer's corpus: two documents per kind and context, and 300 clean ones.
const corpusFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-seed-')), 'corpus.jsonl');
execFileSync('cargo', ['test', '-q', '-p', 'widget-guard', '--test', 'sanitize_corpus'], {
  cwd: root,
  env: { ...process.env, SANITIZE_CORPUS_OUT: corpusFile },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const taken = {};
let clean = 0;
let n = 0;
for (const line of fs.readFileSync(corpusFile, 'utf8').split('\n')) {
  if (!line) continue;
  const item = JSON.parse(line);
  const key = `${item.label}-${item.context}`;
  if (item.label ? (taken[key] = (taken[key] ?? 0) + 1) > 2 : ++clean > 300) continue;
  n += 1;
  const doc = Buffer.from(item.doc);
  seed('sanitize', `corpus-${String(n).padStart(4, '0')}`, doc);
  // 0xFF, flags, disabled categories (fuzz/src/sanitize_invariants.rs): remove, mask, keys + paths.
  if (n % 10 === 0) {
    for (const flags of [1, 2, 12]) {
      seed('sanitize', `corpus-${String(n).padStart(4, '0')}-options-${flags}`, Buffer.concat([Buffer.from([0xff, flags, 0]), doc]));
    }
  }
}
fs.rmSync(path.dirname(corpusFile), { recursive: true });
fs.mkdirSync(path.join(root, 'fuzz/corpus/source_match'), { recursive: true });
console.log(`fuzz seeds: ${Object.entries(counts).map(([t, c]) => `${t} ${c}`).join(', ')}`);
