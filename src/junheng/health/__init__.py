"""学生健康与关爱 (health): 国家学生体质健康标准 scoring, vision and psychological screening, aid, left-behind
children's care and special-education registers."""
