"""Per-applicant receipts: the number, tier, position, result and, in Chinese, the rule that decided it."""

from __future__ import annotations

from collections.abc import Iterable

from junheng.lottery.core.model import Applicant
from junheng.lottery.core.outcome import ADMITTED, FULL, DrawResult, Event, Receipt, UnitOutcome

ORDER_RULE = "先按档次（第一档最先），同一档次内按抽签号从小到大"


class _Texts:
    """Builds rule texts, remembering the many identical sentences (e.g. every 名额已全部录满)."""

    def __init__(self, result: DrawResult):
        self.result = result
        self.labels = {s.school_id: s.label for s in result.rules.schools}
        several = len(result.rules.rounds) > 1
        self.heads = [f"第 {n} 轮「{r.name}」" if several else "" for n, r in enumerate(result.rules.rounds, 1)]
        self.several = several
        self.cache: dict[tuple[Event, int], str] = {}

    def event(self, event: Event, size: int) -> str:
        key = (event, size)
        text = self.cache.get(key)
        if text is None:
            text = self.cache[key] = self._event(event, size)
        return text

    def _event(self, event: Event, size: int) -> str:

        head = self.heads[event.round_no - 1]
        school = self.labels[event.school_id]
        group = f"您所在的兄弟姐妹组（{size} 人）" if size > 1 else ""
        if event.kind == ADMITTED:
            whole = "整组" if group else ""
            return f"{head}轮到{group or '您'}时，{school}还剩 {event.seats_left} 个名额，{whole}录取"
        if event.kind == FULL:
            return f"{head}轮到您时，{school}的名额已全部录满"
        return (f"{head}轮到{group}时，{school}只剩 {event.seats_left} 个名额，不够整组录取；"
                f"按规则整组跳过，名额顺延给后面的抽签单位")

    def rule(self, outcome: UnitOutcome, waitlist_position: int | None) -> str:
        total = len(self.result.outcomes)
        parts = [(f"抽签号 {outcome.draw_number}（共 {total} 个抽签单位），第 {outcome.unit.tier} 档，"
                  f"排序第 {outcome.position} 位（{ORDER_RULE}）")]
        if not outcome.events:
            parts.append(f"各轮次均未安排第 {outcome.unit.tier} 档或您的志愿学校参加")
        parts.extend(self.event(e, outcome.unit.size) for e in outcome.events)
        if outcome.admitted_to is None:
            parts.append(f"结果：未录取，列候补第 {waitlist_position} 位（候补按排序先后递补）")
        else:
            when = f"第 {outcome.admitted_round} 轮" if self.several else ""
            parts.append(f"结果：{when}录取到{self.labels[outcome.admitted_to]}")
        return "；".join(parts) + "。"


def build_receipts(result: DrawResult, applicants: Iterable[Applicant]) -> tuple[Receipt, ...]:
    """One receipt per applicant, sorted by applicant_id."""

    texts = _Texts(result)
    wait_pos = {aid: i for i, aid in enumerate(result.waitlist, 1)}
    by_member = {m: o for o in result.outcomes for m in o.unit.members}
    receipts = []
    for a in sorted(applicants, key=lambda x: x.applicant_id):
        o = by_member[a.applicant_id]
        wp = wait_pos.get(a.applicant_id)
        receipts.append(Receipt(a.applicant_id, o.draw_number, a.tier, a.sibling_group, o.position,
                                o.admitted_to is not None, o.admitted_to or "", o.admitted_round, wp,
                                texts.rule(o, wp)))
    return tuple(receipts)
