/**
 * Text to show for a while (a notice after a save), kept as its catalog key and values rather than
 * as translated text: translated as it shows, it follows a change of language.
 */
export interface Message {
  key: string;
  values?: Record<string, string>;
}
