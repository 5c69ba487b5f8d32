// Privileged APIs. Each wrapper asks the engine (the sink is the API's name) and, when the API is
// blocked, behaves as the README's table documents: the inert value a host sandbox without the
// permission gives (confirm → false, prompt → null), or the error a denied permission gives.

/** Replaces method `name` of `target` by one that calls `onRefusal(reason)` instead when `api` is blocked. */
function gateMethod(target, name, api, onRefusal) {
  const original = target && getOwnPropertyDescriptor(target, name);
  if (!original || typeof original.value !== "function") return;
  const method = original.value;
  lock(target, name, function () {
    const decision = decideNow(api, "", locationHref);
    return decision.proceed ? applyFunction(method, this, arguments) : onRefusal(decision.reason, arguments);
  });
}

function guardApis(win) {
  const inert = (value) => () => value;
  const rejects = (api, errorName) => (reason) => promiseReject(new DOMExceptionCtor("widget-guard refused " + api + ": " + reason, errorName));
  const throws = (api, errorName) => (reason) => {
    throw new DOMExceptionCtor("widget-guard refused " + api + ": " + reason, errorName);
  };
  const proto = (name) => win[name] && win[name].prototype;
  const gateAll = (target, names, api, onRefusal) => {
    for (let i = 0; i < names.length; i++) gateMethod(target, names[i], api, onRefusal);
  };

  gateMethod(win, "alert", "alert", inert(undefined));
  gateMethod(win, "confirm", "confirm", inert(false));
  gateMethod(win, "prompt", "prompt", inert(null));
  gateMethod(win, "print", "print", inert(undefined));
  gateAll(proto("Clipboard"), ["read", "readText", "write", "writeText"], "clipboard", rejects("clipboard", "NotAllowedError"));
  gateAll(proto("Geolocation"), ["getCurrentPosition", "watchPosition"], "geolocation", throws("geolocation", "SecurityError"));
  gateMethod(proto("MediaDevices"), "getUserMedia", "getUserMedia", rejects("getUserMedia", "NotAllowedError"));
  // The legacy callback forms: the error callback gets the refusal.
  gateAll(proto("Navigator"), ["getUserMedia", "webkitGetUserMedia"], "getUserMedia", (reason, args) => {
    if (typeof args[2] === "function") args[2](new DOMExceptionCtor("widget-guard refused getUserMedia: " + reason, "NotAllowedError"));
  });
  gateMethod(proto("MediaDevices"), "getDisplayMedia", "getDisplayMedia", rejects("getDisplayMedia", "NotAllowedError"));
  gateMethod(win.Notification, "requestPermission", "notifications", (reason, args) => {
    if (typeof args[0] === "function") args[0]("denied");
    return promiseResolve("denied");
  });
  gateAll(win, ["showOpenFilePicker", "showSaveFilePicker", "showDirectoryPicker"], "file-pickers", rejects("file-pickers", "SecurityError"));
  gateAll(proto("CredentialsContainer"), ["get", "create", "store"], "credentials", rejects("credentials", "NotAllowedError"));
  gateAll(proto("USB"), ["requestDevice", "getDevices"], "usb", rejects("usb", "NotAllowedError"));
  gateAll(proto("Bluetooth"), ["requestDevice", "getDevices", "getAvailability"], "bluetooth", rejects("bluetooth", "NotAllowedError"));
  gateAll(proto("Serial"), ["requestPort", "getPorts"], "serial", rejects("serial", "NotAllowedError"));
  gateAll(proto("HID"), ["requestDevice", "getDevices"], "hid", rejects("hid", "NotAllowedError"));
  gateMethod(proto("Navigator"), "requestMIDIAccess", "midi", rejects("midi", "SecurityError"));
  gateMethod(proto("ServiceWorkerContainer"), "register", "service-worker", rejects("service-worker", "SecurityError"));
  guardConstructor(win, "PaymentRequest", "payment-request", "SecurityError", null);
  guardConstructor(win, "WebTransport", "webtransport", "SecurityError", null);

  // execCommand: only the clipboard commands are gated; editing commands (insertHTML) can insert
  // frames, which are guarded before it returns.
  const execCommand = proto("Document") && proto("Document").execCommand;
  if (typeof execCommand === "function") {
    lock(proto("Document"), "execCommand", function (command) {
      const name = stringToLower(StringCtor(command));
      if ((name === "copy" || name === "cut" || name === "paste") && !decideNow("execCommand-clipboard", "", locationHref).proceed) return false;
      const result = applyFunction(execCommand, this, arguments);
      guardDescendants(win);
      return result;
    });
  }
}
