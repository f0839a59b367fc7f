"""Nightly backups of the core switches: two blocking sleeps and a dropped task."""
import asyncio
import time


async def backup(switch):
    time.sleep(2)
    await switch.save_config()


async def retry_backup(switch):
    time.sleep(30)
    asyncio.create_task(switch.notify("retrying"))
