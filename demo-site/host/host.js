// The mock host: sends the widget its tool result (with secrets and PII a careless server let
// through) and shows which tool calls reached it.
const toolOutput = {
  orders: [
    { id: 'ORD-2024-000123', item: 'blue mug', total: 18.5, customer: { name: 'Jane Doe', email: 'jane.doe@example.com', phone: '+1 415 555 0142' } },
    { id: 'ORD-2024-000124', item: 'red scarf', total: 42, card: '4111 1111 1111 1111' },
  ],
  session: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
  debug: { stripeKey: 'sk_live_' + '51H8xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGHIJ' },
};
document.getElementById('raw-props').textContent = JSON.stringify(toolOutput, null, 2);
const frame = document.getElementById('widget');
window.addEventListener('message', (event) => {
  if (event.source !== frame.contentWindow) return;
  if (event.data?.type === 'ready') frame.contentWindow.postMessage({ type: 'tool-result', toolOutput }, '*');
  if (event.data?.type === 'tool-call') {
    const row = document.createElement('li');
    row.textContent = `${event.data.name}(${JSON.stringify(event.data.args)})`;
    document.getElementById('host-calls').append(row);
  }
});
