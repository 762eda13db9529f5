"""Progress: completion per pack, activity, recent attempts, frequent mistakes, review queue.

Mistakes and reviews point at exercises: selecting a row opens the exercise that practises it.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from tutor.messages import StudyChanged
from tutor.screens.base import TutorScreen
from tutor.widgets.status import status_text

BAR_WIDTH = 20


def completion_bar(done: int, total: int, width: int = BAR_WIDTH) -> Text:
    filled = round(width * done / total) if total else 0
    return Text.assemble(
        ("█" * filled, "green"), ("░" * (width - filled), "dim"), f" {done}/{total}"
    )


def ago(when: dt.datetime, now: dt.datetime) -> str:
    """A person's sense of when: ``just now``, ``5 min ago``, ``3 h ago``, then the date."""
    if when.tzinfo is not None and now.tzinfo is None:
        now = now.astimezone()
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return when.strftime("%b %d")


class ProgressScreen(TutorScreen):
    CSS_PATH = "../styles/progress.tcss"
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open", "Open exercise", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="progress-body"):
            yield Static(id="summary")
            yield Static(Text("Completion", style="bold"), classes="section")
            yield Static(id="packs")
            yield Static(
                Text("Families: mastery", style="bold"), classes="section", id="mastery-title"
            )
            yield Static(id="mastery")
            yield Static(Text("Activity, last 30 days", style="bold"), classes="section")
            yield Sparkline([0], id="activity")
            yield Static(id="activity-caption")
            yield Static(
                Text("Most frequent mistakes (enter practises one)", style="bold"),
                classes="section",
            )
            yield DataTable(id="mistakes", cursor_type="row")
            yield Static(Text("Due for review", style="bold"), classes="section")
            yield DataTable(id="reviews", cursor_type="row")
            yield Static(Text("Recent attempts", style="bold"), classes="section")
            yield DataTable(id="recent", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#mistakes", DataTable).add_columns("Mistake", "Times", "Practise with")
        self.query_one("#reviews", DataTable).add_columns("Exercise", "Title")
        self.query_one("#recent", DataTable).add_columns(
            "When", "Exercise", "Status", "Score", "Mistake"
        )
        self.refresh_study()

    def on_study_changed(self, message: StudyChanged) -> None:
        self.refresh_study()

    def refresh_study(self) -> None:
        study = self.tutor.study
        catalog = self.tutor.session.catalog
        statuses = study.statuses()
        self.sub_title = f"progress of {study.learner}"
        streak = study.streak()
        self.query_one("#summary", Static).update(
            Text.assemble(
                (study.learner, "bold"),
                f"   streak {streak} day{'s' if streak != 1 else ''}",
                ("" if study.saving else "   (progress of this session only: not saved)", "yellow"),
            )
        )
        lines = []
        width = max((len(p.title) for p in catalog.packs), default=10)
        for pack in catalog.packs:
            done, total = study.pack_completion(pack, statuses)
            lines.append(Text.assemble(f"{pack.title:<{width}}  ", completion_bar(done, total)))
        self.query_one("#packs", Static).update(
            Text("\n").join(lines) if lines else Text("No packs loaded.", style="dim")
        )
        has_families = any(e.family is not None for e in catalog.exercises())
        for part in ("#mastery-title", "#mastery"):  # only for catalogs with families
            self.query_one(part).display = has_families
        self.query_one("#mastery", Static).update(self._mastery(statuses))
        activity = study.activity(30)
        self.query_one("#activity", Sparkline).data = activity or [0]
        attempts, days = sum(activity), sum(1 for n in activity if n)
        self.query_one("#activity-caption", Static).update(
            Text(
                f"{attempts} attempt{'s' if attempts != 1 else ''} on {days} "
                f"day{'s' if days != 1 else ''}",
                style="dim",
            )
        )

        mistakes = self.query_one("#mistakes", DataTable)
        mistakes.clear()
        for mistake, count, qid in study.frequent_mistakes(5):
            mistakes.add_row(Text(mistake, style="red"), str(count), qid, key=f"m:{qid}:{mistake}")
        if not mistakes.row_count:
            mistakes.add_row(Text("none recorded yet", style="dim"), "", "")

        reviews = self.query_one("#reviews", DataTable)
        reviews.clear()
        for qid in study.due_reviews()[:10]:
            exercise = catalog.find(qid)
            title = exercise.title if exercise else ""
            if exercise is not None and exercise.family is not None:
                title += " (a fresh variant)"
            reviews.add_row(qid, title, key=f"r:{qid}")
        if not reviews.row_count:
            reviews.add_row(Text("nothing due", style="dim"), "")

        recent = self.query_one("#recent", DataTable)
        recent.clear()
        now = dt.datetime.now()
        for attempt in study.recent_attempts(10):
            glyph = status_text(
                "solved" if attempt.status == "passed" else "attempted", glyph_only=True
            )
            recent.add_row(
                ago(attempt.when, now),
                attempt.exercise,
                glyph.append(f" {attempt.status}"),
                f"{attempt.score:.2f}",
                attempt.mistake or "",
                key=f"a:{attempt.exercise}:{recent.row_count}",
            )
        if not recent.row_count:
            recent.add_row(Text("no attempts yet", style="dim"), "", "", "", "")

    def _mastery(self, statuses: dict[str, str]) -> Text:
        """Each family the learner has tried: variants solved in a row, or mastered."""
        from tutor.variants import MASTERY

        lines = []
        for exercise in self.tutor.session.catalog.exercises():
            if exercise.family is None or exercise.qualified_id not in statuses:
                continue
            progress = self.tutor.study.family_progress(exercise)
            state = (
                Text("mastered", style="green")
                if progress.mastered
                else Text(f"{progress.in_a_row}/{MASTERY} fresh variants solved in a row")
            )
            lines.append(Text.assemble(f"{exercise.qualified_id:<32} ", state))
        if not lines:
            return Text("no family tried yet", style="dim")
        return Text("\n").join(lines)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value or ""
        if ":" not in key:
            return
        qid = key.split(":")[1]
        exercise = self.tutor.session.catalog.find(qid)
        if exercise is not None:
            self.tutor.open_exercise(exercise)
