//! wasm-bindgen exports of the sanitizer: `sanitizeProps(value, options?)` and
//! `redactText(text)`. Values cross the boundary as JSON text through `JSON.stringify`/
//! `JSON.parse` captured when the module is first evaluated (before widget code runs), so widget
//! code replacing `JSON` later changes nothing. Non-JSON values are refused with a TypeError that
//! names the key, never silently dropped.

use super::{Options, redact_text_with, sanitize_json};

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
const { stringify, parse } = JSON;
const TypeErr = TypeError, MapC = Map, SetC = Set, WeakMapC = WeakMap, WeakSetC = WeakSet;
const isFinite_ = Number.isFinite;
function refuse(what, key) {
  throw new TypeErr(`sanitizeProps: ${what} at key ${stringify(String(key))} is not JSON; convert it first`);
}
function check(key, v) {
  const t = typeof v;
  if (t === 'function' || t === 'symbol' || t === 'bigint' || t === 'undefined') refuse(`a ${t}`, key);
  if (t === 'number' && !isFinite_(v)) refuse(`${v}`, key);
  const orig = this == null ? v : this[key];
  if (orig instanceof MapC || orig instanceof SetC || orig instanceof WeakMapC || orig instanceof WeakSetC) refuse('a Map/Set', key);
  return v;
}
export function wg_to_json(value) {
  try { return stringify(value, check); }
  catch (e) {
    if (e instanceof TypeErr && !String(e.message).startsWith('sanitizeProps')) {
      throw new TypeErr(`sanitizeProps: the value is not JSON (${e.message}); cycles and BigInt are refused`);
    }
    throw e;
  }
}
export function wg_from_json(text) { return parse(text); }
"#)]
extern "C" {
    #[wasm_bindgen(catch)]
    fn wg_to_json(value: &JsValue) -> Result<String, JsValue>;
    fn wg_from_json(text: &str) -> JsValue;
}

/// `sanitizeProps(value, options?) → { value, findings }`: a sanitized deep copy and the
/// findings (`{ pointer, kind, confidence }`, never the value).
#[wasm_bindgen(js_name = sanitizeProps)]
pub fn sanitize_props_js(value: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let opts = options_from(&options)?;
    let json = wg_to_json(&value)?;
    let out = sanitize_json(&json, &opts).map_err(|e| JsValue::from(JsError::new(&e.to_string())))?;
    let findings = super::findings_json(&out.findings);
    Ok(wg_from_json(&format!("{{\"value\":{},\"findings\":{findings}}}", out.json)))
}

/// `redactText(text, options?) → string`: the text with secrets and PII replaced, for log lines.
#[wasm_bindgen(js_name = redactText)]
pub fn redact_text_js(text: &str, options: JsValue) -> Result<String, JsValue> {
    Ok(redact_text_with(text, &options_from(&options)?))
}

fn options_from(options: &JsValue) -> Result<Options, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Options::default());
    }
    Options::from_json(&wg_to_json(options)?).map_err(|e| JsValue::from(JsError::new(&e.to_string())))
}
