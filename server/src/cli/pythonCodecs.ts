/**
 * PEP 263 coding names as Python reads them, mapped to the decoders Node has. Python accepts a
 * name when `codecs.lookup` finds it: the tokenizer first folds `utf-8…` and `latin-1…` spellings
 * (`get_normal_name`), then `encodings.normalize_encoding` turns every run of punctuation into
 * one `_`, and the alias table of `encodings/aliases.py` names the codec. Only codecs that a
 * WHATWG decoder (Node's TextDecoder) or Node itself decodes the same way are listed; the others
 * (EBCDIC code pages, HZ, the ISO-2022 variants but JP…) are known to Python but not decodable here.
 */

/** How a codec's bytes become text here. */
export type Decoder =
  /** A TextDecoder label. */
  | { kind: "whatwg"; label: string }
  /** Python's latin_1 maps every byte to the code point of the same value (WHATWG's "latin1" is windows-1252). */
  | { kind: "latin1" }
  /** Python's ascii refuses every byte above 0x7f (WHATWG's "ascii" is windows-1252). */
  | { kind: "ascii" };

/** Python codec module name -> its aliases (from encodings/aliases.py) and how to decode it. */
const CODECS: Record<string, { aliases: string[]; decoder: Decoder }> = {
  ascii: {
    aliases: ["646", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367", "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6", "us", "us_ascii"],
    decoder: { kind: "ascii" },
  },
  latin_1: {
    aliases: ["8859", "cp819", "csisolatin1", "ibm819", "iso8859", "iso8859_1", "iso_8859_1", "iso_8859_1_1987", "iso_ir_100", "l1", "latin", "latin1"],
    decoder: { kind: "latin1" },
  },
  utf_8: { aliases: ["u8", "utf", "utf8", "utf8_ucs2", "utf8_ucs4", "cp65001"], decoder: { kind: "whatwg", label: "utf-8" } },
  // The BOM is optional and stripped: what the UTF-8 path does anyway.
  utf_8_sig: { aliases: [], decoder: { kind: "whatwg", label: "utf-8" } },
  big5: { aliases: ["big5_tw", "csbig5", "x_mac_trad_chinese"], decoder: { kind: "whatwg", label: "big5" } },
  big5hkscs: { aliases: ["big5_hkscs", "hkscs"], decoder: { kind: "whatwg", label: "big5" } },
  cp866: { aliases: ["866", "csibm866", "ibm866"], decoder: { kind: "whatwg", label: "ibm866" } },
  cp874: { aliases: [], decoder: { kind: "whatwg", label: "windows-874" } },
  cp932: { aliases: ["932", "ms932", "mskanji", "ms_kanji"], decoder: { kind: "whatwg", label: "shift_jis" } },
  cp949: { aliases: ["949", "ms949", "uhc"], decoder: { kind: "whatwg", label: "euc-kr" } },
  cp1250: { aliases: ["1250", "windows_1250"], decoder: { kind: "whatwg", label: "windows-1250" } },
  cp1251: { aliases: ["1251", "windows_1251"], decoder: { kind: "whatwg", label: "windows-1251" } },
  cp1252: { aliases: ["1252", "windows_1252"], decoder: { kind: "whatwg", label: "windows-1252" } },
  cp1253: { aliases: ["1253", "windows_1253"], decoder: { kind: "whatwg", label: "windows-1253" } },
  cp1254: { aliases: ["1254", "windows_1254"], decoder: { kind: "whatwg", label: "windows-1254" } },
  cp1255: { aliases: ["1255", "windows_1255"], decoder: { kind: "whatwg", label: "windows-1255" } },
  cp1256: { aliases: ["1256", "windows_1256"], decoder: { kind: "whatwg", label: "windows-1256" } },
  cp1257: { aliases: ["1257", "windows_1257"], decoder: { kind: "whatwg", label: "windows-1257" } },
  cp1258: { aliases: ["1258", "windows_1258"], decoder: { kind: "whatwg", label: "windows-1258" } },
  euc_jp: { aliases: ["eucjp", "ujis", "u_jis"], decoder: { kind: "whatwg", label: "euc-jp" } },
  euc_kr: { aliases: ["euckr", "korean", "ksc5601", "ks_c_5601", "ks_c_5601_1987", "ksx1001", "ks_x_1001", "x_mac_korean"], decoder: { kind: "whatwg", label: "euc-kr" } },
  gb2312: {
    aliases: ["chinese", "csiso58gb231280", "euc_cn", "euccn", "eucgb2312_cn", "gb2312_1980", "gb2312_80", "iso_ir_58", "x_mac_simp_chinese"],
    decoder: { kind: "whatwg", label: "gbk" },
  },
  gbk: { aliases: ["936", "cp936", "ms936"], decoder: { kind: "whatwg", label: "gbk" } },
  gb18030: { aliases: ["gb18030_2000"], decoder: { kind: "whatwg", label: "gb18030" } },
  iso2022_jp: { aliases: ["csiso2022jp", "iso2022jp", "iso_2022_jp"], decoder: { kind: "whatwg", label: "iso-2022-jp" } },
  iso8859_2: { aliases: ["csisolatin2", "iso_8859_2", "iso_8859_2_1987", "iso_ir_101", "l2", "latin2"], decoder: { kind: "whatwg", label: "iso-8859-2" } },
  iso8859_3: { aliases: ["csisolatin3", "iso_8859_3", "iso_8859_3_1988", "iso_ir_109", "l3", "latin3"], decoder: { kind: "whatwg", label: "iso-8859-3" } },
  iso8859_4: { aliases: ["csisolatin4", "iso_8859_4", "iso_8859_4_1988", "iso_ir_110", "l4", "latin4"], decoder: { kind: "whatwg", label: "iso-8859-4" } },
  iso8859_5: { aliases: ["csisolatincyrillic", "cyrillic", "iso_8859_5", "iso_8859_5_1988", "iso_ir_144"], decoder: { kind: "whatwg", label: "iso-8859-5" } },
  iso8859_6: {
    aliases: ["arabic", "asmo_708", "csisolatinarabic", "ecma_114", "iso_8859_6", "iso_8859_6_1987", "iso_ir_127"],
    decoder: { kind: "whatwg", label: "iso-8859-6" },
  },
  iso8859_7: {
    aliases: ["csisolatingreek", "ecma_118", "elot_928", "greek", "greek8", "iso_8859_7", "iso_8859_7_1987", "iso_ir_126"],
    decoder: { kind: "whatwg", label: "iso-8859-7" },
  },
  iso8859_8: { aliases: ["csisolatinhebrew", "hebrew", "iso_8859_8", "iso_8859_8_1988", "iso_ir_138"], decoder: { kind: "whatwg", label: "iso-8859-8" } },
  iso8859_9: { aliases: ["csisolatin5", "iso_8859_9", "iso_8859_9_1989", "iso_ir_148", "l5", "latin5"], decoder: { kind: "whatwg", label: "windows-1254" } },
  iso8859_10: { aliases: ["csisolatin6", "iso_8859_10", "iso_8859_10_1992", "iso_ir_157", "l6", "latin6"], decoder: { kind: "whatwg", label: "iso-8859-10" } },
  iso8859_11: { aliases: ["iso_8859_11", "iso_8859_11_2001", "thai"], decoder: { kind: "whatwg", label: "windows-874" } },
  iso8859_13: { aliases: ["iso_8859_13", "l7", "latin7"], decoder: { kind: "whatwg", label: "iso-8859-13" } },
  iso8859_14: { aliases: ["iso_8859_14", "iso_8859_14_1998", "iso_celtic", "iso_ir_199", "l8", "latin8"], decoder: { kind: "whatwg", label: "iso-8859-14" } },
  iso8859_15: { aliases: ["iso_8859_15", "l9", "latin9"], decoder: { kind: "whatwg", label: "iso-8859-15" } },
  iso8859_16: { aliases: ["iso_8859_16", "iso_8859_16_2001", "iso_ir_226", "l10", "latin10"], decoder: { kind: "whatwg", label: "iso-8859-16" } },
  koi8_r: { aliases: ["cskoi8r"], decoder: { kind: "whatwg", label: "koi8-r" } },
  koi8_u: { aliases: [], decoder: { kind: "whatwg", label: "koi8-u" } },
  mac_cyrillic: { aliases: ["maccyrillic"], decoder: { kind: "whatwg", label: "x-mac-cyrillic" } },
  mac_roman: { aliases: ["macintosh", "macroman"], decoder: { kind: "whatwg", label: "macintosh" } },
  shift_jis: { aliases: ["csshiftjis", "shiftjis", "sjis", "s_jis", "x_mac_japanese"], decoder: { kind: "whatwg", label: "shift_jis" } },
  tis_620: { aliases: ["tis620", "tis_620_0", "tis_620_2529_0", "tis_620_2529_1", "iso_ir_166"], decoder: { kind: "whatwg", label: "windows-874" } },
};

/** Codecs Python has that no decoder here reads the same way: named as such, not as unknown. */
const KNOWN_UNDECODABLE = new Set(
  "cp037 cp273 cp424 cp437 cp500 cp720 cp737 cp775 cp850 cp852 cp855 cp856 cp857 cp858 cp860 cp861 cp862 cp863 cp864 cp865 cp869 cp875 cp1006 cp1026 cp1125 cp1140 euc_jis_2004 euc_jisx0213 hz iso2022_jp_1 iso2022_jp_2 iso2022_jp_2004 iso2022_jp_3 iso2022_jp_ext iso2022_kr johab koi8_t kz1048 mac_arabic mac_croatian mac_farsi mac_greek mac_iceland mac_latin2 mac_romanian mac_turkish ptcp154 shift_jis_2004 shift_jisx0213 utf_16 utf_16_be utf_16_le utf_32 utf_32_be utf_32_le utf_7".split(
    " ",
  ),
);

const ALIASES = new Map<string, string>();
for (const [codec, { aliases }] of Object.entries(CODECS)) {
  ALIASES.set(codec, codec);
  for (const alias of aliases) ALIASES.set(alias, codec);
}

/** The tokenizer's `get_normal_name`: `utf-8`, `latin-1` and their `-suffixed` spellings (first 12 characters). */
function tokenizerNormalName(name: string): string {
  const head = name.slice(0, 12).toLowerCase().replace(/_/g, "-");
  if (head === "utf-8" || head.startsWith("utf-8-")) return "utf-8";
  for (const latin of ["latin-1", "iso-8859-1", "iso-latin-1"]) if (head === latin || head.startsWith(`${latin}-`)) return "iso-8859-1";
  return name;
}

/** `encodings.normalize_encoding`, lower-cased as `codecs.lookup` does: runs of other characters than letters, digits and `.` become one `_`. */
export function normalizeEncoding(name: string): string {
  let out = "";
  let punctuation = false;
  for (const char of name.toLowerCase()) {
    if (/[a-z0-9.]/.test(char)) {
      if (punctuation && out) out += "_";
      out += char;
      punctuation = false;
    } else punctuation = true;
  }
  return out;
}

export type CodecLookup = { ok: true; codec: string; decoder: Decoder } | { ok: false; known: boolean };

/** The codec a PEP 263 coding name means to Python, and how to decode it here. */
export function lookupPythonCodec(declared: string): CodecLookup {
  const normalized = normalizeEncoding(tokenizerNormalName(declared));
  const codec = ALIASES.get(normalized) ?? ALIASES.get(normalized.replace(/\./g, "_"));
  if (codec) return { ok: true, codec, decoder: CODECS[codec].decoder };
  return { ok: false, known: KNOWN_UNDECODABLE.has(normalized) || KNOWN_UNDECODABLE.has(normalized.replace(/\./g, "_")) };
}
