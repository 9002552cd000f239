"""Forums and the people in them: one forum per municipality, members, secretariat, invitations."""
