/** What the first bytes of an image say: its real type and, when cheap to read, its size in pixels. */
export interface ImageInfo {
  contentType: "image/png" | "image/jpeg" | "image/gif" | "image/webp";
  ext: string;
  width: number | null;
  height: number | null;
}

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, at: number, len: number) => String.fromCharCode(...b.subarray(at, at + len));
const u16be = (b: Uint8Array, at: number) => (b[at]! << 8) | b[at + 1]!;
const u16le = (b: Uint8Array, at: number) => b[at]! | (b[at + 1]! << 8);
const u32be = (b: Uint8Array, at: number) => ((b[at]! << 24) >>> 0) + (b[at + 1]! << 16) + (b[at + 2]! << 8) + b[at + 3]!;

/**
 * Sniffs PNG, JPEG, GIF and WebP by their magic bytes (never by name or declared type); anything else,
 * SVG included (it can carry scripts), is undefined.
 */
export function imageInfo(b: Uint8Array): ImageInfo | undefined {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    const ihdr = b.length >= 24 && ascii(b, 12, 4) === "IHDR";
    return { contentType: "image/png", ext: "png", width: ihdr ? u32be(b, 16) : null, height: ihdr ? u32be(b, 20) : null };
  }
  if (startsWith(b, [0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", ext: "jpg", ...jpegSize(b) };
  if (b.length >= 10 && (ascii(b, 0, 6) === "GIF87a" || ascii(b, 0, 6) === "GIF89a")) {
    return { contentType: "image/gif", ext: "gif", width: u16le(b, 6), height: u16le(b, 8) };
  }
  if (b.length >= 16 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return { contentType: "image/webp", ext: "webp", width: null, height: null };
  return undefined;
}

/** Walks JPEG segments to the first start-of-frame marker, which holds the size. */
function jpegSize(b: Uint8Array): { width: number | null; height: number | null } {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return { width: null, height: null };
    const marker = b[i + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: u16be(b, i + 5), width: u16be(b, i + 7) };
    }
    i += 2 + u16be(b, i + 2);
  }
  return { width: null, height: null };
}
