// The little of a TrueType font the signature stamp needs besides shaping (HarfBuzz, shaper.ts):
// glyph ids by code point (cmap 4/12) to choose a font for each character, advance widths (hmtx)
// for the PDF's /W, and a subset of the font with only the glyphs drawn, renumbered, for embedding
// as a CIDFontType2 FontFile2. Reads .ttf and WOFF 1.0 (zlib-compressed tables, written back out as
// an OpenType file for HarfBuzz); not WOFF2, whose transformed glyf table would need rebuilding,
// nor CFF outlines. By hand because no font library in the project subsets TrueType.
import fs from 'node:fs';
import zlib from 'node:zlib';

function tag(buf: Buffer, at: number): string {
  return buf.toString('latin1', at, at + 4);
}

function readTables(file: Buffer): Map<string, Buffer> {
  const tables = new Map<string, Buffer>();
  if (tag(file, 0) === 'wOFF') {
    const count = file.readUInt16BE(12);
    for (let i = 0; i < count; i++) {
      const d = 44 + 20 * i;
      const offset = file.readUInt32BE(d + 4);
      const compLength = file.readUInt32BE(d + 8);
      const origLength = file.readUInt32BE(d + 12);
      const raw = file.subarray(offset, offset + compLength);
      tables.set(tag(file, d), compLength < origLength ? zlib.inflateSync(raw) : Buffer.from(raw));
    }
    return tables;
  }
  const version = file.readUInt32BE(0);
  if (version !== 0x00010000 && tag(file, 0) !== 'true') throw new Error('not a TrueType font');
  const count = file.readUInt16BE(4);
  for (let i = 0; i < count; i++) {
    const d = 12 + 16 * i;
    const offset = file.readUInt32BE(d + 8);
    tables.set(tag(file, d), file.subarray(offset, offset + file.readUInt32BE(d + 12)));
  }
  return tables;
}

export class SfntFont {
  readonly unitsPerEm: number;
  readonly ascent: number;
  readonly descent: number;
  readonly bbox: [number, number, number, number];
  readonly capHeight: number;
  readonly numGlyphs: number;
  /** The font as an OpenType file (a WOFF's tables written back out): what HarfBuzz shapes with. */
  readonly sfnt: Buffer;
  private readonly cmap = new Map<number, number>();
  private readonly tables: Map<string, Buffer>;

  constructor(
    readonly name: string,
    file: Buffer,
  ) {
    this.tables = readTables(file);
    this.sfnt = tag(file, 0) === 'wOFF' ? writeSfnt(this.tables) : file;
    for (const t of ['head', 'hhea', 'hmtx', 'maxp', 'cmap', 'loca', 'glyf']) if (!this.tables.has(t)) throw new Error(`font ${name} has no ${t} table (TrueType outlines only)`);
    const head = this.table('head');
    this.unitsPerEm = head.readUInt16BE(18);
    this.bbox = [head.readInt16BE(36), head.readInt16BE(38), head.readInt16BE(40), head.readInt16BE(42)];
    const hhea = this.table('hhea');
    this.ascent = hhea.readInt16BE(4);
    this.descent = hhea.readInt16BE(6);
    const os2 = this.tables.get('OS/2');
    this.capHeight = os2 && os2.readUInt16BE(0) >= 2 && os2.length >= 90 ? os2.readInt16BE(88) : this.ascent;
    this.numGlyphs = this.table('maxp').readUInt16BE(4);
    this.readCmap();
  }

  static fromFile(name: string, file: string): SfntFont {
    return new SfntFont(name, fs.readFileSync(file));
  }

  private table(t: string): Buffer {
    return this.tables.get(t)!;
  }

