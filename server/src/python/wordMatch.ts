/**
 * Whole-word search in source text without building a regex from the word (a pattern made at run
 * time from user text could backtrack, and the regex-safety test can only vouch for literals).
 */
const WORD_CHARACTER = /[\p{L}\p{N}_]/u;

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && WORD_CHARACTER.test(character);
}

/** True when `word` occurs in `text` with no letter, digit or `_` right before or after it. */
export function containsWord(text: string, word: string): boolean {
  if (word === "") return false;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    // Compare whole code points on each side, so a letter outside the BMP counts as a letter.
    const before = at > 0 ? String.fromCodePoint(text.codePointAt(at - 1 >= 1 && /[\uDC00-\uDFFF]/.test(text[at - 1]) ? at - 2 : at - 1)!) : undefined;
    const after = at + word.length < text.length ? String.fromCodePoint(text.codePointAt(at + word.length)!) : undefined;
    if (!isWordCharacter(before) && !isWordCharacter(after)) return true;
  }
  return false;
}
