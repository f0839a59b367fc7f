import time


async def settle():
    time.sleep(0.5)  # asynclint: ignore[AL101]
