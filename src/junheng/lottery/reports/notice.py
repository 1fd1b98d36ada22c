"""The publication notice (派位名单公示及名单指纹公告) as Word: published after freezing, before the draw.

It states the rules, the applicant count, the list's SHA-256, the commitment and/or the public source of the
random values, and how anyone can check the draw afterwards.
"""

from __future__ import annotations

import datetime as dt
import io

from junheng.lottery.core.model import LotteryRules


def notice_lines(title: str, rules: LotteryRules, tier_labels: dict[str, str], applicant_count: int,
                 tiers: dict[int, int], list_sha256: str, commitment: str, public_source: str, public_count: int,
                 frozen_at: dt.datetime, public_url: str) -> list[tuple[str, str]]:
    """(style, text) paragraphs of the notice; style is 'h' (heading), 'p' or 'code'."""
    out: list[tuple[str, str]] = [("p", (f"{title}的申请人名单已于 {frozen_at:%Y年%m月%d日 %H:%M} 冻结，现将名单指纹和随机数来源"
                                        "公告如下。名单冻结后不再增减、不再修改。"))]
    out.append(("h", "一、派位规则"))
    for rnd in rules.rounds:
        seats = "、".join(f"{rules.school(sid).label} {n} 个" for sid, n in rnd.seats.items())
        who = "全部档次" if rnd.tiers is None else "、".join(f"第 {t} 档" for t in rnd.tiers)
        carry = "（含上一轮剩余名额）" if rnd is not rules.rounds[0] else ""
        out.append(("p", f"{rnd.name}：{who}参加，名额 {seats}{carry}。"))
    for tier, n in sorted(tiers.items()):
        label = tier_labels.get(str(tier), "")
        out.append(("p", f"第 {tier} 档{('（' + label + '）') if label else ''}：{n} 人。"))
    out.append(("p", ("先按档次、同档次内按抽签号从小到大依次录取；兄弟姐妹（多胞胎）同组报名的整组抽签、整组录取，"
                     "剩余名额不足整组时整组跳过，名额顺延给下一个抽签单位。")))
    out.append(("h", "二、申请人名单及名单指纹"))
    out.append(("p", (f"参加派位的申请人共 {applicant_count} 人（名单只公示报名编号、档次和兄弟姐妹组，不含姓名和身份证件号）。"
                     "规范名单的 SHA-256 指纹为：")))
    out.append(("code", list_sha256))
    out.append(("h", "三、随机数来源"))
    if commitment:
        out.append(("p", "主办方已生成一个秘密数，抽签时当众揭示。秘密数的承诺值（秘密数的 SHA-256）为："))
        out.append(("code", commitment))
    if public_count:
        out.append(("p", f"抽签时录入 {public_count} 个事先约定的公开数值：{public_source}。"))
    out.append(("p", "种子 = SHA-256（名单指纹、揭示的秘密数和公开数值按固定格式连成的文本），任何人都可复算。"))
    out.append(("h", "四、结果核验"))
    out.append(("p", (f"抽签后公布结果文件。家长可在 {public_url} 输入报名编号查询本人回执；任何人可下载规范名单和结果文件，"
                     "用命令 junheng lottery verify 结果文件 --applicants 规范名单 离线重算核对。")))
    return out


def write_notice(lines: list[tuple[str, str]], title: str) -> bytes:
    """Render the notice paragraphs as a .docx document."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    doc = Document()
    for style in ("Normal", "Title", "Heading 1"):
        doc.styles[style].font.name = "宋体" if style == "Normal" else "黑体"
        doc.styles[style].element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"),
                                                                           doc.styles[style].font.name)
    head = doc.add_heading(f"关于{title}申请人名单冻结及名单指纹的公告", level=0)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for style, text in lines:
        if style == "h":
            doc.add_heading(text, level=1)
        elif style == "code":
            run = doc.add_paragraph().add_run(text)
            run.font.name = "Courier New"
            run.font.size = Pt(10)
        else:
            doc.add_paragraph(text)
    doc.add_paragraph(f"{dt.date.today():%Y年%m月%d日}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
