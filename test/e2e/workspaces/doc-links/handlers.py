import asyncio
import time


async def handle_status(request):
    time.sleep(0.5)
    await asyncio.sleep(0)
    return {"status": "ok"}
