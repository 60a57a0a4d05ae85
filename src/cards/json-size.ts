/**
 * The UTF-8 size of JSON.stringify(value), counted without building the string. Fitting a result
 * card under the size limit measures every row, and serializing them only to count them was a
 * quarter of the memory an answer allocated (more garbage collection for every reply in flight).
 *
 * For plain data only, as cards are built: object literals, arrays, strings, finite numbers,
 * booleans and null. It does not look for toJSON, class instances or inherited keys (checking
 * them made counting slower than serializing); pass anything else to cardSizeBytes.
 * test/cards/json-size.test.ts checks it against JSON.stringify.
 */
export function plainJsonBytes(value: unknown): number {
  return sizeOf(value, false);
}

/** `inArray`: JSON writes `null` for undefined and functions in arrays; objects skip those members. */
function sizeOf(value: unknown, inArray: boolean): number {
  if (typeof value === 'string') return stringBytes(value);
  if (typeof value === 'object') {
    if (value === null) return 4;
    return Array.isArray(value) ? sizeOfArray(value) : sizeOfObject(value as Record<string, unknown>);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value).length : 4;
  if (typeof value === 'boolean') return value ? 4 : 5;
  if (typeof value === 'bigint') throw new TypeError('a bigint has no JSON form');
  return inArray ? 4 : 0;
}

function sizeOfArray(items: unknown[]): number {
  // Brackets, and a comma between elements.
  let bytes = items.length > 0 ? items.length + 1 : 2;
  for (let i = 0; i < items.length; i++) bytes += sizeOf(items[i], true);
  return bytes;
}

function sizeOfObject(object: Record<string, unknown>): number {
  // Braces, then `"key":value` per member and a comma between members.
  let bytes = 1;
  let members = 0;
  for (const key in object) {
    const value = object[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    bytes += stringBytes(key) + 2 + sizeOf(value, false);
    members += 1;
  }
  return members > 0 ? bytes : 2;
}

/** Printable ASCII but quote and backslash: one byte each in JSON. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** What JSON writes other than as its UTF-8 self: quote, backslash, control characters; and surrogates, paired or not. */
const NOT_PLAIN = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal's UTF-8 bytes: quotes and escapes (well-formed JSON.stringify writes lone surrogates as \uXXXX). */
function stringBytes(text: string): number {
  // Nearly all card text is plain ASCII: the quotes plus its length. Other text without escapes:
  // its UTF-8 length, counted natively (a third of the loop's time).
  if (PLAIN_ASCII.test(text)) return text.length + 2;
  if (!NOT_PLAIN.test(text)) return Buffer.byteLength(text, 'utf8') + 2;
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) bytes += 1;
      else
        bytes += c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d ? 2 : 6;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      bytes += 3;
    } else if (c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else {
      bytes += 6;
    }
  }
  return bytes;
}
