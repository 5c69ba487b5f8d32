// Express + helmet: app.use(helmet.contentSecurityPolicy(cspOptions));
// useDefaults: false, so exactly these directives are sent.
const cspOptions = {
  useDefaults: false,
  reportOnly: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'nonce-CSP_NONCE'", "'strict-dynamic'"],
    styleSrc: ["'self'", "https://cdn.example.com"],
    imgSrc: ["'self'", "data:", "https://cdn.example.com"],
    fontSrc: ["'self'", "https://cdn.example.com"],
    mediaSrc: ["'self'", "https://cdn.example.com"],
    connectSrc: ["'self'", "https://api.example.com", "wss://realtime.example.com"],
    frameSrc: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'self'"],
    upgradeInsecureRequests: [],
    reportUri: ["https://csp.example.com/report"],
    reportTo: ["csp-endpoint"],
  },
};
// Also send: res.setHeader("Reporting-Endpoints", "csp-endpoint=\"https://csp.example.com/report\"");
module.exports = { cspOptions };
