/**
 * Draws the add-in's icons: a deep-teal shield with white people on it, on transparency, with
 * anti-aliasing by supersampling. Writes assets/icon-<size>.png for every size the manifest uses
 * (16, 32 and 80 px are required for ribbon buttons, 64 px for IconUrl and 128 px for
 * HighResolutionIconUrl of a mail add-in; see learn.microsoft.com/javascript/api/manifest/icon,
 * /iconurl and /highresolutioniconurl).
 *
 * Run: `npx tsx tools/manifest/makeIcons.ts [outDir]` (default: assets/). The output is
 * deterministic, and test/manifest checks that the committed files match what this draws.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { encodePng } from "./png";

/** Every icon size the manifest references, in pixels. */
export const ICON_SIZES = [16, 32, 64, 80, 128] as const;
export type IconSize = (typeof ICON_SIZES)[number];

/** Brand colour, deep teal #0F6C7A: 5.9:1 contrast against white, so the glyph reads on it. */
const TEAL: Rgb = [0x0f, 0x6c, 0x7a];
const WHITE: Rgb = [0xff, 0xff, 0xff];
/** Samples per pixel along each axis (SUPERSAMPLE² per pixel). */
const SUPERSAMPLE = 8;

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

/** File name of the icon of one size inside assets/. */
export function iconFileName(size: number): string {
  return `icon-${size}.png`;
}

function quadratic(from: Point, control: Point, to: Point, steps: number): Point[] {
  const points: Point[] = [];
  for (let i = 1; i <= steps; i++) {
    const t = i / steps;
    const a = (1 - t) * (1 - t);
    const b = 2 * (1 - t) * t;
    const c = t * t;
    points.push([a * from[0] + b * control[0] + c * to[0], a * from[1] + b * control[1] + c * to[1]]);
  }
  return points;
}

/** The shield outline in unit coordinates (y down): a raised crest, straight sides, a point below. */
function shieldOutline(): Point[] {
  const topLeft: Point = [0.13, 0.17];
  const crest: Point = [0.5, 0.06];
  const topRight: Point = [0.87, 0.17];
  const shoulderRight: Point = [0.87, 0.5];
  const tip: Point = [0.5, 0.95];
  const shoulderLeft: Point = [0.13, 0.5];
  return [
    topLeft,
    ...quadratic(topLeft, [0.33, 0.16], crest, 24),
    ...quadratic(crest, [0.67, 0.16], topRight, 24),
    shoulderRight,
    ...quadratic(shoulderRight, [0.86, 0.8], tip, 48),
    ...quadratic(tip, [0.14, 0.8], shoulderLeft, 48),
  ];
}

const SHIELD = shieldOutline();

/** x coordinates where the horizontal line at `y` crosses the polygon's edges, ascending. */
function crossings(polygon: readonly Point[], y: number): number[] {
  const xs: number[] = [];
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] ?? [0, 0];
    const [xj, yj] = polygon[j] ?? [0, 0];
    if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi);
  }
  return xs.sort((a, b) => a - b);
}

/** Even-odd rule over precomputed crossings of one scanline. */
function insideScanline(xs: readonly number[], x: number): boolean {
  let inside = false;
  for (const cx of xs) {
    if (cx > x) break;
    inside = !inside;
  }
  return inside;
}

/** A person: a round head over a half-ellipse of shoulders, cut flat at `baseY`. */
interface Person {
  cx: number;
  headY: number;
  headR: number;
  shoulderY: number;
  shoulderRx: number;
  shoulderRy: number;
  baseY: number;
}

function insidePerson(p: Person, x: number, y: number, grow = 0): boolean {
  const dx = x - p.cx;
  const dy = y - p.headY;
  if (dx * dx + dy * dy <= (p.headR + grow) ** 2) return true;
  if (y > p.baseY + grow) return false;
  const ex = dx / (p.shoulderRx + grow);
  const ey = (y - p.shoulderY) / (p.shoulderRy + grow);
  return ex * ex + ey * ey <= 1;
}

/**
 * Small icons show one person, larger ones a group of three: at 16 px three figures would blur
 * into one blob.
 */
