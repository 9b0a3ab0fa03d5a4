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
# # 06 Composition and discovery
#
# The article's designs are combinations of a few building blocks: a coalition pledge mirroring
# Article 5, US help "by air", a multinational troop presence, intelligence and resources, NATO
# membership, a role for Moscow. The set's component model says what each block does alone on every
# criterion, how each criterion combines blocks, which pairs do better or worse together, and which
# combinations make sense. This notebook asks the next questions:
#
# 1. **Which combination is best** under each lens? Every feasible combination is composed and ranked
#    (the same numbers as `gscore compose`).
# 2. **What does a block buy?** The Pareto front over the value tree's branches, and the marginal
#    value of adding or removing each block to the best combinations.
# 3. **When does a design win?** PRIM boxes over SMAA draws of weights and judgments (the same as
#    `gscore discover`): the peeling trade-off between coverage and density, and one box in plain
#    words.

# %% tags=["parameters"]
source = None  # scenario file (.yaml/.json) with a composition block; None: the built-in article set
lens = None  # the lens featured; None: the set's default lens
method = "wsm"  # aggregation method: wsm, wpm, topsis, vikor or promethee
top = 5  # combinations shown per lens
samples = 4000  # SMAA draws (combinations and discovery)
seed = None  # random seed; None: the kit's default
design = "hybrid_troops_air_pledge"  # the design whose winning conditions are discovered
discover_lens = None  # the lens for discovery; None: as `lens`
box = None  # trajectory box to state; None: the first whose density reaches 80%

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import display

import scoring
from scoring.analysis.compose import composition
from scoring.analysis.discover import discover
from scoring.analysis.settings import DEFAULT_SMAA
from scoring.plots.compose import marginal_chart, pareto_chart, prim_box_chart, prim_tradeoff_chart

settings = DEFAULT_SMAA.evolve(samples=samples, **({} if seed is None else {"seed": seed}))
scenario = scoring.load(source)
featured = scenario.lens(lens).id
found = composition(scenario, method=method, top=top, smaa=settings, lens=None)
components = found.components()
print(f"{found.composed.count} feasible combinations of {len(components)} components")
display(components)

# %% [markdown]
# Each component's level on each criterion when it stands alone (blank: no effect of its own). The
# rule that combines them is documented in `scoring/composition.py`; for the article set, composing
# the eight designs from these blocks lands within every hand judgment's range (see
# `docs/article-set.md`).
#
# ## The best combinations under each lens

# %%
pd.concat({name: lc.top.drop(columns="mask") for name, lc in found.lenses.items()}, names=["lens", "#"])

# %% [markdown]
# ## What each branch gets: the Pareto front
#
# No combination on the front is beaten on every branch of the value tree (each branch scored as its
# own 0-100 weighted average); moving along it trades one branch for another.

# %%
pareto_chart(found.lenses[featured])

# %% [markdown]
# ## What a block buys
#
# The score with the block minus the score without it, for the best combination under the featured
# lens: blocks in the combination show what removing them would cost, the others what adding them
# would buy (where both combinations are feasible).

# %%
marginal_chart(found.lenses[featured])

# %% [markdown]
# ## How sure: SMAA over the combinations
#
# Each draw moves the weights around the lens and every component judgment within its range, then
# composes every combination from the same draw, so combinations that share a block move together.
# (This SMAA is run for the featured lens only: `composition(..., lens=...)` decides which.)

# %%
focused = composition(scenario, lens=featured, method=method, top=top, smaa=settings)
print(focused.verdict.text)  # the same rules as the designs' verdict (docs/glossary.md)
focused.smaa.to_frame().head(top)

# %% [markdown]
# ## When does a design win?
#
# PRIM peels the SMAA draws (weights and the design's own judgments) into ever smaller boxes where
# the design wins more often. Coverage falls as density rises: pick the trade-off. The chosen box is
# then widened back where that costs no density, and conditions the draws do not support are dropped.

# %%
found_when = discover(
    scenario,
    design,
    settings,
    lens=discover_lens or featured,
    method=method,
    box=box,
)
prim_tradeoff_chart(found_when)

# %%
prim_box_chart(found_when)

# %%
print(found_when.statement)
found_when.trajectory_frame().iloc[:: max(1, len(found_when.trajectory.boxes) // 10)]
