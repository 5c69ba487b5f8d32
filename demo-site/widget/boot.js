// Installs the guard before any widget code runs. The destructive-tool confirmation is the
// widget's own dialog: window.confirm is blocked.
window.guardReady = WidgetGuard.install({
  connectDomains: [DEMO.origins.api],
  allow: [{ origin: DEMO.origins.api, paths: ['/v1/'], methods: ['GET'] }],
  redirects: ['https://example.com'],
  sanitizeProps: true,
  tools: ['search_items', { name: 'delete_order', destructiveHint: true }],
  confirmTool: ({ tool, args }) =>
    new Promise((resolve) => {
      const dialog = document.getElementById('confirm-dialog');
      document.getElementById('confirm-text').textContent = `Really run ${tool}(${JSON.stringify(args)})? This cannot be undone.`;
      document.getElementById('confirm-yes').onclick = () => { dialog.close(); resolve(true); };
      document.getElementById('confirm-no').onclick = () => { dialog.close(); resolve(false); };
      dialog.showModal();
    }),
});
