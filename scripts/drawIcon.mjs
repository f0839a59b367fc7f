// Draws images/icon.png, the extension's icon, from shapes (no third-party art): a blue rounded
// square, an await's pause (two bars) and a lint squiggle under it. Run: node scripts/drawIcon.mjs
import * as fs from "node:fs";
import * as path from "node:path";
import * as zlib from "node:zlib";

const SIZE = 128;
const SAMPLES = 4; // per axis, for smooth edges

/** Colour of one sub-sample point, or null where the icon is transparent. */
function colourAt(x, y) {
  const r = 26;
  const inside = (px, py) => {
    const cx = Math.min(Math.max(px, r), SIZE - r);
    const cy = Math.min(Math.max(py, r), SIZE - r);
    return (px - cx) ** 2 + (py - cy) ** 2 <= r * r;
  };
  if (!inside(x, y)) return null;
  // The squiggle: a sine wave band under the bars.
  const wave = 94 + 6 * Math.sin(((x - 22) / 84) * 4 * Math.PI);
  if (x >= 22 && x <= 106 && Math.abs(y - wave) <= 4.5) return [255, 196, 54];
  // The two bars of a pause: the loop waits here.
  if (y >= 26 && y <= 76 && ((x >= 40 && x <= 56) || (x >= 72 && x <= 88))) return [255, 255, 255];
  // Background: a vertical gradient of blue.
  const t = y / SIZE;
  return [Math.round(28 + 20 * t), Math.round(92 - 30 * t), Math.round(196 - 40 * t)];
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = Buffer.alloc(1 + SIZE * 4);
  for (let x = 0; x < SIZE; x++) {
    let red = 0, green = 0, blue = 0, alpha = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const c = colourAt(x + (sx + 0.5) / SAMPLES, y + (sy + 0.5) / SAMPLES);
        if (!c) continue;
        red += c[0];
        green += c[1];
        blue += c[2];
        alpha++;
      }
    }
    const at = 1 + x * 4;
    if (alpha > 0) {
      row[at] = Math.round(red / alpha);
      row[at + 1] = Math.round(green / alpha);
      row[at + 2] = Math.round(blue / alpha);
    }
    row[at + 3] = Math.round((alpha / (SAMPLES * SAMPLES)) * 255);
  }
  rows.push(row);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", header),
  chunk("IDAT", zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
const out = path.join(import.meta.dirname, "..", "images", "icon.png");
fs.writeFileSync(out, png);
console.log(`wrote ${path.relative(process.cwd(), out)} (${png.length} bytes)`);
