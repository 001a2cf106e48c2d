"""Adapters: each turns one outside world (the terminal, Slack, Discord) into core calls
and renders the core's ``Answer`` for it. None of them holds retrieval logic."""
