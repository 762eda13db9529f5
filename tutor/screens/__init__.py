"""The tutor's screens: home, exercise, progress, help, notation, learner switching."""
