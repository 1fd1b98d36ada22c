"""Teachers core (pure): histories, 交流轮岗 eligibility and quotas, training hours, staffing, figures."""

from junheng.teachers.core.exchange import Quota, QuotaLine, eligibility, exchanges, quota
from junheng.teachers.core.figures import SCHOOL_KEYS, SECTION_KEYS, Count, year_counts
from junheng.teachers.core.history import History, backbone_on, history, posts_on, tenure_start, title_on
from junheng.teachers.core.proposal import (
           Proposal,
           ProposalItem,
           Transfer,
           parse_transfers,
           plan_transfers,
           propose,
)
from junheng.teachers.core.settings import TeacherSettings
from junheng.teachers.core.staffing import absent_from_post, age_structure, staffing, staffing_need
from junheng.teachers.core.training import Training, training

__all__ = [
           "SCHOOL_KEYS",
           "SECTION_KEYS",
           "Count",
           "History",
           "Proposal",
           "ProposalItem",
           "Quota",
           "QuotaLine",
           "TeacherSettings",
           "Training",
           "Transfer",
           "absent_from_post",
           "age_structure",
           "backbone_on",
           "eligibility",
           "exchanges",
           "history",
           "parse_transfers",
           "plan_transfers",
           "posts_on",
           "propose",
           "quota",
           "staffing",
           "staffing_need",
           "tenure_start",
           "title_on",
           "training",
           "year_counts",
]
