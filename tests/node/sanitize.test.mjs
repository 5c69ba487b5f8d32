// widget-guard's sanitizer in Node, as an MCP server would use it before sending
// `structuredContent`: the package's Node entry (dist/widget-guard.node.cjs, built by
// `node widget-guard/build.mjs`), loaded with require like any CommonJS consumer.
//   node tests/node/sanitize.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const { sanitizeProps, redactText } = createRequire(import.meta.url)('../../dist/widget-guard.node.cjs');

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const GH = 'ghp_' + 'abcdefghijklmnopqrstuvwxyzABCD' + 'XXXXXX'; // checksum not valid: still redacted (medium)

/** A realistic MCP tool result for an order-tracking app. */
function toolResult() {
  return {
    content: [{ type: 'text', text: 'Order ORD-2024-000123 shipped to jane.doe@example.com' }],
    structuredContent: {
      order: {
        id: 'ORD-2024-000123',
        uuid: '550e8400-e29b-41d4-a716-446655440000',
        total: 129.99,
        currency: 'EUR',
        items: [
          { sku: 'SKU-1', qty: 2, price: 19.5, image: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==' },
          { sku: 'SKU-2', qty: 1, price: 90.99, image: null },
        ],
        createdAt: '2024-05-01T10:22:31.000Z',
        shipped: true,
      },
      customer: {
        name: 'Jane Doe',
        email: 'jane.doe@example.com',
        phone: '+1 (415) 555-0132',
        ssn: '123-45-6789',
        ip: '203.0.113.42',
      },
      payment: { card: '4111 1111 1111 1111', iban: 'DE89 3704 0044 0532 0130 00', last4: '1111' },
      auth: { accessToken: JWT, tokenType: 'Bearer', expiresIn: 3600, passwordHint: 'Use at least 12 characters' },
      integrations: {
        github: GH,
        stripe: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
        db: 'postgres://app:s3cr3tPassw0rd@db.internal:5432/orders',
        headers: { Authorization: 'Bearer abcDEF123456ghiJKL789', Cookie: 'sessionid=Zx81kLq02mNbVc7T3pRw9; theme=dark' },
      },
      ui: { labelKey: 'checkout.button.label', className: 'btn btn-primary sk-spinner', nextPageToken: 'CAoQAAxyZ3bVa8Pq1LmN' },
    },
    _meta: { 'openai/outputTemplate': 'ui://widget/order.html' },
  };
}

function sameShape(a, b) {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameShape(x, b[i]));
  if (a && typeof a === 'object') {
    const ka = Object.keys(a), kb = Object.keys(b ?? {});
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && sameShape(a[k], b[k]));
  }
  return typeof a === typeof b && (typeof a === 'string' || a === b);
}

test('sanitizes a realistic structuredContent', () => {
  const input = toolResult();
  const before = JSON.stringify(input);
  const { value, findings } = sanitizeProps(input);
  assert.equal(JSON.stringify(input), before, 'the input is not modified');
  assert.ok(sameShape(input, value), 'same keys, same order, same array lengths, same non-strings');
  const s = value.structuredContent;
  assert.equal(s.customer.email, '[REDACTED:email]');
  assert.equal(s.customer.phone, '[REDACTED:phone]');
  assert.equal(s.customer.ssn, '[REDACTED:ssn]');
  assert.equal(s.customer.ip, '[REDACTED:ip_address]');
  assert.equal(s.customer.name, 'Jane Doe');
  assert.equal(s.payment.card, '[REDACTED:card]');
  assert.equal(s.payment.iban, '[REDACTED:iban]');
  assert.equal(s.payment.last4, '1111');
  assert.equal(s.auth.accessToken, '[REDACTED:jwt]');
  assert.equal(s.auth.tokenType, 'Bearer');
  assert.equal(s.auth.passwordHint, 'Use at least 12 characters');
  assert.equal(s.integrations.github, '[REDACTED:github_token]');
  assert.equal(s.integrations.stripe, '[REDACTED:stripe_key]');
  assert.equal(s.integrations.db, 'postgres://app:[REDACTED:url_credentials]@db.internal:5432/orders');
  assert.equal(s.integrations.headers.Authorization, 'Bearer [REDACTED:authorization]');
  assert.equal(s.integrations.headers.Cookie, 'sessionid=[REDACTED:session_cookie]; theme=dark');
  assert.deepEqual(s.order, input.structuredContent.order, 'UUIDs, data: URLs, timestamps, numbers untouched');
  assert.deepEqual(s.ui, input.structuredContent.ui);
  assert.equal(value.content[0].text, 'Order ORD-2024-000123 shipped to [REDACTED:email]');
  assert.deepEqual(value._meta, input._meta);
  const pointers = findings.map((f) => `${f.pointer} ${f.kind} ${f.confidence}`);
  assert.ok(pointers.includes('/structuredContent/auth/accessToken jwt high'), pointers.join('\n'));
  assert.ok(pointers.includes('/structuredContent/integrations/github github_token medium'));
  assert.equal(findings.length, 13, pointers.join('\n'));
  const text = JSON.stringify(findings);
  for (const secret of ['jane.doe', JWT, GH, 's3cr3t', '4111', 'DE89', 'Zx81k']) assert.ok(!text.includes(secret));
  for (const f of findings) assert.deepEqual(Object.keys(f), ['pointer', 'kind', 'confidence']);
  assert.deepEqual(sanitizeProps(value).findings, [], 'idempotent');
});

