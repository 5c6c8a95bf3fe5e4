"""Geometry of the server-rendered SVG charts; the templates only draw what is computed here.

Every series has a fill pattern (solid, hatched, dotted) and a legend entry, and every bar
carries its value as text, so nothing depends on telling colours apart.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

INK = "#1d2a22"
GREEN = "#1f5130"

PATTERNS = ("solid", "hatch", "dots")
WIDTH = 720
LABEL_WIDTH = 240
VALUE_PAD = 70
BAR_HEIGHT = 14
BAR_GAP = 3
ROW_GAP = 10


@dataclass
class Bar:
    value: float
    x: float
    y: float
    width: float
    height: float
    pattern: str
    text: str
    text_x: float
    text_y: float


@dataclass
class BarRow:
    label: str
    label_y: float
    bars: list[Bar]


@dataclass
class Series:
    label: str
    pattern: str


@dataclass
class BarChart:
    id: str
    rows: list[BarRow]
    series: list[Series]
    width: int
    height: int
    label_width: int
    centered: bool = False

    @property
    def legend_y(self) -> int:
        return 14

    def fill(self, pattern) -> str:
        return GREEN if pattern == "solid" else f"url(#{self.id}-{pattern})"

    def body_html(self):
        """Legend, labels, bars and values as SVG (built here: a funnel of 100 modules has
        hundreds of elements, too many for the template engine on every request)."""
        parts = [
            format_html(
                '<g font-size="12"><rect x="{x}" y="2" width="14" height="14" fill="{fill}" '
                'stroke="{green}"/><text x="{tx}" y="14" fill="{ink}">{label}</text></g>',
                x=index * 170,
                tx=index * 170 + 20,
                fill=self.fill(series.pattern),
                green=GREEN,
                ink=INK,
                label=series.label,
            )
            for index, series in enumerate(self.series)
        ]
        for row in self.rows:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="{}">{}</text>',
                    self.label_width,
                    row.label_y,
                    INK,
                    row.label,
                )
            )
            parts.append(
                format_html_join(
                    "",
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                    'stroke-width="1"><title>{}: {}</title></rect>'
                    '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                    (
                        (
                            bar.x,
                            bar.y,
                            bar.width,
                            bar.height,
                            self.fill(bar.pattern),
                            GREEN,
                            row.label,
                            bar.text,
                            bar.text_x,
                            bar.text_y,
                            INK,
                            bar.text,
                        )
                        for bar in row.bars
                    ),
                )
            )
        return mark_safe("\n".join(parts))  # noqa: S308 - built with format_html only


def _text(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", " ")
    return f"{int(value):,}".replace(",", " ")


def bar_chart(chart_id, rows, series, *, centered=False) -> BarChart:
    """Horizontal bars; ``rows`` is [(label, [value per series])]."""
    series = [Series(label, PATTERNS[i % len(PATTERNS)]) for i, label in enumerate(series)]
    peak = max((value for _label, values in rows for value in values), default=0) or 1
    plot = WIDTH - LABEL_WIDTH - VALUE_PAD
    top = 30
    chart_rows = []
    y = top
    for label, values in rows:
        bars = []
        for index, value in enumerate(values):
            width = max(plot * float(value) / float(peak), 1 if value else 0)
            x = LABEL_WIDTH + ((plot - width) / 2 if centered else 0)
            bars.append(
                Bar(
                    value=value,
                    x=round(x, 1),
                    y=y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    pattern=series[index].pattern,
                    text=_text(value),
                    text_x=round(x + width + 4, 1),
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        block = len(values) * (BAR_HEIGHT + BAR_GAP)
        chart_rows.append(BarRow(label=_short(label), label_y=y - block / 2 + 2, bars=bars))
        y += ROW_GAP
    return BarChart(
        id=chart_id,
        rows=chart_rows,
        series=series,
        width=WIDTH,
        height=max(y + 10, 60),
        label_width=LABEL_WIDTH - 8,
        centered=centered,
    )


def _short(label, length=38) -> str:
    label = str(label)
    return label if len(label) <= length else label[: length - 1] + "…"


@dataclass
class Point:
    x: float
    y: float
    value: int


@dataclass
class Line:
    label: str
    pattern: str
    dash: str
    marker: str
    points: list[Point]

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass
class Tick:
    x: float
    text: str


@dataclass
class LineChart:
    id: str
    lines: list[Line]
    ticks: list[Tick]
    width: int
    height: int
    left: int
    bottom: int
    top: int
    peak: int
    right: int = field(default=0)

    def body_html(self):
        """Legend, axes, ticks, lines and markers as SVG."""
        parts = [
            format_html(
                '<g font-size="12"><path d="M {x} 10 h 24" stroke="{green}" stroke-width="2" '
                'stroke-dasharray="{dash}" fill="none"/>'
                '<text x="{tx}" y="14" fill="{ink}">{label}</text></g>',
                x=index * 200,
                tx=index * 200 + 30,
                green=GREEN,
                dash=line.dash,
                ink=INK,
                label=line.label,
            )
            for index, line in enumerate(self.lines)
        ]
        parts.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" stroke="#5b6b60"/>'
                '<line x1="{l}" x2="{l}" y1="{t}" y2="{b}" stroke="#5b6b60"/>'
                '<text x="{l}" dx="-6" y="{t}" dy="4" text-anchor="end" font-size="11" '
                'fill="{ink}">{peak}</text>'
                '<text x="{l}" dx="-6" y="{b}" text-anchor="end" font-size="11" '
                'fill="{ink}">0</text>',
                l=self.left,
                r=self.right,
                b=self.bottom,
                t=self.top,
                ink=INK,
                peak=self.peak,
            )
        )
        parts.append(
            format_html_join(
                "",
                '<text x="{}" y="{}" dy="16" text-anchor="middle" font-size="11" '
                'fill="{}">{}</text>',
                ((tick.x, self.bottom, INK, tick.text) for tick in self.ticks),
            )
        )
        for line in self.lines:
            parts.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" '
                    'stroke-dasharray="{}"/>',
                    line.path,
                    GREEN,
                    line.dash,
                )
            )
            if line.marker == "circle":
                template = (
                    '<circle cx="{}" cy="{}" r="3" fill="' + GREEN + '"><title>{}: {}</title>'
                    "</circle>"
                )
            else:
                template = (
                    '<rect x="{}" y="{}" width="6" height="6" transform="translate(-3 -3)" '
                    'fill="#ffffff" stroke="' + GREEN + '" stroke-width="1.5">'
                    "<title>{}: {}</title></rect>"
                )
            parts.append(
                format_html_join(
                    "", template, ((p.x, p.y, line.label, p.value) for p in line.points)
                )
            )
        return mark_safe("\n".join(parts))  # noqa: S308 - built with format_html only


def line_chart(chart_id, labels, series: dict, *, tick_every=None) -> LineChart:
    """Lines over ``labels`` (e.g. weeks); ``series`` is {label: [values]}."""
    width, height, left, right, top, bottom = WIDTH, 260, 50, 20, 40, 220
    count = max(len(labels), 1)
    peak = max((v for values in series.values() for v in values), default=0) or 1
    step = (width - left - right) / max(count - 1, 1)
    styles = [("", "circle"), ("6 4", "square"), ("2 3", "triangle")]
    lines = []
    for index, (label, values) in enumerate(series.items()):
        dash, marker = styles[index % len(styles)]
        points = [
            Point(
                x=round(left + i * step, 1),
                y=round(bottom - (bottom - top) * value / peak, 1),
                value=value,
            )
            for i, value in enumerate(values)
        ]
        lines.append(Line(label, PATTERNS[index % 3], dash, marker, points))
    every = tick_every or max(1, count // 8)
    ticks = [
        Tick(x=round(left + i * step, 1), text=str(text))
        for i, text in enumerate(labels)
        if i % every == 0
    ]
    return LineChart(
        id=chart_id,
        lines=lines,
        ticks=ticks,
        width=width,
        height=height,
        left=left,
        bottom=bottom,
        top=top,
        peak=peak,
        right=width - right,
    )
