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
# How robust is the ranking? This notebook runs the same analysis bundle as `gscore analyze`
# (`scoring.analysis.bundle.analyze`), with the same defaults, so the verdict below is the one the
# command line prints for the same source, lens, method and settings.
#
# 1. **SMAA-2** (stochastic multicriteria acceptability analysis): draw weights around the lens and
#    scores within their low-high ranges, and count how often each design takes each rank.
# 2. **Crossover weights**: for each criterion, the weight interval in which the current best design
#    stays best when that one weight moves and the others keep their proportions.
# 3. **Tornado**: which single judgment, moved from one end of its range to the other, moves a
#    design's score most.

# %% tags=["parameters"]
source = None  # path to your scenario file (.yaml/.json) or analyst workbook (.xlsx); None: the built-in article set
lens = None  # the lens analysed; None: the set's default lens
method = "wsm"  # aggregation method: wsm, wpm, topsis, vikor or promethee
samples = None  # SMAA draws; None: the kit's default (as gscore analyze)
seed = None  # random seed; None: the kit's default (same seed, same answer)
smaa_weights = None  # "lens" (around the lens), "uniform" (no preferences) or "fixed"; None: the kit's default
sweep_criterion = None  # criterion id for the sensitivity lines; None: the one with the narrowest interval

# %%
# %matplotlib inline
import warnings

import scoring
from scoring import plots
from scoring.analysis.bundle import analyze
from scoring.analysis.settings import DEFAULT_SMAA

with warnings.catch_warnings():  # without ipywidgets tqdm.auto falls back to a text bar, with a warning
    warnings.simplefilter("ignore")
    from tqdm.auto import tqdm

chosen = {"samples": samples, "seed": seed, "weight_mode": smaa_weights}
settings = DEFAULT_SMAA.evolve(**{k: v for k, v in chosen.items() if v is not None})
scenario = scoring.load(source)
names = {d.id: d.name for d in scenario.designs}
with tqdm(total=settings.samples, desc="SMAA-2 draws", unit="draw") as bar:

    def advance(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    bundle = analyze(scenario, settings, lens=lens, method=method, progress=advance)
print(f"{settings.samples:,} draws, seed {settings.seed}, weights {settings.weight_mode}, lens {bundle.problem.lens}")
print("Verdict:", bundle.verdict.text)

# %% [markdown]
# ## Rank acceptability (SMAA-2)
#
# `rank r` is the share of draws in which a design took rank r (`rank 1`: best). `confidence` is the
# SMAA-2 confidence factor: the share of score draws in which the design is best when the weights are
# fixed at its own *central weights* (the average weights that make it best). It says how robust the
# design is to score uncertainty at the weights most favourable to it; it is **not** the chance of
# being best (that is `rank 1`).

# %%
smaa = bundle.smaa
n = len(smaa.design_ids)
ranks = [f"rank_{r + 1}" for r in range(n)]
acceptability = smaa.to_frame()[["name", *ranks, "confidence_factor"]]
acceptability.style.format(dict.fromkeys(ranks, "{:.0%}") | {"confidence_factor": "{:.2f}"}).hide(
    axis="index"
).background_gradient(cmap="cividis", subset=ranks, vmin=0, vmax=1)

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
# Exact for linear methods (wsm, PROMETHEE II): each score is a straight line in the weight being moved.

# %%
crossovers = bundle.sensitivity.to_frame()
crossovers.assign(
    best=crossovers["best"].map(names), below=crossovers["below"].map(names), above=crossovers["above"].map(names)
).style.format(precision=3).hide(axis="index")

# %%
if sweep_criterion is None:
    sweep_criterion = str(
        crossovers.assign(width=crossovers.upper - crossovers.lower).sort_values("width").iloc[0]["criterion"]
    )
plots.sensitivity_chart(bundle.sensitivity, sweep_criterion)

# %% [markdown]
# ## Tornado
#
# For the best design, each judgment moved from the unfavourable to the favourable end of its range,
# the others at their base. The widest bars are the judgments most worth checking.

# %%
best = bundle.result.best
plots.tornado_chart(bundle.tornado, design=best)

# %%
bundle.tornado.to_frame(design=best).head(10).assign(design=lambda t: t.design.map(names)).style.format(
    precision=1
).hide(axis="index")
