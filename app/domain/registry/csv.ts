// CSV that a French Excel opens correctly by double-click: UTF-8 with a byte-order mark, `;` between cells,
// CRLF line ends, RFC 4180 quoting. Cells that a spreadsheet would run as a formula (starting with = + - @,
// tab or carriage return) are prefixed with an apostrophe, which decoding removes again.

export const CSV_SEPARATOR = ";";
export const BOM = "\uFEFF";
// Apostrophes already in front are escaped too, so that decoding gives back exactly what was encoded.
const FORMULA_START = /^'*[=+\-@\t\r]/;

export function escapeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
}

function quote(cell: string, separator: string): string {
  return cell.includes(separator) || /["\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Rows of cells to CSV text (with the BOM unless asked not to). */
export function encodeCsv(rows: string[][], options: { bom?: boolean; separator?: string } = {}): string {
  const separator = options.separator ?? CSV_SEPARATOR;
  const body = rows.map((row) => row.map((cell) => quote(escapeFormula(cell), separator)).join(separator)).join("\r\n");
  return (options.bom === false ? "" : BOM) + body + "\r\n";
}

export class CsvSyntaxError extends Error {
  constructor(
    public readonly code: "unterminated_quote" | "stray_quote",
    public readonly line: number,
  ) {
    super(`${code} at line ${line}`);
  }
}

/** The separator of a CSV file, from its header line: `;` (French Excel), `,` or a tab. */
export function detectSeparator(text: string): string {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const counts = [";", ",", "\t"].map((s) => [s, firstLine.split(s).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : CSV_SEPARATOR;
}

/**
 * CSV text to rows of cells (BOM removed, quotes undone, formula escapes removed). Blank lines are skipped.
 * Each row carries the line number it starts on, for error reports.
 */
export function decodeCsv(text: string, separator = detectSeparator(text)): { line: number; cells: string[] }[] {
  const input = text.replace(/^\uFEFF/, "");
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let cellWasQuoted = false;
  const endCell = () => {
    cells.push(unescapeFormula(cell));
    cell = "";
    cellWasQuoted = false;
  };
  const endRow = () => {
    endCell();
    if (!(cells.length === 1 && cells[0] === "")) rows.push({ line: rowLine, cells });
    cells = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      if (cell !== "") throw new CsvSyntaxError("stray_quote", line);
      quoted = true;
      cellWasQuoted = true;
    } else if (c === separator) endCell();
    else if (c === "\r" && input[i + 1] === "\n") continue;
    else if (c === "\n" || c === "\r") {
      endRow();
      line++;
      rowLine = line;
    } else {
      if (cellWasQuoted) throw new CsvSyntaxError("stray_quote", line);
      cell += c;
    }
  }
  if (quoted) throw new CsvSyntaxError("unterminated_quote", rowLine);
  if (cell !== "" || cells.length) endRow();
  return rows;
}

/** Decodes bytes as UTF-8, refusing anything else (a file saved as Windows-1252 would garble every accent). */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
