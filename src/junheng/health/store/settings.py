"""The county's 学生健康 settings: ``<data_dir>/health.yaml`` (any ``HealthSettings`` field), else the defaults.

Example ``health.yaml``::

    poor_vision_below: 5.0
    vision_target_decline_pp: 0.5
    psych_cutoffs: {PHQ-9: {watch: 10, high: 15}, MHT: {watch: 56, high: 65}}
"""

from __future__ import annotations

from pathlib import Path

import yaml

from junheng.health.core import HealthSettings

FILE = "health.yaml"


def health_settings(deployment) -> HealthSettings:
    return settings_in(deployment.settings.data_dir)


def settings_in(data_dir) -> HealthSettings:
    """The settings of the deployment whose data folder is ``data_dir`` (None: the defaults)."""
    if data_dir is None:
        return HealthSettings()
    path = Path(data_dir) / FILE
    if not path.exists():
        return HealthSettings()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return HealthSettings(**data)
