"""Deployment settings, read from the environment (prefix ``JUNHENG_``) or given explicitly.

Nothing is built at import time: the CLI, the tests and the demo construct ``Settings`` and pass it on.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting has a default and help text (docs/settings.md is checked against this class)."""

    model_config = SettingsConfigDict(env_prefix="JUNHENG_", extra="ignore")

    data_dir: Path = Field(Path("junheng-data"), description="数据目录：SQLite 数据库、上传的佐证材料、导出文件")
    database_url: str = Field(
        "", description="数据库地址；留空则使用数据目录下的 SQLite 文件，多用户服务器请用 postgresql+psycopg://…"
    )
    secret_key: str = Field(
        "", description="会话签名密钥；留空时在数据目录生成并保存一个随机密钥"
    )
    login_attempts_per_minute: int = Field(5, description="同一账号或地址一分钟内登录失败达到此次数即暂时锁定")
    login_lockout_minutes: int = Field(15, description="登录失败过多后锁定的时长（分钟），期间密码正确也不能登录")
    https: bool = Field(
        False, description="网站经 HTTPS 访问（含反向代理终止 HTTPS）时设为 true：会话 Cookie 只经 HTTPS 发送（Secure）"
    )
    trusted_proxies: str = Field(
        "127.0.0.1", description="可信反向代理地址（逗号分隔）：只采信它们发来的 X-Forwarded-For/-Proto 头"
    )
    session_max_age_hours: int = Field(12, description="登录会话有效时长（小时）")
    rank_visible_roles: list[str] = Field(
        default_factory=lambda: ["bureau_admin", "bureau_staff", "school_clerk"],
        description="可以查看学生排名的角色（学校用户只看本校）；教育部禁止公开排名",
    )
    analytics_engine: str = Field(
        "duckdb", description="分析引擎：duckdb（本机内存）、postgres 或 spark（全省规模，见 docs/scale.md）；命令的 --engine 可临时改用"
    )
    analytics_pg_url: str = Field("", description="分析引擎 postgres 的数据库地址，如 postgresql://用户@主机:5432/库名")
    spark_master: str = Field(
        "local[2]", description="分析引擎 spark 的 spark.master：local[2]（本机）、spark://主机:7077、yarn 等集群地址"
    )

    @field_validator("analytics_engine")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        from junheng.analytics.names import engine_name

        return engine_name(value)  # a clear Chinese error for an unknown engine

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'junheng.db').resolve()}"

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret.key"
        if not key_file.exists():
            import secrets

            self.data_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(secrets.token_hex(32))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
