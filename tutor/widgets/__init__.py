"""Widgets grouped by the part of the tutor they serve."""
