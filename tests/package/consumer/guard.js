// Loaded first: importing this module installs the guard before the importer's body runs (an
// import's module body is evaluated before the module that imports it).
import { install } from "widget-guard";

const api = new URLSearchParams(location.search).get("api") ?? "";
export const ready = install({ connectDomains: [api], allow: [{ origin: api, paths: ["/v1/"], methods: ["GET"] }] });
