/**
 * The little of PNG that the manifest tools need: write an 8-bit RGBA image, read a file's pixel
 * size from its IHDR chunk, and read back the pixels of the files written here.
 * Format: W3C PNG specification (https://www.w3.org/TR/png/), sections 5 (datastream), 11.2.2 (IHDR)
 * and 7.3 (filtering). No dependency: node:zlib does the deflate.
 */
import { deflateSync, inflateSync } from "node:zlib";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const COLOUR_TYPE_RGBA = 6;

const CRC_TABLE: readonly number[] = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes straight (not premultiplied) 8-bit RGBA pixels, row-major, as a PNG file. Every row uses
 * filter type 0, so the output is deterministic for a given zlib and easy to read back.
 * @param width pixels
 * @param height pixels
 * @param rgba `width * height * 4` bytes
 */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  if (rgba.length !== width * height * 4) {
    throw new RangeError(`encodePng: expected ${width * height * 4} bytes of RGBA, got ${rgba.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = COLOUR_TYPE_RGBA;
  // [10] compression 0, [11] filter method 0, [12] interlace 0 (none).
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    SIGNATURE,
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/** What the IHDR chunk says about an image. */
export interface PngHeader {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
}

/**
 * Reads the IHDR chunk, which the specification requires to come first. Returns `undefined` for
 * anything that is not a PNG.
 */
export function readPngHeader(bytes: Uint8Array): PngHeader | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(SIGNATURE)) return undefined;
  if (buf.toString("latin1", 12, 16) !== "IHDR") return undefined;
  return {
    width: buf.readUInt32BE(16),
    height: buf.readUInt32BE(20),
    bitDepth: buf.readUInt8(24),
    colourType: buf.readUInt8(25),
  };
}

/**
 * Reads back the RGBA pixels of a file written by {@link encodePng}: 8-bit RGBA, not interlaced,
 * every row filter type 0. Returns `undefined` for any other PNG (this is not a general decoder).
 */
export function readPngRgba(bytes: Uint8Array): { width: number; height: number; rgba: Uint8Array } | undefined {
  const header = readPngHeader(bytes);
  if (!header || header.bitDepth !== 8 || header.colourType !== COLOUR_TYPE_RGBA) return undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString("latin1", at + 4, at + 8);
    if (type === "IDAT") idat.push(buf.subarray(at + 8, at + 8 + length));
    if (type === "IHDR" && buf.readUInt8(at + 8 + 12) !== 0) return undefined; // interlaced
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = header.width * 4;
  if (raw.length !== (stride + 1) * header.height) return undefined;
  const rgba = new Uint8Array(stride * header.height);
  for (let y = 0; y < header.height; y++) {
    if (raw[y * (stride + 1)] !== 0) return undefined;
    rgba.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width: header.width, height: header.height, rgba };
}
