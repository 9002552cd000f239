"""The minorities desk: inquiries and complaints filed by residents, worked by the desk's staff,
referred to institutions, answered on time, and counted in public without exposing anyone."""
