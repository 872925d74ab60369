"""Workload A in pandas: whole-world bilateral stocks of both IMS editions.

Usage: workload_a.py <ims2024.csv> <ims2020.csv> <wdi_and_wpp2024_pop.csv> <out-dir>

The same computations as `examples/bench_workloads.rs a` (miglab's importer and measures),
written the way a pandas user would: immigrant and emigrant stock of every country by sex and
year, immigrant stock as % of population, top-10 destinations of every origin, the annual rate
of change 100 ln(S2/S1)/n between consecutive years, and stock-difference flows ("zero" and
"return" variants) for all origin x destination pairs. Result files have the columns
measure,country,origin,destination,sex,year,period,rank,value.
"""

import os
import sys

import numpy as np
import pandas as pd

COLUMNS = ["measure", "country", "origin", "destination", "sex", "year", "period", "rank", "value"]
SEXES = ["total", "female", "male"]


def frame(**cols):
    """A result frame with every output column (missing ones empty)."""
    n = max(len(v) for v in cols.values() if not np.isscalar(v))
    out = {}
    for c in COLUMNS:
        v = cols.get(c, "")
        out[c] = np.repeat(v, n) if np.isscalar(v) else np.asarray(v)
    df = pd.DataFrame(out)
    for c in ("year", "rank"):
        if c in cols:
            df[c] = pd.array(df[c], dtype="Int64")
    return df


def write(df, path):
    df.to_csv(path, index=False, columns=COLUMNS)


def finite(s):
    return s.where(np.isfinite(s))


