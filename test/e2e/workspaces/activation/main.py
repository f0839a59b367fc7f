"""Opening this file is what activates asynclint."""
import time


async def poll():
    time.sleep(1)
