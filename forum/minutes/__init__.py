"""Minutes: from a held session's draft, through review and approval, to the published record."""
