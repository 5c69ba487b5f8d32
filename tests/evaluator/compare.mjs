// Side by side with Google's csp_evaluator 1.1.8: every policy of tests/data/real-csp.txt through
// both tools in one run, compared finding type by finding type (the csp_evaluator types that
// `csp-tools validate` also reports, via each finding's `evaluator_type`).
//
// A disagreement is one (line, type, directive, value) that one tool reports and the other does
// not. Each must match a documented explanation (EXPLANATIONS below, README.md in this folder);
// an unexplained disagreement fails the run (exit 1).
//
// Usage: node tests/evaluator/compare.mjs [--corpus FILE] [--bin PATH] [--verbose]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { CspEvaluator, DEFAULT_CHECKS, STRICTCSP_CHECKS } = require('csp_evaluator/dist/evaluator.js');
const { CspParser } = require('csp_evaluator/dist/parser.js');
const { Type } = require('csp_evaluator/dist/finding.js');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const corpus = path.resolve(arg('--corpus', path.join(root, 'tests/data/real-csp.txt')));
const bin = path.resolve(arg('--bin', path.join(root, 'target/release/csp-tools')));
const verbose = process.argv.includes('--verbose');

const lines = readFileSync(corpus, 'utf8').split('\n');

// --- csp_evaluator: DEFAULT_CHECKS on the effective policy, the strict-CSP checks on the parsed one.
/** csp_evaluator's findings for one policy string: Map(type -> Set(key)), or undefined if it throws. */
function evaluateOne(text) {
  let findings;
  try {
    findings = new CspEvaluator(new CspParser(text).csp).evaluate(STRICTCSP_CHECKS, DEFAULT_CHECKS);
  } catch {
    return undefined;
  }
  const byType = new Map();
  for (const f of findings) {
    const type = Type[f.type];
    if (!byType.has(type)) byType.set(type, new Set());
    byType.get(type).add(key(f.directive, f.value));
  }
  return byType;
}
const theirs = new Map(); // line number -> Map(type -> Set(key))
const evaluatorThrew = new Set(); // lines csp_evaluator cannot evaluate: not compared
lines.forEach((text, index) => {
  if (!text.trim()) return;
  const byType = evaluateOne(text);
  if (byType) theirs.set(index + 1, byType);
  else evaluatorThrew.add(index + 1);
});
const evaluatorErrors = evaluatorThrew.size;

// --- csp-tools validate: one JSON line per policy line.
const run = spawnSync(bin, ['validate', '--file', corpus, '--format', 'json', '--fail-on', 'high'], {
  maxBuffer: 1 << 30,
  encoding: 'utf8',
});
if (run.status === null || run.status > 1) {
  console.error(`csp-tools validate failed (status ${run.status}): ${run.stderr}`);
  process.exit(2);
}
const ours = new Map();
const invalidByLine = new Map(); // line -> tokens csp-tools reports as ignored by browsers
for (const line of run.stdout.split('\n')) {
  if (!line) continue;
  const doc = JSON.parse(line);
  const byType = new Map();
  for (const f of doc.findings) {
    if (!f.evaluator_type) continue;
    if (!byType.has(f.evaluator_type)) byType.set(f.evaluator_type, new Set());
    byType.get(f.evaluator_type).add(key(f.directive, f.value));
  }
  ours.set(doc.line, byType);
  const ignored = doc.findings.filter((f) => ['invalid-source', 'invalid-keyword', 'nonce-charset'].includes(f.id));
  invalidByLine.set(doc.line, new Set(ignored.map((f) => (f.value ?? '').toLowerCase())));
}

function key(directive, value) {
  return `${(directive ?? '').toLowerCase()}\t${(value ?? '').toLowerCase()}`;
}

// --- Explanations. Each: id, a one-line reason, and a predicate over the disagreement.
// d = { line, text, type, directive, value, side: 'ours' | 'theirs' }
const directiveText = (text, name) => {
  for (const part of text.split(/[;,]/)) {
    const tokens = part.trim().split(/[\t\n\f\r ]+/);
    if (tokens[0].toLowerCase() === name) return tokens.slice(1);
  }
  return undefined;
};
const names = (text) => text.split(/[;,]/).map((p) => p.trim().split(/[\t\n\f\r ]+/)[0].toLowerCase()).filter(Boolean);
const isCommaList = (text) => text.split(',').filter((p) => p.trim()).length > 1;
const nonAscii = (s) => /[^\x20-\x7e\t\n\f\r]/.test(s);

