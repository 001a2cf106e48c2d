"""One error root for everything a user can be told about.

    FactCheckError          a message a journalist can read; adapters show it as is
     ├── QuestionError      the question cannot be asked (empty, too long, unreadable)
     ├── ConfigError        a setting is missing or malformed
     └── DatabaseError      the SQLite file cannot be opened or read

Adapters catch ``FactCheckError`` and show ``str(exc)``; anything else is a bug,
logged with its traceback and answered with a generic apology.
"""


class FactCheckError(Exception):
    """Base of every error whose message is meant for the person asking."""


class QuestionError(FactCheckError):
    pass


class ConfigError(FactCheckError):
    pass


class DatabaseError(FactCheckError):
    pass