  private readCmap(): void {
    const t = this.table('cmap');
    const subtables: { pid: number; eid: number; at: number }[] = [];
    for (let i = 0; i < t.readUInt16BE(2); i++) subtables.push({ pid: t.readUInt16BE(4 + 8 * i), eid: t.readUInt16BE(6 + 8 * i), at: t.readUInt32BE(8 + 8 * i) });
    // Unicode subtables only; a full-repertoire one (format 12) wins over the BMP one.
    const unicode = subtables.filter((s) => s.pid === 0 || (s.pid === 3 && (s.eid === 1 || s.eid === 10)));
    const chosen = unicode.find((s) => t.readUInt16BE(s.at) === 12) ?? unicode.find((s) => t.readUInt16BE(s.at) === 4);
    if (!chosen) throw new Error(`font ${this.name} has no Unicode cmap`);
    const at = chosen.at;
    if (t.readUInt16BE(at) === 12) {
      const groups = t.readUInt32BE(at + 12);
      for (let i = 0; i < groups; i++) {
        const g = at + 16 + 12 * i;
        const start = t.readUInt32BE(g);
        const end = t.readUInt32BE(g + 4);
        const gid = t.readUInt32BE(g + 8);
        for (let c = start; c <= end; c++) this.cmap.set(c, gid + c - start);
      }
      return;
    }
    const segX2 = t.readUInt16BE(at + 6);
    const ends = at + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const rangeOffsets = deltas + segX2;
    for (let s = 0; s < segX2 / 2; s++) {
      const end = t.readUInt16BE(ends + 2 * s);
      const start = t.readUInt16BE(starts + 2 * s);
      const delta = t.readInt16BE(deltas + 2 * s);
      const ro = t.readUInt16BE(rangeOffsets + 2 * s);
      for (let c = start; c <= end && c !== 0xffff; c++) {
        let gid: number;
        if (ro === 0) gid = (c + delta) & 0xffff;
        else {
          gid = t.readUInt16BE(rangeOffsets + 2 * s + ro + 2 * (c - start));
          if (gid !== 0) gid = (gid + delta) & 0xffff;
        }
        if (gid !== 0) this.cmap.set(c, gid);
      }
    }
  }

  /** The glyph for a code point, 0 (.notdef) when the font has none. */
  glyph(codePoint: number): number {
    return this.cmap.get(codePoint) ?? 0;
  }

  has(codePoint: number): boolean {
    return this.cmap.has(codePoint);
  }

  /** Advance width in font units. */
  advance(gid: number): number {
    const hmtx = this.table('hmtx');
    const metrics = this.table('hhea').readUInt16BE(34);
    return hmtx.readUInt16BE(4 * Math.min(gid, metrics - 1));
  }

  private glyphData(gid: number): Buffer {
    const loca = this.table('loca');
    const long = this.table('head').readInt16BE(50) === 1;
    const start = long ? loca.readUInt32BE(4 * gid) : loca.readUInt16BE(2 * gid) * 2;
    const end = long ? loca.readUInt32BE(4 * gid + 4) : loca.readUInt16BE(2 * gid + 2) * 2;
    return this.table('glyf').subarray(start, end);
  }

