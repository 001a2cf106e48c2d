"""The quick tier: the core, the index, the renderers and the command line, in the test's own process."""
