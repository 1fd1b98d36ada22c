"""Chinese names and resident ID numbers (GB 11643-1999), drawn vectorised.

Names follow a northern-China surname distribution (王 李 张 刘 … with a long tail) and given names from
generation-typical characters; ID numbers are address code + birth date + sequence (odd for men, even for women) +
the ISO 7064 MOD 11-2 check digit.
"""

from __future__ import annotations

import numpy as np

_SURNAMES = (
    "王李张刘赵杨陈高孙马郭田韩吴周徐许朱宋郑何胡董曹冯史石魏贾邢崔范常梁任杜谢于吕袁邓程苏孟侯薛蔡彭"
    "霍闫耿贺白焦岳付葛潘郝姚卢尹牛申秦齐武姜庞段陶甄边温蒋谷臧靳翟康阎戴安黄罗林叶"
)
_COMPOUND = ("欧阳", "司马", "上官", "诸葛")

_CHILD = {
    "男": ("子梓浩宇轩睿博俊泽皓辰铭晨鑫航杰涛然一嘉奕明阳宸逸宏煜恒瑞文凯鹏天佳昊烨锦翔豪峻哲思毅诚彦朗",
           "轩然宇豪泽辰铭杰涛阳博睿航晨凯鹏瑞文恒翔宸琦钧煊霖骁楷远晗毅川"),
    "女": ("欣怡梓涵雨萱思诗梦琪佳一可馨悦妍彤婷晨雅紫淑瑶慧雪晴若语桐芮安宁依子沐嘉梓书佳锦",
           "怡涵萱琪诺馨悦妍彤婷雅瑶慧晴桐芮宁然琳菲涵溪璐冉茜瑾蕊月玥萌茹"),
}
_CHILD_POPULAR = {
    "男": ("浩宇", "浩然", "子轩", "宇轩", "梓轩", "俊熙", "一诺", "子墨", "梓豪", "宇航", "博文", "皓轩", "明轩",
           "浩轩", "睿泽", "奕辰", "沐宸", "子豪", "佳豪", "思远", "俊杰", "天佑", "梓睿", "鹏飞", "晨阳", "家豪"),
    "女": ("欣怡", "梓涵", "雨萱", "诗涵", "一诺", "梦琪", "可馨", "思彤", "语桐", "雨桐", "梓萱", "佳怡", "紫涵",
           "欣妍", "若汐", "诗琪", "依诺", "子涵", "梓晴", "佳琪", "雅琪", "晨曦", "思琪", "心怡", "沐瑶", "芷若"),
}
_ADULT = {
    "男": ("建志国海振永晓文春学立红明庆军伟少德宏卫爱新光金玉向利东",
           "国华强涛军勇刚斌超鹏辉亮明杰波峰伟磊平东林生民兵成龙江伟"),
    "女": ("丽秀晓海春红雪玉彩小淑美文艳桂凤慧秋翠爱金亚俊素",
           "丽静敏艳娟霞芳燕红玲梅英华萍娜琳洁莉颖慧琴云婷霞"),
}
_WEIGHTS = np.array((7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2), dtype=np.int64)
_CHECK = np.array(list("10X98765432"))


def _surname_probabilities() -> np.ndarray:
    """王 李 张 刘 lead (about 40% together, as in northern China), then a long tail."""
    rank = np.arange(1, len(_SURNAMES) - 3, dtype=float)
    p = np.concatenate([[10.0, 9.5, 9.0, 7.0], 3.5 * rank ** -0.6])
    return p / p.sum()


_SURNAME_P = _surname_probabilities()


def _chars(pool: str, rng: np.random.Generator, n: int) -> np.ndarray:
    return np.array(list(pool), dtype=object)[rng.integers(0, len(pool), n)]


def chinese_names(rng: np.random.Generator, genders: np.ndarray, adult: bool = False) -> np.ndarray:
    """One full name per entry of ``genders`` (男/女): surname + one- or two-character given name."""
    genders = np.asarray(genders)
    n = len(genders)
    surname = np.array(list(_SURNAMES), dtype=object)[rng.choice(len(_SURNAMES), n, p=_SURNAME_P)]
    compound = rng.random(n) < 0.002
    surname[compound] = np.array(_COMPOUND, dtype=object)[rng.integers(0, len(_COMPOUND), compound.sum())]
    given = np.empty(n, dtype=object)
    single_share = 0.35 if adult else 0.12
    for gender in ("男", "女"):
        idx = np.flatnonzero(genders == gender)
        first_pool, second_pool = (_ADULT if adult else _CHILD)[gender]
        two = _chars(first_pool, rng, len(idx)) + _chars(second_pool, rng, len(idx))
        one = _chars(second_pool, rng, len(idx))
        name = np.where(rng.random(len(idx)) < single_share, one, two)
        if not adult:
            popular = np.array(_CHILD_POPULAR[gender], dtype=object)[rng.integers(0, 26, len(idx))]
            name = np.where(rng.random(len(idx)) < 0.1, popular, name)
        given[idx] = name
    return (surname + given).astype(str)


def check_digits(first17: np.ndarray) -> np.ndarray:
    """The GB 11643 check character for each 17-digit string (vectorised)."""
    digits = np.frombuffer("".join(first17).encode("ascii"), dtype=np.uint8).reshape(-1, 17) - 48
    return _CHECK[(digits.astype(np.int64) @ _WEIGHTS) % 11]


def id_numbers(rng: np.random.Generator, address: np.ndarray, birth: np.ndarray, genders: np.ndarray,
               taken: np.ndarray | None = None) -> np.ndarray:
    """Valid 18-character ID numbers, unique among themselves and not in ``taken``.

    ``address`` holds 6-digit region codes, ``birth`` numpy ``datetime64[D]`` dates.
    """
    address = np.asarray(address, dtype=str)
    male = np.asarray(genders) == "男"
    born = np.char.replace(np.datetime_as_string(np.asarray(birth, dtype="datetime64[D]")), "-", "")
    stem = np.char.add(address, born)
    taken_set = np.asarray(taken if taken is not None else [], dtype=str)
    result = np.empty(len(address), dtype="<U18")
    todo = np.arange(len(address))
    while len(todo):
        seq = rng.integers(0, 500, len(todo)) * 2 + male[todo]
        first17 = np.char.add(stem[todo], np.char.zfill(seq.astype(str), 3))
        result[todo] = np.char.add(first17, check_digits(first17))
        _, inverse, counts = np.unique(result, return_inverse=True, return_counts=True)
        clash = (counts[inverse] > 1)[todo] | np.isin(result[todo], taken_set)
        todo = todo[clash]
    return result


def random_dates(rng: np.random.Generator, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Uniform dates in [start, end] (inclusive), as ``datetime64[D]``."""
    start = np.asarray(start, dtype="datetime64[D]")
    end = np.asarray(end, dtype="datetime64[D]")
    span = (end - start).astype(np.int64) + 1
    return start + (rng.random(len(span)) * span).astype(np.int64).astype("timedelta64[D]")
