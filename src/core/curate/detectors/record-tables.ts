// Tables of records (each row an item and its fields): text, whatever their alignment, by the ascii-art labelling
// rule (test/fixtures/curate/NOTICE.md). formatting.ts reads their lines as text before it looks for layouts.

// A header cell names a field: a word of three letters or more ("Input 1", "Postfix", "Window position").
const FIELD = /^[^|]*[A-Za-z][a-z]{2,}[^|]*$|^[^|]*[A-Z]{3,}[^|]*$/;
const RULE_RUNS = /^\s*[-=─━_]{3,}(?:\s+[-=─━_]{3,})+\s*$/; // a rule under each column: "-------   -----"
const FULL_RULE = /^\s*[-=─━_+|]{4,}\s*$/;

/**
 * Tables of records, as [first, end) line ranges: a header of field names split by "|" over rows split by the same
 * number of "|" (a rule line may sit under the header and round the table: "| Input 1 | Output |"), or a header of
 * field names spread by gaps over a rule under each column ("Window position    Max" / "-------    ---"), down to
 * the next blank line. Each row is one item and its fields: text, whatever its alignment.
 */
export function recordTables(lines: string[]): [number, number][] {
  const out: [number, number][] = [];
  const cells = (l: string) => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
  for (let i = 0; i + 2 < lines.length; i++) {
    const head = lines[i];
    let j = i + 1;
    const heads = head.includes('|') ? cells(head) : [];
    if (heads.length >= 2 && heads.every((c) => FIELD.test(c) && c.split(/\s+/).length <= 4)) {
      const bars = (head.trim().match(/\|/g) ?? []).length;
      if (FULL_RULE.test(lines[j])) j++;
      let rows = 0;
      while (j < lines.length && ((lines[j].trim().match(/\|/g) ?? []).length === bars || FULL_RULE.test(lines[j]))) { if (!FULL_RULE.test(lines[j])) rows++; j++; }
      if (rows >= 2) { out.push([i, j]); i = j - 1; }
    } else if (!head.includes('|') && RULE_RUNS.test(lines[j])) {
      const names = head.trim().split(/\s{2,}/);
      if (names.length < 2 || !names.every((c) => FIELD.test(c) && c.split(/\s+/).length <= 4)) continue;
      while (j < lines.length && lines[j].trim()) j++;
      if (j - i >= 4) { out.push([i, j]); i = j - 1; }
    }
  }
  return out;
}
