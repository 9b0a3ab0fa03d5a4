"""The built-in article scenario set: complete, traceable to the article, defensible."""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pytest

import scoring
from scoring.model import GROUNDING_LEVELS, Score

ARTICLE = scoring.load()
DESIGN_IDS = {
    "article5_pledge",
    "air_support_only",
    "multinational_troops",
    "hybrid_troops_air_pledge",
    "intel_and_resources",
    "nato_membership",
    "moscow_negotiated",
    "no_guarantee",
}
LENS_IDS = {"balanced", "kyiv", "washington", "european_coalition", "moscow_acceptance"}


def _article_text() -> str:
    return (resources.files("scoring") / "data" / "article.txt").read_text(encoding="utf-8")


def test_the_shipped_article_is_the_source_article() -> None:
    assert "implying a Russian veto over defenses for Ukraine" in _article_text()
    assert ARTICLE.source.text == _article_text()


@pytest.mark.parametrize("criterion", ARTICLE.criteria, ids=lambda c: c.id)
def test_every_quote_occurs_verbatim_in_the_article(criterion: scoring.Criterion) -> None:
    text = _article_text()
    assert criterion.evidence, f"{criterion.id} has no evidence"
    for evidence in criterion.evidence:
        assert evidence.quote in text, evidence.quote


def test_contract_content() -> None:
    assert len(ARTICLE.criteria) >= 8
    assert set(ARTICLE.design_ids) == DESIGN_IDS
    assert set(ARTICLE.lens_ids) == LENS_IDS
    assert ARTICLE.default_lens == "balanced"
    assert {c.direction for c in ARTICLE.criteria} == {"benefit", "cost"}


@pytest.mark.parametrize("criterion", ARTICLE.criteria, ids=lambda c: c.id)
def test_scales_are_anchored_and_in_a_branch(criterion: scoring.Criterion) -> None:
    levels = {level for level, _ in criterion.scale}
    assert {0.0, 50.0, 100.0} <= levels
    assert all(label.strip() for _, label in criterion.scale)
    assert criterion.branch in {b.id for b in ARTICLE.branches}


def test_every_judgment_is_complete_and_honest_about_assumptions() -> None:
    for design, criterion, score in ARTICLE.judgments():
        where = f"{design.id}/{criterion.id}"
        assert 0 <= score.low <= score.base <= score.high <= 100, where
        assert len(score.rationale.split()) >= 4, where  # a sentence, not a tag
        assert score.grounding in GROUNDING_LEVELS, where
        assert score.high - score.low >= 10, where  # every judgment of the set has a range
        if score.assumption:
            assert score.confidence == "low", where
            assert score.high - score.low >= 30, where


# ---------------------------------------------------------------- quotes and grounding
#
# A quoted phrase is text inside “…” or "..." in a rationale, an evidence note, or a
# description (of the set, a branch, a criterion, a design or a lens). Every one must occur
# verbatim in the article, whitespace normalised (evidence quotes are checked above).
#
# Grounding is consistent with the rationale when:
# - quoted: the rationale quotes the article (at least one quoted phrase), does not begin
#   "Assumption" or "By definition" and names no step of the authors' (no "the authors");
#   its confidence is medium or high;
# - inferred: it does not begin "Assumption", and either it quotes the article and names the
#   authors' step (mentions "the authors": the comparison or size they add to what it quotes),
#   or, for a judgment that follows from a design's definition, it begins "By definition";
# - assumption: it begins "Assumption (article silent):" and claims nothing from the article:
#   no quoted phrase and no mention of the article after that prefix (confidence low and a
#   range of at least 30 points are checked above).
QUOTED = re.compile(r"“([^”]+)”|\"([^\"]+)\"")
ASSUMPTION_PREFIX = "Assumption (article silent):"


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _quotes(text: str) -> list[str]:
    return [a or b for a, b in QUOTED.findall(text)]


def _texts() -> list[tuple[str, str]]:
    """Every free text of the set except the evidence quotes themselves, with where it is."""
    texts = [("question", ARTICLE.question), ("source.note", ARTICLE.source.note)]
    texts += [(f"branch {b.id}", b.description) for b in ARTICLE.branches]
    for c in ARTICLE.criteria:
        texts.append((f"criterion {c.id}", c.description))
        texts += [(f"criterion {c.id} scale {level:g}", label) for level, label in c.scale]
        texts += [(f"criterion {c.id} evidence note {k}", e.note) for k, e in enumerate(c.evidence)]
    texts += [(f"design {d.id}", d.description) for d in ARTICLE.designs]
    texts += [(f"lens {lens.id}", lens.description) for lens in ARTICLE.lenses]
    texts += [(f"{d.id}/{c.id}", s.rationale) for d, c, s in ARTICLE.judgments()]
    texts += [(where, text) for where, text, _score in _component_texts()]
    return texts