test('options: mode, categories, keepPaths, secretKeys', () => {
  const v = { card: '4111111111111111', mail: 'a.b@example.com', keep: { mail: 'c.d@example.com' }, ref: 'xyz' };
  const r = sanitizeProps(v, { mode: 'mask', categories: { email: false }, keepPaths: ['/keep'], secretKeys: ['ref'] });
  assert.deepEqual(r.value, { card: '****1111', mail: 'a.b@example.com', keep: { mail: 'c.d@example.com' }, ref: '****' });
  assert.deepEqual(sanitizeProps(v, { mode: 'remove' }).value.card, '');
  assert.throws(() => sanitizeProps(v, { mdoe: 'mask' }), /unknown option 'mdoe'/);
  assert.throws(() => sanitizeProps(v, { categories: { emails: false } }), /unknown category 'emails'/);
  assert.throws(() => sanitizeProps(v, { keepPaths: ['keep'] }), /not a JSON pointer/);
  assert.throws(() => sanitizeProps(v, { keepPaths: '/keep' }), /keepPaths must be an array of JSON pointers/);
  assert.throws(() => sanitizeProps(v, { categories: { email: 'no' } }), /categories\.email must be true or false/);
  assert.throws(() => sanitizeProps(v, { secretKeys: ['a\nmode\tremove'] }), /secretKeys\[0\] must be a string without control characters/);
  assert.throws(() => redactText('x', { mode: 'MASK' }), /unknown mode 'MASK' \(redact, remove, mask\)/);
  assert.throws(() => redactText('x', 'mask'), /expected \{ categories, keepPaths, secretKeys, mode \}/);
});

test('non-JSON input is refused with a clear error, never silently dropped', () => {
  assert.throws(() => sanitizeProps({ a: 1, f() {} }), /a function at key "f"/);
  assert.throws(() => sanitizeProps({ a: undefined }), /a undefined at key "a"/);
  assert.throws(() => sanitizeProps({ n: 10n }), /TypeError|bigint/);
  assert.throws(() => sanitizeProps({ x: NaN }), /NaN at key "x"/);
  assert.throws(() => sanitizeProps({ m: new Map() }), /a Map or Set at key "m"/);
  const cyc = { a: {} };
  cyc.a.self = cyc;
  assert.throws(() => sanitizeProps(cyc), /not JSON .*circular|cycles/i);
  let deep = {};
  for (let i = 0; i < 200; i++) deep = { d: deep };
  assert.throws(() => sanitizeProps(deep), /nesting deeper than 128/);
  // Documented lossless treatment: a Date becomes its ISO string (its toJSON).
  assert.deepEqual(sanitizeProps({ at: new Date(0) }).value, { at: '1970-01-01T00:00:00.000Z' });
});

test('redactText for log lines', () => {
  assert.equal(
    redactText('POST /login user=jane.doe@example.com ip=203.0.113.42 password=hunter22 auth=Bearer abcDEF123456ghiJKL789'),
    'POST /login user=[REDACTED:email] ip=[REDACTED:ip_address] password=[REDACTED:generic_secret] auth=Bearer [REDACTED:authorization]',
  );
  assert.equal(redactText('order ORD-2024-000123 at 2024-05-01T10:22:31Z took 12ms'), 'order ORD-2024-000123 at 2024-05-01T10:22:31Z took 12ms');
});

test('throughput (printed, not asserted)', () => {
  // Warm up first: V8 runs new Wasm in its baseline compiler, then tiers up.
  const doc = JSON.stringify(toolResult());
  const big = JSON.stringify(Array.from({ length: 2000 }, () => JSON.parse(doc)));
  const clean = 'order ORD-2024-000123 shipped at 2024-05-01T10:22:31Z, 3 items, total 129.99 EUR; '.repeat(120_000);
  const prose = 'The quick brown fox jumps over the lazy dog while the widget renders its list. '.repeat(125_000);
  const value = JSON.parse(big);
  sanitizeProps(value);
  redactText(clean);
  // Best of 3: the machines are shared, and a neighbour's build only ever slows a run down.
  const rate = (name, bytes, f) => {
    let r, best = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      r = f();
      best = Math.min(best, performance.now() - t);
    }
    console.log(`# ${name}: ${(bytes / 1e6).toFixed(1)} MB, best of 3 ${best.toFixed(0)} ms = ${(bytes / 1e3 / best).toFixed(1)} MB/s`);
    return r;
  };
  const r = rate('sanitizeProps, tool results (incl. JSON.stringify/parse)', big.length, () => sanitizeProps(value));
  assert.equal(r.findings.length, 2000 * 13);
  rate('redactText, log lines with ids and timestamps', clean.length, () => redactText(clean));
  rate('redactText, prose', prose.length, () => redactText(prose));
});
