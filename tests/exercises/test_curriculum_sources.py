"""Every built-in exercise cites sections that exist: each part of a source's `section` names a
real heading of the seed document (copied here from the documents, whose own spelling is kept),
optionally followed by a parenthesised detail. Parts are separated by "; ", and " > " walks
down from a section to a sub-heading. Seed 000 has a single heading; the passages before it are
cited as "no heading: …" or by the statement it labels ("Lemma")."""

from __future__ import annotations

import pytest

from exercises.loader import load_catalog

HEADINGS = {
    "Yet Another Derivation of Backpropagation in Matrix Form (this time using Adjoints)": {
        "Lemma",
        "Comparision from the last time I derived Backpropagation",
    },
    "Course notes for EE227C, lecture 16: Backpropagation and adjoints": {
        "16.1 Warming up",
        "16.2 General formulation",
        "Backpropagation algorithm",
        "16.3 Connection to chain rule",
        "Remarks",
        "16.4 Working out an example",
        "Back-propagation for matrix completion",
    },
    "Backpropagation": {
        "Introduction",
        "Gradient Descent",
        "The Backpropagation Algorithm",
        "Computing δ_i^L and generalizing to δ^L",
        "Computing δ_j^l and generalizing to δ^l",
        "Updating parameters",
        "Output layer weights",
        "Updating output layer biases",
        "Hidden layer weights",
        "Hidden layer biases",
    },
    "Bro, do you even backprop?": {
        "Derivatives with respect to b^l",
        "Derivatives with respect to W^l",
    },
    "A long tutorial on backpropagation (seed 004)": {
        "Global View of the Training Process",
        "Backpropagation I - linear activations",
        "Backpropagation II - non-linear activations",
        "Backpropagation III - linear activations + multi-node layers",
        "Backpropagation IV (In Progress)- non-linear activations + multi-node layers",
        "Aside: Matrix derivatives",
        "Cost linear in weights",
        "Cost quadratic in weights",
        "Explicit calculation",
        "Imputed Rules",
    },
}
UNTITLED = {"Yet Another Derivation of Backpropagation in Matrix Form (this time using Adjoints)"}
SOURCES = [
    (e.qualified_id, s) for e in load_catalog([], entry_points=False).exercises() for s in e.sources
]


def _names_a_heading(part: str, headings: set[str]) -> bool:
    return any(part == h or part.startswith(h + " (") for h in headings)


@pytest.mark.parametrize(
    "qualified_id, source", SOURCES, ids=[f"{q}:{s.document[:20]}" for q, s in SOURCES]
)
def test_cited_sections_exist_in_the_document(qualified_id, source):
    assert source.document in HEADINGS, f"{qualified_id}: unknown document {source.document!r}"
    headings = HEADINGS[source.document]
    for part in source.section.split("; "):
        if source.document in UNTITLED and part.startswith("no heading: "):
            continue
        for step in part.split(" > "):
            assert _names_a_heading(step, headings), (
                f"{qualified_id}: {step!r} is not a heading of {source.document!r}"
            )


def test_seed_004_asides_say_which_of_the_two_they_mean():
    """Sections III and IV each have an "Aside: Matrix derivatives"; a citation names its
    section."""
    for qualified_id, source in SOURCES:
        for part in source.section.split("; "):
            if part.startswith("Aside: Matrix derivatives"):
                pytest.fail(f"{qualified_id}: {part!r} does not say which aside")
