// Text shaping for the signature stamp by HarfBuzz (harfbuzzjs, WebAssembly): the font's own GSUB
// (joined forms, lam-alef and the font's other ligatures) and GPOS (harakat on their mark anchors,
// kerning) for one run of one direction in one font. Never lays out a line: bidi and font choice
// are stamp-text.ts's.
// harfbuzzjs is an ES module whose top level awaits the WebAssembly (read from its own package
// folder with fs): it is imported on the first stamp only, once per process, so nothing that merely
// imports the signing code pays for it (the main bundle keeps it external, electron.vite.config.ts).
import type * as HarfBuzz from 'harfbuzzjs';

type HarfBuzzModule = typeof HarfBuzz;

let loading: Promise<HarfBuzzModule> | null = null;

/** HarfBuzz, compiled and instantiated once per process. */
export function loadHarfBuzz(): Promise<HarfBuzzModule> {
  loading ??= import('harfbuzzjs').catch((err: unknown) => {
    loading = null;
    throw err;
  });
  return loading;
}

/** One glyph as HarfBuzz placed it, in font units, in visual order (left to right). */
export interface ShapedGlyph {
  gid: number;
  /** UTF-16 index in the text given to `shape` of the first character this glyph stands for. */
  cluster: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

/** A font file opened by HarfBuzz (its face and font kept for the process: fonts are few). */
export class ShapingFont {
  private readonly font: HarfBuzz.Font;
  /** One buffer, reset for each run: shaping is synchronous, so no two runs share it at once. */
  private readonly buffer: HarfBuzz.Buffer;

  private constructor(
    private readonly hb: HarfBuzzModule,
    sfnt: Uint8Array,
  ) {
    // The blob and face stay reachable from the font; harfbuzzjs frees them by finalizer only.
    this.font = new hb.Font(new hb.Face(new hb.Blob(sfnt), 0));
    this.buffer = new hb.Buffer();
  }

  /** `sfnt` must be an OpenType/TrueType file (HarfBuzz reads no WOFF). */
  static async open(sfnt: Uint8Array): Promise<ShapingFont> {
    return new ShapingFont(await loadHarfBuzz(), sfnt);
  }

  /**
   * Shapes `text.slice(start, start + length)` in one direction; the rest of `text` is context
   * (an Arabic letter joins across a run boundary as it would inside it). Marks keep clusters of
   * their own (cluster level 1) so that each glyph knows its characters.
   */
  shape(text: string, start: number, length: number, rtl: boolean): ShapedGlyph[] {
    const { hb, buffer } = this;
    buffer.reset();
    buffer.setClusterLevel(hb.ClusterLevel.MONOTONE_CHARACTERS);
    // Bidi controls and joiners carry no glyph (they have done their work in the bidi levels).
    buffer.setFlags(hb.BufferFlag.REMOVE_DEFAULT_IGNORABLES | (start === 0 ? hb.BufferFlag.BOT : 0) | (start + length === text.length ? hb.BufferFlag.EOT : 0));
    buffer.addText(text, start, length);
    buffer.setDirection(rtl ? hb.Direction.RTL : hb.Direction.LTR);
    buffer.guessSegmentProperties();
    hb.shape(this.font, buffer);
    const infos = buffer.getGlyphInfos();
    const positions = buffer.getGlyphPositions();
    return infos.map((info, i) => {
      const p = positions[i]!;
      return { gid: info.codepoint, cluster: info.cluster, xAdvance: p.xAdvance, xOffset: p.xOffset, yOffset: p.yOffset };
    });
  }
}
