/**
 * The UTF-8 size of JSON.stringify(value), counted without building the string. Fitting a result
 * card under the size limit measures every row, and serializing them only to count was a quarter
 * of the memory an answer allocated (so more garbage collection for every reply in flight).
 * Returns null for anything but plain data (class instances, toJSON, bigint …): the caller then
 * serializes. test/cards/jsonSize.test.ts checks it against JSON.stringify.
 */
export function jsonSizeBytes(value: unknown): number | null {
  try {
    return sizeOf(value, false);
  } catch (error) {
    if (error === NOT_PLAIN) return null;
    throw error;
  }
}

const NOT_PLAIN = Symbol('not plain data');

/** `inArray`: JSON writes `null` for undefined and functions in arrays (objects skip them; see sizeOfObject). */
function sizeOf(value: unknown, inArray: boolean): number {
  switch (typeof value) {
    case 'string':
      return stringBytes(value);
    case 'number':
      return Number.isFinite(value) ? String(value).length : 4;
    case 'boolean':
      return value ? 4 : 5;
    case 'undefined':
    case 'function':
    case 'symbol':
      if (inArray) return 4;
      throw NOT_PLAIN;
    case 'object':
      if (value === null) return 4;
      if (Array.isArray(value)) return sizeOfArray(value);
      if (Object.getPrototypeOf(value) !== Object.prototype && Object.getPrototypeOf(value) !== null) throw NOT_PLAIN;
      return sizeOfObject(value as Record<string, unknown>);
    default:
      throw NOT_PLAIN;
  }
}

function sizeOfArray(items: unknown[]): number {
  let bytes = 2 + Math.max(0, items.length - 1);
  for (let i = 0; i < items.length; i++) bytes += sizeOf(items[i], true);
  return bytes;
}

function sizeOfObject(object: Record<string, unknown>): number {
  if ('toJSON' in object) throw NOT_PLAIN;
  let bytes = 2;
  let members = 0;
  // for…in walks own keys in JSON's order without allocating a key array (plain objects inherit none).
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    const value = object[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    bytes += stringBytes(key) + 1 + sizeOf(value, false);
    members += 1;
  }
  return bytes + Math.max(0, members - 1);
}

/** A JSON string literal's UTF-8 bytes: quotes, escapes (well-formed JSON.stringify: lone surrogates as \uXXXX). */
function stringBytes(text: string): number {
  let bytes = 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0x22 || c === 0x5c || c === 0x08 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) bytes += 2;
      else bytes += c < 0x20 ? 6 : 1;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      bytes += 6;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}
