// Intrinsics captured when this script runs, before any widget code. Everything the guard calls
// after install goes through these bindings, never through a global or prototype lookup that
// widget code could replace later. Methods are "uncurried": uncurry(f)(thisArg, ...args) calls
// f through a bound Function.prototype.call captured here, so even Function.prototype.call and
// Reflect can be replaced by the widget without effect on the guard.
const realm = globalThis;
const uncurry = realm.Function.prototype.bind.bind(realm.Function.prototype.call);
const ObjectCtor = realm.Object;
const defineProperty = ObjectCtor.defineProperty;
const getOwnPropertyDescriptor = ObjectCtor.getOwnPropertyDescriptor;
const getPrototypeOf = ObjectCtor.getPrototypeOf;
const freeze = ObjectCtor.freeze;
const objectKeys = ObjectCtor.keys;
const hasOwn = ObjectCtor.hasOwn;
const isArray = realm.Array.isArray;
const arrayFrom = realm.Array.from.bind(realm.Array);
const symbolIterator = realm.Symbol.iterator;
const construct = realm.Reflect.construct;
const applyFunction = realm.Reflect.apply;
const jsonParse = realm.JSON.parse;
const jsonStringify = realm.JSON.stringify;
const StringCtor = realm.String;
const charCodeAt = uncurry(StringCtor.prototype.charCodeAt);
const stringIncludes = uncurry(StringCtor.prototype.includes);
const stringSplit = uncurry(StringCtor.prototype.split);
const stringSlice = uncurry(StringCtor.prototype.slice);
const stringTrim = uncurry(StringCtor.prototype.trim);
const stringToUpper = uncurry(StringCtor.prototype.toUpperCase);
const stringToLower = uncurry(StringCtor.prototype.toLowerCase);
const stringIndexOf = uncurry(StringCtor.prototype.indexOf);
const TypeErrorCtor = realm.TypeError;
const ErrorCtor = realm.Error;
const DOMExceptionCtor = realm.DOMException;
const PromiseCtor = realm.Promise;
const promiseThen = uncurry(PromiseCtor.prototype.then);
const promiseResolve = PromiseCtor.resolve.bind(PromiseCtor);
const promiseReject = PromiseCtor.reject.bind(PromiseCtor);
const WeakMapCtor = realm.WeakMap;
const weakMapGet = uncurry(WeakMapCtor.prototype.get);
const weakMapSet = uncurry(WeakMapCtor.prototype.set);
const WeakSetCtor = realm.WeakSet;
const weakSetHas = uncurry(WeakSetCtor.prototype.has);
const weakSetAdd = uncurry(WeakSetCtor.prototype.add);
const Uint8ArrayCtor = realm.Uint8Array;
const fromBase64 = Uint8ArrayCtor.fromBase64 ? Uint8ArrayCtor.fromBase64.bind(Uint8ArrayCtor) : null;
const textDecode = uncurry(realm.TextDecoder.prototype.decode);
const textDecoder = new realm.TextDecoder();
const textEncode = uncurry(realm.TextEncoder.prototype.encode);
const textEncoder = new realm.TextEncoder();
const MapCtor = realm.Map;
const SetCtor = realm.Set;
const isFiniteNumber = realm.Number.isFinite;
const stringStartsWith = uncurry(StringCtor.prototype.startsWith);
const getter = (proto, name) => uncurry(getOwnPropertyDescriptor(proto, name).get);
const WasmNamespace = realm.WebAssembly;
const memoryBuffer = getter(WasmNamespace.Memory.prototype, "buffer");
const compileStreaming = WasmNamespace.compileStreaming;
const compileBytes = WasmNamespace.compile;
const performanceNow = uncurry(realm.Performance.prototype.now);
const performanceObject = realm.performance;
const consoleError = realm.console.error;
const consoleWarn = realm.console.warn;
const dispatchEvent = uncurry(realm.EventTarget.prototype.dispatchEvent);
const addEventListener = uncurry(realm.EventTarget.prototype.addEventListener);
const CustomEventCtor = realm.CustomEvent;
const topDocument = realm.document;
const documentBaseURI = getter(realm.Node.prototype, "baseURI");
const documentUrl = getter(realm.Document.prototype, "URL");
const callFetch = uncurry(realm.fetch);
const responseOk = getter(realm.Response.prototype, "ok");
const responseStatus = getter(realm.Response.prototype, "status");
const responseArrayBuffer = uncurry(realm.Response.prototype.arrayBuffer);
const atobTop = realm.atob;
const URLTop = realm.URL;
const urlHrefTop = getter(URLTop.prototype, "href");
const locationHref = realm.location.href;
const currentScriptSrc = topDocument.currentScript ? topDocument.currentScript.src : "";
const ProxyCtor = realm.Proxy;
const structuredCloneTop = realm.structuredClone;
const MessageEventCtor = realm.MessageEvent;

// The glue wasm-bindgen generates (inlined below) instantiates the module through `Object` and
// `WebAssembly`; these block-scoped shims pin what it finds to the captured originals, and the
// `exports` getter it reads is made unforgeable.
const WebAssembly = freeze({ __proto__: null, Module: WasmNamespace.Module, Instance: WasmNamespace.Instance });
const Object = freeze({ __proto__: null, getPrototypeOf, prototype: ObjectCtor.prototype, assign: ObjectCtor.assign });
defineProperty(WasmNamespace.Instance.prototype, "exports", { configurable: false });
