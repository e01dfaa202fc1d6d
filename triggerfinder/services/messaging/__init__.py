"""The practice's messages to clients: the outbox (what to tell whom, when) and its delivery."""
