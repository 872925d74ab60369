"""Writes one Jupyter notebook per exercise (Rust kernel evcxr) from the exercise definitions in
../exercises/*/exercise.toml. Each notebook uses the miglab library as a student would: a typed
`MeasureRequest` (or `DataQuery`) built in code, `engine::compute`, the result as a polars
`DataFrame` (shown, then filtered and sorted with polars), and charts from a `ChartRequest`
shown inline as SVG. No command strings, no text tables.

Run from the repo root: python3 notebooks/make_notebooks.py
The notebooks' code cells are compiled and run by `cargo test --test notebooks` (see build.rs).
"""
import json, os, re, tomllib

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(keepends=True)}

def code(text):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": text.strip("\n").splitlines(keepends=True)}

order = ["sc-net-migration", "sc-emigration-destinations", "sc-emigration-to-russia",
         "aze-migrant-definition", "aze-population-change", "aze-data-gaps", "compare-two"]

def variant(name):
    """`top-destinations` -> `TopDestinations` (the catalogue's MeasureKind)."""
    return "".join(part.capitalize() for part in name.split("-"))

KINDS = {"line": "Line", "bar": "Bar", "grouped-bar": "GroupedBar", "stacked-bar": "StackedBar",
         "diverging-bar": "DivergingBar", "components": "Components",
         "small-multiples": "SmallMultiples", "slope": "Slope"}

def flags(words):
    """`--flag value` pairs (and a lone `--total`) of a command line."""
    out, i = [], 0
    while i < len(words):
        flag = words[i]
        if flag == "--total":
            out.append((flag, None)); i += 1
        else:
            out.append((flag, words[i + 1])); i += 2
    return out

def measure_request(name, pairs, indent="    "):
    """Rust code building the MeasureRequest of a measure and its flags."""
    calls = []
    for flag, value in pairs:
        if flag in ("--countries", "--country"):
            calls.append(f'.countries("{value}")')
        elif flag in ("--origin", "--destination"):
            calls.append(f'.{flag[2:]}("{value}")')
        elif flag in ("--years", "--periods"):
            calls.append(f'.{flag[2:]}("{value}")?')
        elif flag == "--sex":
            calls.append(f'.sexes("{value}")?')
        elif flag == "--edition":
            calls.append(f".edition(Edition::Ims{value})")
        elif flag == "--top":
            calls.append(f".top({value})")
        elif flag == "--total":
            calls.append(".total(true)")
        elif flag == "--stock":
            calls.append(f".stock(StockKind::{value.capitalize()})")
        elif flag == "--variant":
            calls.append(f".variant(Variant::{value.capitalize()})")
        else:
            raise ValueError(f"flag {flag} of measure {name}")
    head = f"MeasureRequest::new(MeasureKind::{variant(name)})"
    return head + "".join(f"\n{indent}{c}" for c in calls)

def rust_name(text):
    return re.sub(r"[^a-z0-9_]", "_", text.lower())

def table_cells(var, command, first_measure):
    words = command.split()
    if words[0] == "measure":
        request = measure_request(words[1], flags(words[2:]))
        cells = [code(f"let request = {request};\n"
                      f"let {var} = engine::compute(&request)?;\n"
                      f"for warning in {var}.warnings() {{\n"
                      f"    println!(\"note: {{warning}}\");\n"
                      f"}}\n"
                      f"println!(\"{{}}\", {var}.frame());")]
        if first_measure:
            cells.append(md("The result is a polars `DataFrame`: keep the measure's main quantity "
                            "and sort it, largest first (missing values last)."))
            cells.append(code(
                f"let frame = {var}.frame();\n"
                f"let main = {var}.measure().info().chart_quantity;\n"
                f"let rows = frame.filter(&frame.column(\"measure\")?.str()?.equal(main))?;\n"
                "let largest = rows.sort(\n"
                "    [\"value\"],\n"
                "    SortMultipleOptions::default()\n"
                "        .with_order_descending(true)\n"
                "        .with_nulls_last(true),\n"
                ")?;\n"
                "println!(\"{}\", largest.head(Some(5)));"))
        return cells
    assert words[:2] == ["data", "show"], command
    lines = [f'let mut query = DataQuery::new("{words[2]}");']
    for flag, value in flags(words[3:]):
        if flag == "--indicator":
            items = ", ".join(f'"{v}".to_string()' for v in value.split(","))
            lines.append(f"query.indicators = vec![{items}];")
        elif flag in ("--country", "--countries"):
            lines.append(f'query.countries = Some(Places::parse("{value}"));')
        elif flag in ("--origin", "--destination"):
            lines.append(f'query.{flag[2:]} = Some(Places::parse("{value}"));')
        elif flag == "--years":
            lines.append(f'query.years = Some(YearSet::parse("{value}")?);')
        elif flag == "--sex":
            lines.append(f'query.sexes = Some(SexFilter::parse("{value}")?);')
        else:
            raise ValueError(f"flag {flag} of data show")
    lines.append(f"let {var} = query.run()?;")
    lines.append(f"println!(\"{{}}\", {var}.frame);")
    return [code("\n".join(lines))]

