"""Reading the admissions workbooks (zones, applications, seats) into the core's nouns."""
