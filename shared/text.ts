/** Lower-case and strip diacritics: "José Núñez" -> "jose nunez". */
export function foldText(value: string): string {
  return value
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words made only of letters and digits, folded. */
export function foldedWords(value: string): string[] {
  return foldText(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

export function onlyDigits(value: string): string {
  return value.replace(/\D+/g, '');
}