def _component_texts() -> list[tuple[str, str, Score | None]]:
    """Every text of the component model, with the judgment it explains (None for other texts)."""
    composition = ARTICLE.composition
    assert composition is not None
    texts: list[tuple[str, str, Score | None]] = []
    for component in composition.components:
        texts.append((f"component {component.id}", component.description, None))
        texts += [
            (f"component {component.id} evidence note {k}", e.note, None) for k, e in enumerate(component.evidence)
        ]
        if not component.alone:  # effects taken from a design are that design's judgments, checked above
            for criterion, effect in zip(ARTICLE.criteria, component.effects, strict=True):
                if effect is not None:
                    texts.append((f"component {component.id}/{criterion.id}", effect.rationale, effect))
    for item in composition.interactions:
        where = f"interaction {'+'.join(item.components)}/{item.criterion}"
        texts.append((where, item.share.rationale, item.share))
    texts += [
        (f"rule {c.id}", rule.rationale, None) for c, rule in zip(ARTICLE.criteria, composition.rules, strict=True)
    ]
    texts += [(f"constraint {k}", rule.rationale, None) for k, rule in enumerate(composition.constraints)]
    return texts


def test_every_quoted_phrase_occurs_verbatim_in_the_article() -> None:
    source = _normalised(_article_text())
    found = [(where, quote) for where, text in _texts() for quote in _quotes(text)]
    assert len(found) > 80  # the set quotes the article throughout
    missing = [(where, quote) for where, quote in found if _normalised(quote) not in source]
    assert missing == []


@pytest.mark.parametrize("judgment", list(ARTICLE.judgments()), ids=lambda j: f"{j[0].id}/{j[1].id}")
def test_grounding_is_consistent_with_the_rationale(judgment: tuple[scoring.Design, scoring.Criterion, Score]) -> None:
    _design, _criterion, score = judgment
    text = score.rationale
    if score.grounding == "assumption":
        assert text.startswith(ASSUMPTION_PREFIX)
        assert _quotes(text) == []
        assert "article" not in text[len(ASSUMPTION_PREFIX) :].lower()
        return
    assert not text.startswith("Assumption")
    if score.grounding == "quoted":
        assert _quotes(text)
        assert score.confidence in ("medium", "high")
        assert "the authors" not in text.lower()  # the article states it: no step of the authors' to name
        assert not text.startswith("By definition")
    elif text.startswith("By definition"):
        return  # follows from the design's definition (the baseline), not from a quote
    else:
        assert _quotes(text)  # drawn from the article: it quotes what it draws on
        assert "the authors" in text.lower()  # and names the authors' step


COMPONENT_JUDGMENTS = [(where, score) for where, _text, score in _component_texts() if score is not None]


@pytest.mark.parametrize(("where", "score"), COMPONENT_JUDGMENTS, ids=[w for w, _ in COMPONENT_JUDGMENTS])
def test_component_judgments_are_graded_like_the_designs(where: str, score: Score) -> None:
    """Effects and interaction shares follow the judgments' rules: range, grounding consistent with the rationale."""
    assert 0 <= score.low <= score.base <= score.high <= 100, where
    assert score.grounding in GROUNDING_LEVELS, where
    assert score.high - score.low >= 10, where
    if score.grounding == "assumption":
        assert score.confidence == "low", where
        assert score.high - score.low >= 30, where
    test_grounding_is_consistent_with_the_rationale((ARTICLE.designs[0], ARTICLE.criteria[0], score))


def test_component_model_texts_and_evidence() -> None:
    composition = ARTICLE.composition
    assert composition is not None
    assert composition.component_ids == ("pledge", "us_air", "ground_troops", "intelligence", "nato", "russia_party")
    text = _article_text()
    for component in composition.components:
        assert component.evidence, component.id
        assert all(e.quote in text for e in component.evidence), component.id
    assert all(rule.rationale for rule in composition.rules)
    assert all(rule.rationale for rule in composition.constraints)
    inferred = [t for w, t, _ in _component_texts() if w.startswith(("rule", "constraint"))]
    assert all("the authors" in t.lower() for t in inferred)  # the rule and the constraints are the authors' modelling


