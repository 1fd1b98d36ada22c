"""The school-age population list from the household registry (户籍适龄人口名单): every child of the county with
household registration here and born in the cohorts of 一年级 to 九年级 this school year (1 Sep 2009 –
31 Aug 2018): name, id_number, birth_date, township (name), village.

Reconciled with the rosters it shows the children enrolled nowhere: the suspected dropouts, and a few children who
never enrolled (some with severe disabilities, kept at home). Three children's ID numbers differ from the school's
record by a mistyped digit, so only name + birth date match them (the fuzzy fallback a person confirms).
``key`` is the answer key: id_number (as in the list) and case (dropout | never_enrolled | id_typo).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from junheng.demo.base import COUNTY_CODE
from junheng.demo.identity import check_digits, chinese_names, id_numbers, random_dates

POPULATION_COLUMNS = ["name", "id_number", "birth_date", "township", "village"]
BORN_FROM, BORN_TO = "2009-09-01", "2018-08-31"


@dataclass(frozen=True)
class Population:
    frame: pd.DataFrame   # POPULATION_COLUMNS
    key: pd.DataFrame     # id_number, case


def build_population(current: pd.DataFrame, current_details: pd.DataFrame, previous: pd.DataFrame,
                     previous_details: pd.DataFrame, dropouts: np.ndarray, townships: pd.DataFrame,
                     villages: pd.DataFrame, rng: np.random.Generator) -> Population:
    """The list, from the autumn roster (local children only), the suspected dropouts and the unenrolled."""
    names = townships.set_index("township_code")["name"]
    enrolled = current.merge(current_details[["student_id", "township_code", "village"]], on="student_id")
    left = previous[previous["student_id"].isin(dropouts)].merge(
        previous_details[["student_id", "township_code", "village"]], on="student_id")
    people = pd.concat([enrolled, left], ignore_index=True)
    people = people[(people["township_code"] != "") & people["birth_date"].between(BORN_FROM, BORN_TO)]
    frame = pd.DataFrame({"name": people["name"], "id_number": people["id_number"],
                          "birth_date": people["birth_date"], "township": people["township_code"].map(names),
                          "village": people["village"]}).reset_index(drop=True)

    typos = rng.choice(np.flatnonzero(~frame["id_number"].isin(left["id_number"]).to_numpy()), 3, replace=False)
    first17 = frame.loc[typos, "id_number"].str[:17].to_numpy()
    swapped = np.array([s[:14] + s[15] + s[14] + s[16] if s[14] != s[15] else s[:16] + str((int(s[16]) + 2) % 10)
                        for s in first17])
    frame.loc[typos, "id_number"] = np.char.add(swapped, check_digits(swapped))

    n = 5
    gender = np.where(rng.random(n) < 0.5, "男", "女")
    birth = random_dates(rng, np.full(n, "2011-01-01", dtype="datetime64[D]"),
                         np.full(n, "2017-06-30", dtype="datetime64[D]"))
    ids = id_numbers(rng, np.full(n, COUNTY_CODE), birth, gender, taken=frame["id_number"].to_numpy())
    rural = villages[~villages["township_code"].isin(townships.loc[townships["kind"] == "街道", "township_code"])]
    home = rural.iloc[rng.choice(len(rural), n, replace=False)]
    never = pd.DataFrame({"name": chinese_names(rng, gender), "id_number": ids,
                          "birth_date": np.datetime_as_string(birth), "township": home["township_code"].map(names).to_numpy(),
                          "village": home["village"].to_numpy()})
    frame = pd.concat([frame, never], ignore_index=True)
    frame = frame.sort_values(["township", "village", "birth_date", "id_number"], ignore_index=True)
    key = pd.concat([
        pd.DataFrame({"id_number": left.loc[left["township_code"] != "", "id_number"], "case": "dropout"}),
        pd.DataFrame({"id_number": ids, "case": "never_enrolled"}),
        pd.DataFrame({"id_number": np.char.add(swapped, check_digits(swapped)), "case": "id_typo"}),
    ], ignore_index=True)
    return Population(frame[POPULATION_COLUMNS], key)
