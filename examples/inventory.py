"""Collects facts from devices one after another, where they could be asked together."""
import asyncio

from netops import open_session


async def delay_print(delay, word):
    await asyncio.sleep(delay)
    print(word)


async def show(host, command):
    session = await open_session(host)
    try:
        return await session.send(command)
    finally:
        await session.close()


async def facts(core, edge):
    # Two different routers: nothing links these two questions.
    core_version = await show(core, "show version")
    edge_version = await show(edge, "show version")
    return core_version, edge_version


async def inventory(hosts):
    versions = []
    for host in hosts:
        versions.append(await show(host, "show version"))
    return versions


async def same_session(host):
    # One session answers in order: these stay sequential, and asynclint says nothing.
    session = await open_session(host)
    await session.send("terminal length 0")
    output = await session.send("show running-config")
    await session.close()
    return output


async def main():
    await delay_print(4, "task1")
    await delay_print(2, "task2")
    print(await facts("10.0.0.1", "10.0.0.2"))
    print(await inventory(["10.0.0.1", "10.0.0.2", "10.0.0.3"]))


if __name__ == "__main__":
    asyncio.run(main())
