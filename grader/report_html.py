"""``grade --format html``: one self-contained page about a class.

Everything is inline (styles, SVG charts drawn here), so the file opens the same from a mail
attachment, an LMS upload or a laptop without network, and nothing on it can load or run
anything: it has no script at all, and every text that came from a submission (names, paths,
feedback) is escaped. The statistics are the JSON summary's (``grader.summary``).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from grader.summary import NO_EXERCISE, SCORE_BINS, ExerciseStats, Summary, best_per_learner
from grader.verdict import Verdict

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
max-width:1100px;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
.meta{color:#57606a;font-size:.9rem}.cards{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.card{border:1px solid #d0d7de;border-radius:8px;padding:.6rem 1rem;min-width:8rem}
.card b{display:block;font-size:1.5rem}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:1rem}
.ex{border:1px solid #d0d7de;border-radius:8px;padding:.8rem}.ex h3{margin:.1rem 0 .4rem;
font-size:1rem;word-break:break-all}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid #eaeef2;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}
.passed{color:#1a7f37}.wrong{color:#cf222e}.error,.timeout,.resource-limit{color:#9a6700}
.warn{background:#fff8c5;border:1px solid #d4a72c;border-radius:6px;padding:.5rem 1rem}
svg text{font:11px system-ui,sans-serif;fill:#57606a}
"""
PASS, FAIL, BAR = "#2da44e", "#e5534b", "#0969da"


def to_html(verdicts: Sequence[Verdict], summary: Summary) -> str:
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        "<title>Class report · backprop-tutor</title>",
        f"<style>{STYLE}</style></head><body>",
        "<h1>Class report</h1>",
        f'<p class="meta">Graded with {escape(summary.graded_with())}. Grading again with '
        f"the same packs and <code>--seed {escape(str(summary.seed))}</code> gives the same "
        "verdicts.</p>",
        _cards(summary),
        _warnings(summary),
        "<h2>Pass rate per exercise</h2>",
        _pass_rate_chart(summary.exercises),
        '<h2>Exercises</h2><div class="grid">',
        *(_exercise(name, stats) for name, stats in summary.exercises.items()),
        "</div>",
        _identical(summary),
        _learners(verdicts),
        _skipped(summary),
        "</body></html>\n",
    ]
    return "\n".join(p for p in parts if p)


def _cards(summary: Summary) -> str:
    cards = [
        ("submissions", str(summary.total)),
        ("learners", str(summary.learners)),
        ("passed", f"{summary.passed} ({summary.pass_rate:.0%})"),
        ("mean score", f"{summary.mean_score:.2f}"),
        ("isolation", summary.isolation),
    ]
    return (
        '<div class="cards">'
        + "".join(
            f'<div class="card">{escape(label)}<b>{escape(value)}</b></div>'
            for label, value in cards
        )
        + "</div>"
    )


def _warnings(summary: Summary) -> str:
    if not summary.warnings:
        return ""
    items = "".join(f"<li>{escape(w)}</li>" for w in summary.warnings)
    return f'<div class="warn"><b>Check these learner attributions</b><ul>{items}</ul></div>'


def _pass_rate_chart(exercises: dict[str, ExerciseStats]) -> str:
    """Horizontal bars: passed (green) and not passed (red) out of each exercise's count."""
    if not exercises:
        return "<p>No exercise was graded.</p>"
    label_w, bar_w, row_h = 260, 560, 26
    height = row_h * len(exercises) + 8
    rows = []
    for i, (name, stats) in enumerate(exercises.items()):
        y = 4 + i * row_h
        passed_w = bar_w * stats.pass_rate
        label = name if len(name) <= 40 else name[:39] + "…"
        rows.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(label)}'
            f'</text><rect x="{label_w}" y="{y + 3}" width="{passed_w:.1f}" height="18" '
            f'fill="{PASS}"><title>{stats.passed} passed</title></rect>'
            f'<rect x="{label_w + passed_w:.1f}" y="{y + 3}" width="{bar_w - passed_w:.1f}'
            f'" height="18" fill="{FAIL}" opacity="0.35"><title>'
            f"{stats.submissions - stats.passed} not passed</title></rect>"
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}">{stats.pass_rate:.0%} of '
            f"{stats.submissions}</text>"
        )
    return (
        f'<svg role="img" aria-label="pass rate per exercise" width="100%" '
        f'viewBox="0 0 {label_w + bar_w + 90} {height}">{"".join(rows)}</svg>'
    )


