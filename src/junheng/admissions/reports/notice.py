"""The admission notice (入学通知书 / 统筹安排告知书) for one child, as Word."""

from __future__ import annotations

import io


def notice_document(row, names: dict[str, str]) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "SimSun"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    style.font.size = Pt(12)
    placed = bool(row.result_school)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(f"{row.year}年义务教育{'入学通知书' if placed else '招生结果告知书'}")
    run.bold, run.font.size = True, Pt(18)
    doc.add_paragraph(f"{row.child_name}同学家长：")
    if placed:
        doc.add_paragraph(f"经审核，您的孩子{row.child_name}（报名编号 {row.application_no}，身份证件号 {row.id_number_masked}）"
                          f"被{names.get(row.result_school, row.result_school)}录取，就读{row.section}一年级"
                          f"{'' if row.section == '小学' else '（七年级）'}。请按学校通知的时间携带户口簿、"
                          "房产或居住证明原件到校报到。")
    else:
        doc.add_paragraph(f"您的孩子{row.child_name}（报名编号 {row.application_no}）本次未能录取到报名学校。"
                          "教育局将统筹安排学位，请保持联系电话畅通；对审核结论有异议的，可凭报名回执号在网上申诉。")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for k, v in (("入学类别", row.tier_label or "—"), ("审核结论", f"{row.status}（{row.decision_reason}）"),
                 ("分配结果", row.result_stage), ("依据", row.result_reason)):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = k, v
    doc.add_paragraph()
    end = doc.add_paragraph("县教育局\n" + f"{row.year}年")
    end.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
