/**
 * BullMQ keeps a custom job id inside its Redis keys (`<prefix>:<queue>:<id>`), so it refuses ids
 * with ':' (its key separator) and ids that read as integers (they would collide with the ids it
 * counts out itself). Hub ids are things like `inspect:io.github.acme/weather@1.2.0`, so they are
 * encoded: '%' and ':' are percent-encoded always, and so is the first character of an id that
 * would read as an integer. Everything else is left readable. decodeJobId reverses it exactly,
 * and two different ids never share an encoding (a literal '%' is always escaped).
 */
export function encodeJobId(id: string): string {
  const escaped = id.replace(/[%:]/g, (c) => (c === '%' ? '%25' : '%3A'));
  if (`${parseInt(escaped, 10)}` !== escaped) return escaped;
  return `%${escaped.charCodeAt(0).toString(16).toUpperCase()}${escaped.slice(1)}`;
}

export function decodeJobId(encoded: string): string {
  return encoded.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
