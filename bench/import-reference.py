#!/usr/bin/env python3
"""Plain Python-stdlib reference for bench/import: json + sqlite3, one transaction, one row per line
inserted into one table (the main s1-pool fields as columns, no index, no FTS, default pragmas).

usage: python3 bench/import-reference.py FILE.jsonl DB [--per-row]
The rows go through one executemany over a generator; --per-row calls cursor.execute once per line instead
(slower; bench/import runs it only as the opt-in contender python-loop).
Prints one JSON object: {"rows", "bytes", "seconds", "mb_per_s"} (MB = 10^6 bytes of input).
"""
import json
import os
import sqlite3
import sys
import time

COLUMNS = ["question", "solution", "cot_type", "source_type", "metadata", "trace", "attempt",
           "domain", "isqwen7bcorrect", "isqwen32bcorrect", "isgeminicorrect", "gemini_length"]


def rows(f):
    for line in f:
        if not line.strip():
            continue
        d = json.loads(line)
        tt = d.get("thinking_trajectories")
        yield (d.get("question"), d.get("solution"), d.get("cot_type"), d.get("source_type"), d.get("metadata"),
               tt[0] if tt else None, d.get("attempt"), d.get("domain"), d.get("isqwen7bcorrect"),
               d.get("isqwen32bcorrect"), d.get("isgeminicorrect"), d.get("gemini_length"))


def main():
    args = [a for a in sys.argv[1:] if a != "--per-row"]
    if len(args) != 2:
        sys.exit(__doc__)
    path, db_path = args
    per_row = "--per-row" in sys.argv
    t0 = time.perf_counter()
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("CREATE TABLE pool (id INTEGER PRIMARY KEY, %s)" % ", ".join(COLUMNS))
    sql = "INSERT INTO pool (%s) VALUES (%s)" % (", ".join(COLUMNS), ", ".join("?" * len(COLUMNS)))
    db.execute("BEGIN")
    with open(path, encoding="utf-8") as f:
        if per_row:
            cur = db.cursor()
            for r in rows(f):
                cur.execute(sql, r)
        else:
            db.executemany(sql, rows(f))
    db.execute("COMMIT")
    n = db.execute("SELECT count(*) FROM pool").fetchone()[0]
    db.close()
    seconds = time.perf_counter() - t0
    size = os.path.getsize(path)
    print(json.dumps({"rows": n, "bytes": size, "seconds": round(seconds, 3),
                      "mb_per_s": round(size / 1e6 / seconds, 1)}))


if __name__ == "__main__":
    main()
