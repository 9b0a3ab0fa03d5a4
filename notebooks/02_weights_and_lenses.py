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
# # 02 Weights and lenses
#
# Three ways to turn judgments about importance into weights, and how the ranking moves with them:
#
# - **swing weights** (points for swinging each criterion from the bottom to the top of its scale,
#   the most important swing getting 100);
# - **AHP** (pairwise comparisons on Saaty's 1-9 scale, weights from the principal eigenvector and a
#   consistency ratio that should stay at or below 0.10);
# - **rank-order centroid (ROC)** weights, when only the order of importance is known.
#
# Then the built-in lenses side by side: how alike their rankings are and which criteria drive the
# disagreement.

# %% tags=["parameters"]
source = None  # path to your scenario file (.yaml/.json) or analyst workbook (.xlsx); None: the built-in article set
lens = "balanced"  # the reference lens
method = "wsm"  # aggregation method used to rank under each weight set

# %%
# %matplotlib inline
import pandas as pd

import scoring
from scoring import plots
from scoring.analysis.lenses import compare_lenses, disagreement
from scoring.value_tree import global_weights, local_weights
from scoring.weights import ahp, rank_order_centroid, swing_weights

scenario = scoring.load(source)
ids = scenario.criterion_ids
reference = scenario.weights(lens)

# %% [markdown]
# ## Swing weights
#
# An analyst's swing points: 100 for the swing that matters most, the others relative to it. Here
# they start from the reference lens, double the weight on escalation risk, and rescale so that
# the largest swing gets 100.

# %%
points = reference.copy()
points[ids.index("escalation_risk") if "escalation_risk" in ids else 0] *= 2
points = (100 * points / points.max()).round()  # the largest swing gets exactly 100 points
swing = swing_weights(points)
pd.DataFrame({"points": points, "swing weight": swing, f"{lens} weight": reference}, index=ids).style.format(
    {"points": "{:.0f}", "swing weight": "{:.1%}", f"{lens} weight": "{:.1%}"}
)

# %% [markdown]
# ## AHP: pairwise comparisons of the four branches
#
# `pairwise[i][j]` says how many times more important branch *i* is than branch *j*. The branch
# weights are then shared among each branch's criteria in the proportions of the reference lens.

# %%
branches = [b.id for b in scenario.branches] or sorted({c.branch for c in scenario.criteria})
pairwise = [
    [1, 3, 2, 3],
    [1 / 3, 1, 1 / 2, 1],
    [1 / 2, 2, 1, 2],
    [1 / 3, 1, 1 / 2, 1],
][: len(branches)]
pairwise = [row[: len(branches)] for row in pairwise]
judged = ahp(pairwise)
print(
    f"lambda_max = {judged.lambda_max:.3f}, CI = {judged.ci:.3f}, RI = {judged.random_index:.2f}, "
    f"CR = {judged.cr:.3f} ({'consistent' if judged.consistent else 'revisit the judgments'})"
)
combined = global_weights(dict(zip(branches, judged.weights, strict=True)), local_weights(scenario, lens))
ahp_weights = pd.Series([combined.get(cid, 0.0) for cid in ids], index=ids)
pd.DataFrame({"AHP branch weight": judged.weights}, index=branches).style.format("{:.1%}")

# %% [markdown]
# ## Rank-order centroid: only the order is known
#
# Rank the criteria (1 = most important; ties allowed) and ROC gives the centroid of all weight
# vectors consistent with that order. Here the order is that of the reference lens.

# %%
order = pd.Series(reference, index=ids).rank(ascending=False, method="min").astype(int)
roc = rank_order_centroid(order.to_numpy())
pd.DataFrame({"rank": order, "ROC weight": roc}).sort_values("rank").style.format({"ROC weight": "{:.1%}"})

# %% [markdown]
# ## How the ranking moves
#
# Each weight set becomes a lens (`ScenarioSet.with_weights`), and the designs are scored under each.

# %%
weight_sets = {lens: reference, "swing": swing, "ahp": ahp_weights.to_numpy(), "roc": roc}
ranks = {}
for name, vector in weight_sets.items():
    variant = scenario.with_weights(f"nb_{name}", dict(zip(ids, map(float, vector), strict=True)))
    ranks[name] = scoring.score(variant, method=method, timestamp="-").ranks
table = pd.DataFrame(ranks, index=[d.name for d in scenario.designs]).sort_values(lens)
table.style.background_gradient(cmap="cividis_r", axis=None).set_caption("Rank under each weight set (1 = best)")

# %% [markdown]
# ## The built-in lenses compared
#
# Rank correlations between every pair of lenses (Spearman, Kendall's tau-b, and the WS coefficient,
# which weighs disagreement near the top more), then a bump chart of the ranks.

# %%
comparison = compare_lenses(scenario, method)
comparison.correlations.style.format(precision=2).hide(axis="index")

# %%
plots.lens_chart(comparison, scenario)

# %% [markdown]
# ## Why two lenses disagree
#
# For the pair of lenses least alike, each criterion's share of the disagreement: the weight
# difference times the gap between the two winners' value scores.

# %%
least = comparison.correlations.sort_values("spearman").iloc[0]
drivers = disagreement(scenario, str(least.lens_a), str(least.lens_b))
print(f"{least.lens_a} picks {drivers.attrs['best_a']}, {least.lens_b} picks {drivers.attrs['best_b']}")
drivers.head(5).style.format(precision=2).hide(axis="index")
