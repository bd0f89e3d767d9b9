"""``hunaworld serve``: Datasette over the archive, read-only, with our plugin and metadata."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

__all__ = ["serve"]


def serve(db: Path, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve ``db`` until interrupted. The file is opened read-only (``mode=ro``), not immutable:
    a crawl may go on writing it, and pages show its rows as they are committed."""
    import uvicorn
    from datasette.app import Datasette
    from datasette.plugins import pm

    from hunaworld.analysis import datasette_plugin
    from hunaworld.analysis.datasette_metadata import metadata

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="hunaworld")
    name = db.stem
    datasette = Datasette([str(db)], metadata=metadata(name),
                          # Whole-table CSV downloads of a large archive: `hunaworld export` does those.
                          settings={"allow_csv_stream": False, "facet_time_limit_ms": 1000})
    asyncio.run(datasette.invoke_startup())
    # Bound before saying so: a busy port is one line from the caller, and port 0's pick is printed.
    listening = socket.create_server((host, port))
    print(f"Serving {db} at http://{host}:{listening.getsockname()[1]}/{name} (read-only; Ctrl-C stops)", flush=True)
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[listening])
