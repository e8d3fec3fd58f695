"""The package version, in one place so the User-Agent and the packaging agree."""

__version__ = "0.1.0"
