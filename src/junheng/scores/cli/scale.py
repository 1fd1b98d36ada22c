"""Province scale for the file commands (docs/scale.md): ``--engine``, Parquet inputs from a lake, ``--parquet``.

A user's Excel or CSV file is read and checked by the importer as always; a Parquet file (or a folder of
Parquet parts, or on Spark an ``hdfs://``/``s3a://`` path) is a lake table in the canonical wide layout
(student_id, name, school, class, one column per subject) and is read by the engine itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from ibis.backends import BaseBackend

from junheng.analytics import engines
from junheng.scores.core.model import ScoresInputError

EngineOption = Annotated[str | None, typer.Option(
    "--engine", help="计算引擎：duckdb（默认，本机内存）、postgres、spark；默认取设置 JUNHENG_ANALYTICS_ENGINE")]
ParquetOption = Annotated[Path | None, typer.Option(
    "--parquet", help="逐生结果另存为 Parquet 文件（学生 × 科目：分数、县/校/班名次、百分等级、Z、T）")]
TEXT_COLUMNS = ("student_id", "name", "school", "class")


def is_lake(path: Path | str) -> bool:
    """A lake input: a Parquet file, a folder of Parquet parts or a remote path (``scheme://…``)."""
    text = str(path)
    return "://" in text or Path(text).suffix.lower() in (".parquet", ".pq") or Path(text).is_dir()


class Engine:
    """The engine of one command: connected only when needed (another engine than DuckDB, or a lake input),
    released when the command ends (Spark's session is stopped: a command is one run)."""

    def __init__(self, name: str | None, inputs: list[Path]):
        try:
            self.name = engines.engine_name(name)
        except engines.EngineError as exc:
            raise ScoresInputError(str(exc)) from None
        self.backend: BaseBackend | None = None
        if self.name != "duckdb" or any(is_lake(p) for p in inputs):
            try:
                self.backend = engines.connect(self.name)
            except engines.EngineError as exc:
                raise ScoresInputError(str(exc)) from None

    def read_lake(self, path: Path, columns: list[str], what: str) -> pd.DataFrame:
        """A lake table with ``columns`` (student_id, school … and the subjects) as a pandas frame."""
        assert self.backend is not None
        try:
            table = engines.read(self.backend, path, stem="lake")
        except engines.EngineError as exc:
            raise ScoresInputError(f"{what}：{exc}") from None
        try:
            missing = [c for c in columns if c not in table.columns]
            if missing:
                raise ScoresInputError(f"{what} {Path(str(path)).name} 缺少列：{'、'.join(missing)}"
                                       f"（Parquet 成绩表的列：student_id、name、school、class 和各科目）")
            frame = engines.to_pandas(self.backend, table.select(*columns))
        finally:
            engines.drop(self.backend, table)
        for column in TEXT_COLUMNS:
            if column in frame.columns:
                values = frame[column]
                frame[column] = values.astype(str).where(values.notna(), "")
        return frame

    def close(self) -> None:
        if self.backend is None:
            return
        if self.name == "spark":
            engines.stop_spark()
        else:
            engines.release(self.backend)
        self.backend = None


def write_standings_parquet(analysis, path: Path) -> None:
    """Per-student results: one row per student and subject sat (and 总分), with the student's identity."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    standings = analysis.standings
    rows = standings["student"].to_numpy()
    students = analysis.students
    table = pa.table({
        "student_id": students["student_id"].astype(str).to_numpy()[rows],
        "name": students["name"].astype(str).to_numpy()[rows],
        "school": students["school"].astype(str).to_numpy()[rows],
        "class": students["class"].astype(str).to_numpy()[rows],
        "subject": standings["subject"].astype(str).to_numpy(),
        "score": standings["score"].to_numpy(np.float64),
        "rank": standings["rank"].to_numpy(np.int32),
        "school_rank": standings["school_rank"].to_numpy(np.int32),
        "class_rank": standings["class_rank"].to_numpy(np.int32),
        "percentile": standings["percentile"].to_numpy(np.float64),
        "z": standings["z"].to_numpy(np.float64),
        "t": standings["t"].to_numpy(np.float64),
    })
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
