# Whether two Parquet files hold the same rows in the same order (the s1 columns both have), streamed in batches:
# every row counted, the first 50 and every 97th compared column by column. Prints one JSON line.
import json
import sys

import pyarrow.parquet as pq

COLUMNS = ['question', 'solution', 'cot_type', 'source_type', 'metadata', 'thinking_trajectories', 'attempt', 'text']


def rows(path):
    i = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=256, columns=COLUMNS):
        for j in range(batch.num_rows):
            yield i, (batch.slice(j, 1).to_pylist()[0] if i < 50 or i % 97 == 0 else None)
            i += 1


def main(a, b):
    checked = 0
    ra, rb = rows(a), rows(b)
    while True:
        x, y = next(ra, None), next(rb, None)
        if x is None or y is None:
            return {'ok': x is None and y is None, 'checked': checked, **({} if x is None and y is None else {'why': 'row counts differ'})}
        i, p = x
        _, q = y
        if p is not None:
            for k in COLUMNS:
                if p[k] != q[k]:
                    return {'ok': False, 'why': f'row {i}: column {k} differs'}
            checked += 1


if __name__ == '__main__':
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
