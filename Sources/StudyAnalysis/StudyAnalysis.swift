// The study-analysis module: from raw responses to scores, summaries, age curves and plots (issue 5).
