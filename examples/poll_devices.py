"""Polls a list of routers for their uptime, the way many first asyncio scripts do."""
import asyncio
import subprocess
import time

from netmiko import ConnectHandler

from netops import open_session

DEVICES = ["10.0.0.1", "10.0.0.2", "10.0.0.3"]


async def ping(host):
    # Looks concurrent, but subprocess.run blocks the loop until ping exits.
    result = subprocess.run(["ping", "-c", "1", host], capture_output=True)
    return result.returncode == 0


async def uptime(host):
    session = await open_session(host)
    output = await session.send("show version | include uptime")
    await session.close()
    return output


async def warm_up(hosts):
    for host in hosts:
        open_session(host)  # meant to open the sessions early


async def backup(host):
    conn = ConnectHandler(device_type="cisco_ios", host=host, username="admin", password="secret")
    config = conn.send_command("show running-config")
    time.sleep(1)  # be gentle with the device
    return config


async def main():
    for host in DEVICES:
        asyncio.create_task(ping(host))
    results = await asyncio.gather(*(uptime(host) for host in DEVICES))
    print(results)
    asyncio.run(backup(DEVICES[0]))


if __name__ == "__main__":
    asyncio.run(main())
