"""What every area shares: database base, permissions, audit log, content, mail, errors, headers."""
