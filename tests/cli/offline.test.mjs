// Budget: the csp-tools binary starts and validates a policy with no network at all, inside a
// fresh network namespace (unshare -rn: a loopback device and no route). CI policy checks must never
// depend on the network.
//   cargo build --release -p csp-tools && node --test tests/cli/
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { test } from 'node:test';

const CLI = 'target/release/csp-tools';
const offline = (command, args) => spawnSync('unshare', ['-rn', command, ...args], { encoding: 'utf8' });

test('inside the namespace there is only a loopback device and no route', () => {
  const devices = offline('cat', ['/proc/net/dev']); // per network namespace, unlike /sys/class/net
  assert.equal(devices.status, 0, `unshare -rn failed: ${devices.stderr}`);
  assert.deepEqual(devices.stdout.trim().split('\n').slice(2).map((line) => line.trim().split(':')[0]), ['lo']);
  assert.equal(offline('cat', ['/proc/net/route']).stdout.trim().split('\n').length, 1, 'no routes: nothing is reachable');
});

test('csp-tools validate runs offline: a strict policy passes, a weak one fails with its findings', (t) => {
  t.diagnostic(`${CLI}: ${statSync(CLI).size} bytes (${execFileSync(CLI, ['--version'], { encoding: 'utf8' }).trim()})`);
  const strict = offline(CLI, ['validate', '--format', 'json', "script-src 'nonce-rAnd0m123' 'strict-dynamic'; object-src 'none'; base-uri 'none'"]);
  assert.equal(strict.status, 0, strict.stderr);
  assert.deepEqual(JSON.parse(strict.stdout).findings.filter((finding) => finding.severity === 'high'), []);
  const weak = offline(CLI, ['validate', '--fail-on', 'high', "script-src * 'unsafe-inline'"]);
  assert.equal(weak.status, 1, weak.stderr);
  assert.match(weak.stdout, /unsafe-inline/);
});
