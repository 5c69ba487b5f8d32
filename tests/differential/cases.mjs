// The (policy, page, request) cases of the differential test: hand-picked cases that probe each
// place where Chromium and the CSP3 text differ, plus seeded random combinations of the same parts.

const PAGES = [
  'http://app.test/', 'https://app.test/', 'http://app.test:8080/', 'https://app.test:8443/',
  'http://api.test/', 'https://api.test/',
];

const SOURCES = [
  '*', "'self'", "'none'", 'https:', 'http:', 'wss:', 'ws:', 'data:',
  'api.test', '*.api.test', 'https://api.test', 'http://api.test', 'wss://api.test', 'ws://api.test',
  'api.test:8080', 'api.test:*', 'https://api.test:443', 'http://api.test:80', 'api.test:80',
  'http://api.test:8080', 'https://*.api.test:8443', 'api.test/v1/', 'api.test/v1', 'https://api.test/v1/x',
  'https://api.test/a%2Fb', 'API.TEST', 'HTTPS://Api.Test', 'Https:', '127.0.0.1', '127.0.0.1:*', 'app.test',
  'http://app.test:8080', 'https://*', '*:8080', '*.test', 'other.test/path/', 'api.test.', 'api.test/v1?x=1',
  "'unsafe-inline'", "'nonce-abc'", "'sha256-abc='", 'in^valid', 'https://api.test:99999', 'https://api.test/caf%C3%A9/',
];

const HOSTS = ['app.test', 'api.test', 'sub.api.test', 'a.b.api.test', 'other.test', '127.0.0.1'];
const PORTS = ['', ':8080', ':8443', ':443', ':80'];
const PATHS = ['/', '/v1/', '/v1/x', '/v1', '/a%2Fb', '/a/b', '/V1/x', '/caf%C3%A9/', '/path/deeper'];
const DIRECTIVES = ['connect-src', 'img-src', 'default-src'];

/** mulberry32: a tiny seeded PRNG, so a failing case can be reproduced from its seed. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function requestUrl(random, kind, pageSecure) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  if (kind !== 'websocket' && random() < 0.05) {
    return 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
  }
  // https pages only make secure requests: mixed-content blocking is not CSP's business.
  const secure = pageSecure || random() < 0.5;
  const scheme = kind === 'websocket' ? (secure ? 'wss' : 'ws') : (secure ? 'https' : 'http');
  return `${scheme}://${pick(HOSTS)}${pick(PORTS)}${pick(PATHS)}`;
}

function randomPolicy(random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const directives = [];
  const count = 1 + Math.floor(random() * 2);
  for (let i = 0; i < count; i++) {
    const sources = Array.from({ length: Math.floor(random() * 4) + (random() < 0.1 ? 0 : 1) }, () => pick(SOURCES));
    directives.push(`${pick(DIRECTIVES)} ${sources.join(' ')}`.trim());
  }
  return directives.join('; ');
}

/** Seeded random groups: one page load each, with its policies and requests. */
export function randomGroups(seed, count, requestsPerGroup) {
  const random = rng(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, (_, index) => {
    const page = pick(PAGES);
    const enforce = [randomPolicy(random)];
    if (random() < 0.3) enforce.push(randomPolicy(random));
    const reportOnly = random() < 0.2 ? [randomPolicy(random)] : [];
    const requests = Array.from({ length: requestsPerGroup }, () => {
      const kind = pick(['fetch', 'fetch', 'websocket', 'img']);
      return { kind, url: requestUrl(random, kind, page.startsWith('https')) };
    });
    return { id: `r${seed}-${index}`, page, enforce, commaJoined: random() < 0.3, reportOnly, requests };
  });
}

