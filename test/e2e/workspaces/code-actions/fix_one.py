import asyncio
import time


async def poll(device):
    while not device.ready:
        time.sleep(1)
    await asyncio.sleep(0)
