"""The same job written correctly: no findings expected here."""
import asyncio

from netops import open_session


async def uptime(host):
    session = await open_session(host)
    try:
        return await session.send("show version | include uptime")
    finally:
        await session.close()


async def main(hosts):
    tasks = [asyncio.create_task(uptime(host)) for host in hosts]
    for finished in asyncio.as_completed(tasks):
        print(await finished)
    await asyncio.sleep(0.1)


if __name__ == "__main__":
    asyncio.run(main(["10.0.0.1", "10.0.0.2"]))
