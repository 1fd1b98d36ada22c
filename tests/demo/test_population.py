"""The household registry's school-age list: who is on it, and the children enrolled nowhere."""

import pytest

pytestmark = pytest.mark.core


def test_population_list(county):
    p = county.population
    assert list(p.columns) == ["name", "id_number", "birth_date", "township", "village"]
    assert p["birth_date"].between("2009-09-01", "2018-08-31").all()
    assert p["id_number"].is_unique
    assert (p["id_number"].str[6:14] == p["birth_date"].str.replace("-", "")).all()
    assert set(p["township"]) <= set(county.townships["name"])
    assert 30_000 <= len(p) <= 45_000


def test_children_enrolled_nowhere(county):
    p = county.population
    enrolled = set(county.rosters["2024-2"]["id_number"])
    missing = p[~p["id_number"].isin(enrolled)]
    key = county.population_key.set_index("id_number")["case"]
    assert set(missing["id_number"]) == set(key.index)
    assert set(key) == {"dropout", "never_enrolled", "id_typo"}
    assert 5 <= (key != "id_typo").sum() <= 15
    typos = missing[missing["id_number"].map(key) == "id_typo"]
    current = county.rosters["2024-2"]
    matched = typos.merge(current, on=["name", "birth_date"], suffixes=("", "_school"))
    assert len(matched) >= len(typos)
    assert (matched["id_number"] != matched["id_number_school"]).all()
    prior = set(county.rosters["2024-1"]["id_number"])
    assert set(key[key == "dropout"].index) <= prior
    assert not set(key[key == "never_enrolled"].index) & (prior | enrolled)


def test_migrant_children_not_on_list(county):
    migrants = county.students.loc[county.students["migrant"] == "是", "id_number"]
    assert not county.population["id_number"].isin(migrants).any()
