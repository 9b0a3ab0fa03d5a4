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
# # 03 Uncertainty and sensitivity
#
# How robust is the ranking?
#
# 1. **SMAA-2** (stochastic multicriteria acceptability analysis): draw weights and scores at random
#    (each score within its low-high range) and count how often each design takes each rank.
# 2. **Crossover weights**: for each criterion, the weight interval in which the current best design
#    stays best when that one weight moves and the others keep their proportions.
# 3. **Tornado**: which single judgment, moved from its low to its high level, moves a design's
#    total most.

# %% tags=["parameters"]
source = None  # path to your scenario file (.yaml/.json) or analyst workbook (.xlsx); None: the built-in article set
lens = "balanced"  # lens for the crossover weights and the tornado (and for smaa_weights = "lens")
samples = 20_000  # SMAA Monte Carlo draws
seed = 1  # same seed, same answer
smaa_weights = "uniform"  # "uniform" (no preference information), "lens" (Dirichlet around the lens) or "fixed"
sweep_criterion = None  # criterion id for the sensitivity lines; None: the one with the narrowest interval

# %%
# %matplotlib inline
import warnings

import scoring
from scoring import plots
from scoring.analysis.sensitivity import sensitivity_scenario
from scoring.analysis.smaa import smaa_scenario
from scoring.analysis.tornado import tornado

with warnings.catch_warnings():  # without ipywidgets tqdm.auto falls back to a text bar, with a warning
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

scenario = scoring.load(source)
result = scoring.score(scenario, lens)
names = {d.id: d.name for d in scenario.designs}
print(f"Under the {result.lens} lens the best design is {names[result.best]}.")

# %% [markdown]
# ## Rank acceptability (SMAA-2)
#
# `b1` is the share of draws in which a design is best; the confidence factor is the chance it is
# best at its own *central weights* (the average weights that make it best), over the score
# uncertainty alone.

# %%
with tqdm(total=samples, desc="SMAA-2 draws", unit="draw") as bar:
    def advance(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    smaa = smaa_scenario(scenario, lens, weights=smaa_weights, samples=samples, seed=seed, progress=advance)
n = len(scenario.designs)
acceptability = smaa.table()[["name", *[f"b{r + 1}" for r in range(n)], "confidence"]]
acceptability.style.format({f"b{r + 1}": "{:.0%}" for r in range(n)} | {"confidence": "{:.2f}"}).hide(
    axis="index").background_gradient(cmap="cividis", subset=[f"b{r + 1}" for r in range(n)], vmin=0, vmax=1)

# %%
plots.acceptability_heatmap(smaa)

# %% [markdown]
# Monte Carlo error: the largest standard error of any acceptability above is
# printed below; quadruple `samples` to halve it.

# %%
print(f"largest standard error: {smaa.standard_error.max():.4f} ({smaa.samples:,} draws, seed {smaa.seed})")

# %% [markdown]
# ## Crossover weights
#
# Exact for the additive model: each total is a straight line in the weight being moved.

# %%
crossovers = sensitivity_scenario(scenario, lens).table
crossovers.assign(best=crossovers["best"].map(names), below=crossovers["below"].map(names),
                  above=crossovers["above"].map(names)).style.format(precision=3).hide(axis="index")

# %%
if sweep_criterion is None:
    sweep_criterion = str(crossovers.assign(width=crossovers.upper - crossovers.lower).sort_values("width")
                          .iloc[0]["criterion"])
plots.sensitivity_chart(scenario, sweep_criterion, lens)

# %% [markdown]
# ## Tornado
#
# For the best design, each criterion's score moved from its low to its high level, the others at
# their base level. The widest bars are the judgments most worth checking.

# %%
swings = tornado(scenario, lens)
plots.tornado_chart(swings, design=result.best, scenario=scenario)

# %%
swings.head(10).assign(design=lambda t: t.design.map(names)).style.format(precision=1).hide(axis="index")