const EXPLANATIONS = [
  {
    id: 'policy-list',
    reason:
      'the line joins several policies with commas; browsers enforce each (the effective protection is their ' +
      'intersection), csp_evaluator reads the commas as part of one policy. Checked: csp_evaluator itself, run ' +
      'on each comma-separated policy alone, agrees with csp-tools (some policy lacks the finding it reports ' +
      'on the joined line, or some policy has the finding only csp-tools reports)',
    test: (d) => {
      if (!isCommaList(d.text)) return false;
      const parts = d.text.split(',').filter((p) => p.trim()).map(evaluateOne);
      const has = (part) => part?.get(d.type)?.has(key(d.directive, d.value));
      return d.side === 'theirs' ? parts.some((part) => !has(part)) : parts.some(has);
    },
  },
  {
    id: 'invalid-characters',
    reason: 'the directive holds non-ASCII or control characters, so browsers drop it; csp_evaluator still reads it',
    test: (d) => nonAscii(d.text),
  },
  {
    id: 'invalid-source',
    reason:
      'the token is not a valid CSP3 source expression, so browsers ignore it (csp-tools reports invalid-source ' +
      'instead); csp_evaluator judges it as if it worked',
    test: (d) => d.side === 'theirs' && d.value && d.invalidInOurs,
  },
  {
    id: 'strict-dynamic-default-src',
    reason:
      "'strict-dynamic' in default-src only affects scripts: object-src and base-uri falling back to default-src " +
      'still allow its hosts and schemes; csp_evaluator removes them for every directive',
    test: (d) =>
      d.side === 'ours' &&
      ['PLAIN_URL_SCHEMES', 'PLAIN_WILDCARD'].includes(d.type) &&
      d.directive === 'default-src' &&
      /'strict-dynamic'/i.test((directiveText(d.text, 'default-src') ?? []).join(' ')),
  },
  {
    id: 'retired-directive',
    reason:
      'plugin-types, navigate-to, policy-uri and allow were removed from CSP and browsers ignore them: csp-tools ' +
      'reports them as deprecated, csp_evaluator as live (or as unknown)',
    test: (d) =>
      ['DEPRECATED_DIRECTIVE', 'UNKNOWN_DIRECTIVE', 'MISSING_SEMICOLON'].includes(d.type) &&
      /^(plugin-types|navigate-to|policy-uri|allow)$/.test(d.directive || d.value),
  },
  {
    id: 'unshipped-directive',
    reason:
      'require-sri-for, webrtc and other names no browser enforces: csp-tools reports them as unknown, ' +
      'csp_evaluator lists them as directives',
    test: (d) => d.side === 'ours' && d.type === 'UNKNOWN_DIRECTIVE' && /^(require-sri-for|webrtc)$/.test(d.directive),
  },
];

// --- Compare.
const perType = new Map();
const disagreements = [];
const allLines = new Set([...theirs.keys(), ...ours.keys()].filter((line) => !evaluatorThrew.has(line)));
for (const line of [...allLines].sort((a, b) => a - b)) {
  const t = theirs.get(line) ?? new Map();
  const o = ours.get(line) ?? new Map();
  for (const type of new Set([...t.keys(), ...o.keys()])) {
    const a = t.get(type) ?? new Set();
    const b = o.get(type) ?? new Set();
    const stats = perType.get(type) ?? { lines: 0, agree: 0, both: 0, onlyTheirs: 0, onlyOurs: 0 };
    stats.lines++;
    let same = true;
    for (const k of a) {
      if (b.has(k)) stats.both++;
      else {
        stats.onlyTheirs++;
        same = false;
        disagreements.push({ line, type, k, side: 'theirs' });
      }
    }
    for (const k of b) {
      if (!a.has(k)) {
        stats.onlyOurs++;
        same = false;
        disagreements.push({ line, type, k, side: 'ours' });
      }
    }
    if (same) stats.agree++;
    perType.set(type, stats);
  }
}