def _histogram(stats: ExerciseStats) -> str:
    width, height, pad = 300, 110, 18
    top = max(stats.score_bins) or 1
    bar = width / SCORE_BINS
    bars = []
    for i, count in enumerate(stats.score_bins):
        h = (height - 2 * pad) * count / top
        x, y = i * bar + 1, height - pad - h
        colour = PASS if i == SCORE_BINS - 1 else BAR
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" '
            f'height="{h:.1f}" fill="{colour}"><title>{count} with score '
            f"{i / SCORE_BINS:.1f}–{(i + 1) / SCORE_BINS:.1f}</title></rect>"
        )
        if count:
            bars.append(
                f'<text x="{x + bar / 2 - 1:.1f}" y="{y - 3:.1f}" '
                f'text-anchor="middle">{count}</text>'
            )
    axis = (
        f'<text x="0" y="{height - 3}">0</text><text x="{width}" y="{height - 3}" '
        f'text-anchor="end">1</text><text x="{width / 2}" y="{height - 3}" '
        'text-anchor="middle">score</text>'
    )
    return (
        f'<svg role="img" aria-label="score distribution" width="100%" '
        f'viewBox="0 0 {width} {height}">{"".join(bars)}{axis}</svg>'
    )


def _exercise(name: str, stats: ExerciseStats) -> str:
    mistakes = "".join(
        f'<tr><td>{escape(m)}</td><td class="num">{n}</td></tr>'
        for m, n in list(stats.mistakes.items())[:5]
    )
    table = (
        f"<table><tr><th>most frequent mistakes</th><th>n</th></tr>{mistakes}</table>"
        if mistakes
        else '<p class="meta">No mistake diagnosed.</p>'
    )
    return (
        f'<div class="ex"><h3>{escape(name)}</h3><div class="meta">{stats.passed}/'
        f"{stats.submissions} passed, mean score {stats.mean_score:.2f}</div>"
        f"{_histogram(stats)}{table}</div>"
    )


def _identical(summary: Summary) -> str:
    if not summary.identical:
        return (
            '<h2>Identical submissions</h2><p class="meta">No two learners handed in the '
            "same answer (after normalising layout, comments and names).</p>"
        )
    rows = "".join(
        f'<tr><td>{escape(g.exercise)}</td><td class="num">{len(g.learners)}</td>'
        f"<td>{escape(', '.join(g.learners))}</td>"
        f"<td>{'<br>'.join(escape(s) for s in g.submissions)}</td></tr>"
        for g in summary.identical
    )
    return (
        '<h2>Identical submissions</h2><p class="meta">The same answer once layout, '
        "comments and the names chosen are normalised away: worth a look, not a verdict "
        "(short exercises have few right answers).</p><table><tr><th>exercise</th>"
        f"<th>learners</th><th>who</th><th>files</th></tr>{rows}</table>"
    )


def _learners(verdicts: Sequence[Verdict]) -> str:
    best = best_per_learner(verdicts)
    exercises = sorted({e for _, e in best if e})
    learners = sorted({learner for learner, _ in best})
    head = "".join(f"<th>{escape(e)}</th>" for e in exercises)
    rows = []
    for learner in learners:
        cells = []
        for exercise in exercises:
            held = best.get((learner, exercise))
            if held is None:
                cells.append('<td class="num">–</td>')
            else:
                v = held[0]
                tip = escape(f"{v.status}: {v.mistake or ''} {v.submission or ''}".strip())
                cells.append(f'<td class="num {escape(v.status)}" title="{tip}">{v.score:.2f}</td>')
        total = sum(best[(learner, e)][0].score for e in exercises if (learner, e) in best)
        rows.append(
            f"<tr><td>{escape(learner)}</td>{''.join(cells)}"
            f'<td class="num"><b>{total:.2f}</b></td></tr>'
        )
    others = [v for v in verdicts if not v.exercise]
    note = (
        f'<p class="meta">{len(others)} file(s) named no exercise ({NO_EXERCISE}); see '
        "the JSON report for their feedback.</p>"
        if others
        else ""
    )
    return (
        f"<h2>Learners</h2><table><tr><th>learner</th>{head}<th>total / {len(exercises)}"
        f"</th></tr>{''.join(rows)}</table>{note}"
    )


def _skipped(summary: Summary) -> str:
    if not summary.skipped:
        return ""
    items = "".join(f"<li>{escape(f)}: {escape(r)}</li>" for f, r in summary.skipped)
    return f'<h2>Skipped files</h2><ul class="meta">{items}</ul>'
