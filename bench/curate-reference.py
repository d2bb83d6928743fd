#!/usr/bin/env python3
"""Reference for bench/curate.mjs: a plain Python-stdlib port of s1's data/decontaminate_util.py.

lowercase + whitespace collapse (normalize_string), word n-grams joined by spaces (word_ngrams), set lookups.
Decontamination: a question is contaminated when any of its n-grams is in the evaluation n-gram set.
Dedup (s1's collect_data.py uses the same n-gram test inside the pool): in file order, a question that shares
any n-gram with an earlier question is a duplicate; the first one is kept.

    python3 bench/curate-reference.py QUESTIONS.jsonl EVAL.jsonl... [--n 8]
Prints one JSON line: counts and seconds (measured inside, and the process is also timed from outside).
"""
import json
import sys
import time


def normalize_string(text):
    text = text.lower().strip()
    return ' '.join(text.split())


def word_ngrams(text, n):
    words = text.split()
    return [' '.join(words[i:i + n]) for i in range(len(words) - n + 1)]


def build_ngram_single(document, n):
    return set(word_ngrams(normalize_string(document), n))


def main():
    args = sys.argv[1:]
    n = 8
    if '--n' in args:
        i = args.index('--n')
        n = int(args[i + 1])
        del args[i:i + 2]
    t0 = time.perf_counter()
    questions = []
    with open(args[0], encoding='utf-8') as f:
        for line in f:
            if line.strip():
                questions.append(json.loads(line)['question'])
    eval_ngrams = set()
    for path in args[1:]:
        with open(path, encoding='utf-8') as f:
            for line in f:
                if line.strip():
                    row = json.loads(line)
                    eval_ngrams |= build_ngram_single(row.get('problem') or row.get('question'), n)
    contaminated = []
    clean = []
    for i, q in enumerate(questions):
        grams = build_ngram_single(q, n)
        if any(g in eval_ngrams for g in grams):
            contaminated.append(i)
        else:
            clean.append((i, grams))
    seen = set()
    duplicates = 0
    for i, grams in clean:
        if any(g in seen for g in grams):
            duplicates += 1
        seen |= grams
    print(json.dumps({'questions': len(questions), 'contaminated': len(contaminated), 'duplicates': duplicates,
                      'seconds': round(time.perf_counter() - t0, 3)}))


if __name__ == '__main__':
    main()