  /**
   * A TrueType font of only `gids` (and .notdef, and the glyphs their composites are built of),
   * renumbered from 1 in the order given: a few kilobytes instead of the whole font per signature.
   * `glyphIds` maps each original id to its id in the subset (what the content stream must use).
   */
  subset(gids: Iterable<number>): { font: Buffer; glyphIds: Map<number, number> } {
    const order: number[] = [0];
    const glyphIds = new Map<number, number>([[0, 0]]);
    const add = (gid: number) => {
      if (gid >= this.numGlyphs || glyphIds.has(gid)) return;
      glyphIds.set(gid, order.length);
      order.push(gid);
    };
    for (const g of gids) add(g);
    const bodies: Buffer[] = [];
    // `order` grows while it is walked: a composite's components are appended and copied in turn.
    for (let i = 0; i < order.length; i++) {
      const data = Buffer.from(this.glyphData(order[i]!));
      if (data.length >= 10 && data.readInt16BE(0) < 0) {
        let p = 10;
        for (;;) {
          const flags = data.readUInt16BE(p);
          const component = data.readUInt16BE(p + 2);
          add(component);
          data.writeUInt16BE(glyphIds.get(component) ?? 0, p + 2);
          p += 4 + (flags & 0x0001 ? 4 : 2) + (flags & 0x0008 ? 2 : flags & 0x0040 ? 4 : flags & 0x0080 ? 8 : 0);
          if (!(flags & 0x0020)) break;
        }
      }
      const padded = Buffer.alloc((data.length + 3) & ~3);
      data.copy(padded);
      bodies.push(padded);
    }
    const n = order.length;
    const loca = Buffer.alloc(4 * (n + 1));
    let offset = 0;
    bodies.forEach((b, i) => {
      loca.writeUInt32BE(offset, 4 * i);
      offset += b.length;
    });
    loca.writeUInt32BE(offset, 4 * n);
    const hmtxIn = this.table('hmtx');
    const metrics = this.table('hhea').readUInt16BE(34);
    const hmtx = Buffer.alloc(4 * n);
    order.forEach((g, i) => {
      hmtx.writeUInt16BE(this.advance(g), 4 * i);
      const lsb = g < metrics ? hmtxIn.readInt16BE(4 * g + 2) : hmtxIn.readInt16BE(4 * metrics + 2 * (g - metrics));
      hmtx.writeInt16BE(lsb, 4 * i + 2);
    });
    const head = Buffer.from(this.table('head'));
    head.writeUInt32BE(0, 8);
    head.writeInt16BE(1, 50);
    const hhea = Buffer.from(this.table('hhea'));
    hhea.writeUInt16BE(n, 34);
    const maxp = Buffer.from(this.table('maxp'));
    maxp.writeUInt16BE(n, 4);
    // An empty Unicode cmap: the PDF reaches glyphs by id (Identity-H), but a TrueType font must have one.
    const cmap = Buffer.alloc(36);
    // version 0, one subtable (3,1) at 12: format 4, length 24, one segment 0xFFFF–0xFFFF (delta 1 → glyph 0).
    [0, 1, 3, 1, 0, 12, 4, 24, 0, 2, 2, 0, 0, 0xffff, 0, 0xffff, 1, 0].forEach((v, i) => cmap.writeUInt16BE(v, 2 * i));
    const out = new Map<string, Buffer>([
      ['head', head],
      ['hhea', hhea],
      ['maxp', maxp],
      ['hmtx', hmtx],
      ['loca', loca],
      ['glyf', Buffer.concat(bodies)],
      ['cmap', cmap],
    ]);
    for (const t of ['OS/2', 'cvt ', 'fpgm', 'prep']) {
      const b = this.tables.get(t);
      if (b) out.set(t, b);
    }
    const font = writeSfnt(out);
    // head.checkSumAdjustment makes the whole font sum to 0xB1B0AFBA.
    const headAt = font.indexOf(Buffer.from('head', 'latin1'), 12);
    const headOffset = font.readUInt32BE(headAt + 8);
    font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
    return { font, glyphIds };
  }
}

function checksum(b: Buffer): number {
  let sum = 0;
  const whole = b.length & ~3;
  for (let i = 0; i < whole; i += 4) sum = (sum + ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!)) >>> 0;
  if (whole < b.length) {
    let last = 0;
    for (let i = whole; i < whole + 4; i++) last = (last << 8) | (b[i] ?? 0);
    sum = (sum + (last >>> 0)) >>> 0;
  }
  return sum;
}

function writeSfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const header = Buffer.alloc(12 + 16 * n);
  const entrySelector = Math.floor(Math.log2(n));
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(16 * 2 ** entrySelector, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(16 * n - 16 * 2 ** entrySelector, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  tags.forEach((t, i) => {
    const data = tables.get(t)!;
    const d = 12 + 16 * i;
    header.write(t, d, 'latin1');
    header.writeUInt32BE(checksum(data), d + 4);
    header.writeUInt32BE(offset, d + 8);
    header.writeUInt32BE(data.length, d + 12);
    const padded = Buffer.alloc((data.length + 3) & ~3);
    data.copy(padded);
    bodies.push(padded);
    offset += padded.length;
  });
  return Buffer.concat([header, ...bodies]);
}
