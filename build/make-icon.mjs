// Draws build/icon.png (512×512): a white court building on Moroccan green. Generated here so the
// repository holds no downloaded artwork; run `node build/make-icon.mjs` to redraw it.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
const SAMPLES = 4; // per axis, for smooth edges

const green = [0, 98, 51];
const white = [255, 255, 255];

function insideRoundedSquare(x, y) {
  const r = 96;
  const m = 16;
  const cx = Math.min(Math.max(x, m + r), SIZE - m - r);
  const cy = Math.min(Math.max(y, m + r), SIZE - m - r);
  return x >= m && x <= SIZE - m && y >= m && y <= SIZE - m && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

function insideBuilding(x, y) {
  // Pediment: a triangle over the columns.
  if (y >= 110 && y <= 186) {
    const half = ((y - 110) / 76) * 170;
    if (Math.abs(x - 256) <= half) return true;
  }
  if (y >= 196 && y <= 218 && x >= 92 && x <= 420) return true; // architrave
  for (const cx of [134, 212, 300, 378]) if (y >= 228 && y <= 364 && Math.abs(x - cx) <= 19) return true; // columns
  if (y >= 372 && y <= 390 && x >= 104 && x <= 408) return true; // upper step
  if (y >= 398 && y <= 418 && x >= 80 && x <= 432) return true; // lower step
  return false;
}

const rgba = Buffer.alloc(SIZE * SIZE * 4);
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    let bg = 0;
    let fg = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        if (insideRoundedSquare(x, y)) {
          bg++;
          if (insideBuilding(x, y)) fg++;
        }
      }
    }
    const n = SAMPLES * SAMPLES;
    const i = (py * SIZE + px) * 4;
    const alpha = bg / n;
    const mix = bg === 0 ? 0 : fg / bg;
    for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(green[c] * (1 - mix) + white[c] * mix);
    rgba[i + 3] = Math.round(alpha * 255);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) rgba.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const target = new URL('./icon.png', import.meta.url);
writeFileSync(target, png);
console.log(`wrote ${target.pathname} (${png.length} bytes)`);
