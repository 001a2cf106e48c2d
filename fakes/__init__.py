"""Loopback fakes of the Slack and Discord APIs, and the raw payloads those platforms send.

The tests and the benchmarks both drive the real slack-bolt and discord.py code against
these fakes, so they live in a package of their own rather than inside ``tests``. The
package is not shipped (``pyproject.toml`` lists the packages it installs): it is imported
from the repository root, where ``python -m pytest`` and ``python -m benchmarks.…`` run.
"""
