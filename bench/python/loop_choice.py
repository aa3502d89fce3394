# Imported first by every workload: runs it on uvloop when the harness asks for it.
import os

if os.environ.get("ASYNCIO_TS_BENCH_UVLOOP"):
    import uvloop

    uvloop.install()
