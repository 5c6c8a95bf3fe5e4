"""Geometry of the server-rendered SVG charts; the templates only draw what is computed here.

Every series has a fill pattern (solid, hatched, dotted) and a legend entry, and every bar
carries its value as text, so nothing depends on telling colours apart. Colours come from the
design tokens through classes (``chart__*`` in static/dashboard/dashboard.css); the SVG holds none.
"""

from dataclasses import dataclass, field

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
        """The fill attributes of a bar or legend swatch: a class (solid) or a pattern."""
        if pattern == "solid":
            return mark_safe('class="chart__bar chart__fill--solid"')
        return format_html('class="chart__bar" fill="url(#{}-{})"', self.id, pattern)

    def body_html(self):
        """Legend, labels, bars and values as SVG (built here: a funnel of 100 modules has
        hundreds of elements, too many for the template engine on every request)."""
        parts = [
            format_html(
                '<g font-size="12"><rect x="{x}" y="2" width="14" height="14" {fill}/>'
                '<text x="{tx}" y="14" class="chart__text">{label}</text></g>',
                x=index * 170,
                tx=index * 170 + 20,
                fill=self.fill(series.pattern),
                label=series.label,
            )
            for index, series in enumerate(self.series)
        ]
        for row in self.rows:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="end" font-size="12" class="chart__text">'
                    "{}</text>",
                    self.label_width,
                    row.label_y,
                    row.label,
                )
            )
            parts.append(
                format_html_join(
                    "",
                    '<rect x="{}" y="{}" width="{}" height="{}" {} '
                    'stroke-width="1"><title>{}: {}</title></rect>'
                    '<text x="{}" y="{}" font-size="11" class="chart__text">{}</text>',
                    (
                        (
                            bar.x,
                            bar.y,
                            bar.width,
                            bar.height,
                            self.fill(bar.pattern),
                            row.label,
                            bar.text,
                            bar.text_x,
                            bar.text_y,
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
                '<g font-size="12"><path d="M {x} 10 h 24" class="chart__line" stroke-width="2" '
                'stroke-dasharray="{dash}"/>'
                '<text x="{tx}" y="14" class="chart__text">{label}</text></g>',
                x=index * 200,
                tx=index * 200 + 30,
                dash=line.dash,
                label=line.label,
            )
            for index, line in enumerate(self.lines)
        ]
        parts.append(
            format_html(
                '<line x1="{l}" x2="{r}" y1="{b}" y2="{b}" class="chart__axis"/>'
                '<line x1="{l}" x2="{l}" y1="{t}" y2="{b}" class="chart__axis"/>'
                '<text x="{l}" dx="-6" y="{t}" dy="4" text-anchor="end" font-size="11" '
                'class="chart__text">{peak}</text>'
                '<text x="{l}" dx="-6" y="{b}" text-anchor="end" font-size="11" '
                'class="chart__text">0</text>',
                l=self.left,
                r=self.right,
                b=self.bottom,
                t=self.top,
                peak=self.peak,
            )
        )
        parts.append(
            format_html_join(
                "",
                '<text x="{}" y="{}" dy="16" text-anchor="middle" font-size="11" '
                'class="chart__text">{}</text>',
                ((tick.x, self.bottom, tick.text) for tick in self.ticks),
            )
        )
        for line in self.lines:
            parts.append(
                format_html(
                    '<polyline points="{}" class="chart__line" stroke-width="2" '
                    'stroke-dasharray="{}"/>',
                    line.path,
                    line.dash,
                )
            )
            if line.marker == "circle":
                template = (
                    '<circle cx="{}" cy="{}" r="3" class="chart__marker"><title>{}: {}</title>'
                    "</circle>"
                )
            else:
                template = (
                    '<rect x="{}" y="{}" width="6" height="6" transform="translate(-3 -3)" '
                    'class="chart__marker chart__marker--open" stroke-width="1.5">'
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
