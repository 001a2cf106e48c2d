"""Benchmarks, run by hand from the repository root as modules, e.g. ``python -m benchmarks.chat_load``,
so that they import each other and the loopback fakes (``fakes``) as packages."""