function peopleFor(size: number): { front: Person; back: Person[]; gap: number } {
  if (size < 32) {
    return {
      front: { cx: 0.5, headY: 0.36, headR: 0.13, shoulderY: 0.76, shoulderRx: 0.23, shoulderRy: 0.24, baseY: 0.72 },
      back: [],
      gap: 0,
    };
  }
  const back = (cx: number): Person => ({
    cx,
    headY: 0.36,
    headR: 0.075,
    shoulderY: 0.66,
    shoulderRx: 0.12,
    shoulderRy: 0.16,
    baseY: 0.64,
  });
  return {
    front: { cx: 0.5, headY: 0.42, headR: 0.1, shoulderY: 0.78, shoulderRx: 0.18, shoulderRy: 0.2, baseY: 0.74 },
    back: [back(0.3), back(0.7)],
    gap: 0.035,
  };
}

/**
 * Renders one icon as straight 8-bit RGBA, row-major.
 * @param size width and height in pixels
 */
export function renderIcon(size: number): Uint8Array {
  const { front, back, gap } = peopleFor(size);
  const rgba = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    const rows = Array.from({ length: SUPERSAMPLE }, (_, sy) => {
      const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
      return { y, xs: crossings(SHIELD, y) };
    });
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (const { y, xs } of rows) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          if (!insideScanline(xs, x)) continue;
          let colour: Rgb = TEAL;
          if (back.some((p) => insidePerson(p, x, y))) colour = WHITE;
          if (gap > 0 && insidePerson(front, x, y, gap)) colour = TEAL;
          if (insidePerson(front, x, y)) colour = WHITE;
          covered++;
          r += colour[0];
          g += colour[1];
          b += colour[2];
        }
      }
      const at = (py * size + px) * 4;
      if (covered === 0) continue;
      rgba[at] = Math.round(r / covered);
      rgba[at + 1] = Math.round(g / covered);
      rgba[at + 2] = Math.round(b / covered);
      rgba[at + 3] = Math.round((255 * covered) / samples);
    }
  }
  return rgba;
}

// ---------------------------------------------------------------------------------------------
// The two icons of the unified manifest for Microsoft 365 ("icons" in manifest.json, see
// tools/manifest/unifiedManifest.ts). Its schema asks for "a full color PNG icon, size 192x192"
// ("color") and "a transparent PNG outline icon, the border color needs to be white, size 32x32"
// ("outline").

/** The unified manifest's icons, as files in assets/. */
export const UNIFIED_ICONS = [
  { kind: "color", file: "color-192.png", size: 192 },
  { kind: "outline", file: "outline-32.png", size: 32 },
] as const;
export type UnifiedIconKind = (typeof UNIFIED_ICONS)[number]["kind"];

/** Part of the square, centred, that the shield of the colour icon fills (the rest is margin). */
const COLOUR_SHIELD_SCALE = 0.74;
/** Width of the outline icon's shield border, in pixels. */
const OUTLINE_STROKE_PX = 2.25;
/** The people inside the outline shield shrink towards this point to keep clear of the border. */
const OUTLINE_PEOPLE_CENTRE: Point = [0.5, 0.56];
const OUTLINE_PEOPLE_SCALE = 0.8;

/** The edges of a closed polygon as [ax, ay, bx, by, …], for {@link nearEdge}. */
function edgesOf(polygon: readonly Point[]): Float64Array {
  const edges = new Float64Array(polygon.length * 4);
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [ax, ay] = polygon[j] ?? [0, 0];
    const [bx, by] = polygon[i] ?? [0, 0];
    edges.set([ax, ay, bx, by], i * 4);
  }
  return edges;
}

const SHIELD_EDGES = edgesOf(SHIELD);

/** Whether (x, y) lies within `distance` of an edge. */
function nearEdge(edges: Float64Array, x: number, y: number, distance: number): boolean {
  const limit = distance * distance;
  for (let k = 0; k < edges.length; k += 4) {
    const ax = edges[k] ?? 0;
    const ay = edges[k + 1] ?? 0;
    const dx = (edges[k + 2] ?? 0) - ax;
    const dy = (edges[k + 3] ?? 0) - ay;
    const length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / length2));
    const ex = x - (ax + t * dx);
    const ey = y - (ay + t * dy);
    if (ex * ex + ey * ey <= limit) return true;
  }
  return false;
}

