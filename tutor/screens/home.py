"""The home screen: every pack and its exercises in order, with the learner's status on each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.widgets.data_table import CellDoesNotExist

from exercises.model import Exercise
from tutor.messages import StudyChanged
from tutor.prompt_text import citations
from tutor.screens.base import TutorScreen
from tutor.widgets.status import status_text

TITLE_MIN_WIDTH = 24
SOURCE_MIN_WIDTH = 12
"""The detail line under the table gives the full source; the column is only a reminder."""
OTHER_COLUMNS_WIDTH = 28
"""Status, kind and level columns, the padding of all five columns and the scrollbar."""


def _matches(query: str, exercise: Exercise, status: str) -> bool:
    """Every word of the filter must appear in the exercise's id, title, kind, tags, source
    or status, so ``code due`` narrows to code exercises due for review."""
    haystack = " ".join(
        [
            exercise.qualified_id,
            exercise.title,
            exercise.listed_kind,
            status,
            *exercise.tags,
            *(s.document for s in exercise.sources),
        ]
    ).lower()
    return all(word in haystack for word in query.lower().split())


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def clip_distinct(titles: list[str], width: int) -> dict[str, str]:
    """Each title fitted to ``width``, no two alike: titles that would be cut into the same
    text ("The adjoint lemma: gradient w…" twice) keep their distinct ends instead
    ("The adjoint lemma:…to the input", "The adjoint lemma:…o the weights")."""
    shown = {title: _clip(title, width) for title in titles}
    groups: dict[str, list[str]] = {}
    for title, clipped in shown.items():
        groups.setdefault(clipped, []).append(title)
    for group in groups.values():
        if len(group) < 2:
            continue
        for tail in [(width - 1) // 2, *range(1, width - 1)]:
            candidates = {t: _middle_clip(t, width, tail) for t in group}
            if len(set(candidates.values())) == len(group):
                shown.update(candidates)
                break
    return shown


def _middle_clip(text: str, width: int, tail: int) -> str:
    if len(text) <= width:
        return text
    return text[: width - 1 - tail] + "…" + text[len(text) - tail :]


class HomeScreen(TutorScreen):
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("enter", "open", "Open"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home-bar"):
            yield Static(id="learner-line")
            yield Input(placeholder="/ to filter", id="filter")
        yield DataTable(id="exercises", cursor_type="row", zebra_stripes=False)
        yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        self._title_width = 0
        self._fit_columns()
        self.query_one("#exercises", DataTable).focus()

    def on_resize(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Give the title column what the terminal allows and the source column the rest, so
        nothing runs off the right edge (long texts end in …)."""
        room = self.app.size.width - OTHER_COLUMNS_WIDTH
        longest = max(
            (len(e.title) + 2 for e in self.tutor.session.catalog.exercises()),
            default=TITLE_MIN_WIDTH,
        )
        title = min(longest, max(TITLE_MIN_WIDTH, room - SOURCE_MIN_WIDTH))
        if title == self._title_width:
            return
        self._title_width, self._source_width = title, max(8, room - title)
        table = self.query_one("#exercises", DataTable)
        table.clear(columns=True)
        table.add_column(" ", key="status", width=1)
        table.add_column("Exercise", key="title", width=title)
        table.add_column("Kind", key="kind", width=10)
        table.add_column("Level", key="level", width=5)
        table.add_column("Source", key="source", width=self._source_width)
        self.refresh_study()

    # -- content ---------------------------------------------------------------------------
    def on_study_changed(self, message: StudyChanged) -> None:
        self.refresh_study()

    def refresh_study(self) -> None:
        """Rebuild the table from the catalog and the learner's progress, keeping the cursor."""
        study = self.tutor.study
        statuses = study.statuses()
        table = self.query_one("#exercises", DataTable)
        query = self.query_one("#filter", Input).value.strip()
        current = self._highlighted_key()
        table.clear()
        total_done = total = 0
        titles = clip_distinct(
            [e.title for e in self.tutor.session.catalog.exercises()], self._title_width - 2
        )
        for pack in self.tutor.session.catalog.packs:
            done, count = study.pack_completion(pack, statuses)
            total_done, total = total_done + done, total + count
            shown = [
                e
                for e in pack.exercises
                if not query or _matches(query, e, statuses.get(e.qualified_id, "untouched"))
            ]
            if not shown:
                continue
            tally = f"  {done}/{count}"
            bar = Text.assemble(
                (_clip(pack.title, self._title_width - len(tally)), "bold"), (tally, "dim")
            )
            table.add_row(
                "",
                bar,
                "",
                "",
                Text(_clip(pack.id, self._source_width), style="dim"),
                key=f"pack:{pack.id}",
            )
            for e in shown:
                status = statuses.get(e.qualified_id, "untouched")
                table.add_row(
                    status_text(status, glyph_only=True),
                    Text("  " + titles[e.title]),
                    e.listed_kind,
                    Text("★" * e.difficulty, style="$warning"),
                    _clip(e.sources[0].document if e.sources else "", self._source_width),
                    key=e.qualified_id,
                )
        self.sub_title = study.learner
        streak = study.streak()
        line = Text.assemble(
            ("● ", "green" if study.saving else "yellow"),
            (study.learner, "bold"),
            f"  streak {streak} day{'s' if streak != 1 else ''}",
            f"  solved {total_done}/{total}",
        )
        self.query_one("#learner-line", Static).update(line)
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        elif table.row_count > 1:
            table.move_cursor(row=1)
        self._show_detail()

    def _highlighted_key(self) -> str | None:
        table = self.query_one("#exercises", DataTable)
        if table.row_count == 0:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except CellDoesNotExist:  # a just-cleared table has no cell under the cursor
            return None

    def _highlighted_exercise(self) -> Exercise | None:
        key = self._highlighted_key()
        if key is None or key.startswith("pack:"):
            return None
        return self.tutor.session.catalog.find(key)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        exercise = self._highlighted_exercise()
        if exercise is None:
            key = self._highlighted_key() or ""
            pack = self.tutor.session.catalog.pack(key.removeprefix("pack:"))
            detail.update(
                Text(
                    pack.description.strip() if pack else "No exercise matches the filter.",
                    style="dim",
                )
            )
            return
        status = self.tutor.study.status(exercise.qualified_id)
        sources = "; ".join(citations(exercise)) or "no source given"
        detail.update(
            Text.assemble(
                status_text(status),
                "  ",
                (exercise.qualified_id, "bold"),
                "  ",
                (", ".join(exercise.tags), "dim"),
                "\n",
                ("Source: ", "bold"),
                sources,
            )
        )

    # -- events ----------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_study()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#exercises", DataTable).focus()

    def action_open(self) -> None:
        exercise = self._highlighted_exercise()
        if exercise is not None:
            self.tutor.open_exercise(exercise)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#exercises", DataTable).focus()
