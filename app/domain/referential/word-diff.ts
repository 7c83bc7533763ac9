// Word-level differences between two wordings of a criterion, to show what was reworded. Browser-safe.

export interface WordPart {
  kind: "same" | "removed" | "added";
  text: string;
}

/** Beyond this many words on a side, the texts are shown whole rather than compared (keeps the cost bounded). */
const MAX_WORDS = 400;

/**
 * The two texts as runs of unchanged, removed and added words (longest common subsequence of words). Each run's
 * text is its words joined by single spaces; join the runs of one side with spaces too: "same" + "removed" runs
 * give the old text back, "same" + "added" the new one (white space normalised).
 */
export function wordDiff(older: string, newer: string): WordPart[] {
  const a = older.match(/\S+/g) ?? [];
  const b = newer.match(/\S+/g) ?? [];
  if (a.length > MAX_WORDS || b.length > MAX_WORDS) {
    return [
      ...(a.length ? [{ kind: "removed" as const, text: a.join(" ") }] : []),
      ...(b.length ? [{ kind: "added" as const, text: b.join(" ") }] : []),
    ];
  }
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const parts: WordPart[] = [];
  const push = (kind: WordPart["kind"], text: string) => {
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += ` ${text}`;
    else parts.push({ kind, text });
  };
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      push("same", b[j]!);
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) push("removed", a[i++]!);
    else push("added", b[j++]!);
  }
  while (i < a.length) push("removed", a[i++]!);
  while (j < b.length) push("added", b[j++]!);
  return parts;
}