def run(name, path, pop, out):
    raw = pd.read_csv(path, dtype={"geo": str, "from": str, "sex": str}, keep_default_na=False,
                      na_values=[""])
    # female and male side by side; both sexes = female + male (missing if either is)
    wide = raw.pivot(index=["geo", "from", "t"], columns="sex", values="n")
    wide["total"] = wide["female"] + wide["male"]
    long = (wide[SEXES].stack(future_stack=True).dropna().rename("n").reset_index()
            .rename(columns={"geo": "destination", "from": "origin", "t": "year"}))
    origins = np.sort(long["origin"].unique())
    destinations = np.sort(long["destination"].unique())
    years = np.sort(long["year"].unique())
    periods = list(zip(years[:-1], years[1:]))

    # immigrant (by destination) and emigrant (by origin) stocks
    imm = long.groupby(["destination", "sex", "year"])["n"].sum()
    emi = long.groupby(["origin", "sex", "year"])["n"].sum()
    parts = []
    for measure, sums, codes in (("immigrant_stock", imm, destinations),
                                 ("emigrant_stock", emi, origins)):
        idx = pd.MultiIndex.from_product([codes, SEXES, years])
        v = sums.reindex(idx)
        parts.append(frame(measure=measure, country=idx.get_level_values(0),
                           sex=idx.get_level_values(1), year=idx.get_level_values(2),
                           value=v.to_numpy()))
    write(pd.concat(parts), os.path.join(out, f"{name}_stocks.csv"))

    # immigrant stock as % of the mid-year population
    p = pop[pop["var"] == "pop"].set_index(["geo", "t"])["v"]
    p = p[~p.index.duplicated(keep="last")]
    idx = pd.MultiIndex.from_product([destinations, years])
    s = imm.xs("total", level="sex").reindex(idx)
    pv = p.reindex(idx)
    share = finite(100.0 * s / pv.where(pv > 0))
    c, y = idx.get_level_values(0), idx.get_level_values(1)
    parts = [frame(measure=m, country=c, sex="total", year=y, value=v) for m, v in (
        ("immigrant_stock", s.to_numpy()), ("population", pv.to_numpy()),
        ("stock_share", share.to_numpy()), ("stock_share_un", np.full(len(idx), np.nan)))]
    write(pd.concat(parts), os.path.join(out, f"{name}_stock_share.csv"))

    # top-10 destinations of every origin, by sex and year
    lv = long.sort_values(["origin", "sex", "year", "n", "destination"],
                          ascending=[True, True, True, False, True])
    total = lv.groupby(["origin", "sex", "year"])["n"].transform("sum")
    lv = lv.assign(total=total)
    top = lv.groupby(["origin", "sex", "year"]).head(10).copy()
    top["rank"] = top.groupby(["origin", "sex", "year"]).cumcount() + 1
    sums = lv.groupby(["origin", "sex", "year"])["n"].sum().reset_index()
    parts = [
        frame(measure="migrant_stock", origin=top["origin"], destination=top["destination"],
              sex=top["sex"], year=top["year"], rank=top["rank"], value=top["n"]),
        frame(measure="share_of_total", origin=top["origin"], destination=top["destination"],
              sex=top["sex"], year=top["year"], rank=top["rank"],
              value=finite(100.0 * top["n"] / top["total"].where(top["total"] > 0))),
        frame(measure="migrant_stock", origin=sums["origin"], destination="TOTAL",
              sex=sums["sex"], year=sums["year"], value=sums["n"]),
        frame(measure="share_of_total", origin=sums["origin"], destination="TOTAL",
              sex=sums["sex"], year=sums["year"],
              value=finite(100.0 * sums["n"] / sums["n"].where(sums["n"] > 0))),
    ]
    # origins without any estimate in a sex and year: one empty TOTAL row
    idx = pd.MultiIndex.from_product([origins, SEXES, years])
    have = pd.MultiIndex.from_frame(sums[["origin", "sex", "year"]])
    none = idx.difference(have)
    if len(none):
        parts.append(frame(measure="migrant_stock", origin=none.get_level_values(0),
                           destination="TOTAL", sex=none.get_level_values(1),
                           year=none.get_level_values(2), value=np.full(len(none), np.nan)))
    write(pd.concat(parts), os.path.join(out, f"{name}_top10.csv"))

    # annual rate of change between consecutive years
    for table, sums, codes in (("growth_immigrant", imm, destinations),
                               ("growth_emigrant", emi, origins)):
        parts = []
        for a, b in periods:
            idx = pd.MultiIndex.from_product([codes, SEXES])
            s1 = sums.xs(a, level="year").reindex(idx)
            s2 = sums.xs(b, level="year").reindex(idx)
            ok = (s1 > 0) & (s2 > 0)
            with np.errstate(divide="ignore", invalid="ignore"):
                rate = finite((100.0 * np.log(s2 / s1) / float(b - a)).where(ok))
            c, sx = idx.get_level_values(0), idx.get_level_values(1)
            for m, v in (("stock_start", s1), ("stock_end", s2), ("annual_rate", rate)):
                parts.append(frame(measure=m, country=c, sex=sx, period=f"{a}-{b}",
                                   value=v.to_numpy()))
        write(pd.concat(parts), os.path.join(out, f"{name}_{table}.csv"))

    # stock-difference flows for all pairs
    tot = long[long["sex"] == "total"].set_index(["origin", "destination", "year"])["n"]
    pairs = pd.MultiIndex.from_product([origins, destinations], names=["origin", "destination"])
    pairs = pairs[pairs.get_level_values(0) != pairs.get_level_values(1)]
    rev = pd.MultiIndex.from_arrays([pairs.get_level_values(1), pairs.get_level_values(0)])
    parts = []
    for a, b in periods:
        sa = tot.xs(a, level="year")
        sb = tot.xs(b, level="year")
        ds = sb - sa  # missing unless both years have an estimate
        fwd = ds.reindex(pairs).to_numpy()
        back = ds.reindex(rev).to_numpy()
        zero = np.maximum(fwd, 0.0)
        ret = zero + np.maximum(-np.nan_to_num(back, nan=0.0), 0.0)
        o, d = pairs.get_level_values(0), pairs.get_level_values(1)
        for m, v in (("flow_zero", zero), ("flow_return", ret)):
            parts.append(frame(measure=m, origin=o, destination=d, sex="total", period=f"{a}-{b}",
                               value=v))
    write(pd.concat(parts), os.path.join(out, f"{name}_stock_difference.csv"))


def main():
    ims24, ims20, pop_path, out = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    pop = pd.read_csv(pop_path, dtype={"geo": str, "var": str}, keep_default_na=False,
                      na_values=[""])
    run("ims2024", ims24, pop, out)
    run("ims2020", ims20, pop, out)


if __name__ == "__main__":
    main()
