"""The seed articles, shipped as package data so a plain ``pip install .`` answers out of the box."""
