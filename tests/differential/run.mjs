// Differential test: the engine's verdicts against real Chromium's.
//
// Each group is one page load: a page origin served (through a loopback proxy) with CSP headers,
// from which the test makes requests. Chromium's verdict is whether a `securitypolicyviolation`
// event fires; the engine's is `csp-tools check --batch` on the same policies, page and URL.
// Every case must agree. Usage: node tests/differential/run.mjs [--seed N] [--groups N]
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { launchChromium } from '../lib/browser.mjs';
import { startProxy } from '../lib/servers.mjs';
import { TARGETED_GROUPS, randomGroups } from './cases.mjs';

const { values: options } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, groups: { type: 'string', default: '80' } },
});
const CSP_TOOLS = process.env.CSP_TOOLS || 'target/release/csp-tools';
const ARTIFACTS = 'tests/.artifacts';

const groups = [...TARGETED_GROUPS, ...randomGroups(Number(options.seed), Number(options.groups), 24)];
const byId = new Map(groups.map((group) => [group.id, group]));

function servePage(req, res) {
  const id = req.url.startsWith('/__page/') ? decodeURIComponent(req.url.slice('/__page/'.length)) : null;
  const group = id && byId.get(id);
  if (!group) {
    res.writeHead(204, { 'Access-Control-Allow-Origin': '*' }).end();
    return;
  }
  const enforce = group.commaJoined ? [group.enforce.join(', ')] : group.enforce;
  const headers = { 'Content-Type': 'text/html', 'Content-Security-Policy': enforce };
  if (group.reportOnly?.length) headers['Content-Security-Policy-Report-Only'] = group.reportOnly;
  res.writeHead(200, headers).end('<!doctype html><title>differential</title>');
}

/**
 * Runs in the page: makes each request in turn, then reads which of them caused violations.
 * A violation is matched to its request by directive and blocked URL, not by when it arrives: the
 * events are queued tasks, and on a loaded machine one can land after the next request started
 * (or come from the browser's own loads, such as the favicon).
 */
async function requestAll(requests) {
  const violations = new Set();
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.add(`${event.disposition} ${event.effectiveDirective} ${event.blockedURI}`);
  });
  const attempt = (kind, url) => new Promise((done) => {
    setTimeout(done, 3000);
    try {
      if (kind === 'fetch') {
        fetch(url, { mode: 'no-cors' }).then(done, done);
      } else if (kind === 'img') {
        const img = new Image();
        img.onload = img.onerror = done;
        img.src = url;
      } else {
        const socket = new WebSocket(url);
        socket.onopen = () => { socket.close(); done(); };
        socket.onerror = socket.onclose = done;
      }
    } catch {
      done();
    }
  });
  // The blocked URL as Chromium reports it: serialized without the fragment, or only the scheme
  // for URLs without an origin (data:, blob:).
  const reported = (url) => {
    const parsed = new URL(url);
    if (!/^(https?|wss?):$/.test(parsed.protocol)) return parsed.protocol.slice(0, -1);
    parsed.hash = '';
    return parsed.href;
  };
  for (const { kind, url } of requests) await attempt(kind, url);
  await new Promise((resolve) => setTimeout(resolve, 100));
  return requests.map(({ kind, url }) => {
    const key = `${kind === 'img' ? 'img-src' : 'connect-src'} ${reported(url)}`;
    return { enforce: violations.has(`enforce ${key}`), report: violations.has(`report ${key}`) };
  });
}

async function browserVerdicts() {
  const proxy = await startProxy(servePage);
  const browser = await launchChromium({ proxy: proxy.proxyUrl });
  try {
    const page = await browser.newPage();
    const verdicts = new Map();
    for (const group of groups) {
      const url = new URL(`__page/${encodeURIComponent(group.id)}`, group.page).href;
      await page.goto(url);
      const landed = page.url();
      if (landed !== url) throw new Error(`navigated to ${url} but landed on ${landed}`);
      verdicts.set(group.id, await page.evaluate(requestAll, group.requests));
    }
    return verdicts;
  } finally {
    await browser.close();
    await proxy.close();
  }
}

function engineVerdicts() {
  const lines = [];
  for (const group of groups) {
    for (const { kind, url } of group.requests) {
      lines.push({ policies: group.enforce, page: group.page, url, kind });
      if (group.reportOnly?.length) lines.push({ policies: group.reportOnly, page: group.page, url, kind });
    }
  }
  const run = spawnSync(CSP_TOOLS, ['check', '--batch', '-'], {
    input: lines.map((line) => JSON.stringify(line)).join('\n'),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(`${CSP_TOOLS} failed (${run.status}): ${run.stderr}`);
  const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
  if (answers.length !== lines.length) throw new Error(`expected ${lines.length} answers, got ${answers.length}`);
  return answers;
}

const started = Date.now();
const browser = await browserVerdicts();
const engine = engineVerdicts();
const disagreements = [];
let cases = 0;
let blocked = 0;
let next = 0;
for (const group of groups) {
  browser.get(group.id).forEach((seen, index) => {
    const request = group.requests[index];
    const checks = [{ policies: group.enforce, chromiumBlocked: seen.enforce }];
    if (group.reportOnly?.length) checks.push({ policies: group.reportOnly, chromiumBlocked: seen.report, reportOnly: true });
    for (const check of checks) {
      const answer = engine[next++];
      cases++;
      if (check.chromiumBlocked) blocked++;
      if (answer.error || answer.allowed === check.chromiumBlocked) {
        disagreements.push({ group: group.id, page: group.page, ...request, ...check, engine: answer });
      }
    }
  });
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`differential: ${cases} cases (${blocked} blocked by Chromium) in ${groups.length} page loads, ` +
  `${cases - disagreements.length}/${cases} agree (${seconds}s)`);
if (disagreements.length) {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(`${ARTIFACTS}/differential-disagreements.json`, JSON.stringify(disagreements, null, 2));
  for (const d of disagreements.slice(0, 40)) {
    console.log(`  ${d.group} page=${d.page} ${d.kind} ${d.url}\n    policies=${JSON.stringify(d.policies)}${d.reportOnly ? ' (report-only)' : ''}\n` +
      `    chromium: ${d.chromiumBlocked ? 'blocked' : 'allowed'}; engine: ${d.engine.error ?? d.engine.reason}`);
  }
  console.log(`all ${disagreements.length} disagreements: ${ARTIFACTS}/differential-disagreements.json`);
  process.exit(1);
}
