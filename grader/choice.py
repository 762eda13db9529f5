"""Multiple-choice answers: the learner names an option by its key."""

from __future__ import annotations

import re

from exercises.model import Exercise
from grader.verdict import Check, Verdict


def check_choice(exercise: Exercise, answer: str) -> Verdict:
    spec = exercise.choice
    assert spec is not None, "check_choice needs a choice exercise"
    keys = [o.key for o in spec.options]
    picked = re.sub(r"^[(\[]?\s*|\s*[)\].]?$", "", answer.strip()).lower()
    option = next((o for o in spec.options if o.key.lower() == picked), None)
    qid = exercise.qualified_id
    if option is None:
        message = f"answer with one option key ({', '.join(keys)}), not '{answer.strip()[:40]}'"
        return Verdict(qid, "error", 0.0, message, checks=(Check("option", False, message),))
    if option.key == spec.correct:
        return Verdict(
            qid,
            "passed",
            1.0,
            option.feedback or "Right.",
            checks=(Check("option", True, f"option {option.key}"),),
        )
    feedback = option.feedback or "Not this one: reread the prompt and try another option."
    return Verdict(
        qid,
        "wrong",
        0.0,
        feedback,
        mistake=option.mistake,
        checks=(Check("option", False, f"option {option.key} is not right"),),
    )