/** Cases chosen to probe each known difference between Chromium and the CSP3 text. */
export const TARGETED_GROUPS = [
  // One probe per rule: each group's policy has a single source, so nothing else can allow it.
  ...[
    ['http://api.test:8080', 'fetch', 'https://api.test:8080/'], // Chromium: scheme upgrade needs a default port
    ['http://api.test:8080', 'fetch', 'http://api.test:8080/'],
    ['api.test:80', 'fetch', 'https://api.test/'], // port 80 upgrades to 443 along with the scheme
    ['https://api.test:80', 'fetch', 'https://api.test/'], // but not without a scheme upgrade
    ['ws://api.test', 'websocket', 'wss://api.test/'], // ws: upgrades to wss:
    ['wss://api.test', 'fetch', 'https://api.test/'], // spec: wss matches https; Chromium: no
    ['ws://api.test', 'fetch', 'http://api.test/'], // spec: ws matches http; Chromium: no
    ['ws://api.test', 'fetch', 'https://api.test/'],
    ['http://api.test', 'websocket', 'ws://api.test/'],
    ['https:', 'websocket', 'wss://api.test/'],
    ['http:', 'websocket', 'ws://api.test/'],
    ['api.test', 'websocket', 'ws://api.test/'], // scheme-less source takes the page's http
    ['*', 'websocket', 'ws://api.test/'], // Chromium: * covers ws and wss
    ['*', 'fetch', 'data:text/plain,x'],
    ['API.TEST', 'fetch', 'http://api.test/'],
    ['*.api.test', 'fetch', 'http://api.test/'], // a wildcard never matches the apex
    ['api.test.', 'fetch', 'http://api.test/'], // Chromium rejects the trailing dot the grammar allows
    ['api.test/a%2Fb', 'fetch', 'http://api.test/a/b'],
    ['api.test/v1?x', 'fetch', 'http://api.test/v1'], // Chromium drops the query and keeps the source
    ["'none' api.test", 'fetch', 'http://api.test/'], // 'none' is ignored next to other sources
    ["'self'", 'fetch', 'https://app.test:80/'], // Chromium's self-source has the effective port 80
    ["'self'", 'websocket', 'ws://app.test/'], // 'self' on an http page covers ws on default ports
  ].map(([source, kind, url], index) => ({
    id: `rule-${index}`, page: 'http://app.test/', enforce: [`connect-src ${source}`], requests: [{ kind, url }],
  })),
  {
    id: 'self-http-page', page: 'http://app.test:8080/',
    enforce: ["default-src 'self'"],
    requests: [
      { kind: 'fetch', url: 'http://app.test:8080/x' }, { kind: 'fetch', url: 'https://app.test:8080/x' },
      { kind: 'fetch', url: 'https://app.test/x' }, { kind: 'websocket', url: 'ws://app.test:8080/' },
      { kind: 'websocket', url: 'wss://app.test/' }, { kind: 'fetch', url: 'http://app.test/' },
      { kind: 'img', url: 'http://sub.app.test:8080/' },
    ],
  },
  {
    id: 'self-https-page', page: 'https://app.test/',
    enforce: ["connect-src 'self'; img-src *"],
    requests: [
      { kind: 'websocket', url: 'wss://app.test/' }, { kind: 'fetch', url: 'https://app.test:443/' },
      { kind: 'fetch', url: 'https://app.test:8443/' }, { kind: 'img', url: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' },
      { kind: 'img', url: 'https://anything.test/' }, { kind: 'websocket', url: 'wss://api.test/' },
    ],
  },
  {
    id: 'star-and-schemes', page: 'https://app.test/',
    enforce: ['connect-src *; img-src https:'],
    requests: [
      { kind: 'websocket', url: 'wss://api.test/' }, { kind: 'fetch', url: 'data:text/plain,x' },
      { kind: 'img', url: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }, { kind: 'img', url: 'https://x.test/' },
    ],
  },
  {
    id: 'hosts-paths', page: 'http://app.test/',
    enforce: ['connect-src *.api.test API.TEST/V1/ https://api.test/a%2Fb other.test. https://api.test/caf%C3%A9/'],
    requests: [
      { kind: 'fetch', url: 'http://api.test/x' }, { kind: 'fetch', url: 'http://sub.api.test/x' },
      { kind: 'fetch', url: 'http://api.test/V1/x' }, { kind: 'fetch', url: 'http://api.test/v1/x' },
      { kind: 'fetch', url: 'https://api.test/a/b' }, { kind: 'fetch', url: 'https://api.test/a%2Fb' },
      { kind: 'fetch', url: 'https://api.test/caf%C3%A9/menu' }, { kind: 'fetch', url: 'http://other.test/' },
    ],
  },
  {
    id: 'list-semantics', page: 'https://app.test/',
    enforce: ["connect-src https://api.test; connect-src https://other.test, connect-src 'none' https://other.test"],
    reportOnly: ['connect-src https://api.test'],
    requests: [
      { kind: 'fetch', url: 'https://api.test/' }, { kind: 'fetch', url: 'https://other.test/' },
    ],
  },
];
