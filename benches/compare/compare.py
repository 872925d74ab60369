"""Compares the result files of miglab and pandas: same files, same rows, same values.

Usage: compare.py <miglab-out-dir> <pandas-out-dir>

Every CSV in the miglab folder must have a twin in the pandas folder. Rows are matched on every
column that is not a value (codes, sex, year, period, rank, ...); values must agree to a relative
1e-9 (numpy and Rust may differ in the last bit of a logarithm), and missing must be missing on
both sides. Prints one line per file and exits 1 on any difference.
"""

import os
import sys

import numpy as np
import pandas as pd

VALUES = {"value", "in", "out", "net", "turnover", "effectiveness", "stock", "share_of_total"}


def normalize(s):
    # pandas may write integer keys as floats ("1990.0")
    return s.str.replace(r"^(-?\d+)\.0$", r"\1", regex=True)


def load(path):
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    keys = [c for c in df.columns if c not in VALUES]
    for k in keys:
        df[k] = normalize(df[k])
    for v in df.columns:
        if v in VALUES:
            df[v] = pd.to_numeric(df[v].replace("", np.nan), errors="raise").astype(float)
    return df, keys


def compare(a_path, b_path):
    a, keys = load(a_path)
    b, keys_b = load(b_path)
    if list(a.columns) != list(b.columns):
        return f"columns differ: {list(a.columns)} vs {list(b.columns)}"
    if len(a) != len(b):
        return f"{len(a)} rows vs {len(b)} rows"
    if a.duplicated(keys).any():
        return "duplicate keys in miglab's file"
    a = a.sort_values(keys).reset_index(drop=True)
    b = b.sort_values(keys).reset_index(drop=True)
    for k in keys:
        bad = a[k] != b[k]
        if bad.any():
            i = int(np.argmax(bad.to_numpy()))
            return f"rows differ at key {k}: {a.loc[i, keys].to_dict()} vs {b.loc[i, keys].to_dict()}"
    for v in [c for c in a.columns if c in VALUES]:
        x, y = a[v].to_numpy(), b[v].to_numpy()
        same = np.isclose(x, y, rtol=1e-9, atol=1e-9) | (np.isnan(x) & np.isnan(y))
        if not same.all():
            i = int(np.argmin(same))
            return (f"{(~same).sum()} values of `{v}` differ, first at {a.loc[i, keys].to_dict()}: "
                    f"miglab {x[i]!r} vs pandas {y[i]!r}")
    return None


def main():
    mine, theirs = sys.argv[1:3]
    files = sorted(f for f in os.listdir(mine) if f.endswith(".csv"))
    failed = False
    if not files:
        print(f"no result files in {mine}")
        sys.exit(1)
    for f in files:
        other = os.path.join(theirs, f)
        if not os.path.exists(other):
            problem = "missing in the pandas output"
        else:
            problem = compare(os.path.join(mine, f), other)
        rows = sum(1 for _ in open(os.path.join(mine, f))) - 1
        print(f"  {f}: {rows} rows, " + ("same" if problem is None else f"DIFFERENT: {problem}"))
        failed |= problem is not None
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
