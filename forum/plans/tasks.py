"""Periodic work of plans: reminders before funding deadlines."""
