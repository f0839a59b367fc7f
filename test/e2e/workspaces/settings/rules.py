import asyncio
import time


async def fetch(host):
    await asyncio.sleep(0)
    return host


async def main(hosts):
    time.sleep(1)
    asyncio.create_task(fetch(hosts[0]))
