"""Where the randomness comes from: a committed secret and/or pre-announced public values.

- ``make_secret``: 32 random bytes from the operating system, shown as 64 hex digits.
- Commitment (published before the draw): ``SHA-256(secret bytes)`` as hex — the same as
  ``printf %s SECRET_HEX | xxd -r -p | sha256sum``.
- Seed (computed at the draw, rule ``junheng-lottery-v1``): SHA-256 of the UTF-8 text

      junheng-lottery-seed-v1\\n
      list_sha256:<the frozen list's SHA-256>\\n
      secret:<secret hex, lower case, or empty>\\n
      public:<first public value>\\n
      public:<second public value>\\n   (one line per value, in the announced order)

  so the seed also binds the frozen list: a different list gives a different seed.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets as _secrets
from collections.abc import Sequence
from dataclasses import dataclass

from junheng.lottery.core.model import LotteryInputError

SEED_HEADER = "junheng-lottery-seed-v1"
_HEX = re.compile(r"[0-9a-fA-F]+")


def parse_hex(text: str, what: str, *, length: int | None = None) -> bytes:
    """Hex text → bytes, with a Chinese error naming ``what``."""
    t = text.strip()
    if not t or len(t) % 2 or not _HEX.fullmatch(t):
        raise LotteryInputError(f"{what}「{text}」不是有效的十六进制数（只能含 0-9、a-f，位数为偶数）")
    raw = bytes.fromhex(t)
    if length is not None and len(raw) != length:
        raise LotteryInputError(f"{what}应为 {length * 2} 位十六进制数，实际为 {len(t)} 位")
    return raw


def make_secret() -> str:
    """A fresh 256-bit secret as 64 lower-case hex digits (keep it private until the draw)."""
    return _secrets.token_hex(32)


def commitment(secret_hex: str) -> str:
    """The commitment to publish before the draw: SHA-256 of the secret's bytes, as hex."""
    return hashlib.sha256(parse_hex(secret_hex, "秘密")).hexdigest()


def check_commitment(secret_hex: str, commitment_hex: str) -> bool:
    """True when the revealed secret matches the commitment published before the draw."""
    return hmac.compare_digest(commitment(secret_hex), commitment_hex.strip().lower())


def seed_text(list_sha: str, secret_hex: str = "", public_values: Sequence[str] = ()) -> str:
    """The exact text whose SHA-256 is the seed (see module docstring)."""
    if not secret_hex and not public_values:
        raise LotteryInputError("种子来源为空：至少需要揭示的秘密或一个公开数值")
    parse_hex(list_sha, "名单哈希", length=32)
    if secret_hex:
        parse_hex(secret_hex, "秘密")
    lines = [SEED_HEADER, f"list_sha256:{list_sha.lower()}", f"secret:{secret_hex.strip().lower()}"]
    for value in public_values:
        v = value.strip()
        if not v or "\n" in v or "\r" in v:
            raise LotteryInputError(f"公开数值「{value}」为空或含换行")
        lines.append(f"public:{v}")
    return "".join(line + "\n" for line in lines)


def derive_seed(list_sha: str, secret_hex: str = "", public_values: Sequence[str] = ()) -> str:
    """The draw's seed as 64 hex digits: SHA-256 of ``seed_text``."""
    return hashlib.sha256(seed_text(list_sha, secret_hex, public_values).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class SeedSource:
    """How a seed was made, as published in the result file (all optional, at least one of secret/public)."""

    secret: str = ""
    commitment: str = ""
    public_values: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"secret": self.secret, "commitment": self.commitment, "public_values": list(self.public_values)}

    @classmethod
    def from_dict(cls, data: dict) -> SeedSource:
        return cls(str(data.get("secret", "")), str(data.get("commitment", "")),
                   tuple(str(v) for v in data.get("public_values", ())))
