/**
 * Writes src/core/confusables.json: for every code point a domain can hold, the letters it reads as
 * when look-alike domains are compared (src/core/lookalike.ts, `skeleton`). Run it after a Unicode or
 * ICU update (README.md beside this file): `npx tsx tools/confusables/generate.ts`.
 *
 * The source is ICU's UTS #39 skeleton (uspoof_getSkeleton), read through icuSkeletons.c against the
 * ICU installed here, whose Unicode and ICU versions go into the file. On top of it, as Chromium's IDN
 * spoof checker does before it compares a host name with top domains
 * (components/url_formatter/spoof_checks/skeleton_generator.cc): marks are removed (NFD, drop
 * nonspacing marks), a few letters with strokes map to their base letter, and a short list of
 * Cyrillic, Greek and other letters that UTS #39 leaves alone but that read as Latin letters at mail
 * font sizes map to them. Case is folded before and after, and the mapping is applied until it no
 * longer changes anything, so every entry is final.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { toAsciiDomain } from "../../src/core/address";

const ROOT = path.resolve(__dirname, "../..");
const OUT = path.join(ROOT, "src/core/confusables.json");

/**
 * Letters that NFD does not decompose but that read as their base letter: Chromium's diacritic
 * remover maps ł, ø and đ; the other letters with a stroke, hook or descender read the same way.
 */
const STROKES: Record<string, string> = {
  ł: "l", ø: "o", đ: "d", ħ: "h", ŧ: "t", ɨ: "i", ʉ: "u", ɇ: "e", ɉ: "j", ɍ: "r", ɏ: "y", ƶ: "z", ǥ: "g", ƀ: "b", ɫ: "l", ƚ: "l",
  ƈ: "c", ⱨ: "h", ʝ: "j", ⱪ: "k", ꞑ: "n", ƫ: "t", ɾ: "r", ⱱ: "v", ⱴ: "v", ᶌ: "v", ⱳ: "w", ⱬ: "z", ƿ: "p",
};

/**
 * Chromium's extra confusables (skeleton_generator.cc, `extra_confusable_mapper_`): letters that
 * UTS #39 does not map to Latin but that look like Latin letters in a host name.
 */
const EXTRA: Record<string, string> = {
  æ: "ae", ӕ: "ae", ϼ: "p", ҏ: "p", ĸ: "k", κ: "k", к: "k", қ: "k", ҝ: "k", ҟ: "k", ҡ: "k", ӄ: "k", ԟ: "k",
  ħ: "h", н: "h", ћ: "h", ң: "h", ҥ: "h", ӈ: "h", ӊ: "h", ԋ: "h", ԧ: "h", ԩ: "h",
  ŋ: "n", п: "n", ԥ: "n", ก: "n", ח: "n", œ: "ce", ŧ: "t", т: "t", ҭ: "t", ԏ: "t", 七: "t", 丅: "t", 丆: "t", 丁: "t",
  ƅ: "b", ь: "b", ҍ: "b", в: "b", ω: "w", ш: "w", щ: "w", พ: "w", ฟ: "w", ພ: "w", ຟ: "w", м: "m", ӎ: "m",
  є: "e", ҽ: "e", ҿ: "e", ၔ: "e", ґ: "r", ғ: "f", ӻ: "f", ҫ: "c", င: "c", ұ: "y", 丫: "y",
  χ: "x", ҳ: "x", ӽ: "x", ӿ: "x", 乂: "x", ԃ: "d", ძ: "d", ԍ: "g", ဌ: "g", ട: "s", ร: "s", ຣ: "s", ຮ: "s", "၂": "j",
  "०": "o", "০": "o", "੦": "o", "૦": "o", ଠ: "o", "୦": "o", "೦": "o", "৭": "q", "੧": "q", "૧": "q", บ: "u", ບ: "u", θ: "0",
  "२": "2", "২": "2", "੨": "2", "૨": "2", "೩": "2", "೭": "2", շ: "2",
  з: "3", ҙ: "3", ӡ: "3", उ: "3", ও: "3", ਤ: "3", "੩": "3", "૩": "3", "౩": "3", ဒ: "3", ვ: "3", პ: "3",
  "੫": "4", 丩: "4", ㄐ: "4", ճ: "6", "৪": "8", "੪": "8", "୫": "8", "૭": "9", "୨": "9", "౨": "9",
  "—": "-", 一: "-", "―": "-", "⸺": "-", "⸻": "-",
};

