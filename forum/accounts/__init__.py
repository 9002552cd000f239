"""Accounts: registration, signing in and out, passwords, and a person's own data."""