#: Words of the article's speakers (or of the article itself) and the name a text quoting them must give.
SPEAKERS = [
    ("implying a Russian veto", "article"),  # the article's reading of Lavrov, not Lavrov's claim
    ("must involve Moscow itself", "Lavrov"),
    ("just noise", "Kellogg"),
    ("still too early", "Zelenskyy"),
    ("can be done quickly once there's a policy decision", "Foggo"),
    ("a matter for negotiation", "Gottemoeller"),
    ("Russia will uphold any deal", "Rutte"),
    ("would help them ... by air", "Trump"),
]


@pytest.mark.parametrize(("phrase", "speaker"), SPEAKERS)
def test_quoted_words_are_attributed_to_their_speaker(phrase: str, speaker: str) -> None:
    quoting = [(where, text) for where, text in _texts() if any(phrase in q for q in _quotes(text))]
    assert quoting, f"nothing quotes {phrase!r}"
    unattributed = [where for where, text in quoting if speaker not in text]
    assert unattributed == []


#: Speakers the article quotes as individuals, and the status a text quoting their words must give.
STATUS = {"Foggo": "retired admiral", "Gottemoeller": "former NATO deputy secretary-general"}


@pytest.mark.parametrize(("speaker", "status"), STATUS.items())
def test_individual_views_are_not_presented_as_official_positions(speaker: str, status: str) -> None:
    """Foggo's and Gottemoeller's words are quoted with their status, as views (review finding 13f)."""
    phrases = [phrase for phrase, who in SPEAKERS if who == speaker] + [
        p
        for p, who in (("negotiated solution", "Foggo"), ("might resemble Article 5", "Gottemoeller"))
        if who == speaker
    ]
    quoting = [(where, text) for where, text in _texts() if any(p in q for p in phrases for q in _quotes(text))]
    assert quoting
    assert [where for where, text in quoting if status not in text] == []


VAGUENESS = ("“political”", "specified", "still too early", "a matter for negotiation")


def test_vagueness_widens_ranges_instead_of_lowering_bases() -> None:
    """A rationale that cites the article's vagueness says that the range carries it."""
    citing = [
        (f"{d.id}/{c.id}", s.rationale) for d, c, s in ARTICLE.judgments() if any(v in s.rationale for v in VAGUENESS)
    ]
    assert citing
    assert [where for where, text in citing if "range" not in text] == []


def test_speed_does_not_count_the_wait_for_a_deal() -> None:
    """The wait for a deal or for talks is counted once, under peace_deal_dependence."""
    for design in ARTICLE.designs:
        text = ARTICLE.score_of(design.id, "force_generation_speed").rationale
        if re.search(r"\b(deal|talks|negotiat)", text):
            assert "dependence on a peace deal" in text, design.id


def test_a_design_that_never_protects_gets_no_credit_for_timing() -> None:
    baseline = "no_guarantee"
    assert ARTICLE.score_of(baseline, "force_generation_speed").base == 0
    assert ARTICLE.score_of(baseline, "peace_deal_dependence").base == 100  # a cost: the worst level
    assert (
        ARTICLE.score_of(baseline, "russian_acceptance").base
        < ARTICLE.score_of("moscow_negotiated", "russian_acceptance").base
    )


def test_lenses_have_descriptions_and_differ() -> None:
    weights = np.array([ARTICLE.weights(lens.id) for lens in ARTICLE.lenses])
    assert all(lens.description for lens in ARTICLE.lenses)
    assert len({tuple(np.round(w, 6)) for w in weights}) == len(ARTICLE.lenses)


def test_ids_are_snake_case() -> None:
    for ident in (*ARTICLE.criterion_ids, *ARTICLE.design_ids, *ARTICLE.lens_ids):
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ident), ident


def test_no_design_wins_on_every_criterion() -> None:
    values = ARTICLE.values()
    best = values.max(axis=0)
    assert not np.any(np.all(values == best, axis=1))


def test_baseline_is_not_preferred_under_balanced() -> None:
    result = scoring.score(ARTICLE)
    ranks = dict(zip(result.design_ids, result.ranks.tolist(), strict=True))
    assert ranks["no_guarantee"] >= len(ARTICLE.designs) - 1
