import asyncio
import time


async def poll_switch(host):
    time.sleep(2)
    await asyncio.sleep(0)
    return host
