// Moving bytes in and out of the engine's memory: the loader writes its input into the buffer the
// engine hands out and reads the answer from the output buffer (see src/bindings.rs).

/** Writes ASCII strings (methods, serialized URLs, config lines) one after another; any other character becomes invalid UTF-8, which the engine refuses. */
function writeInput(exports, parts) {
  const bytes = inputFor(exports, parts);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    for (let j = 0; j < part.length; j++) {
      const code = charCodeAt(part, j);
      bytes[at++] = code < 0x80 ? code : 0xff;
    }
  }
}

/** Writes UTF-8 byte arrays one after another. */
function writeBytes(exports, parts) {
  const bytes = inputFor(exports, parts);
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    for (let j = 0, length = typedArrayLength(part); j < length; j++) bytes[at++] = part[j];
  }
}

/** A view of an input buffer as long as `parts` (strings of ASCII, or byte arrays) together. The
 * buffer is obtained first: growing it can grow the memory, which detaches any ArrayBuffer taken before. */
function inputFor(exports, parts) {
  let total = 0;
  // A byte array's length through the captured getter: the prototype's is the widget's to redefine.
  for (let i = 0; i < parts.length; i++) total += typeof parts[i] === "string" ? parts[i].length : typedArrayLength(parts[i]);
  const address = exports.input_buffer(total) >>> 0;
  return new Uint8ArrayCtor(memoryBuffer(exports.memory), address, total);
}

/** The output buffer as a string. */
function readOutput(exports) {
  const length = exports.output_len() >>> 0;
  return textDecode(textDecoder, new Uint8ArrayCtor(memoryBuffer(exports.memory), exports.output_ptr() >>> 0, length));
}
