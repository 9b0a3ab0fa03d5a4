"""Small drawing helpers for :mod:`scoring.plots`: palettes, label wrapping, heat-maps.

Private: the public charts live in :mod:`scoring.plots`. Only figures made with the
object-oriented API (:class:`matplotlib.figure.Figure`) are used, never pyplot, so no
global state is touched and everything works headless.

Palettes are colour-blind safe: Okabe and Ito (2008, *Color Universal Design*) for up to
eight categories, Paul Tol's "muted" scheme (2021, *Colour Schemes*, SRON/EPS/TN/09-002)
for nine or ten, with hatching added beyond that; ``cividis`` (Nuñez, Anderton and
Renslow 2018, PLOS ONE 13(7)) for continuous values.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.image import AxesImage

__all__ = [
    "CONTINUOUS",
    "OKABE_ITO",
    "TOL_MUTED",
    "categorical",
    "contrast",
    "heatmap",
    "markers",
    "new_figure",
    "patterns",
    "readable",
    "score_axis_label",
    "set_title",
    "wrap",
]

#: Okabe-Ito, without black first so the first categories are colours (black comes last).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000",
)  # fmt: skip
#: Paul Tol's muted scheme (nine colours) plus his pale grey.
TOL_MUTED: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499", "#DDDDDD",
)  # fmt: skip
CONTINUOUS = "cividis"
_HATCHES = ("", "//", "..", "xx", "\\\\", "oo")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<", ">", "p")


def categorical(count: int) -> list[str]:
    """``count`` colour-blind-safe colours (cycled past ten; see :func:`patterns`)."""
    palette = OKABE_ITO if count <= len(OKABE_ITO) else TOL_MUTED
    return [palette[k % len(palette)] for k in range(count)]


def patterns(count: int) -> list[str]:
    """Hatch patterns that tell categories apart once the colours repeat."""
    size = len(OKABE_ITO) if count <= len(OKABE_ITO) else len(TOL_MUTED)
    return [_HATCHES[(k // size) % len(_HATCHES)] for k in range(count)]


def markers(count: int) -> list[str]:
    """Distinct marker shapes, so lines differ by more than colour."""
    return [_MARKERS[k % len(_MARKERS)] for k in range(count)]


def wrap(label: str, width: int = 24) -> str:
    """Wrap a long label on word boundaries (ids with underscores may break at them)."""
    spaced = label if " " in label else label.replace("_", "_\u200b")
    return "\n".join(textwrap.wrap(spaced, width=width, break_long_words=False)) or label


def set_title(ax: Axes, text: str, *, fontsize: float = 10.0) -> None:
    """A left-aligned title, wrapped so that it fits the figure's width."""
    figure: Any = ax.figure
    width = float(figure.get_figwidth())
    chars = max(40, int(width * 72 / (fontsize * 0.62) * 0.8))
    ax.set_title("\n".join(textwrap.wrap(text, width=chars)) or text, loc="left", fontsize=fontsize)


def new_figure(width: float, height: float) -> Figure:
    """A figure with constrained layout, created without pyplot."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _ink_for(rgba: Sequence[float]) -> str:
    """Black or white text, whichever reads better on ``rgba`` (relative luminance)."""
    red, green, blue = (float(c) for c in rgba[:3])
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "black" if luminance > 0.5 else "white"


def heatmap(
    ax: Axes,
    data: npt.ArrayLike,
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    fmt: str = "{:.0f}",
    vmin: float | None = None,
    vmax: float | None = None,
    cmap: str = CONTINUOUS,
    colorbar_label: str = "",
    rotate_columns: bool = True,
    text_size: float = 8.0,
) -> AxesImage:
    """Draw an annotated heat-map of ``data`` (rows x columns) on ``ax``; return the image."""
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    array = np.asarray(data, dtype=np.float64)
    norm = Normalize(
        vmin=float(np.nanmin(array)) if vmin is None else vmin,
        vmax=float(np.nanmax(array)) if vmax is None else vmax,
    )
    colours = colormaps[cmap]
    image = ax.imshow(array, cmap=colours, norm=norm, aspect="auto", interpolation="nearest")
    ax.set_xticks(np.arange(array.shape[1]), labels=list(columns))
    ax.set_yticks(np.arange(array.shape[0]), labels=list(rows))
    if rotate_columns:
        ax.tick_params(axis="x", labelrotation=45)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    ax.tick_params(length=0)
    ax.set_xticks(np.arange(array.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(array.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    for (i, j), value in np.ndenumerate(array):
        if np.isfinite(value):
            ax.text(
                j,
                i,
                fmt.format(value),
                ha="center",
                va="center",
                fontsize=text_size,
                color=_ink_for(colours(norm(value))),
            )
    figure: Any = ax.figure
    bar = figure.colorbar(image, ax=ax, shrink=0.8)
    bar.set_label(colorbar_label)
    return image


def score_axis_label(label: str, higher_is_better: bool) -> str:
    """An axis label from a method's score label ("weighted average of ..." -> "Weighted average of ...")."""
    text = label[:1].upper() + label[1:] if label else "Score"
    if not higher_is_better and "lower is better" not in text:
        text += " (lower is better)"
    return "\n".join(textwrap.wrap(text, width=70)) or text


def _luminance(rgb: Sequence[float]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour (channels 0-1)."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb[:3]]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two colours (1 to 21; 4.5 is the AA minimum for text)."""
    from matplotlib.colors import to_rgb

    lighter, darker = sorted((_luminance(to_rgb(colour)), _luminance(to_rgb(background))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable(colour: str, background: str = "#FFFFFF", minimum: float = 4.5) -> str:
    """``colour`` darkened (same hue) until text in it reaches ``minimum`` contrast on ``background``.

    >>> readable("#F0E442") != "#F0E442", contrast(readable("#F0E442")) >= 4.5
    (True, True)
    """
    from matplotlib.colors import to_hex, to_rgb

    red, green, blue = to_rgb(colour)

    def scaled(factor: float) -> str:
        return str(to_hex((red * factor, green * factor, blue * factor)))

    factor = 1.0
    while contrast(scaled(factor), background) < minimum and factor > 0:
        factor = max(0.0, factor - 0.02)
    return scaled(factor)
