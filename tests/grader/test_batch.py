"""Batch grading: finding files, attributing them, grading in parallel without one file
spoiling another."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from exercises.loader import load_catalog
from grader import checkpool
from grader.batch import BatchGrader, BatchUsageError, discover, ordered, resolve
from grader.checkpool import CheckPool
from grader.verdict import Verdict

DATA = Path(__file__).parents[1] / "data"
CLASS = DATA / "grade" / "class"
HOSTILE = DATA / "grade" / "hostile"
CATALOG = load_catalog([DATA / "packs"], entry_points=False)


def jobs_for(*paths, exercise=None):
    return [
        job for i, item in enumerate(discover(paths)) for job in resolve(i, item, CATALOG, exercise)
    ]


def by_file(jobs):
    return {Path(j.item.shown).relative_to(CLASS).as_posix(): j for j in jobs}


def test_discovery_walks_folders_sorted_by_path():
    items = discover([CLASS])
    shown = [Path(i.shown).relative_to(CLASS).as_posix() for i in items]
    assert shown == sorted(shown)
    assert "alice/pick.txt" in shown and "notes.txt" in shown


def test_discovery_skips_hidden_files_caches_and_bytecode(tmp_path):
    for name in [
        "a/x.py",
        "a/.hidden.py",
        ".git/config",
        "a/__pycache__/x.cpython-311.pyc",
        "a/y.pyc",
        "b/z.txt",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("# exercise: tiny/pick\nb\n")
    assert [i.path.relative_to(tmp_path).as_posix() for i in discover([tmp_path])] == [
        "a/x.py",
        "b/z.txt",
    ]


def test_a_file_named_twice_is_graded_once():
    items = discover([CLASS / "alice", CLASS / "alice" / "pick.txt"])
    assert len([i for i in items if i.path.name == "pick.txt"]) == 1


def test_nothing_to_grade_is_a_usage_error(tmp_path):
    with pytest.raises(BatchUsageError, match="no submission files"):
        discover([tmp_path])
    with pytest.raises(BatchUsageError, match="no such file"):
        discover([tmp_path / "missing"])


def test_learner_is_the_folder_under_the_root():
    jobs = by_file(jobs_for(CLASS))
    assert jobs["alice/pick.txt"].learner == "alice"
    assert jobs["dave/scale.py"].learner == "dave"


def test_the_folder_wins_over_a_learner_header_that_disagrees_and_says_so():
    job = by_file(jobs_for(CLASS))["carol/answer.txt"]
    assert job.learner == "carol"
    assert job.warning == (
        f"{CLASS / 'carol' / 'answer.txt'}: '# learner: Carol Danvers' "
        "ignored; the folder names the learner 'carol'"
    )


def test_a_walked_file_that_names_no_exercise_is_skipped_not_graded():
    job = by_file(jobs_for(CLASS))["notes.txt"]
    assert job.skipped == "names no exercise" and job.problem is None


def test_file_given_directly_is_named_by_its_stem_not_its_folder():
    (job,) = jobs_for(CLASS / "dave" / "pick-v1.txt")
    assert job.learner == "pick-v1"


def test_learner_folder_is_the_first_level_under_the_root_even_when_nested(tmp_path):
    nested = tmp_path / "frank" / "week1" / "pick.txt"
    nested.parent.mkdir(parents=True)
    nested.write_text("# exercise: tiny/pick\nb\n")
    (job,) = jobs_for(tmp_path)
    assert job.learner == "frank"


def test_exercise_comes_from_the_header():
    job = by_file(jobs_for(CLASS))["bob/outer.txt"]
    assert (job.exercise_id, job.exercise.kind, job.answer) == ("tiny/outer", "expression", "x y^T")


def test_exercise_option_overrides_the_header():
    job = by_file(jobs_for(CLASS, exercise="tiny/outer"))["alice/pick.txt"]
    assert job.exercise_id == "tiny/outer"


def test_file_given_directly_naming_no_exercise_becomes_an_error_verdict():
    (job,) = jobs_for(CLASS / "notes.txt")
    verdict = job.verdict_for_problem()
    assert verdict.status == "error"
    assert "names no exercise" in verdict.feedback and "--exercise" in verdict.feedback


def test_unknown_exercise_becomes_an_error_verdict():
    job = by_file(jobs_for(CLASS))["dave/typo.txt"]
    assert job.exercise is None
    feedback = job.verdict_for_problem().feedback
    assert feedback.startswith("unknown exercise 'tiny/nope'")
    assert "did you mean" in feedback


def test_code_file_for_a_choice_exercise_is_an_error(tmp_path):
    wrong_kind = tmp_path / "x.py"
    wrong_kind.write_text("# exercise: tiny/pick\nb = 1\n")
    (job,) = jobs_for(wrong_kind)
    assert job.problem == "tiny/pick is a choice exercise: submit a text file (not .py)"


def test_binary_file_is_an_error_with_the_reason(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\x00\x00")
    (job,) = jobs_for(tmp_path)
    assert "binary" in job.problem


class FakeEngine:
    """Stands in for the code engine where a test is about the batch, not the sandbox."""

    isolation = "process"

    def __init__(self, delay=0.0, explode_on=None):
        self.delay = delay
        self.explode_on = explode_on
        self.closed = False
        self.calls = 0

    def check(self, exercise, answer, *, seed=None):
        self.calls += 1
        if self.explode_on and self.explode_on in answer:
            raise RuntimeError("boom")
        time.sleep(self.delay)
        return Verdict(exercise.qualified_id, "passed", 1.0, "fake")

    def start_code_sandbox(self):
        pass

    def close(self):
        self.closed = True


def test_verdicts_carry_the_path_as_given_and_the_learner():
    with BatchGrader(jobs=2, engine=FakeEngine()) as grader:
        verdicts = ordered(
            grader.grade(jobs_for(CLASS / "alice" / "pick.txt", CLASS / "bob" / "pick.txt"))
        )
    assert [(v.learner, v.status, v.mistake) for v in verdicts] == [
        ("pick", "passed", None),
        ("pick", "wrong", "finite-differences"),
    ]
    assert verdicts[0].submission == str(CLASS / "alice" / "pick.txt")


def test_an_exploding_check_costs_one_verdict_not_the_batch(tmp_path):
    for name, body in [
        ("a.py", "def weighted_sum_grad(a, w): return a  # boom"),
        ("b.py", "def weighted_sum_grad(a, w): return a"),
    ]:
        (tmp_path / name).write_text("# exercise: tiny/scale-grad\n" + body + "\n")
    engine = FakeEngine(explode_on="boom")
    with BatchGrader(jobs=2, engine=engine) as grader:
        a, b = ordered(grader.grade(jobs_for(tmp_path)))
    assert a.status == "error" and "internal error" in a.feedback and "boom" in a.feedback
    assert b.status == "passed"
    assert engine.closed


def test_closing_the_stream_early_stops_the_rest(tmp_path):
    for i in range(40):
        (tmp_path / f"s{i:02}.py").write_text("# exercise: tiny/scale-grad\nx = 1\n")
    engine = FakeEngine(delay=0.05)
    grader = BatchGrader(jobs=2, engine=engine)
    stream = grader.grade(jobs_for(tmp_path))
    first = [next(stream) for _ in range(3)]
    stream.close()
    grader.close()
    assert len(first) == 3
    assert engine.calls < 40


def test_choice_answers_need_no_worker_process():
    with BatchGrader(jobs=1) as grader:
        list(grader.grade(jobs_for(CLASS / "alice" / "pick.txt")))
        assert grader._pool._workers == set()


def test_check_that_overruns_its_deadline_is_a_timeout_and_the_worker_is_replaced():
    pick = CATALOG.find("tiny/pick")
    pool = CheckPool(deadline=1e-6, memory_mb=512)
    try:
        slow = pool.check(pick, "b")
        assert slow.status == "timeout"
        assert pool._workers == set()
        pool.deadline = 60.0
        assert pool.check(pick, "b").status == "passed"
    finally:
        pool.close()


def test_check_pool_workers_are_stopped_on_close():
    """Two threads checking at once share the pool (a second worker only when the first
    kept a check waiting); closing stops every worker."""
    pick = CATALOG.find("tiny/pick")
    pool = CheckPool(deadline=60.0, memory_mb=512)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(pool.check(pick, "a"))) for _ in range(2)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    processes = [w.process for w in pool._workers]
    pool.close()
    assert [v.mistake for v in results] == ["finite-differences"] * 2
    assert 1 <= len(processes) <= 2 and all(p.poll() is not None for p in processes)


def test_a_warm_worker_serves_two_threads_without_starting_another(monkeypatch):
    """Quick checks wait for the busy worker: starting a second costs far more (sympy's
    import) than the checks it would take over."""
    monkeypatch.setattr(checkpool, "SPARE_WORKER_AFTER", 60.0)  # however slow this machine is
    pick = CATALOG.find("tiny/pick")
    pool = CheckPool(deadline=60.0, memory_mb=512)
    try:
        assert pool.check(pick, "b").status == "passed"  # the worker is warm
        results = []
        threads = [
            threading.Thread(
                target=lambda: results.extend(pool.check(pick, "b") for _ in range(20))
            )
            for _ in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert [v.status for v in results] == ["passed"] * 40
        assert len(pool._workers) == 1
    finally:
        pool.close()


def test_a_check_kept_waiting_gets_a_spare_worker(monkeypatch):
    monkeypatch.setattr(checkpool, "SPARE_WORKER_AFTER", 0.1)
    pool = CheckPool(deadline=60.0, memory_mb=512)
    try:
        assert pool.check(CATALOG.find("tiny/pick"), "b").status == "passed"  # warm
        busy = pool._take()  # as if a slow check held the only worker
        assert pool.check(CATALOG.find("tiny/pick"), "b").status == "passed"
        assert len(pool._workers) == 2
        pool._give_back(busy)
    finally:
        pool.close()


def test_a_worker_still_importing_is_waited_for_not_doubled(monkeypatch):
    """Checks queued behind a worker's first (import-bound) answer wait for it: a second
    worker would import sympy at the same time and finish no sooner."""
    monkeypatch.setattr(checkpool, "SPARE_WORKER_AFTER", 0.0)
    monkeypatch.setattr(checkpool, "WARM_UP_ALLOWANCE", 60.0)
    pool = CheckPool(deadline=60.0, memory_mb=512)
    try:
        starting = pool._take()  # as if its first check were waiting for the imports
        threading.Timer(0.3, pool._give_back, args=(starting,)).start()
        assert pool.check(CATALOG.find("tiny/pick"), "b").status == "passed"
        assert pool._workers == {starting}
    finally:
        pool.close()


def test_no_more_workers_than_allowed_a_check_waits_its_turn(monkeypatch):
    monkeypatch.setattr(checkpool, "SPARE_WORKER_AFTER", 0.0)
    pool = CheckPool(deadline=60.0, memory_mb=512, max_workers=1)
    try:
        busy = pool._take()
        start = time.monotonic()
        threading.Timer(0.3, pool._give_back, args=(busy,)).start()
        assert pool.check(CATALOG.find("tiny/pick"), "b").status == "passed"
        assert time.monotonic() - start >= 0.3
        assert pool._workers == {busy}
    finally:
        pool.close()


def test_expression_checks_never_hold_up_code_answers(tmp_path):
    """Expression answers wait for their worker (sympy's import, a slow check) on threads of
    their own: however many come first, the code answers are graded meanwhile, and the report
    is in path order all the same."""
    for i in range(8):
        shutil.copy(CLASS / "alice" / "outer.txt", tmp_path / f"outer{i}.txt")
    code = [CLASS / "carol" / "scale.py", CLASS / "dave" / "scale.py"]
    release = threading.Event()
    with BatchGrader(jobs=1, timeout=5.0) as grader:
        check = grader._pool.check
        grader._pool.check = lambda *args, **kwargs: release.wait(10) and check(*args, **kwargs)
        stream = grader.grade(jobs_for(tmp_path, *code))
        first = [next(stream) for _ in code]
        release.set()
        rest = list(stream)
    assert sorted(g.job.item.path for g in first) == sorted(code)
    assert [g.verdict.status for g in rest] == ["passed"] * 8
    shown = [v.submission for v in ordered(first + rest)]
    assert shown == sorted(shown)


def test_expression_answers_are_graded_in_worker_processes():
    with BatchGrader(jobs=2) as grader:
        verdicts = ordered(
            grader.grade(jobs_for(CLASS / "alice" / "outer.txt", CLASS / "bob" / "outer.txt"))
        )
    assert [(v.status, v.mistake) for v in verdicts] == [("passed", None), ("wrong", "transposed")]


def _comparable(verdicts):
    return [{k: v for k, v in x.to_json().items() if k != "elapsed_ms"} for x in verdicts]


def test_code_answers_are_graded_in_the_sandbox():
    with BatchGrader(jobs=2, timeout=5.0) as grader:
        verdicts = ordered(
            grader.grade(jobs_for(CLASS / "carol" / "scale.py", CLASS / "dave" / "scale.py"))
        )
    assert [(v.learner, v.status, v.mistake) for v in verdicts] == [
        ("Carol Danvers", "passed", None),
        ("scale", "wrong", "used-weights"),
    ]


def test_same_seed_gives_the_same_verdicts():
    runs = []
    for _ in range(2):
        with BatchGrader(jobs=2, seed=7) as grader:
            runs.append(_comparable(ordered(grader.grade(jobs_for(CLASS)))))
    assert runs[0] == runs[1]


def test_hostile_submissions_leave_the_others_verdicts_unchanged(tmp_path):
    honest = [CLASS / "carol" / "scale.py", CLASS / "dave" / "scale.py"]
    with BatchGrader(jobs=1, seed=3) as grader:
        alone = _comparable(ordered(grader.grade(jobs_for(*honest))))
    mixed = tmp_path / "mixed"
    shutil.copytree(HOSTILE, mixed)
    for path in honest:
        shutil.copy(path, mixed / path.name.replace("scale", path.parent.name))
    with BatchGrader(jobs=2, timeout=2.0, memory_mb=256, seed=3) as grader:
        verdicts = ordered(grader.grade(jobs_for(mixed)))
    statuses = {Path(v.submission).stem: v.status for v in verdicts}
    assert statuses["loop"] == "timeout"
    assert statuses["hog"] == "resource-limit"
    assert statuses["exits"] == "error"
    assert statuses["sleeper"] == "timeout"
    kept = [v for v in verdicts if Path(v.submission).stem in {"carol", "dave"}]
    for before, after in zip(alone, _comparable(kept)):
        assert {**before, "submission": None, "learner": None} == {
            **after,
            "submission": None,
            "learner": None,
        }
