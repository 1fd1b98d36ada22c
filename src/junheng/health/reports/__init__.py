"""学生健康 reports: the per-school Word report."""
