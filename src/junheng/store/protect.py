"""Protection of minors' ID numbers at rest: encrypted (Fernet), a keyed hash for matching, a mask for display."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet

from junheng.registry.core.codes import mask_id_number


class IdProtector:
    def __init__(self, secret_key: str):
        digest = hashlib.sha256(("junheng-id-encryption:" + secret_key).encode()).digest()
        self._fernet = Fernet(base64.urlsafe_b64encode(digest))
        self._hash_key = hashlib.sha256(("junheng-id-hash:" + secret_key).encode()).digest()

    def encrypt(self, id_number: str) -> str:
        return self._fernet.encrypt(id_number.encode()).decode()

    def decrypt(self, token: str) -> str:
        return self._fernet.decrypt(token.encode()).decode()

    def hash(self, id_number: str) -> str:
        return hmac.new(self._hash_key, id_number.upper().encode(), hashlib.sha256).hexdigest()

    def protect(self, id_number: str) -> dict[str, str]:
        """The three stored columns for one ID number."""
        return {"id_number_enc": self.encrypt(id_number), "id_number_hash": self.hash(id_number),
                "id_number_masked": mask_id_number(id_number)}
