import asyncio
import subprocess
import time


async def backup_router(host):
    time.sleep(1)
    subprocess.run(["scp", f"{host}:running-config", "backups/"])
    await asyncio.sleep(0)
