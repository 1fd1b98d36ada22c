"""Deterministic synthetic county "示范县" (DESIGN §2 demo/): registry, school data, exams, rosters, population.

Pure: numpy and pandas only. The Excel files are written by ``junheng.demo.excel`` and the CLI
(``junheng demo generate --seed N -o DIR``).
"""

from junheng.demo.base import COUNTY_CODE, COUNTY_NAME, rng_for
from junheng.demo.county import DemoCounty, generate_county

__all__ = ["COUNTY_CODE", "COUNTY_NAME", "DemoCounty", "generate_county", "rng_for"]
