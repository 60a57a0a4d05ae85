#!/usr/bin/env node
// Draws the Teams app icons with nothing but node:zlib: `node manifest/make-icons.mjs`.
// color.png: 192x192, a white flow glyph (three steps joined by connectors) about 96x96 in the
// middle of a solid accent background. outline.png: 32x32, the same glyph in white (255,255,255)
// on fully transparent pixels, no padding. Sizes and colours: teams-platform.md §6.2.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const ACCENT = [0x0f, 0x6c, 0xbd];
const SAMPLES = 4; // per axis, for anti-aliased edges

/** The glyph in a unit box [-1, 1]²: three flow steps (rounded cards) joined by connectors. */
function insideGlyph(x, y) {
  const steps = [
    [-0.25, -0.72],
    [0.25, 0],
    [-0.25, 0.72],
  ];
  const inStep = steps.some(([cx, cy]) => insideRoundedBox(x - cx, y - cy, 0.72, 0.22, 0.12));
  const inLink =
    distanceToSegment(x, y, -0.25, -0.72, 0.25, 0) <= 0.08 || distanceToSegment(x, y, 0.25, 0, -0.25, 0.72) <= 0.08;
  return inStep || inLink;
}

/** Inside a box of half-size (hx, hy) centred at the origin with corners rounded by r. */
function insideRoundedBox(x, y, hx, hy, r) {
  const qx = Math.max(Math.abs(x) - (hx - r), 0);
  const qy = Math.max(Math.abs(y) - (hy - r), 0);
  return qx * qx + qy * qy <= r * r;
}

function distanceToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Share of the pixel covered by the glyph drawn in the square [inset, size - inset]. */
function coverage(px, py, size, inset) {
  let hits = 0;
  const box = size - 2 * inset;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = ((px + (sx + 0.5) / SAMPLES - inset) / box) * 2 - 1;
      const y = ((py + (sy + 0.5) / SAMPLES - inset) / box) * 2 - 1;
      if (insideGlyph(x, y)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

function drawIcon(size, inset, background) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const a = coverage(x, y, size, inset);
      const i = (y * size + x) * 4;
      if (background) {
        for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(background[c] * (1 - a) + 255 * a);
        rgba[i + 3] = 255;
      } else {
        rgba.fill(255, i, i + 3);
        rgba[i + 3] = Math.round(255 * a);
      }
    }
  }
  return encodePng(size, size, rgba);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** 8-bit RGBA, no interlace; each scanline gets filter type 0. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const here = path.dirname(fileURLToPath(import.meta.url));
writeFileSync(path.join(here, 'color.png'), drawIcon(192, 48, ACCENT));
writeFileSync(path.join(here, 'outline.png'), drawIcon(32, 0, null));
console.log('wrote manifest/color.png (192x192) and manifest/outline.png (32x32)');
