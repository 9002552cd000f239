"""Plans: what the forum decides becomes a monitored plan with goals, measures, money and
indicators, reported on by the institutions responsible."""
