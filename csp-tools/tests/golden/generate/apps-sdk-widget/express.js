// Express + helmet: app.use(helmet.contentSecurityPolicy(cspOptions));
// useDefaults: false, so exactly these directives are sent.
const cspOptions = {
  useDefaults: false,
  reportOnly: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'", "https://cdn.example.com", "'wasm-unsafe-eval'"],
    styleSrc: ["'self'", "https://cdn.example.com"],
    imgSrc: ["'self'", "data:", "https://cdn.example.com"],
    fontSrc: ["'self'", "https://cdn.example.com"],
    mediaSrc: ["'self'", "https://cdn.example.com"],
    connectSrc: ["https://api.example.com", "wss://realtime.example.com"],
    frameSrc: ["'none'"],
    workerSrc: ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    reportUri: ["https://csp.example.com/report"],
    reportTo: ["csp-endpoint"],
  },
};
// Also send: res.setHeader("Reporting-Endpoints", "csp-endpoint=\"https://csp.example.com/report\"");
module.exports = { cspOptions };
