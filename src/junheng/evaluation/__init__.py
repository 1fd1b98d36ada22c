"""督导评价: rubric-based 分类考核, 责任督学 visits, 约谈, satisfaction survey."""
