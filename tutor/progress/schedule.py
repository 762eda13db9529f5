"""When a solved exercise should come back: a spaced-repetition schedule (FSRS).

Each exercise a learner has solved is a card. A check is a review: solved without hints is
"good", solved with hints "hard", a failed check of a solved exercise "again" (it comes back
soon). Learning steps of minutes suit flashcards, not derivations, so they are switched off:
the first interval is days.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache


@lru_cache(maxsize=1)
def _scheduler():
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def review(
    card_json: str | None, passed: bool, hints_used: int, when: dt.datetime
) -> tuple[str, dt.datetime] | None:
    """The card after this check and its next due time, or None while never solved."""
    from fsrs import Card, Rating

    if card_json is None and not passed:
        return None
    card = Card.from_dict(json.loads(card_json)) if card_json else Card()
    rating = Rating.Again if not passed else (Rating.Hard if hints_used else Rating.Good)
    card, _ = _scheduler().review_card(card, rating, when)
    return json.dumps(card.to_dict()), card.due