interface IcuSkeletons {
  unicode: string;
  icu: string;
  map: Map<string, string>;
}

function icuSkeletons(): IcuSkeletons {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "icu-skeletons-"));
  try {
    const binary = path.join(dir, "icuSkeletons");
    const flags = execFileSync("pkg-config", ["--cflags", "--libs", "icu-i18n", "icu-uc"], { encoding: "utf8" }).trim().split(/\s+/);
    execFileSync("gcc", ["-O2", path.join(__dirname, "icuSkeletons.c"), "-o", binary, ...flags], { stdio: "inherit" });
    const lines = execFileSync(binary, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).trim().split("\n");
    const header = (line: string | undefined, key: string): string => {
      const [name, value] = (line ?? "").split(" ");
      if (name !== key || value === undefined) throw new Error(`icuSkeletons: expected "${key} <version>", got ${JSON.stringify(line)}`);
      return value;
    };
    const unicode = header(lines[0], "unicode");
    const icu = header(lines[1], "icu");
    const map = new Map<string, string>();
    for (const line of lines.slice(2)) {
      const [from, ...to] = line.split(" ").map((hex) => String.fromCodePoint(parseInt(hex, 16)));
      if (from !== undefined) map.set(from, to.join(""));
    }
    return { unicode: unicode.replace(/(\.0)+$/, ".0"), icu, map };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The prototypes kept: letters, digits and hyphens of ASCII, or nothing (a mark). Mail domains that
 * organisations protect are ASCII in practice; mappings between two non-Latin letters (most of
 * confusables.txt, and every Hangul syllable's jamo) would triple the file for domains nobody lists.
 */
const LATIN_PROTOTYPE = /^[a-z0-9-]*$/;

const MARKS = /[\p{Mn}\p{Default_Ignorable_Code_Point}]/gu;

function foldOnce(text: string, icu: ReadonlyMap<string, string>): string {
  let out = "";
  for (const ch of text.normalize("NFD").replace(MARKS, "").toLowerCase()) {
    const mapped = STROKES[ch] ?? EXTRA[ch] ?? icu.get(ch) ?? ch;
    out += mapped;
  }
  return out.normalize("NFD").replace(MARKS, "").toLowerCase();
}

function fold(ch: string, icu: ReadonlyMap<string, string>): string {
  let text = ch;
  for (let round = 0; round < 8; round++) {
    const next = foldOnce(text, icu);
    if (next === text) return text;
    text = next;
  }
  throw new Error(`U+${ch.codePointAt(0)?.toString(16)} does not settle`);
}

/** Whether a code point can appear in a domain as toAsciiDomain leaves it (NFKC, lower case, IDNA-valid). */
function reachable(ch: string): boolean {
  if (ch.normalize("NFKC").toLowerCase().normalize("NFKC") !== ch) return false;
  return toAsciiDomain(`a${ch}b.com`) !== undefined || /\p{M}/u.test(ch) && toAsciiDomain(`a${ch}.com`) !== undefined;
}

function main(): void {
  const icu = icuSkeletons();
  const confusables: Record<string, string> = {};
  const prototypes = new Set<string>();
  for (let cp = 0x21; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const ch = String.fromCodePoint(cp);
    if (!reachable(ch)) continue;
    const prototype = fold(ch, icu.map);
    if (prototype === ch || !LATIN_PROTOTYPE.test(prototype)) continue;
    confusables[ch] = prototype;
    prototypes.add(prototype);
  }
  const file = {
    about: "Generated by tools/confusables/generate.ts from ICU's UTS #39 skeletons: code point → the ASCII letters, digits or hyphen it reads as (\"\" for a mark). Do not edit.",
    unicode: icu.unicode,
    icu: icu.icu,
    confusables,
  };
  fs.writeFileSync(OUT, `${JSON.stringify(file)}\n`);
  process.stdout.write(`${path.relative(ROOT, OUT)}: ${Object.keys(confusables).length} code points, ${prototypes.size} prototypes, Unicode ${icu.unicode} (ICU ${icu.icu}), ${fs.statSync(OUT).size} bytes\n`);
}

main();
