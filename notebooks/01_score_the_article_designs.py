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
# # 01 Score the article designs
#
# Load a scenario set (by default the built-in set drawn from the article on security guarantees
# for Ukraine), look at the criteria and the article quotes they rest on, score the designs under
# every lens, see where each total comes from, and export the scored table.
#
# Every number here comes from the same core functions as `gscore score`, the Excel add-in and the
# analyst workbook. The parameters cell below can be edited by hand or set by papermill
# (`papermill 01_score_the_article_designs.ipynb out.ipynb -p lens kyiv`).

# %% tags=["parameters"]
source = None  # path to your scenario file (.yaml/.json) or analyst workbook (.xlsx); None: the built-in article set
lens = "balanced"  # the lens (named weight set) to feature
method = "wsm"  # aggregation method: wsm, wpm, topsis, vikor or promethee
output_dir = None  # folder for the exports (created if missing); None: gscore-notebooks in the temp folder
timestamp = None  # fix the provenance timestamp for byte-identical exports, e.g. "2025-01-01T00:00:00+00:00"

# %%
# %matplotlib inline
import tempfile
from pathlib import Path

import pandas as pd
from IPython.display import display

import scoring
from scoring import plots
from scoring.io.export import write_result

pd.set_option("display.max_colwidth", 120)
scenario = scoring.load(source)
print(
    f"{scenario.title}\n{len(scenario.designs)} designs, {len(scenario.criteria)} criteria, "
    f"lenses: {', '.join(scenario.lens_ids)} (default {scenario.default_lens})"
)

# %% [markdown]
# ## The verdict
#
# What to take away, in one paragraph: the same words `gscore score` and `gscore analyze` print for
# this source, lens and method (SMAA-2 with the kit's defaults; see `docs/glossary.md` for the rules).

# %%
from scoring.analysis.bundle import quick_verdict
from scoring.problem import DecisionProblem

found = quick_verdict(DecisionProblem.from_scenario(scenario, lens, method))
print("Verdict:", found.text if found else "(the set is too large for a quick verdict: run gscore analyze)")
for note in found.notes if found else ():
    print(note)

# %% [markdown]
# ## The question and the designs

# %%
print(scenario.question)
pd.DataFrame([{"id": d.id, "name": d.name, "description": d.description} for d in scenario.designs])

# %% [markdown]
# ## The criteria and their evidence
#
# Each criterion has a direction (a *cost* criterion's score is the level of the bad thing, valued
# as 100 minus the level), a branch of the value tree, and the verbatim quotes it rests on.

# %%
weights = scenario.weights(lens)
criteria = pd.DataFrame(
    [
        {
            "criterion": c.name,
            "branch": c.branch,
            "direction": c.direction,
            "weight": w,
            "evidence": " | ".join(f"“{e.quote}”" for e in c.evidence),
        }
        for c, w in zip(scenario.criteria, weights, strict=True)
    ]
)
criteria.style.format({"weight": "{:.0%}"}).hide(axis="index").set_properties(
    subset=["evidence"], **{"text-align": "left", "white-space": "normal"}
)

# %% [markdown]
# The judgments behind the scores: value scores (0-100, higher is better) of every design on every
# criterion, rows ranked under the featured lens.

# %%
result = scoring.score(scenario, lens, method, timestamp=timestamp)
plots.score_heatmap(scenario, result=result)

# %% [markdown]
# ## How far the source backs each judgment
#
# Every judgment has a grounding level: **quoted** (the source states it and the rationale quotes
# it), **inferred** (drawn from the source, but the comparison or the size is the analyst's) or
# **assumption** (the source is silent). Analyses widen a judgment given without a range by 10 points
# either side when inferred and 20 when an assumption (`scoring.model.UNRANGED_WIDENING`).

# %%
judgments = pd.DataFrame(
    [
        {
            "design": d.id,
            "criterion": c.id,
            "base": s.base,
            "range": f"{s.low:g}-{s.high:g}",
            "confidence": s.confidence,
            "grounding": s.grounding or "unrecorded",
            "rationale": s.rationale,
        }
        for d, c, s in scenario.judgments()
    ]
)
counts = pd.crosstab(judgments["design"], judgments["grounding"]).reindex(list(scenario.design_ids))
counts.loc["all"] = counts.sum()
display(counts)

# %% [markdown]
# The assumptions, the judgments resting most on the analyst: `gscore judgments --grounding assumption`
# lists the same.

# %%
judgments[judgments["grounding"] == "assumption"].style.hide(axis="index").set_properties(
    subset=["rationale"], **{"text-align": "left", "white-space": "normal"}
)

# %% [markdown]
# ## Scores under the featured lens

# %%
columns = [c for c in ("rank", "name", "score", "low", "high") if c in result.table.columns]
result.table[columns].style.format(precision=1).hide(axis="index").bar(subset=["score"], color="#56B4E9")

# %%
plots.totals_chart(result)

# %% [markdown]
# ## Where each total comes from
#
# With the additive method each criterion contributes weight x value score; the segments add up to
# the total. The second chart groups the criteria by branch of the value tree.

# %%
if result.contributions is not None:
    display(plots.contributions_chart(result, scenario))
    display(plots.contributions_chart(result, scenario, by="branch"))

# %% [markdown]
# ## Every lens
#
# A lens encodes whose priorities the weights reflect. The same judgments, weighted differently,
# can put a different design first.

# %%
by_lens = pd.DataFrame(
    {lens_id: scoring.score(scenario, lens_id, method, timestamp=timestamp).ranks for lens_id in scenario.lens_ids},
    index=[d.name for d in scenario.designs],
)
by_lens.style.background_gradient(cmap="cividis_r", axis=None).set_caption("Rank under each lens (1 = best)")

# %%
for item in scenario.lenses:
    print(f"{item.id:>20}: {item.description}")

# %% [markdown]
# ## Export
#
# CSV, XLSX (with a Provenance sheet) and JSON (with the provenance record) of the featured lens.
# Each file is written atomically.

# %%
folder = Path(output_dir) if output_dir else Path(tempfile.gettempdir()) / "gscore-notebooks"
folder.mkdir(parents=True, exist_ok=True)
print(f"files go to {folder}")
written = []
for extension in ("csv", "xlsx", "json"):
    target = folder / f"scores-{result.lens}-{result.method}.{extension}"
    write_result(result, target)
    written.append(target)
pd.DataFrame({"file": [str(p) for p in written], "bytes": [p.stat().st_size for p in written]})

# %%
dict(result.provenance)
