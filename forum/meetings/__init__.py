"""Forum sessions: scheduling, agendas, attendance and quorum, calendars and reminders."""