def chart_cell(command):
    words = command.split()
    assert words[0] == "chart", command
    kind = KINDS[words[1]]
    pairs = flags(words[2:])
    measure = next((v for f, v in pairs if f == "--measure"), "balancing")
    quantity = next((v for f, v in pairs if f == "--value"), None)
    selectors = [(f, v) for f, v in pairs if f not in ("--measure", "--value")]
    request = measure_request(measure, selectors, indent="        ")
    text = (f"let figure = ChartRequest::measure(\n"
            f"    Kind::{kind},\n"
            f"    {request},\n"
            f")\n")
    if quantity:
        text += f'.quantity("{quantity}")\n'
    text += (".size(960, 540);\n"
             "let svg = chart::render_svg(&figure.spec()?)?;\n"
             "println!(\"EVCXR_BEGIN_CONTENT image/svg+xml\\n{svg}\\nEVCXR_END_CONTENT\");")
    return code(text)

IMPORTS = """use miglab::catalogue::{quantity, MeasureKind};
use miglab::chart::{self, ChartRequest, Kind};
use miglab::measures::engine;
use miglab::measures::flows::Variant;
use miglab::measures::stocks::StockKind;
use miglab::polars::prelude::*;
use miglab::query::{DataQuery, SexFilter, YearSet};
use miglab::request::{Edition, MeasureRequest, Places};"""

def notebook(name):
    with open(os.path.join(root, "exercises", name, "exercise.toml"), "rb") as f:
        ex = tomllib.load(f)
    countries = ex["countries"]
    first = countries.split(",")[0]
    fill = lambda text: text.replace("{countries}", countries).replace("{country}", first)
    cells = [
        md(f"# {ex['title']}\n\n*{ex['curriculum']}*\n\n{ex['task'].strip()}\n\n"
           "Open with Jupyter and the Rust kernel [evcxr](https://github.com/evcxr/evcxr) "
           "(`cargo install evcxr_jupyter && evcxr_jupyter --install`), from this folder. "
           "Each table is a polars `DataFrame`; `miglab::polars` is the polars miglab uses."),
        code(':dep miglab = { path = ".." }'),
        code(IMPORTS),
        md("## Definitions\n\nThe UN definitions behind the numbers, from miglab's catalogue:"),
        code("for name in " + json.dumps(ex["definitions"]) + " {\n"
             "    if let Some(d) = quantity(name) {\n"
             "        println!(\"{}: {} = {} ({})\", d.name, d.definition, d.formula, d.unit);\n"
             "    }\n"
             "}"),
    ]
    first_measure = True
    for t in ex.get("tables", []):
        command = fill(t["command"])
        var = rust_name(fill(t["name"]))
        cells.append(md(f"## {fill(t['title'])}"))
        cells.extend(table_cells(var, command, first_measure and command.startswith("measure")))
        first_measure = first_measure and not command.startswith("measure")
    for c in ex.get("charts", []):
        cells.append(md(f"## Chart: {fill(c['title'])}"))
        cells.append(chart_cell(fill(c["command"])))
    cells.append(md("## Questions for the discussion\n\n" +
                    "\n".join(f"{i + 1}. {q}" for i, q in enumerate(ex["questions"]))))
    return {"cells": cells,
            "metadata": {"kernelspec": {"display_name": "Rust", "language": "rust", "name": "rust"},
                         "language_info": {"codemirror_mode": "rust", "file_extension": ".rs",
                                           "mimetype": "text/rust", "name": "Rust",
                                           "pygment_lexer": "rust", "version": ""}},
            "nbformat": 4, "nbformat_minor": 5}

for name in order:
    with open(os.path.join(root, "notebooks", f"{name}.ipynb"), "w", encoding="utf-8") as f:
        json.dump(notebook(name), f, indent=1, ensure_ascii=False)
        f.write("\n")
