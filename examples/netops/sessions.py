import asyncio


class DeviceSession:
    """One Telnet/SSH-like session: commands are answered in order."""

    def __init__(self, host, reader, writer):
        self.host = host
        self.reader = reader
        self.writer = writer

    async def send(self, command):
        self.writer.write(command.encode() + b"\n")
        await self.writer.drain()
        return (await self.reader.readuntil(b"#")).decode()

    async def close(self):
        self.writer.close()
        await self.writer.wait_closed()


async def open_session(host, port=23):
    reader, writer = await asyncio.open_connection(host, port)
    return DeviceSession(host, reader, writer)
