"""Writes one Jupyter notebook per exercise (Rust kernel evcxr) from the exercise definitions in
../exercises/*/exercise.toml: the task and definitions in markdown, the calculations as calls to the
miglab library, tables printed, charts shown inline as SVG.

Run from the repo root: python3 notebooks/make_notebooks.py
The notebooks' code cells are compiled and run by `cargo test --test notebooks` (see build.rs).
"""
import json, os, tomllib

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.strip("\n").splitlines(keepends=True)}

def code(text):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": text.strip("\n").splitlines(keepends=True)}

order = ["sc-net-migration", "sc-emigration-destinations", "sc-emigration-to-russia",
         "aze-migrant-definition", "aze-population-change", "aze-data-gaps", "compare-two"]

for name in order:
    with open(os.path.join(root, "exercises", name, "exercise.toml"), "rb") as f:
        ex = tomllib.load(f)
    countries = ex["countries"]
    first = countries.split(",")[0]
    cells = [
        md(f"# {ex['title']}\n\n*{ex['curriculum']}*\n\n{ex['task'].strip()}\n\n"
           "Open with Jupyter and the Rust kernel [evcxr](https://github.com/evcxr/evcxr) "
           "(`cargo install evcxr_jupyter && evcxr_jupyter --install`), from this folder."),
        code(':dep miglab = { path = ".." }'),
        code("use miglab::exercise::{pack, step};\n"
             "use miglab::catalogue::quantity;"),
        md("## Definitions\n\nThe UN definitions behind the numbers, as miglab states them:"),
        code("for name in " + json.dumps(ex["definitions"]).replace("[", "[").replace("]", "]") + " {\n"
             "    if let Some(d) = quantity(name) {\n"
             "        println!(\"{}: {} = {} ({})\", d.name, d.definition, d.formula, d.unit);\n"
             "    }\n"
             "}"),
    ]
    for t in ex.get("tables", []):
        command = t["command"].replace("{countries}", countries).replace("{country}", first)
        title = t["title"].replace("{country}", first)
        tname = t["name"].replace("{country}", first).replace("-", "_").lower()
        cells.append(md(f"## {title}\n\n`miglab {command}`"))
        cells.append(code(f"let {tname} = pack::table(&step(\"{tname}\", \"{command}\")?)?;\n"
                          f"println!(\"{{}}\", {tname}.text);"))
    for c in ex.get("charts", []):
        command = c["command"].replace("{countries}", countries).replace("{country}", first)
        title = c["title"].replace("{country}", first)
        cname = c["name"].replace("{country}", first).replace("-", "_").lower()
        cells.append(md(f"## Chart: {title}\n\n`miglab {command}` (shown inline as SVG)"))
        cells.append(code(
            f"let path = std::env::temp_dir().join(\"miglab-notebook-{name}-{cname}.svg\");\n"
            f"pack::chart(&step(\"{cname}\", \"{command}\")?, &path, miglab::Lang::En)?;\n"
            "let svg = std::fs::read_to_string(&path)?;\n"
            "println!(\"EVCXR_BEGIN_CONTENT image/svg+xml\\n{}\\nEVCXR_END_CONTENT\", svg);"))
    cells.append(md("## Questions for the discussion\n\n" +
                    "\n".join(f"{i + 1}. {q}" for i, q in enumerate(ex["questions"]))))
    nb = {"cells": cells,
          "metadata": {"kernelspec": {"display_name": "Rust", "language": "rust", "name": "rust"},
                       "language_info": {"codemirror_mode": "rust", "file_extension": ".rs",
                                         "mimetype": "text/rust", "name": "Rust", "pygment_lexer": "rust",
                                         "version": ""}},
          "nbformat": 4, "nbformat_minor": 5}
    with open(os.path.join(root, "notebooks", f"{name}.ipynb"), "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
