"""The national balance standards as data (DESIGN §4.1–4.2): typed model and registry by file name."""

from junheng.standards.loader import (
    BUILTIN_DIR,
    StandardError,
    available_standards,
    load_standard,
    register_standard_dir,
    register_standard_file,
)
from junheng.standards.model import (
    EDUCATION_ORDER,
    STAGES,
    Dimension,
    Item,
    ResourceIndicator,
    SectionRule,
    SectionSettings,
    Standard,
    TeachingPoints,
)

__all__ = [
    "BUILTIN_DIR",
    "EDUCATION_ORDER",
    "STAGES",
    "Dimension",
    "Item",
    "ResourceIndicator",
    "SectionRule",
    "SectionSettings",
    "Standard",
    "StandardError",
    "TeachingPoints",
    "available_standards",
    "load_standard",
    "register_standard_dir",
    "register_standard_file",
]
