"""Real slack-bolt and discord.py against loopback fakes, real processes, crashes and injected faults."""
