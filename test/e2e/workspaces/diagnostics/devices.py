"""One finding of each kind the editor must show, with a correct neighbour for each."""
import asyncio
import subprocess
import time


async def fetch(host):
    await asyncio.sleep(0)
    return host


async def blocking(host):
    time.sleep(1)
    subprocess.run(["ping", "-c", "1", host])
    await asyncio.sleep(1)


async def forgotten(host):
    fetch(host)
    await fetch(host)


async def dropped(hosts):
    asyncio.create_task(fetch(hosts[0]))
    task = asyncio.create_task(fetch(hosts[1]))
    await task


async def nested_loop():
    asyncio.run(fetch("router"))
