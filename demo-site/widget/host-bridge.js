// What a chat host injects into the widget's frame (the Apps SDK's window.openai), played by the
// demo: the tool result arrives by message; tool calls go to the host by message.
window.openai = {
  toolInput: { query: 'recent orders' },
  toolOutput: null,
  widgetState: null,
  callTool: async (name, args) => {
    parent.postMessage({ type: 'tool-call', name, args }, '*');
    return { ok: true };
  },
};
window.addEventListener('message', (event) => {
  if (event.source === parent && event.data?.type === 'tool-result') {
    window.openai.toolOutput = event.data.toolOutput;
    window.dispatchEvent(new CustomEvent('openai:set_globals', { detail: { globals: {} } }));
  }
});
