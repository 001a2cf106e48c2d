"""Refit the whole index of a database and make it the snapshot in force.

Run as ``python -m bot.refit DB_PATH`` by a serving process whose delta has
grown: the fit's memory and CPU belong to this short-lived process, not to the
one answering chat, which picks the new snapshot up at its next refresh.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.live_index import LiveIndex
from index.store import Store


async def refit(db_path: Path) -> None:
    async with Store.open(db_path) as store:
        await LiveIndex(store, db_path).rebuild()


if __name__ == "__main__":
    asyncio.run(refit(Path(sys.argv[1])))
