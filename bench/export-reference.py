#!/usr/bin/env python3
"""Plain Python reference for bench/export: reads a selection from a Distillery database with sqlite3 and writes
s1's columns (question, solution, cot_type, source_type, metadata, thinking_trajectories, attempt, text) with one
trace per question (the longest), the text column in Qwen2.5's chat template with s1's delimiters, as
data/tokenization.py builds it.

usage: python3 bench/export-reference.py DB SELECTION jsonl|parquet OUT
jsonl: json.dumps per row, one write per row (buffered file). parquet: pyarrow, a row group per 2,000 rows.
Prints one JSON object: {"rows", "bytes", "seconds"}.
"""
import json
import os
import sqlite3
import sys
import time

QWEN_SYSTEM = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant."
COLUMNS = ["question", "solution", "cot_type", "source_type", "metadata", "thinking_trajectories", "attempt", "text"]


def text(question, thinking, attempt):
    answer = attempt if "Answer:" in attempt else "Answer: " + attempt
    assistant = "<|im_start|>think\n" + thinking.strip() + "\n<|im_start|>answer\n" + answer.strip()
    return ("<|im_start|>system\n" + QWEN_SYSTEM + "<|im_end|>\n<|im_start|>user\n" + question + "<|im_end|>\n"
            "<|im_start|>assistant\n" + assistant + "<|im_end|>\n")


def rows(db, selection):
    sel = db.execute("SELECT id FROM selections WHERE name = ? ORDER BY version DESC LIMIT 1", (selection,)).fetchone()[0]
    cur = db.execute("""SELECT s.id, s.question, s.solution, s.cot_type, s.source, s.metadata, t.thinking, t.answer
        FROM selection_items i JOIN samples s ON s.id = i.sample_id JOIN traces t ON t.sample_id = s.id
        WHERE i.selection_id = ? AND s.status != 'rejected' ORDER BY i.rank, t.id""", (sel,))
    current, best = None, None
    for r in cur:
        if current is not None and r[0] != current:
            yield best
            best = None
        current = r[0]
        if best is None or len(r[6]) > len(best[6]):
            best = r
    if best is not None:
        yield best


def as_row(r):
    _, question, solution, cot_type, source, metadata, thinking, attempt = r
    return {"question": question, "solution": solution, "cot_type": cot_type, "source_type": source, "metadata": metadata,
            "thinking_trajectories": [thinking], "attempt": attempt, "text": text(question, thinking, attempt)}


def main():
    db_path, selection, kind, out = sys.argv[1:5]
    t0 = time.time()
    db = sqlite3.connect("file:" + db_path + "?mode=ro", uri=True)
    n = 0
    if kind == "jsonl":
        with open(out, "w", encoding="utf-8") as f:
            for r in rows(db, selection):
                f.write(json.dumps(as_row(r), ensure_ascii=False) + "\n")
                n += 1
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq
        schema = pa.schema([(c, pa.list_(pa.string()) if c == "thinking_trajectories" else pa.string()) for c in COLUMNS])
        writer = pq.ParquetWriter(out, schema, compression="snappy")
        batch = []

        def flush():
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            batch.clear()

        for r in rows(db, selection):
            batch.append(as_row(r))
            n += 1
            if len(batch) >= 2000:
                flush()
        if batch:
            flush()
        writer.close()
    print(json.dumps({"rows": n, "bytes": os.path.getsize(out), "seconds": round(time.time() - t0, 3)}))


if __name__ == "__main__":
    main()
