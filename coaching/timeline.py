"""Layout of a plan's timeline: phases as bands, milestones as marks, a line for today.

Pure arithmetic on a prefetched plan (see ``services.plans_with_items``); the template draws
the result as server-rendered SVG and repeats the same data in a table.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from coaching.dates import clamp
from coaching.services import current_phase, phase_is_complete

WIDTH = 1000
LABEL_WIDTH = 230
RIGHT_PAD = 20
TOP = 40
ROW_HEIGHT = 44
BAND_HEIGHT = 22
MARK_SIZE = 8


@dataclass
class Mark:
    pk: int
    title: str
    day: date
    x: float
    y: float
    points: str
    reached: bool
    gate: bool
    overdue: bool


@dataclass
class Band:
    name: str
    number: int
    start: date | None
    end: date | None
    x: float
    width: float
    y: float
    label_y: float
    complete: bool
    current: bool
    tasks_total: int
    tasks_done: int
    marks: list[Mark] = field(default_factory=list)


@dataclass
class Tick:
    day: date
    x: float


@dataclass
class Timeline:
    start: date
    end: date
    bands: list[Band]
    ticks: list[Tick]
    today: date
    today_x: float | None
    width: int
    height: int
    label_width: int

    @property
    def axis_y(self) -> int:
        return TOP - 14

    @property
    def plot_bottom(self) -> int:
        return self.height - 8


def _month_starts(start: date, end: date) -> list[date]:
    day = date(start.year, start.month, 1)
    if day < start:
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    result = []
    while day <= end:
        result.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return result


def build_timeline(plan, today: date) -> Timeline:
    phases = list(plan.phases.all())
    all_dates = [plan.start_date, today]
    for phase in phases:
        all_dates += [task.due_date for task in phase.tasks.all()]
        all_dates += [ms.target_date for ms in phase.milestones.all()]
    # Dates stored before they were checked (a plan shifted to the year 1) are drawn at the
    # edge of the programme's range instead of overflowing the arithmetic.
    start = clamp(min(all_dates)) - timedelta(days=7)
    end = clamp(max(all_dates)) + timedelta(days=7)
    span = max((end - start).days, 1)
    plot_width = WIDTH - LABEL_WIDTH - RIGHT_PAD

    def x_of(day: date) -> float:
        return round(LABEL_WIDTH + (clamp(day) - start).days / span * plot_width, 1)

    current = current_phase(plan)
    bands = []
    for number, phase in enumerate(phases, start=1):
        tasks = list(phase.tasks.all())
        milestones = list(phase.milestones.all())
        days = [task.due_date for task in tasks] + [ms.target_date for ms in milestones]
        y = TOP + (number - 1) * ROW_HEIGHT
        band_start, band_end = (min(days), max(days)) if days else (None, None)
        x = x_of(band_start) if band_start else LABEL_WIDTH
        width = max(x_of(band_end) - x, 6) if band_end else 0
        marks = []
        mid = y + BAND_HEIGHT / 2
        for ms in milestones:
            mx = x_of(ms.target_date)
            points = (
                f"{mx},{mid - MARK_SIZE} {mx + MARK_SIZE},{mid} {mx},{mid + MARK_SIZE} "
                f"{mx - MARK_SIZE},{mid}"
            )
            marks.append(
                Mark(
                    pk=ms.pk,
                    title=ms.title,
                    day=ms.target_date,
                    x=mx,
                    y=mid,
                    points=points,
                    reached=ms.is_reached,
                    gate=ms.is_gate,
                    overdue=ms.is_overdue(today),
                )
            )
        bands.append(
            Band(
                name=phase.name,
                number=number,
                start=band_start,
                end=band_end,
                x=x,
                width=width,
                y=y,
                label_y=mid + 5,
                complete=phase_is_complete(phase),
                current=current is not None and phase.pk == current.pk,
                tasks_total=len(tasks),
                tasks_done=sum(task.is_done for task in tasks),
                marks=marks,
            )
        )
    # Month ticks; none so close to the right edge that its label would be cut off.
    ticks = [
        Tick(day, x_of(day))
        for day in _month_starts(start, end)
        if x_of(day) <= WIDTH - RIGHT_PAD - 30
    ]
    height = TOP + max(len(phases), 1) * ROW_HEIGHT + 10
    return Timeline(
        start=start,
        end=end,
        bands=bands,
        ticks=ticks,
        today=today,
        today_x=x_of(today) if start <= today <= end else None,
        width=WIDTH,
        height=height,
        label_width=LABEL_WIDTH,
    )
