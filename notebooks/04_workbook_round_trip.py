# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 Workbook round trip
#
# The analyst workbook (`gscore template`) is how judgments travel to people who work in Excel. This
# notebook writes the template, edits it in code with openpyxl the way an analyst would in Excel
# (changing a score, its range and its grounding, typing swing points and choosing the swing lens), reads it back
# with `scoring.load(path)`, rescores, and exports the scored table.
#
# The edits go through the workbook's defined names (`ScoreMatrix`, `ScoreLow`, `ScoreHigh`,
# `ScoreGrounding`, `Designs`, `CriterionIds`, `LensIds`, `ActiveLens`...), never fixed cell addresses.

# %% tags=["parameters"]
source = None  # scenario file or workbook to build the template from; None: the built-in article set
output_dir = (
    None  # folder for the template, the edited workbook and the exports; None: gscore-notebooks in the temp folder
)
design = "air_support_only"  # the design whose score the "analyst" changes
criterion = "deterrence_credibility"  # ... on this criterion
new_score = (70.0, 55.0, 80.0)  # the new base, low and high levels
new_grounding = "assumption"  # how far the source backs the new score: quoted, inferred or assumption

# %%
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd

import scoring
from scoring.io.export import write_result
from scoring.workbook.template import write_template

folder = Path(output_dir) if output_dir else Path(tempfile.gettempdir()) / "gscore-notebooks"
folder.mkdir(parents=True, exist_ok=True)
print(f"files go to {folder}")
scenario = scoring.load(source)
template = folder / "analyst-template.xlsx"
write_template(scenario, template)
print(f"wrote {template} ({template.stat().st_size:,} bytes)")

# %% [markdown]
# ## Edit it as an analyst would

# %%
book = openpyxl.load_workbook(template)


def cells(name: str) -> list[list]:
    """The cells of a workbook-level defined name, as rows."""
    ((sheet, ref),) = book.defined_names[name].destinations
    block = book[sheet][ref.replace("$", "")]
    return [list(row) for row in block] if isinstance(block, tuple) else [[block]]


designs = [row[0].value for row in cells("Designs")]
criteria = [cell.value for cell in cells("CriterionIds")[0]]
i, j = designs.index(design), criteria.index(criterion)
for name, value in zip(("ScoreMatrix", "ScoreLow", "ScoreHigh"), new_score, strict=True):
    cell = cells(name)[i][j]
    print(f"{name}: {cell.parent.title}!{cell.coordinate} {cell.value} -> {value}")
    cell.value = value
grounding_cell = cells("ScoreGrounding")[i][j]  # a drop-down in Excel: quoted, inferred or assumption
print(f"ScoreGrounding: {grounding_cell.coordinate} {grounding_cell.value} -> {new_grounding}")
grounding_cell.value = new_grounding

# Swing points in the analyst's own column, then make it the active lens.
lens_ids = [cell.value for cell in cells("LensIds")[0]]
swing_column = lens_ids.index("swing")
points = cells("LensPoints")
for k, criterion_id in enumerate(row[0].value for row in cells("WeightCriteria")):
    points[k][swing_column].value = 100 if criterion_id == "escalation_risk" else 50
cells("ActiveLens")[0][0].value = "swing"
edited = folder / "analyst-edited.xlsx"
book.save(edited)
print(f"saved {edited}")

# %% [markdown]
# ## Read it back and rescore
#
# `scoring.load` reads what was typed (never cached formula values), so the totals below are what
# the workbook's own formulas give once a spreadsheet recalculates them.

# %%
reread = scoring.load(edited)
print(f"default lens now: {reread.default_lens}; {design} on {criterion}: {reread.score_of(design, criterion)}")
before = scoring.score(scenario, timestamp="-")
after = scoring.score(reread, timestamp="-")
comparison = pd.DataFrame(
    {
        "before": pd.Series(before.scores, index=before.design_ids),
        f"after ({after.lens})": pd.Series(after.scores, index=after.design_ids),
        "rank before": pd.Series(before.ranks, index=before.design_ids),
        "rank after": pd.Series(after.ranks, index=after.design_ids),
    }
).sort_values("rank after")
comparison.style.format(precision=1)

# %% [markdown]
# The same workbook scored under the original lens shows the effect of the score change alone:

# %%
same_lens = scoring.score(reread, before.lens, timestamp="-")
delta = pd.Series(same_lens.scores - before.scores, index=before.design_ids)
delta[delta.abs() > 1e-9].round(2).rename("change in total")

# %% [markdown]
# ## Export the scored table

# %%
written = []
for extension in ("csv", "xlsx", "json"):
    target = folder / f"edited-scores.{extension}"
    write_result(after, target)
    written.append(target)
pd.DataFrame({"file": [str(p) for p in written], "bytes": [p.stat().st_size for p in written]})

# %%
after.table.head(3)
