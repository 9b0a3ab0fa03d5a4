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
# # 05 Versions compared, judgments combined
#
# Three analyst workflows, as `gscore diff` and `gscore combine` run them:
#
# 1. **A plain table in**: a designs x criteria DataFrame scored at once (`scoring.from_table`).
# 2. **Versions compared**: what changed between last week's set and this week's, how each design
#    moved, and *why*: with wsm each design's change of score is split exactly among the
#    individual edits (weight edits and score edits separated; the parts add up to the change).
# 3. **Judgments combined**: three analysts' sets merged into one (median bases, ranges that
#    span every analyst), the disagreement table, and how much the disagreement matters.

# %% tags=["parameters"]
source = None  # scenario file (.yaml/.json), analyst workbook (.xlsx) or plain table (.csv); None: the article set
lens = None  # the lens compared; None: the set's default lens
output_dir = "notebook-output"  # the diff (JSON) and the combined set (YAML) go here
samples = 2000  # SMAA draws for the combined set
seed = 1  # random seed for the SMAA draws and the simulated analysts

# %%
# %matplotlib inline
import dataclasses
import json
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import scoring
from scoring.analysis.bundle import analyze
from scoring.analysis.combine import disagreement
from scoring.analysis.settings import DEFAULT_SMAA

folder = Path(output_dir)
folder.mkdir(parents=True, exist_ok=True)
old = scoring.load(source)
chosen_lens = lens or old.default_lens

# %% [markdown]
# ## 1. A plain table in
#
# The first column names the designs, the header the criteria; every other cell is a number.
# Defaults: every criterion a benefit, equal weights, and each criterion's scale the range observed
# in its column (level 0 = lowest value, 100 = highest). `cost`, `weights` and `bounds` say more.

# %%
frame = pd.DataFrame(
    {
        "design": ["Coalition pledge", "Troops in Ukraine", "Air support"],
        "cost (EUR bn)": [1.2, 9.5, 4.0],
        "troops deployed": [0, 25_000, 0],
        "days to deploy": [30, 180, 20],
    }
)
table = scoring.from_table(frame, cost=["cost (EUR bn)", "days to deploy"], bounds={"days to deploy": (0, 365)})
scoring.score(table).table[["design", "score", "rank"]]

# %% [markdown]
# ## 2. Versions compared
#
# This week's version: one judgment revised (a design's level on one criterion cut by 25 points)
# and one lens weight raised. `scoring.diff` lists the changes and attributes each design's move.

# %%
weights = old.lens(chosen_lens).weight_map()
criterion = max(weights, key=lambda c: weights[c])  # the heaviest criterion
design = old.design_ids[int(np.argmax(scoring.score(old, chosen_lens).scores))]  # the leader
row, col = old.design_ids.index(design), old.criterion_ids.index(criterion)
judgment = old.scores[row][col]
revised = dataclasses.replace(judgment, base=max(0.0, judgment.base - 25), low=max(0.0, judgment.low - 25))
scores = [list(r) for r in old.scores]
scores[row][col] = revised
other = min(weights, key=lambda c: weights[c])  # the lightest criterion gets more weight
lenses = tuple(
    dataclasses.replace(x, weights=tuple({**x.weight_map(), other: weights[other] + 10}.items()))
    if x.id == chosen_lens
    else x
    for x in old.lenses
)
new = dataclasses.replace(old, scores=tuple(tuple(r) for r in scores), lenses=lenses)

changes = scoring.diff(old, new, lens=chosen_lens)
print(changes.attribution)
changes.change_table()

# %%
changes.moves()[["design", "old_score", "new_score", "change", "old_rank", "new_rank", "drivers"]]

# %%
for sentence in changes.rank_changes() or ["No design changed rank."]:
    print("-", sentence)

# %% [markdown]
# The parts of each design's change add up to the change exactly (to rounding): the weight x score
# interaction of each term is split half and half, and the change of the normalised weights is
# split exactly among the edited raw points (see `scoring.analysis._attribution`).

# %%
assert np.allclose(changes.parts_total(), changes.change, atol=1e-9)
parts = changes.parts(design)
fig, ax = plt.subplots(figsize=(8, 2.5))
ax.barh(parts["edit"], parts["part"], color=["#0072B2" if p > 0 else "#D55E00" for p in parts["part"]])
ax.axvline(0, color="black", linewidth=0.8)
ax.set_title(f"Why {design} moved: {changes.change[changes.design_ids.index(design)]:+.2f} points", loc="left")
ax.set_xlabel("part of the change (points of the total)")
fig.tight_layout()
(folder / "diff.json").write_text(json.dumps(changes.to_dict(), indent=2), encoding="utf-8")

# %% [markdown]
# ## 3. Judgments combined
#
# Three analysts score the same designs on the same criteria (here simulated: the set's judgments
# plus noise). `scoring.combine` takes the median of their base levels, lets each range span every
# analyst's values and ranges, keeps each one's rationale, and lowers the confidence where their
# bases span more than 20 points.

# %%
rng = np.random.default_rng(seed)
analysts = []
for _analyst in range(3):
    noisy = np.clip(old.matrix() + rng.normal(0, 8, old.matrix().shape).round(), 0, 100)
    rows = tuple(
        tuple(
            dataclasses.replace(s, base=float(b), low=min(float(b), s.low), high=max(float(b), s.high))
            for s, b in zip(r, levels, strict=True)
        )
        for r, levels in zip(old.scores, noisy.tolist(), strict=True)
    )
    analysts.append(dataclasses.replace(old, scores=rows))
combined = scoring.combine(analysts, names=["alice", "bob", "carol"])
scoring.save(combined, folder / "combined.yaml")
disagreement(combined, chosen_lens).head(10)

# %% [markdown]
# How much does the disagreement matter? The combined ranges are wider, so the SMAA-2 rank
# acceptabilities of the combined set (as `gscore analyze combined.yaml` prints them) show how often
# each design is best once the analysts' spread is taken into account.

# %%
settings = DEFAULT_SMAA.evolve(samples=samples, seed=seed)
single = analyze(analysts[0], settings, lens=chosen_lens).smaa.to_frame().set_index("design")
merged = analyze(combined, settings, lens=chosen_lens).smaa.to_frame().set_index("design")
pd.DataFrame({"best (one analyst)": single["rank_1"], "best (combined)": merged["rank_1"]}).sort_values(
    "best (combined)", ascending=False
)
