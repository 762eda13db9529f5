"""The code half of the grader: learner functions run in the sandbox and compared with the
reference on random trials.

``check`` grades one answer (``CodeGrader``), ``diagnose`` names the mistake, ``numeric``
draws the trials and compares, ``verify`` checks an exercise's own reference and mistakes for
``pack validate``; ``sandbox`` runs learner code through the fork server of ``worker``
(``python -I -m grader.code.worker``), confined by ``confine``, the two speaking the framing
of ``protocol`` with values encoded by ``wire``. Nothing here is imported by this file: the
worker starts under ``-I`` and must not pay for what it does not use.
"""
