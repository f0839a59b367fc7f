import asyncio
import time


async def wait(job):
    time.sleep(3)
    asyncio.create_task(job())
