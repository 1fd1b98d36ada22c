"""教师队伍: teachers' dated histories, 交流轮岗 quotas, 360-hour training, backbone and 名师, 师德, staffing."""
