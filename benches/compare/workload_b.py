"""Workload B in pandas: WPP 2024, all 297 locations, 1950-2023.

Usage: workload_b.py <un_wpp2024-dir> <wdi_and_wpp2024_pop.csv> <countries.csv> <out-dir>

CNMR recomputed as net migrants / denominator x 1000 (denominator: the mid-year population,
else person-years = births / CBR x 1000), next to the published rate and the difference; and the
demographic balancing equation dP - (B - D) against the published net migrants (closure gap).
Counts published in thousands are converted to whole persons as miglab does. Locations are named
by miglab's crosswalk (`datasets/countries.csv`: M49 -> ISO3 for countries, M49 otherwise), the
common input of both tools.
"""

import os
import sys

import numpy as np
import pandas as pd

COLUMNS = ["measure", "country", "origin", "destination", "sex", "year", "period", "rank", "value"]
YEARS = list(range(1950, 2024))
NA = ["", "NA", "..", "-"]


def persons(thousands):
    """thousands -> persons, rounded half away from zero (Rust's f64::round)."""
    x = thousands * 1000.0
    return np.sign(x) * np.floor(np.abs(x) + 0.5)


def read_wide(path, codes, thousands):
    df = pd.read_csv(path, sep="\t", dtype={"country_code": str}, keep_default_na=False,
                     na_values=NA)
    df["code"] = df["country_code"].str.strip().map(codes).fillna(df["country_code"].str.strip())
    df = df.drop_duplicates("code", keep="last").set_index("code")
    df = df[[str(y) for y in YEARS if str(y) in df.columns]].astype(float)
    df.columns = df.columns.astype(int)
    s = df.stack(future_stack=True)
    return persons(s) if thousands else s


def main():
    wpp, pop_path, countries_path, out = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    cw = pd.read_csv(countries_path, dtype=str, keep_default_na=False)
    cw = cw[cw["m49"] != ""].drop_duplicates("m49", keep="first")
    codes = dict(zip(cw["m49"], cw["code"]))

    net = read_wide(os.path.join(wpp, "migration.txt"), codes, True)
    cnmr_un = read_wide(os.path.join(wpp, "cnmr.txt"), codes, False)
    births = read_wide(os.path.join(wpp, "births.txt"), codes, True)
    deaths = read_wide(os.path.join(wpp, "deaths.txt"), codes, True)
    cbr = read_wide(os.path.join(wpp, "cbr.txt"), codes, False)
    dp = read_wide(os.path.join(wpp, "PopChange.txt"), codes, True)
    pop = pd.read_csv(pop_path, dtype={"geo": str, "var": str}, keep_default_na=False,
                      na_values=[""])
    pop = pop[pop["var"] == "pop"].set_index(["geo", "t"])["v"]
    pop = pop[~pop.index.duplicated(keep="last")]

    locations = np.sort(net.index.get_level_values(0).unique())
    idx = pd.MultiIndex.from_product([locations, YEARS])
    c, y = idx.get_level_values(0), idx.get_level_values(1)

    def at(s):
        return s.reindex(idx).to_numpy()

    n, p, b, d, r = at(net), at(pop), at(births), at(deaths), at(cbr)
    un, change = at(cnmr_un), at(dp)
    with np.errstate(divide="ignore", invalid="ignore"):
        person_years = np.where(r > 0, b / r * 1000.0, np.nan)
        den = np.where(~np.isnan(p), p, person_years)
        rate = np.where(den > 0, 1000.0 * n / den, np.nan)
    rate[~np.isfinite(rate)] = np.nan
    diff = rate - un

    def rows(measure, value):
        return pd.DataFrame({"measure": measure, "country": c, "origin": "", "destination": "",
                             "sex": "total", "year": y, "period": "", "rank": "",
                             "value": value})

    pd.concat([rows("net_migrants", n), rows("denominator", den), rows("cnmr", rate),
               rows("cnmr_un", un), rows("cnmr_difference", diff)]).to_csv(
        os.path.join(out, "wpp_cnmr.csv"), index=False, columns=COLUMNS)

    natural = b - d
    residual = change - natural
    gap = residual - n
    pd.concat([rows("population_change", change), rows("births", b), rows("deaths", d),
               rows("natural_increase", natural), rows("net_migration_residual", residual),
               rows("net_migrants_published", n), rows("closure_gap", gap)]).to_csv(
        os.path.join(out, "wpp_balancing.csv"), index=False, columns=COLUMNS)


if __name__ == "__main__":
    main()
