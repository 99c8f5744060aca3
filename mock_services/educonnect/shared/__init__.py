"""What the journeys share: models, the authenticator, identifiers, contacts, the password rule, notifications, the code and birth-date steps and their messages."""
