"""Reading the files users bring: figure and judgement tables (CSV/Excel), survey-tool exports."""
