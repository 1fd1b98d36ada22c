"""满意度调查: the ``junheng survey`` command group; the computation is ``junheng.evaluation.core.survey``."""