/**
 * Supersamples a straight-RGBA image: `colourAt` returns the colour at a point in unit
 * coordinates (y down), or `undefined` where the image is transparent.
 */
function rasterise(size: number, colourAt: (x: number, y: number) => Rgb | undefined): Uint8Array {
  const rgba = new Uint8Array(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let r = 0;
      let g = 0;
      let b = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const colour = colourAt((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          if (!colour) continue;
          covered++;
          r += colour[0];
          g += colour[1];
          b += colour[2];
        }
      }
      if (covered === 0) continue;
      const at = (py * size + px) * 4;
      rgba[at] = Math.round(r / covered);
      rgba[at + 1] = Math.round(g / covered);
      rgba[at + 2] = Math.round(b / covered);
      rgba[at + 3] = Math.round((255 * covered) / samples);
    }
  }
  return rgba;
}

/**
 * The full-colour icon: the shield in white on an opaque brand-teal square, with the people in
 * teal (the add-in's icons, inverted, so that the glyph still reads on a white or dark store page).
 */
export function renderColorIcon(size: number = UNIFIED_ICONS[0].size): Uint8Array {
  const { front, back, gap } = peopleFor(size);
  const margin = (1 - COLOUR_SHIELD_SCALE) / 2;
  const rows = new Map<number, number[]>();
  return rasterise(size, (x, y) => {
    const u = (x - margin) / COLOUR_SHIELD_SCALE;
    const v = (y - margin) / COLOUR_SHIELD_SCALE;
    const xs = rows.get(v) ?? crossings(SHIELD, v);
    rows.set(v, xs);
    if (!insideScanline(xs, u)) return TEAL;
    let colour: Rgb = WHITE;
    if (back.some((p) => insidePerson(p, u, v))) colour = TEAL;
    if (gap > 0 && insidePerson(front, u, v, gap)) colour = WHITE;
    if (insidePerson(front, u, v)) colour = TEAL;
    return colour;
  });
}

/**
 * The outline icon: white on transparency only, as the schema asks. The shield is drawn as a
 * border, with the people filled inside it.
 */
export function renderOutlineIcon(size: number = UNIFIED_ICONS[1].size): Uint8Array {
  const { front, back, gap } = peopleFor(size);
  const stroke = OUTLINE_STROKE_PX / size;
  const [cx, cy] = OUTLINE_PEOPLE_CENTRE;
  const rows = new Map<number, number[]>();
  return rasterise(size, (x, y) => {
    const xs = rows.get(y) ?? crossings(SHIELD, y);
    rows.set(y, xs);
    if (!insideScanline(xs, x)) return undefined;
    if (nearEdge(SHIELD_EDGES, x, y, stroke)) return WHITE;
    const u = cx + (x - cx) / OUTLINE_PEOPLE_SCALE;
    const v = cy + (y - cy) / OUTLINE_PEOPLE_SCALE;
    if (insidePerson(front, u, v)) return WHITE;
    if (gap > 0 && insidePerson(front, u, v, gap)) return undefined;
    return back.some((p) => insidePerson(p, u, v)) ? WHITE : undefined;
  });
}

/** Renders one of {@link UNIFIED_ICONS} at its size. */
export function renderUnifiedIcon(kind: UnifiedIconKind): Uint8Array {
  return kind === "color" ? renderColorIcon() : renderOutlineIcon();
}

/** Writes every icon into `outDir` and returns the paths written. */
export function writeIcons(outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  const paths = ICON_SIZES.map((size) => {
    const path = join(outDir, iconFileName(size));
    writeFileSync(path, encodePng(size, size, renderIcon(size)));
    return path;
  });
  for (const { kind, file, size } of UNIFIED_ICONS) {
    const path = join(outDir, file);
    writeFileSync(path, encodePng(size, size, renderUnifiedIcon(kind)));
    paths.push(path);
  }
  return paths;
}

if (require.main === module) {
  const outDir = resolve(process.argv[2] ?? join(__dirname, "..", "..", "assets"));
  for (const path of writeIcons(outDir)) console.log(`wrote ${path}`);
}
