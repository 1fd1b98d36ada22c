"""Mutators: damaged and awkward copies of a real file, the kinds of issue 15.

``mutate(seed, kind, rng, out_dir)`` writes one file derived from ``seed`` and returns its path. Byte-level kinds
work on any file; cell-level kinds open the workbook (openpyxl), change cells and save it again; CSV kinds turn the
first sheet into a CSV. The same ``rng`` state gives the same file, so a failing case can be rebuilt from
(seed, kind, number).
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

BYTE_KINDS = ("truncated", "bitflip", "broken_xml_part", "zip_not_xlsx", "empty")
CELL_KINDS = ("formulas", "nan_inf", "long_string", "fullwidth_zero_width", "duplicated_header", "shifted_header",
              "million_empty_rows", "hidden_sheet", "swapped_types")
CSV_KINDS = ("csv_gbk", "csv_bom")
KINDS = BYTE_KINDS + CELL_KINDS + CSV_KINDS

FORMULAS = ("=1/0", "=cmd|' /C calc'!A0", "=SUM(A1:A3)", "=HYPERLINK(\"http://example.invalid\",\"点击\")",
            "+1+1", "-2+3", "@SUM(1)")
FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
ZERO_WIDTH = ("\u200b", "\ufeff", "\u200d", "\u3000")


def _is_zip(data: bytes) -> bool:
    return data[:2] == b"PK"


def _out(out_dir: Path, seed: Path, kind: str, number: int, suffix: str | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir / f"{seed.stem}.{kind}.{number}{suffix or seed.suffix}"


def _bytes(seed: Path, kind: str, rng: random.Random) -> bytes:
    data = seed.read_bytes()
    if kind == "empty":
        return b""
    if kind == "truncated":
        return data[:rng.choice((len(data) // 2, rng.randrange(1, max(2, len(data)))))]
    if kind == "bitflip":
        raw = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            i = rng.randrange(len(raw))
            raw[i] ^= 1 << rng.randrange(8)
        return bytes(raw)
    if kind == "zip_not_xlsx":
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("readme.txt", "这不是 Excel 文件")
            z.writestr("data/学生.csv", "姓名,性别\n张三,男\n")
        return buf.getvalue()
    if kind == "broken_xml_part":
        if not _is_zip(data):  # a CSV: cut a line in half and add a stray quote
            text = data.decode("utf-8", errors="replace")
            cut = rng.randrange(max(1, len(text)))
            return (text[:cut] + '"' + text[cut:]).encode("utf-8")
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
            parts = [i for i in zin.infolist() if i.filename.endswith(".xml")]
            sheets = [i for i in parts if i.filename.startswith("xl/worksheets/") or i.filename == "xl/sharedStrings.xml"]
            # mostly the biggest part (the data: openpyxl writes strings inline, so a first sheet of notes is small)
            victim = (max(sheets, key=lambda i: i.file_size) if sheets and rng.random() < 0.7
                      else rng.choice(sheets or parts)).filename
            for info in zin.infolist():
                body = zin.read(info.filename)
                if info.filename == victim:
                    how = rng.randrange(3)
                    if how == 0:
                        body = body[:len(body) // 2]
                    elif how == 1:
                        body = body.replace(b"</", b"<", 1 + rng.randrange(3))
                    else:
                        body = body.replace(b"<row", b"<row attr=\"\xff\xfe\"", 1)
                zout.writestr(info, body)
        return buf.getvalue()
    raise ValueError(kind)


def _cells(ws):
    return [c for row in ws.iter_rows() for c in row if c.value is not None]


def _header_row(ws) -> int:
    """The first row with several text cells (title rows above the header are common)."""
    for r, row in enumerate(ws.iter_rows(max_row=8), start=1):
        if sum(isinstance(c.value, str) for c in row) >= 2:
            return r
    return 1


def _edit_workbook(seed: Path, kind: str, rng: random.Random, target: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(seed)
    ws = wb.worksheets[0]
    head = _header_row(ws)
    body = [c for c in _cells(ws) if c.row > head]
    picks = rng.sample(body, min(len(body), rng.randint(1, 6))) if body else []
    if kind == "formulas":
        for c in picks:
            c.value = rng.choice(FORMULAS)
    elif kind == "nan_inf":
        for c in picks:
            c.value = rng.choice((float("nan"), float("inf"), float("-inf"), "NaN", "inf", "#DIV/0!", 1e308, -0.0))
    elif kind == "long_string":
        for c in picks[:2]:
            c.value = rng.choice(("长", "9", "x")) * 100_000
    elif kind == "fullwidth_zero_width":
        for c in body:
            text = str(c.value)
            if rng.random() < 0.5:
                text = text.translate(FULLWIDTH)
            if rng.random() < 0.5:
                at = rng.randrange(len(text) + 1)
                text = text[:at] + rng.choice(ZERO_WIDTH) + text[at:]
            c.value = text
        for c in ws[head]:
            if c.value is not None and rng.random() < 0.3:
                c.value = f"{c.value}{rng.choice(ZERO_WIDTH)}"
    elif kind == "duplicated_header":
        width = ws.max_column
        col = rng.randint(1, width)
        for r in range(1, ws.max_row + 1):
            ws.cell(r, width + 1, ws.cell(r, col).value)
    elif kind == "shifted_header":
        if rng.random() < 0.5:
            ws.insert_rows(1, rng.randint(1, 3))
        else:
            ws.insert_cols(1, rng.randint(1, 2))
    elif kind == "million_empty_rows":
        ws.cell(1_000_000, max(1, ws.max_column), " ")
    elif kind == "hidden_sheet":
        if rng.random() < 0.5 or len(wb.worksheets) > 1:
            ws.sheet_state = "hidden"
            if all(w.sheet_state != "visible" for w in wb.worksheets):
                wb.create_sheet("说明", 0)
        else:
            wb.move_sheet(wb.create_sheet("封面"), offset=-len(wb.worksheets) + 1)
            wb.worksheets[0]["A1"] = "本文件的数据在后面的工作表"
    elif kind == "swapped_types":
        for c in picks:
            c.value = rng.choice(("", " ", "无", "-", "12/31/2024", "2024年3月", "三十", True, 0, -1, 10**20, "１２"))
    else:
        raise ValueError(kind)
    wb.save(target)


def _rows(seed: Path) -> list[list]:
    if seed.suffix.lower() == ".csv":
        data = seed.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return list(csv.reader(io.StringIO(data.decode(enc))))
            except UnicodeDecodeError:
                continue
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(seed)).get_sheet_by_index(0).to_python()


def mutate(seed: Path, kind: str, rng: random.Random, out_dir: Path, number: int = 0) -> Path:
    """Write one ``kind`` mutant of ``seed`` into ``out_dir`` and return its path."""
    seed = Path(seed)
    if kind in BYTE_KINDS:
        target = _out(out_dir, seed, kind, number)
        target.write_bytes(_bytes(seed, kind, rng))
        return target
    if kind in CSV_KINDS:
        target = _out(out_dir, seed, kind, number, ".csv")
        rows = [["" if v is None else v for v in r] for r in _rows(seed)]
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        text = buf.getvalue()
        target.write_bytes(text.encode("gb18030", errors="replace") if kind == "csv_gbk"
                           else b"\xef\xbb\xbf" + text.encode("utf-8"))
        return target
    if seed.suffix.lower() == ".csv":  # cell kinds on a CSV: edit its rows as text
        target = _out(out_dir, seed, kind, number)
        rows = _rows(seed)
        if kind == "million_empty_rows":
            text = "\n".join(",".join(r) for r in rows) + "\n" + "," * (len(rows[0]) - 1) + "\n"
            target.write_bytes(text.encode("utf-8") + b"\n" * 1_000_000)
            return target
        if kind == "duplicated_header" and rows:
            rows = [r + r[-1:] for r in rows]
        elif kind == "shifted_header":
            rows = [[""] * len(rows[0])] + [[""] + r for r in rows]
        elif len(rows) > 1:
            for _ in range(rng.randint(1, 4)):
                r = rng.randrange(1, len(rows))
                if rows[r]:
                    c = rng.randrange(len(rows[r]))
                    rows[r][c] = {"formulas": rng.choice(FORMULAS), "nan_inf": rng.choice(("NaN", "inf", "-inf")),
                                  "long_string": "长" * 100_000,
                                  "fullwidth_zero_width": rows[r][c].translate(FULLWIDTH) + "\u200b",
                                  }.get(kind, rng.choice(("", "无", "１２", "-1")))
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        target.write_bytes(buf.getvalue().encode("utf-8"))
        return target
    target = _out(out_dir, seed, kind, number)
    _edit_workbook(seed, kind, rng, target)
    return target
