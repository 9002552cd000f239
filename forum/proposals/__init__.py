"""Agenda proposals: residents and members propose, others support, the secretariat answers."""
