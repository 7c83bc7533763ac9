// Text that people type, as the app keeps it: one normalisation at the boundary (forms, imports, search).
// Unicode NFC (an "é" typed as e + combining accent is stored as the single "é", so search, duplicates and
// comparisons agree); line ends LF in multi-line text (browsers post CRLF). Control characters (C0, DEL, C1) are
// never kept: PostgreSQL refuses U+0000 outright, and the others are invisible, break exports and fool readers.
// Tab and line feed are the only ones allowed, and only in multi-line text. Browser-safe.

export interface TextOptions {
  /** A text area: line breaks and tabs are part of the text. */
  multiline?: boolean;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_EXCEPT_TAB_AND_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]+/g;

/** NFC, and LF line ends for multi-line text (not trimmed: the form schemas trim). */
export function normaliseText(value: string, options: TextOptions = {}): string {
  const nfc = value.normalize("NFC");
  return options.multiline ? nfc.replace(/\r\n?/g, "\n") : nfc;
}

/** Whether normalised text holds a control character it may not keep. */
export function hasControlCharacters(value: string, options: TextOptions = {}): boolean {
  return (options.multiline ? CONTROL_EXCEPT_TAB_AND_LF : CONTROL).test(value);
}

/** What someone searched for, without the control characters (each run becomes a space), NFC, trimmed. */
export function cleanSearchText(value: string): string {
  return value.normalize("NFC").replace(CONTROLS, " ").replace(/\s+/g, " ").trim();
}
