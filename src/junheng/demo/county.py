"""``generate_county``: the whole demo county as one value.

To extend the demo with a new dataset: write a pure module ``junheng/demo/<dataset>.py`` whose builder takes the
parts it needs and a ``numpy.random.Generator``; add a field to ``DemoCounty`` and one line below that calls it
with ``rng_for(seed, "<dataset>")``. Its own random stream keeps every existing dataset byte-identical.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from junheng.demo.base import rng_for
from junheng.demo.exams import build_exams
from junheng.demo.facilities import build_school_year_data
from junheng.demo.population import build_population
from junheng.demo.registry import Registry, build_registry
from junheng.demo.rosters import build_rosters
from junheng.demo.teachers import TeacherHistories, build_teacher_histories


@dataclass(frozen=True, eq=False)
class DemoCounty:
    """Every dataset of the demo county, with the canonical keys of DATA.md; ``registry`` and the ``*_key`` frames
    keep the plan and the answer keys behind them (profiles, movements, school effects, unenrolled children)."""

    seed: int
    counties: pd.DataFrame
    townships: pd.DataFrame
    schools: pd.DataFrame
    classes: pd.DataFrame
    teachers: pd.DataFrame
    students: pd.DataFrame
    school_year_data: pd.DataFrame
    exams: pd.DataFrame
    scores: dict[str, pd.DataFrame]
    rosters: dict[str, pd.DataFrame]
    roster_details: dict[str, pd.DataFrame]
    population: pd.DataFrame
    registry: Registry
    movements_key: pd.DataFrame
    school_effects_key: pd.DataFrame
    population_key: pd.DataFrame
    teacher_histories: TeacherHistories | None = None

    def registry_frames(self) -> dict[str, pd.DataFrame]:
        """The registry tables under the names of the registry template (``junheng.registry.reports.excel``)."""
        return {"county": self.counties, "township": self.townships, "school": self.schools,
                "school_class": self.classes, "teacher": self.teachers, "student": self.students}


def generate_county(seed: int = 2024) -> DemoCounty:
    """The demo county "示范县" for ``seed``: the same seed always gives the same county.

    >>> generate_county(7).counties.loc[0, "name"]
    '示范县'
    """
    reg = build_registry(seed)
    data = build_school_year_data(reg.sections, reg.profiles, reg.teachers, reg.schools, reg.students,
                                  reg.exchanges, rng_for(seed, "facilities"))
    rosters = build_rosters(reg, rng_for(seed, "rosters"))
    moves = rosters.movements
    dropouts = moves.loc[moves["kind"] == "suspected_dropout", "previous_id"].to_numpy()
    exams = build_exams(rosters.terms, rosters.details, reg.schools, dropouts, rng_for(seed, "exams"))
    previous, current = (rosters.terms[t] for t in rosters.terms)
    prev_details, cur_details = (rosters.details[t] for t in rosters.details)
    population = build_population(current, cur_details, previous, prev_details, dropouts, reg.townships,
                                  reg.layout.villages, rng_for(seed, "population"))
    return DemoCounty(
        seed=seed, counties=reg.counties, townships=reg.townships, schools=reg.schools, classes=reg.classes,
        teachers=reg.teachers, students=reg.students, school_year_data=data, exams=exams.exams,
        scores=exams.scores, rosters=rosters.terms, roster_details=rosters.details, population=population.frame,
        registry=reg, movements_key=moves, school_effects_key=exams.school_effects, population_key=population.key,
        teacher_histories=build_teacher_histories(reg.teachers, reg.schools, reg.exchanges, rng_for(seed, "teachers")),
    )
