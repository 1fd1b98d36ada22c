"""A small, fast, deterministic .xlsx writer for plain export-like sheets (the demo writes ~100,000 rows).

openpyxl writes about 50,000 cells a second here; this writes the same SpreadsheetML directly: inline strings
(text stays text: long digit identifiers never become floats), numbers, merged cells, bold header rows, a frozen
header and column widths. No dates in the package and fixed zip timestamps: the same rows give the same bytes.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

FIXED_TIME = (2024, 9, 1, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class Sheet:
    """One worksheet: ``rows`` of cells (str, int, float or None), 1-based ``bold_rows`` and ``title_rows``
    (large bold, centred), ``merges`` as "A1:H1" ranges, ``freeze`` = rows kept in view, ``widths`` per column."""

    name: str
    rows: list[list]
    bold_rows: tuple[int, ...] = ()
    title_rows: tuple[int, ...] = ()
    merges: list[str] = field(default_factory=list)
    freeze: int = 0
    widths: list[float] = field(default_factory=list)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _sheet_xml(sheet: Sheet) -> str:
    width = max((len(r) for r in sheet.rows), default=1)
    letters = [column_letter(j) for j in range(width)]
    styles = {r: 1 for r in sheet.bold_rows} | {r: 2 for r in sheet.title_rows}
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}" xmlns:r="{_REL}">',
           f'<dimension ref="A1:{letters[-1]}{max(len(sheet.rows), 1)}"/>']
    if sheet.freeze:
        out.append(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{sheet.freeze}" '
                   f'topLeftCell="A{sheet.freeze + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if sheet.widths:
        out.append("<cols>" + "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w:g}" customWidth="1"/>'
                                      for j, w in enumerate(sheet.widths)) + "</cols>")
    out.append("<sheetData>")
    for i, row in enumerate(sheet.rows, start=1):
        style = f' s="{styles[i]}"' if i in styles else ""
        cells = []
        for letter, value in zip(letters, row):
            if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
                continue
            if isinstance(value, str):
                cells.append(f'<c r="{letter}{i}"{style} t="inlineStr"><is><t>{_escape(value)}</t></is></c>')
            else:
                number = int(value) if float(value).is_integer() else float(value)
                cells.append(f'<c r="{letter}{i}"{style}><v>{number!r}</v></c>')
        out.append(f'<row r="{i}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    if sheet.merges:
        out.append(f'<mergeCells count="{len(sheet.merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


_STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_NS}"><fonts count="3"><font><sz val="11"/><name val="宋体"/></font><font><b/><sz val="11"/><name val="宋体"/></font><font><b/><sz val="14"/><name val="宋体"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf><xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"""


def write_workbook(path: Path, sheets: list[Sheet]) -> Path:
    """Write ``sheets`` to ``path`` as an .xlsx package."""
    n = len(sheets)
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/workbook.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
             '<Override PartName="/xl/styles.xml" '
             'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
             + "".join(f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" '
                       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                       for k in range(n)) + "</Types>")
    root_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" '
                f'xmlns:r="{_REL}"><sheets>'
                + "".join(f'<sheet name="{_escape(s.name)}" sheetId="{k + 1}" r:id="rId{k + 1}"/>'
                          for k, s in enumerate(sheets)) + "</sheets></workbook>")
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               + "".join(f'<Relationship Id="rId{k + 1}" Type="{_REL}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>'
                         for k in range(n))
               + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
    parts = [("[Content_Types].xml", types), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
             ("xl/_rels/workbook.xml.rels", wb_rels), ("xl/styles.xml", _STYLES)]
    parts += [(f"xl/worksheets/sheet{k + 1}.xml", _sheet_xml(s)) for k, s in enumerate(sheets)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"), compresslevel=1)
    Path(path).write_bytes(buffer.getvalue())
    return Path(path)