const bothImplement = new Set(
  [...perType.keys()].filter((type) => type !== 'REPORTING_DESTINATION_MISSING' && type !== 'REPORT_TO_ONLY'),
);
const explained = new Map();
const unexplained = [];
for (const d of disagreements) {
  const text = lines[d.line - 1];
  const [directive, value] = d.k.split('\t');
  const full = { ...d, text, directive, value, invalidInOurs: invalidByLine.get(d.line)?.has(value) ?? false };
  const match = EXPLANATIONS.find((e) => e.test(full));
  if (match) {
    const list = explained.get(match.id) ?? [];
    list.push(full);
    explained.set(match.id, list);
  } else unexplained.push(full);
}


// --- Report.
let pairs = 0;
let agreed = 0;
let findingsBoth = 0;
let findingsEither = 0;
console.log(`csp_evaluator 1.1.8 vs csp-tools validate over ${corpus} (${theirs.size} policies)`);
if (evaluatorErrors) console.log(`csp_evaluator threw on ${evaluatorErrors} policies (lines ${[...evaluatorThrew].join(', ')}; not compared)`);
console.log('\ntype                                lines  agree  both-findings  only-csp_evaluator  only-csp-tools');
for (const [type, s] of [...perType.entries()].sort()) {
  if (!bothImplement.has(type)) continue;
  pairs += s.lines;
  agreed += s.agree;
  findingsBoth += s.both;
  findingsEither += s.both + s.onlyTheirs + s.onlyOurs;
  console.log(
    `${type.padEnd(34)} ${String(s.lines).padStart(6)} ${String(s.agree).padStart(6)} ${String(s.both).padStart(14)} ` +
      `${String(s.onlyTheirs).padStart(19)} ${String(s.onlyOurs).padStart(15)}`,
  );
}
const percent = ((agreed / Math.max(pairs, 1)) * 100).toFixed(1);
console.log(`\nagreement: ${agreed}/${pairs} (policy, finding type) pairs = ${percent}%`);
const single = [...allLines].filter((line) => !isCommaList(lines[line - 1]));
let singlePairs = 0;
let singleAgreed = 0;
for (const line of single) {
  const t = theirs.get(line) ?? new Map();
  const o = ours.get(line) ?? new Map();
  for (const type of new Set([...t.keys(), ...o.keys()])) {
    if (!bothImplement.has(type)) continue;
    singlePairs++;
    const a = t.get(type) ?? new Set();
    const b = o.get(type) ?? new Set();
    if (a.size === b.size && [...a].every((k) => b.has(k))) singleAgreed++;
  }
}
console.log(
  `agreement on the ${single.length} single-policy lines (no comma): ${singleAgreed}/${singlePairs} = ` +
    `${((singleAgreed / Math.max(singlePairs, 1)) * 100).toFixed(1)}%`,
);
console.log(
  `findings reported by both: ${findingsBoth}/${findingsEither} = ${((findingsBoth / Math.max(findingsEither, 1)) * 100).toFixed(1)}%`,
);
console.log(`disagreements: ${disagreements.length} findings, ${disagreements.length - unexplained.length} explained`);
for (const e of EXPLANATIONS) {
  const list = explained.get(e.id) ?? [];
  if (!list.length) continue;
  console.log(`\n[${e.id}] ${list.length} findings: ${e.reason}`);
  for (const d of verbose ? list : list.slice(0, 3)) {
    console.log(`  line ${d.line} ${d.type} ${d.directive} ${d.value || ''} (only ${d.side === 'ours' ? 'csp-tools' : 'csp_evaluator'})`);
  }
  if (!verbose && list.length > 3) console.log(`  … ${list.length - 3} more (--verbose lists all)`);
}
if (unexplained.length) {
  console.log(`\nUNEXPLAINED: ${unexplained.length}`);
  for (const d of unexplained.slice(0, verbose ? Infinity : 40)) {
    console.log(`  line ${d.line} ${d.type} [${d.directive}] [${d.value || ''}] only ${d.side === 'ours' ? 'csp-tools' : 'csp_evaluator'}`);
  }
  process.exit(1);
}
